/*
 * qstp-loadgen: many QSTP clients at once against a server, over loopback.
 *
 *   qstp-loadgen --root R --cert C --port P -n N [--threads T] [--window W]
 *       opens N tunnels, all established at the same time, each sends one
 *       message and checks its echo; exit 0 only if all N did.  --window:
 *       at most W handshakes in flight per thread (the rest wait their turn;
 *       established tunnels stay open).
 *   qstp-loadgen ... --rate SECS -n N [--threads T]
 *       keeps N handshakes in flight for SECS seconds (connect, handshake,
 *       close, again) and prints "handshakes_per_s VALUE".
 *   qstp-loadgen ... --idle -n N
 *       opens N tunnels, prints "ready N", keeps them open and idle until
 *       standard input closes (for measuring the server's memory).
 *
 * Client handshake work runs inline on the load generator's threads; each
 * thread is one edge-triggered epoll loop over its connections, and all
 * share one client trust (its ML-DSA key prepared once).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "qstp/errors.h"
#include "qstp/session.h"

enum { ST_CONNECTING, ST_HANDSHAKE, ST_ECHO, ST_DONE, ST_FAILED };

typedef struct lconn {
	int fd;
	int state;
	uint32_t gen;       /* bumped per open: tells stale epoll events apart */
	qstp_session *s;
	qstp_buf out, app;
	size_t out_off;
	char msg[32];
	size_t msglen;
} lconn;

static const qstp_client_trust *trust;
static uint16_t port;
static int mode_rate, mode_idle;
static unsigned window;   /* handshakes in flight per thread, 0: all at once */
static double rate_secs;
static volatile int stop_flag;

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t unix_s(void)
{
	return (uint64_t)time(NULL);
}

/* No TCP_NODELAY: the exchange is lock-step (each send follows the answer
 * that acknowledged the previous one), so Nagle never holds a segment. */
static int dial(void)
{
	struct sockaddr_in sa;
	int zero = 0, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	/* Delayed ACKs from the start: the server's answers are acknowledged by
	 * the next request instead of a pure ACK segment (13.2 -> 12.2 TCP
	 * segments per handshake, counted in a network namespace). */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &zero, sizeof zero);
	return fd;
}

static void lc_reset(lconn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	qstp_session_free(c->s);
	c->s = NULL;
	c->fd = -1;
	c->out.len = c->out_off = 0;
	c->app.len = 0;
}

static int lc_open(lconn *c, unsigned id, int ep, unsigned idx)
{
	struct epoll_event ev;
	c->fd = dial();
	c->s = qstp_session_new_client(trust, NULL);
	c->msglen = (size_t)snprintf(c->msg, sizeof c->msg, "message %u", id);
	c->gen++;
	ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
	ev.data.u64 = (uint64_t)c->gen << 32 | idx;
	if (c->fd < 0 || c->s == NULL || qstp_session_start(c->s, unix_s(), &c->out) != 0 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
		c->state = ST_FAILED;
		return -1;
	}
	c->state = ST_HANDSHAKE;
	return 0;
}

/* more: MSG_MORE, for the last bytes before close(): TCP then sends them
 * in the segment that carries the FIN. */
static int lc_flush_flags(lconn *c, int more)
{
	while (c->out_off < c->out.len) {
		ssize_t w = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off,
		                 MSG_NOSIGNAL | (more ? MSG_MORE : 0));
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (w <= 0)
			return -1;
		c->out_off += (size_t)w;
	}
	c->out.len = c->out_off = 0;
	return 0;
}

static int lc_flush(lconn *c)
{
	return lc_flush_flags(c, 0);
}

/* One chunk of input.  Returns 1 when the connection finished its job
 * (echo checked), 0 to go on, -1 on failure. */
static int lc_chunk(lconn *c, const uint8_t *buf, size_t n)
{
	size_t off = 0;

	while (off < n) {
		size_t used = (size_t)n - off;
		if (qstp_session_input(c->s, buf + off, &used, unix_s(), &c->out, &c->app) != 0)
			return -1;
		off += used;
		if (qstp_session_flags(c->s) & QSTP_WANT_WORK) {
			if (qstp_session_work(c->s, unix_s(), &c->out) != 0)
				return -1;
			continue;
		}
		if (used == 0)
			break;
	}
	if (c->state == ST_HANDSHAKE && (qstp_session_flags(c->s) & QSTP_ESTABLISHED)) {
		if (mode_rate)
			return 1;
		if (qstp_session_send(c->s, (const uint8_t *)c->msg, c->msglen, unix_s(), &c->out) != 0)
			return -1;
		c->state = ST_ECHO;
	}
	if (c->state == ST_ECHO && c->app.len >= c->msglen) {
		if (c->app.len != c->msglen || memcmp(c->app.data, c->msg, c->msglen) != 0)
			return -1;
		c->state = ST_DONE;
		return 1;
	}
	if (qstp_session_flags(c->s) & QSTP_CLOSED)
		return -1;
	return lc_flush(c) == 0 ? 0 : -1;
}

/* Edge-triggered: reads until the socket is empty.  A short read means it
 * was (data arriving later raises a new edge), which saves the recv that
 * would only say EAGAIN. */
static int lc_input(lconn *c, uint8_t *buf, size_t cap)
{
	for (;;) {
		ssize_t n = recv(c->fd, buf, cap, 0);
		int r;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0)
			return -1;
		if ((r = lc_chunk(c, buf, (size_t)n)) != 0 || (size_t)n < cap)
			return r;
	}
}

typedef struct worker {
	pthread_t th;
	unsigned first, n;
	unsigned done, failed;
	uint64_t handshakes;
} worker;

static void *run(void *arg)
{
	enum { EVS = 256 };
	worker *w = arg;
	lconn *c = calloc(w->n, sizeof *c);
	struct epoll_event *evs = calloc(EVS, sizeof *evs);
	uint8_t *buf = malloc(1 << 16);
	uint64_t end = mode_rate ? now_ms() + (uint64_t)(rate_secs * 1000) : now_ms() + 120000;
	unsigned active, opened = 0, inflight = 0;
	unsigned win = window && !mode_rate ? window : w->n;
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (!c || !evs || !buf || ep < 0) {
		w->failed = w->n;
		goto out;
	}
	for (unsigned i = 0; i < w->n; i++)
		c[i].fd = -1;
	active = w->n;
	while (active > 0 && now_ms() < end && !stop_flag) {
		int k;
		/* Open more while fewer than `win` handshakes are in flight. */
		while (opened < w->n && inflight < win) {
			if (lc_open(&c[opened], w->first + opened, ep, opened) == 0) {
				inflight++;
			} else {
				w->failed++;
				active--;
			}
			opened++;
		}
		k = epoll_wait(ep, evs, EVS, 200);
		for (int e = 0; e < k; e++) {
			unsigned i = (unsigned)(evs[e].data.u64 & 0xffffffffu);
			uint32_t ev = evs[e].events;
			int r = 0, was_hs = c[i].state == ST_HANDSHAKE;
			/* An event for a socket closed and reopened earlier in this batch. */
			if ((uint32_t)(evs[e].data.u64 >> 32) != c[i].gen)
				continue;
			if (c[i].state != ST_HANDSHAKE && c[i].state != ST_ECHO)
				continue;
			if ((ev & EPOLLOUT) && c[i].out.len > c[i].out_off)
				r = lc_flush(&c[i]);
			if (r == 0 && (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)))
				r = lc_input(&c[i], buf, 1 << 16);
			if (was_hs && !mode_rate && (r < 0 || c[i].state != ST_HANDSHAKE))
				inflight--;
			if (r == 0)
				continue;
			if (r > 0 && mode_rate) {
				/* one handshake done: close (encrypted, in the FIN's
				 * segment) and start another */
				w->handshakes++;
				(void)qstp_session_close(c[i].s, unix_s(), &c[i].out);
				(void)lc_flush_flags(&c[i], 1);
				lc_reset(&c[i]);
				if (lc_open(&c[i], w->first + i, ep, i) != 0) {
					w->failed++;
					active--;
				}
				continue;
			}
			if (r > 0) {
				w->done++;
			} else {
				w->failed++;
				c[i].state = ST_FAILED;
			}
			active--;
		}
	}
	if (!mode_rate) {
		/* All tunnels stay open until every one has echoed (they are
		 * established at the same time); idle mode then waits for EOF. */
		w->failed += active;
	}
out:
	/* Kept open by the caller in idle mode: the fds are closed at exit. */
	if (!mode_idle && c) {
		for (unsigned i = 0; i < w->n; i++) {
			if (c[i].s && (qstp_session_flags(c[i].s) & QSTP_ESTABLISHED)) {
				c[i].out.len = c[i].out_off = 0;
				(void)qstp_session_close(c[i].s, unix_s(), &c[i].out);
				(void)lc_flush(&c[i]);
			}
			lc_reset(&c[i]);
			qstp_buf_free(&c[i].out);
			qstp_buf_free(&c[i].app);
		}
		free(c);
	}
	if (ep >= 0 && !mode_idle)
		close(ep);
	free(evs);
	free(buf);
	return NULL;
}

static int read_all(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;
	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		if (f)
			fclose(f);
		return -1;
	}
	*out = malloc((size_t)n + 1);
	*len = fread(*out, 1, (size_t)n, f);
	fclose(f);
	return *len == (size_t)n ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' }, { "cert", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' }, { "threads", required_argument, NULL, 't' },
		{ "rate", required_argument, NULL, 'R' }, { "idle", no_argument, NULL, 'I' },
		{ "window", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rp = NULL, *cp = NULL;
	unsigned n = 100, threads = 1, done = 0, failed = 0;
	uint64_t hs = 0, t0;
	uint8_t *root, *cert;
	size_t rootlen, certlen;
	qstp_client_trust *t;
	worker *w;
	struct rlimit rl;
	int o, r;

	while ((o = getopt_long(argc, argv, "n:", opts, NULL)) != -1) {
		switch (o) {
		case 'r': rp = optarg; break;
		case 'c': cp = optarg; break;
		case 'p': port = (uint16_t)atoi(optarg); break;
		case 't': threads = (unsigned)atoi(optarg); break;
		case 'R': mode_rate = 1; rate_secs = atof(optarg); break;
		case 'I': mode_idle = 1; break;
		case 'n': n = (unsigned)atoi(optarg); break;
		case 'w': window = (unsigned)atoi(optarg); break;
		default: return 2;
		}
	}
	if (!rp || !cp || !port || threads == 0 || threads > n) {
		fprintf(stderr, "usage: qstp-loadgen --root R --cert C --port P -n N [--threads T] "
		                "[--window W] [--rate SECS | --idle]\n");
		return 2;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (read_all(rp, &root, &rootlen) || read_all(cp, &cert, &certlen)) {
		fprintf(stderr, "loadgen: cannot read the certificates\n");
		return 1;
	}
	if ((r = qstp_client_trust_new(&t, root, rootlen, cert, certlen, unix_s())) != 0) {
		fprintf(stderr, "loadgen: certificates: %s\n", qstp_strerror(r));
		return 1;
	}
	trust = t;
	w = calloc(threads, sizeof *w);
	t0 = now_ms();
	for (unsigned i = 0; i < threads; i++) {
		w[i].first = i * (n / threads);
		w[i].n = i + 1 == threads ? n - w[i].first : n / threads;
		pthread_create(&w[i].th, NULL, run, &w[i]);
	}
	for (unsigned i = 0; i < threads; i++) {
		pthread_join(w[i].th, NULL);
		done += w[i].done;
		failed += w[i].failed;
		hs += w[i].handshakes;
	}
	free(w);
	free(root);
	free(cert);
	if (mode_rate) {
		double secs = (double)(now_ms() - t0) / 1000.0;
		printf("handshakes %llu in %.2f s with %u concurrent clients\n", (unsigned long long)hs,
		       secs, n);
		printf("handshakes_per_s %.0f\n", (double)hs / secs);
		qstp_client_trust_free(t);
		return failed ? 1 : 0;
	}
	printf("%u tunnels: %u established and echoed, %u failed (%.2f s)\n", n, done, failed,
	       (double)(now_ms() - t0) / 1000.0);
	if (mode_idle) {
		char b[64];
		printf("ready %u\n", done);
		fflush(stdout);
		while (read(0, b, sizeof b) > 0)
			;
		/* the idle tunnels' sessions are left to the exit */
		return failed == 0 && done == n ? 0 : 1;
	}
	qstp_client_trust_free(t);
	return failed == 0 && done == n ? 0 : 1;
}
