/* The forwarder engine (src/net/forward.c, fwd_main.c) with the stand-in
 * protocol: one process runs a local forward and the service it reaches
 * (both kinds in one loop), in front of an echo target thread.  Checked:
 * 1 MiB byte-exact both ways with a half-close, a target that is down
 * (the application sees the connection end at once with nothing), the
 * status socket, a SIGHUP reload, and a clean exit 0 on SIGTERM (the
 * sanitizers and valgrind check the child's leaks and errors). */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fakeproto.h"
#include "net/forward.h"
#include "test.h"

static uint16_t sport, sport2, tport, dead_port;
static int loads;

static int listen_any(uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof sa;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0)
		return -1;
	getsockname(fd, (struct sockaddr *)&sa, &sl);
	*port = ntohs(sa.sin_port);
	return fd;
}

static uint16_t free_port(void)
{
	uint16_t p = 0;
	int fd = listen_any(&p);
	close(fd);
	return p;
}

static void *echo_conn(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char b[65536];
	ssize_t n;
	while ((n = read(fd, b, sizeof b)) > 0)
		if (write(fd, b, (size_t)n) != n)
			break;
	close(fd);
	return NULL;
}

static void *echo_server(void *arg)
{
	int lfd = (int)(intptr_t)arg, fd;
	while ((fd = accept(lfd, NULL, NULL)) >= 0) {
		pthread_t t;
		pthread_create(&t, NULL, echo_conn, (void *)(intptr_t)fd);
		pthread_detach(t);
	}
	return NULL;
}

static qstp_fwd_svc *mk(int kind, const char *name, uint16_t port, uint16_t to)
{
	qstp_fwd_svc *sv = calloc(1, sizeof *sv);
	sv->kind = kind;
	sv->lfd = -1;
	snprintf(sv->name, sizeof sv->name, "%s", name);
	strcpy(sv->bind, "127.0.0.1");
	strcpy(sv->host, "127.0.0.1");
	sv->port = port;
	sv->tport = to;
	sv->cert_expiry = 4102444800u;   /* 2100 */
	strcpy(sv->cert_serial, "00");
	return sv;
}

static int loader(void *ctx, qstp_fwd_svc ***out, size_t *n)
{
	qstp_fwd_svc **v = calloc(4, sizeof *v);
	(void)ctx;
	loads++;
	v[0] = mk(QSTP_FWD_SERVICE, "svc", sport, tport);
	v[1] = mk(QSTP_FWD_LOCAL, "loc", 0, sport);
	v[2] = mk(QSTP_FWD_SERVICE, "svc-dead", sport2, dead_port);
	v[3] = mk(QSTP_FWD_LOCAL, "loc-dead", 0, sport2);
	*out = v;
	*n = 4;
	return 0;
}

static int connect_port(uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port),
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct timeval tv = { 10, 0 };
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

typedef struct wr {
	int fd;
	const uint8_t *p;
	size_t n;
} wr;

static void *writer(void *arg)
{
	wr *w = arg;
	size_t off = 0;
	while (off < w->n) {
		ssize_t k = write(w->fd, w->p + off, w->n - off > 10000 ? 10000 : w->n - off);
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	shutdown(w->fd, SHUT_WR);   /* half-close: the echo must still come back */
	return NULL;
}

static int read_ports(const char *path, uint16_t *loc, uint16_t *locdead)
{
	char name[64];
	unsigned p;
	FILE *f = fopen(path, "r");
	int got = 0;
	if (f == NULL)
		return -1;
	while (fscanf(f, "%63s %u", name, &p) == 2) {
		if (strcmp(name, "loc") == 0)
			*loc = (uint16_t)p, got++;
		if (strcmp(name, "loc-dead") == 0)
			*locdead = (uint16_t)p, got++;
	}
	fclose(f);
	return got == 2 ? 0 : -1;
}

static char *status(const char *path, const char *req)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static char buf[8192];
	size_t n = 0;
	ssize_t k;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sa.sun_path, path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		return NULL;
	if (write(fd, req, strlen(req)) < 0)
		return NULL;
	while ((k = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += (size_t)k;
	buf[n] = 0;
	close(fd);
	return buf;
}

static int roundtrip(uint16_t port, size_t size)
{
	uint8_t *in = malloc(size), *got = malloc(size + 1);
	size_t n = 0;
	ssize_t k;
	pthread_t t;
	wr w;
	int ok;
	for (size_t i = 0; i < size; i++)
		in[i] = (uint8_t)(i * 131 + (i >> 9));
	w.fd = connect_port(port);
	w.p = in;
	w.n = size;
	if (w.fd < 0) {
		free(in);
		free(got);
		return 0;
	}
	pthread_create(&t, NULL, writer, &w);
	while (n <= size && (k = read(w.fd, got + n, size + 1 - n)) > 0)
		n += (size_t)k;
	pthread_join(t, NULL);
	close(w.fd);
	ok = n == size && memcmp(in, got, size) == 0;
	if (!ok) {
		size_t d = 0;
		while (d < n && d < size && in[d] == got[d])
			d++;
		fprintf(stderr, "roundtrip: %zu of %zu bytes back, first difference at %zu (%s)\n", n,
		        size, d, k < 0 ? strerror(errno) : "EOF");
	}
	free(in);
	free(got);
	return ok;
}

TEST(forward_engine)
{
	char ports[64], sock[64];
	uint16_t loc = 0, locdead = 0;
	pthread_t et;
	pid_t pid;
	int lfd, st = 0;
	char *s;

	signal(SIGPIPE, SIG_IGN);
	lfd = listen_any(&tport);
	CHECK(lfd >= 0);
	sport = free_port();
	sport2 = free_port();
	dead_port = free_port();   /* nothing listens there */
	snprintf(ports, sizeof ports, "/tmp/qstp-test-fwd-%d.ports", (int)getpid());
	snprintf(sock, sizeof sock, "/tmp/qstp-test-fwd-%d.sock", (int)getpid());
	unlink(ports);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		qstp_fwd_config cfg;
		prctl(PR_SET_PDEATHSIG, SIGKILL);   /* never outlive a failed test */
		memset(&cfg, 0, sizeof cfg);
		cfg.workers = 1;
		cfg.handshake_timeout_ms = 30000; /* generous: ASan on a loaded 2-CPU CI */
		cfg.status_path = sock;
		cfg.port_file = ports;
		cfg.proto = &fake_proto;
		cfg.load = loader;
		close(lfd);
		_exit(qstp_fwd_run(&cfg) == 0 && loads == 2 ? 0 : 1);
	}
	/* The echo thread starts after the fork, so that the child is forked
	 * from a single-threaded process.  Forked while the thread was being
	 * created, the ASan build's child forwarder completed no handshake in
	 * 10 of 40 runs (most likely an allocator lock held across the fork);
	 * 0 of 40 in this order.  The session-1 code fails the same way. */
	pthread_create(&et, NULL, echo_server, (void *)(intptr_t)lfd);
	pthread_detach(et);
	for (int i = 0; i < 200 && read_ports(ports, &loc, &locdead) != 0; i++)
		usleep(20000);
	CHECK(loc != 0 && locdead != 0);

	CHECK(roundtrip(loc, 1 << 20));
	CHECK(roundtrip(loc, 1));

	/* The target is down: the application's connection ends at once, with
	 * no data (a reset or an EOF). */
	{
		int fd = connect_port(locdead);
		char b[16];
		struct timespec t0, t1;
		ssize_t k;
		CHECK(fd >= 0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		k = read(fd, b, sizeof b);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		close(fd);
		CHECK(k <= 0);
		CHECK(k == 0 || errno == ECONNRESET);
		CHECK(t1.tv_sec - t0.tv_sec < 3);
	}

	s = status(sock, "json\n");
	CHECK(s != NULL);
	CHECK(strstr(s, "\"tunnels_total\":6") != NULL);
	CHECK(strstr(s, "\"name\":\"loc-dead\"") != NULL);
	s = status(sock, "text\n");
	CHECK(s != NULL && strncmp(s, "pid ", 4) == 0);

	/* SIGHUP: reloaded (same listeners kept), still forwarding. */
	kill(pid, SIGHUP);
	for (int i = 0; i < 100; i++) {
		s = status(sock, "json\n");
		if (s && strstr(s, "\"reloads\":1"))
			break;
		usleep(20000);
	}
	CHECK(s && strstr(s, "\"reloads\":1") != NULL);
	{
		uint16_t loc2 = 0, locdead2 = 0;
		CHECK_EQ(read_ports(ports, &loc2, &locdead2), 0);
		CHECK_EQ(loc2, loc);           /* listeners kept across the reload */
		CHECK_EQ(locdead2, locdead);
	}
	CHECK(roundtrip(loc, 100000));

	kill(pid, SIGTERM);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 0);
	unlink(ports);
}
