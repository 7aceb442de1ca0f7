/*
 * The client: connect, handshake (work steps inline: a client has one
 * connection), then a pump between in_fd/out_fd and the tunnel with
 * back-pressure both ways (input is read only while the socket drains).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "qstp/errors.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

typedef struct cl {
	const qstp_client_config *cfg;
	const qstp_net_proto *pr;
	qstp_client_result *res;
	void *s;
	int fd;
	qstp_buf out, app;     /* out: bytes to the socket, consumed from the front */
	size_t out_off;
} cl;

static int write_fd_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			(void)poll(&pfd, 1, 1000);
			continue;
		}
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Sends what the socket takes now; the rest waits for POLLOUT. */
static int sock_flush(cl *c)
{
	while (c->out_off < c->out.len) {
		ssize_t w = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (w < 0)
			return -1;
		c->out_off += (size_t)w;
	}
	c->out.len = 0;
	c->out_off = 0;
	return 0;
}

static size_t pending(const cl *c)
{
	return c->out.len - c->out_off;
}

static int fail(cl *c, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(cl *c, int err, const char *fmt, ...)
{
	va_list ap;
	c->res->err = err;
	va_start(ap, fmt);
	vsnprintf(c->res->reason, sizeof c->res->reason, fmt, ap);
	va_end(ap);
	return err;
}

/* Receives once and feeds the session; delivers plaintext to out_fd. */
static int sock_read(cl *c, uint8_t *buf, size_t cap, int *eof)
{
	ssize_t n;
	size_t off = 0;

	do
		n = recv(c->fd, buf, cap, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0) {
		*eof = 1;
		return 0;
	}
	while (off < (size_t)n) {
		size_t used = (size_t)n - off;
		int r = c->pr->input(c->s, buf + off, &used, qstp_net_unix_s(), &c->out, &c->app);
		off += used;
		if (c->app.len) {
			if (write_fd_all(c->cfg->out_fd, c->app.data, c->app.len) != 0)
				return fail(c, QSTP_ERR_IO, "cannot write the received data: %s", strerror(errno));
			c->res->bytes_received += c->app.len;
			c->app.len = 0;
		}
		if (r != 0)
			return r;
		if (c->pr->flags(c->s) & QSTP_WANT_WORK) {
			r = c->pr->work(c->s, qstp_net_unix_s(), &c->out);
			if (r != 0)
				return r;
			continue;
		}
		if (used == 0)
			break;
	}
	return 0;
}

static int handshake(cl *c, uint8_t *buf, size_t cap, const sigset_t *waitmask)
{
	uint64_t deadline = qstp_net_now_ms() + c->cfg->handshake_timeout_ms;
	int r, eof = 0;

	if ((r = c->pr->start(c->s, qstp_net_unix_s(), &c->out)) != 0)
		return fail(c, r, "handshake: %s", qstp_strerror(r));
	while (!(c->pr->flags(c->s) & QSTP_ESTABLISHED)) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		uint64_t now = qstp_net_now_ms();
		int n;

		if (sock_flush(c) != 0)
			return fail(c, QSTP_ERR_NET_CLOSED, "handshake: %s", "the server closed the connection");
		if (pending(c))
			pfd.events |= POLLOUT;
		if (now >= deadline)
			return fail(c, QSTP_ERR_NET_TIMEOUT, "handshake: %s",
			            "no answer from the server before the handshake deadline");
		{
			uint64_t left = deadline - now;
			struct timespec ts = { .tv_sec = (time_t)(left / 1000),
			                       .tv_nsec = (long)(left % 1000) * 1000000L };
			n = ppoll(&pfd, 1, &ts, waitmask);
		}
		if (n < 0 && errno == EINTR) {
			if (got_signal)
				return fail(c, QSTP_ERR_NET_CLOSED, "handshake: %s", "interrupted");
			continue;
		}
		if (n <= 0)
			continue;
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			r = sock_read(c, buf, cap, &eof);
			if (r != 0) {
				/* A flush carries our error packet (5.8) if there is one. */
				(void)sock_flush(c);
				if (r == QSTP_ERR_PROTO_PEER_ERROR || r == QSTP_ERR_PROTO_TERMINATED)
					return fail(c, r, "handshake: the server refused the connection (%s); "
					            "its log names the cause (certificate serial or configuration set "
					            "mismatch, expired key, ...)", qstp_strerror(r));
				return fail(c, r, "handshake failed: %s", qstp_strerror(r));
			}
			if (eof)
				return fail(c, QSTP_ERR_NET_CLOSED, "handshake: %s",
				            "the server closed the connection");
		}
	}
	return sock_flush(c) == 0 ? 0 : fail(c, QSTP_ERR_NET_CLOSED, "%s", "the server closed the connection");
}

static int pump(cl *c, uint8_t *buf, size_t cap, const sigset_t *waitmask)
{
	int in_eof = 0, eof = 0;
	uint64_t last = qstp_net_now_ms();

	for (;;) {
		struct pollfd pfd[2];
		struct timespec ts, *tp = NULL;
		nfds_t nf = 1;
		int n, r;

		if (got_signal) {
			c->res->interrupted = 1;
			return 0;
		}
		pfd[0].fd = c->fd;
		pfd[0].events = POLLIN | (pending(c) ? POLLOUT : 0);
		pfd[0].revents = 0;
		if (!in_eof && pending(c) < QSTP_NET_PENDING_MAX) {
			pfd[1].fd = c->cfg->in_fd;
			pfd[1].events = POLLIN;
			pfd[1].revents = 0;
			nf = 2;
		}
		if (in_eof) {
			uint64_t now = qstp_net_now_ms();
			if (pending(c) == 0 &&
			    (c->cfg->wait_ms == 0 || c->res->bytes_received >= c->res->bytes_sent ||
			     now >= last + c->cfg->wait_ms))
				return 0;
			if (pending(c) == 0) {
				uint64_t left = last + c->cfg->wait_ms - now;
				ts.tv_sec = (time_t)(left / 1000);
				ts.tv_nsec = (long)(left % 1000) * 1000000L;
				tp = &ts;
			}
		}
		n = ppoll(pfd, nf, tp, waitmask);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail(c, QSTP_ERR_IO, "poll: %s", strerror(errno));
		if (pfd[0].revents & POLLOUT)
			if (sock_flush(c) != 0)
				return fail(c, QSTP_ERR_NET_CLOSED, "%s", "the server closed the connection");
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			size_t before = c->res->bytes_received;
			if ((r = sock_read(c, buf, cap, &eof)) != 0)
				return fail(c, r, "tunnel failed: %s", qstp_strerror(r));
			if (c->pr->flags(c->s) & QSTP_CLOSED)
				return fail(c, QSTP_ERR_NET_CLOSED, "%s", "the server closed the tunnel");
			if (eof)
				return fail(c, QSTP_ERR_NET_CLOSED, "%s",
				            "the server closed the connection without an encrypted close");
			if (c->res->bytes_received != before)
				last = qstp_net_now_ms();
			if (sock_flush(c) != 0)
				return fail(c, QSTP_ERR_NET_CLOSED, "%s", "the server closed the connection");
		}
		if (nf == 2 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t m;
			do
				m = read(c->cfg->in_fd, buf, QSTP_PAYLOAD_MAX);
			while (m < 0 && errno == EINTR);
			if (m < 0 && errno != EAGAIN)
				return fail(c, QSTP_ERR_IO, "cannot read the input: %s", strerror(errno));
			if (m == 0) {
				in_eof = 1;
				last = qstp_net_now_ms();
			} else if (m > 0) {
				if ((r = c->pr->send(c->s, buf, (size_t)m, qstp_net_unix_s(), &c->out)) != 0)
					return fail(c, r, "send: %s", qstp_strerror(r));
				c->res->bytes_sent += (uint64_t)m;
				if (sock_flush(c) != 0)
					return fail(c, QSTP_ERR_NET_CLOSED, "%s", "the server closed the connection");
			}
		}
	}
}

int qstp_client_run(const qstp_client_config *cfg, qstp_client_result *res)
{
	cl c;
	uint8_t *buf = NULL;
	size_t cap = QSTP_NET_READ_BYTES;
	struct sigaction sa, old_int, old_term;
	sigset_t block, oldmask, waitmask;
	int r;

	memset(&c, 0, sizeof c);
	memset(res, 0, sizeof *res);
	c.cfg = cfg;
	c.pr = cfg->proto;
	c.res = res;
	c.fd = -1;
	got_signal = 0;

	/* SIGINT/SIGTERM are blocked except inside ppoll, so a signal always
	 * ends the wait and is seen: the tunnel then gets its encrypted close. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &oldmask);
	waitmask = oldmask;
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);

	if ((buf = malloc(cap)) == NULL) {
		r = fail(&c, QSTP_ERR_NOMEM, "%s", "out of memory");
		goto out;
	}
	c.fd = qstp_net_connect(cfg->host, cfg->port, cfg->connect_timeout_ms, res->reason,
	                        sizeof res->reason);
	if (c.fd < 0) {
		r = res->err = QSTP_ERR_NET_REFUSED;
		goto out;
	}
	if ((c.s = c.pr->new_client(cfg->proto_ctx)) == NULL) {
		r = fail(&c, QSTP_ERR_NOMEM, "%s", "out of memory");
		goto out;
	}
	if ((r = handshake(&c, buf, cap, &waitmask)) != 0)
		goto out;
	qstp_log(QSTP_LOG_INFO, "tunnel established with %s port %u", cfg->host, cfg->port);
	r = pump(&c, buf, cap, &waitmask);
	if (!(c.pr->flags(c.s) & QSTP_CLOSED)) {
		/* The encrypted close (7.3), sent whole before the TCP close. */
		int fl;
		c.out.len = c.out_off = 0;
		if (c.pr->close(c.s, qstp_net_unix_s(), &c.out) == 0) {
			fl = sock_flush(&c);
			while (fl == 0 && pending(&c)) {
				struct pollfd pfd = { .fd = c.fd, .events = POLLOUT };
				if (poll(&pfd, 1, 1000) <= 0)
					break;
				fl = sock_flush(&c);
			}
		}
	}
out:
	if (c.fd >= 0)
		close(c.fd);
	if (c.s)
		c.pr->free(c.s);
	if (c.pr) {
		c.pr->buf_free(&c.out);
		c.pr->buf_free(&c.app);
	}
	free(buf);
	pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return r;
}
