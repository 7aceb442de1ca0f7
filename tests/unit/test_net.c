/* The net layer on its own: timer heap, worker pool, per-source rate limit,
 * and the server's life cycle (echo, deadline, garbage, limits, shutdown,
 * 1,000 concurrent connections, back-pressure) over loopback with the
 * stand-in protocol of fakeproto.h, and the client pump against it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "fakeproto.h"
#include "net/conn.h"
#include "net/internal.h"
#include "net/net.h"
#include "qstp/errors.h"
#include "test.h"

/* ---- timer heap ---- */

static uint64_t rnd_state = 0x1234567;
static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

TEST(heap_pops_in_order_after_random_sets_and_deletes)
{
	enum { N = 2000 };
	static net_timer t[N];
	static uint64_t want[N];
	net_heap h = { 0 };
	size_t nw = 0;

	memset(t, 0, sizeof t);
	for (int i = 0; i < N; i++)
		CHECK_EQ(net_heap_set(&h, &t[i], rnd() % 100000), 0);
	/* re-arm a third, delete a third */
	for (int i = 0; i < N; i += 3)
		CHECK_EQ(net_heap_set(&h, &t[i], rnd() % 100000), 0);
	for (int i = 1; i < N; i += 3)
		net_heap_del(&h, &t[i]);
	for (int i = 0; i < N; i++)
		if (i % 3 != 1)
			want[nw++] = t[i].when;
	qsort(want, nw, sizeof want[0], cmp_u64);
	CHECK_EQ(h.n, nw);
	for (size_t k = 0; k < nw; k++) {
		net_timer *top = net_heap_top(&h);
		CHECK(top != NULL);
		CHECK_EQ(top->when, want[k]);
		net_heap_del(&h, top);
		CHECK_EQ(top->idx, 0);
	}
	CHECK(net_heap_top(&h) == NULL);
	net_heap_free(&h);
}

/* ---- worker pool ---- */

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_open, jobs_ran;

static void gated_job(net_job *j)
{
	(void)j;
	pthread_mutex_lock(&gate_mu);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_mu);
	jobs_ran++;
	pthread_mutex_unlock(&gate_mu);
}

TEST(pool_refuses_beyond_its_cap_and_runs_everything_queued)
{
	net_job j[4];
	net_pool *p = net_pool_new(1, 2);
	CHECK(p != NULL);
	gate_open = 0;
	jobs_ran = 0;
	for (int i = 0; i < 4; i++)
		j[i].fn = gated_job;
	CHECK_EQ(net_pool_submit(p, &j[0]), 0);
	usleep(50000);   /* the worker takes j[0] and blocks on the gate */
	CHECK_EQ(net_pool_submit(p, &j[1]), 0);
	CHECK_EQ(net_pool_submit(p, &j[2]), 0);
	CHECK_EQ(net_pool_submit(p, &j[3]), -1);   /* queue of 2 is full */
	pthread_mutex_lock(&gate_mu);
	gate_open = 1;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
	net_pool_free(p);
	CHECK_EQ(jobs_ran, 3);
}

/* ---- per-source rate ---- */

TEST(rate_limit_per_source_address)
{
	net_rate *r = net_rate_new(2, 64);
	net_addr a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.family = b.family = 4;
	a.ip[0] = 10;
	b.ip[0] = 11;
	/* burst of two seconds' worth: 4, then refused */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(net_rate_allow(r, &a, 1000), 1);
	CHECK_EQ(net_rate_allow(r, &a, 1000), 0);
	CHECK_EQ(net_rate_allow(r, &b, 1000), 1);   /* another address is not affected */
	CHECK_EQ(net_rate_allow(r, &a, 1400), 0);   /* 0.8 tokens after 400 ms */
	CHECK_EQ(net_rate_allow(r, &a, 1500), 1);   /* 1.0 token after 500 ms */
	net_rate_free(r);
}

/* ---- rate-limited log lines ---- */

TEST(repeated_log_lines_are_limited_and_counted)
{
	qstp_log_limit rl;
	int saved = qstp_log_level();
	memset(&rl, 0, sizeof rl);
	qstp_log_set_level(QSTP_LOG_WARNING);
	/* burst 10, then 1 per second; the first line after a pause reports the count */
	for (int i = 0; i < 25; i++)
		qstp_log_limited(&rl, 5000, QSTP_LOG_WARNING, "limited line %d (expected in test output)", i);
	CHECK_EQ(rl.suppressed, 15);
	qstp_log_limited(&rl, 6000, QSTP_LOG_WARNING, "one second later: reports 15 suppressed");
	CHECK_EQ(rl.suppressed, 0);
	qstp_log_limited(&rl, 6000, QSTP_LOG_WARNING, "suppressed again");
	CHECK_EQ(rl.suppressed, 1);
	/* below the level: neither printed nor counted */
	qstp_log_limited(&rl, 9000, QSTP_LOG_INFO, "not shown");
	CHECK_EQ(rl.suppressed, 1);
	qstp_log_set_level(saved);
}

/* ---- server over loopback ---- */

/* DESIGN.md memory budget: the connection's own share of an idle tunnel
 * (the session is measured by the proto tests; buffers are freed when empty). */
TEST(connection_struct_is_small)
{
	CHECK(sizeof(conn) <= 192);
}

static int dial(uint16_t port)
{
	struct sockaddr_in sa;
	struct timeval tv = { 5, 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int read_n(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = recv(fd, p + got, n - got, 0);
		if (r <= 0)
			return (int)got;
		got += (size_t)r;
	}
	return (int)got;
}

static int write_n(int fd, const void *p, size_t n)
{
	return send(fd, p, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
}

static int handshake(int fd)
{
	uint8_t b[4];
	if (write_n(fd, "HELO", 4) != 0 || read_n(fd, b, 4) != 4)
		return -1;
	return memcmp(b, "OK!!", 4) == 0 ? 0 : -1;
}

static int frame(int fd, const void *p, size_t n)
{
	uint8_t h[2] = { (uint8_t)(n >> 8), (uint8_t)n };
	return write_n(fd, h, 2) == 0 && write_n(fd, p, n) == 0 ? 0 : -1;
}

static qstp_server *start(qstp_server_config *cfg)
{
	qstp_server *s = NULL;
	cfg->listen_addr = "127.0.0.1";
	cfg->proto = &fake_proto;
	if (cfg->loops == 0)
		cfg->loops = 2;
	if (cfg->workers == 0)
		cfg->workers = 2;
	if (qstp_server_start(&s, cfg) != 0)
		return NULL;
	return s;
}

/* 1 if the server closed fd (EOF) within the receive timeout, after any bytes. */
static int closed_by_server(int fd)
{
	uint8_t b[64];
	for (;;) {
		ssize_t r = recv(fd, b, sizeof b, 0);
		if (r == 0)
			return 1;
		if (r < 0)
			return 0;
	}
}

TEST(server_echo_and_client_close)
{
	qstp_server_config cfg = { 0 };
	qstp_net_counters k;
	qstp_server *s = start(&cfg);
	uint8_t b[2 + 5];
	int fd;

	CHECK(s != NULL);
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	CHECK_EQ(handshake(fd), 0);
	CHECK_EQ(frame(fd, "hello", 5), 0);
	CHECK_EQ(read_n(fd, b, 7), 7);
	CHECK_MEM(b, "\x00\x05hello", 7);
	CHECK_EQ(write_n(fd, "\0\0", 2), 0);   /* the fake close */
	CHECK_EQ(closed_by_server(fd), 1);
	close(fd);
	qstp_server_stop(s, &k);
	CHECK_EQ(k.handshakes_ok, 1);
	CHECK_EQ(k.closed_by_peer, 1);
	CHECK_EQ(k.bytes_in, 5);
	CHECK_EQ(k.established, 0);
	CHECK_EQ(k.connections, 0);
}

TEST(silent_client_dropped_at_handshake_deadline)
{
	qstp_server_config cfg = { .handshake_timeout_ms = 300 };
	qstp_net_counters k;
	qstp_server *s = start(&cfg);
	uint64_t t0;
	int fd;

	CHECK(s != NULL);
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	t0 = qstp_net_now_ms();
	CHECK_EQ(closed_by_server(fd), 1);
	CHECK(qstp_net_now_ms() - t0 >= 250);
	CHECK(qstp_net_now_ms() - t0 < 3000);
	close(fd);
	qstp_server_stop(s, &k);
	CHECK_EQ(k.handshake_timeouts, 1);
}

TEST(garbage_gets_error_and_close_server_keeps_serving)
{
	qstp_server_config cfg = { 0 };
	qstp_net_counters k;
	qstp_server *s = start(&cfg);
	uint8_t b[4];
	int fd, fd2;

	CHECK(s != NULL);
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	CHECK_EQ(write_n(fd, "GARBAGE!", 8), 0);
	CHECK_EQ(read_n(fd, b, 4), 4);
	CHECK_MEM(b, "ERR!", 4);
	CHECK_EQ(closed_by_server(fd), 1);
	close(fd);
	/* mid-handshake disconnect */
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	CHECK_EQ(write_n(fd, "HE", 2), 0);
	close(fd);
	/* and a good one still works */
	fd2 = dial(qstp_server_port(s));
	CHECK(fd2 >= 0);
	CHECK_EQ(handshake(fd2), 0);
	close(fd2);
	usleep(100000);
	qstp_server_stop(s, &k);
	CHECK_EQ(k.handshakes_failed, 1);
	CHECK_EQ(k.handshake_aborted, 1);
	CHECK_EQ(k.handshakes_ok, 1);
}

TEST(handshake_cap_refuses_quickly)
{
	qstp_server_config cfg = { .max_handshakes = 1, .loops = 1 };
	qstp_net_counters k;
	qstp_server *s = start(&cfg);
	int a, b;

	CHECK(s != NULL);
	a = dial(qstp_server_port(s));
	CHECK(a >= 0);
	usleep(100000);   /* accepted: one handshake in progress */
	b = dial(qstp_server_port(s));
	CHECK(b >= 0);
	CHECK_EQ(closed_by_server(b), 1);
	CHECK_EQ(handshake(a), 0);   /* the first is unaffected */
	close(a);
	close(b);
	usleep(50000);
	qstp_server_stop(s, &k);
	CHECK_EQ(k.refused_handshakes, 1);
	CHECK_EQ(k.handshakes_ok, 1);
}

TEST(per_source_rate_refuses_beyond_burst)
{
	qstp_server_config cfg = { .source_rate = 1, .loops = 1 };
	qstp_net_counters k;
	qstp_server *s = start(&cfg);
	int fd[3];

	CHECK(s != NULL);
	/* rate 1/s: a burst of 2, the third within the same second refused */
	for (int i = 0; i < 3; i++) {
		fd[i] = dial(qstp_server_port(s));
		CHECK(fd[i] >= 0);
	}
	CHECK_EQ(handshake(fd[0]), 0);
	CHECK_EQ(handshake(fd[1]), 0);
	CHECK_EQ(closed_by_server(fd[2]), 1);
	for (int i = 0; i < 3; i++)
		close(fd[i]);
	usleep(50000);
	qstp_server_stop(s, &k);
	CHECK_EQ(k.refused_rate, 1);
	CHECK_EQ(k.handshakes_ok, 2);
}

TEST(full_worker_queue_refuses_new_handshakes)
{
	qstp_server_config cfg = { .workers = 1, .queue_max = 1, .loops = 1, .pool_only = 1 };
	qstp_net_counters k;
	qstp_server *s;
	int fd[4], ok = 0;

	fake_work_delay_ms = 300;
	s = start(&cfg);
	CHECK(s != NULL);
	for (int i = 0; i < 4; i++) {
		fd[i] = dial(qstp_server_port(s));
		CHECK(fd[i] >= 0);
		CHECK_EQ(write_n(fd[i], "HELO", 4), 0);
		usleep(30000);
	}
	for (int i = 0; i < 4; i++) {
		uint8_t b[4];
		if (read_n(fd[i], b, 4) == 4 && memcmp(b, "OK!!", 4) == 0)
			ok++;
		close(fd[i]);
	}
	fake_work_delay_ms = 0;
	qstp_server_stop(s, &k);
	/* one running, one queued, the other two refused */
	CHECK_EQ(ok, 2);
	CHECK_EQ(k.refused_queue, 2);
	CHECK_EQ(k.handshakes_failed, 0);
}

/* A loop with no established tunnel runs a work step itself; once one of
 * its tunnels is established, steps go to the pool, and a step held at the
 * fake protocol's gate then does not delay that tunnel's echo (the rule
 * inline steps must keep).  Were the step run on the loop, the echo could
 * not come before the gate opens: the read times out (5 s, dial) first. */
TEST(steps_inline_only_while_no_tunnel_is_established)
{
	qstp_server_config cfg = { .loops = 1, .workers = 1 };
	qstp_net_counters k;
	qstp_server *s;
	uint8_t b[2 + 5], ok[4];
	int a, c;

	s = start(&cfg);
	CHECK(s != NULL);
	a = dial(qstp_server_port(s));
	CHECK(a >= 0);
	CHECK_EQ(handshake(a), 0);          /* inline: nothing established yet */
	/* The gate is released before any check can return from the test. */
	fake_work_gate_hold();
	c = dial(qstp_server_port(s));
	int sent = c >= 0 ? write_n(c, "HELO", 4) : -1; /* to the pool: a is established */
	for (int i = 0; i < 500 && sent == 0 && fake_work_gate_waiting() == 0; i++)
		usleep(10000);
	unsigned held = fake_work_gate_waiting();   /* c's step runs, held */
	int framed = frame(a, "hello", 5), echoed = read_n(a, b, sizeof b);
	unsigned still = fake_work_gate_waiting();  /* echoed while c's step is held */
	fake_work_gate_release();
	CHECK(c >= 0);
	CHECK_EQ(sent, 0);
	CHECK_EQ(held, 1);
	CHECK_EQ(framed, 0);
	CHECK_EQ(echoed, 7);
	CHECK_MEM(b, "\x00\x05hello", 7);
	CHECK_EQ(still, 1);
	CHECK_EQ(read_n(c, ok, 4), 4);
	CHECK_MEM(ok, "OK!!", 4);
	CHECK_EQ(fake_work_gate_timeouts(), 0);
	close(a);
	close(c);
	usleep(50000);
	qstp_server_stop(s, &k);
	CHECK_EQ(k.handshakes_ok, 2);
	CHECK_EQ(k.inline_steps, 1);
}

/* Input that arrives while the handshake's work step runs (here pipelined
 * behind HELO, beyond the parked-input cap so that reading pauses) is
 * served after the step, byte-exact and in order. */
TEST(input_while_parked_is_served_after_the_step)
{
	enum { FRAMES = 40, LEN = 1000 };
	qstp_server_config cfg = { .loops = 1, .workers = 1, .pool_only = 1 };
	qstp_net_counters k;
	qstp_server *s;
	uint8_t *msg = malloc(FRAMES * (LEN + 2)), *got = malloc(FRAMES * (LEN + 2)), ok[4];
	int fd;

	CHECK(msg != NULL && got != NULL);
	for (int f = 0; f < FRAMES; f++) {
		msg[f * (LEN + 2)] = LEN >> 8;
		msg[f * (LEN + 2) + 1] = LEN & 255;
		for (int i = 0; i < LEN; i++)
			msg[f * (LEN + 2) + 2 + i] = (uint8_t)(f * 7 + i);
	}
	CHECK(FRAMES * (LEN + 2) > QSTP_NET_PARKED_IN_MAX);
	fake_work_delay_ms = 200;
	s = start(&cfg);
	CHECK(s != NULL);
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	CHECK_EQ(write_n(fd, "HELO", 4), 0);
	usleep(50000);   /* the step is running */
	CHECK_EQ(write_n(fd, msg, FRAMES * (LEN + 2)), 0);
	CHECK_EQ(read_n(fd, ok, 4), 4);
	CHECK_MEM(ok, "OK!!", 4);
	/* The echo re-frames the payload: compare the payload bytes. */
	for (size_t have = 0; have < FRAMES * LEN;) {
		uint8_t h[2];
		size_t len;
		CHECK_EQ(read_n(fd, h, 2), 2);
		len = (size_t)h[0] << 8 | h[1];
		CHECK(len > 0 && len <= FRAMES * LEN - have);
		CHECK_EQ(read_n(fd, got + have, len), (int)len);
		have += len;
	}
	for (int f = 0; f < FRAMES; f++)
		CHECK_MEM(got + f * LEN, msg + f * (LEN + 2) + 2, LEN);
	close(fd);
	fake_work_delay_ms = 0;
	qstp_server_stop(s, &k);
	CHECK_EQ(k.handshakes_ok, 1);
	CHECK_EQ(k.bytes_in, FRAMES * LEN);
	free(msg);
	free(got);
}

/* A client that half-closes while the step runs still gets the step's
 * answer; the end of input is then handled as a disconnect. */
TEST(half_close_while_parked_still_gets_the_answer)
{
	qstp_server_config cfg = { .loops = 1, .workers = 1, .pool_only = 1 };
	qstp_net_counters k;
	qstp_server *s;
	uint8_t ok[4];
	int fd;

	fake_work_delay_ms = 200;
	s = start(&cfg);
	CHECK(s != NULL);
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	CHECK_EQ(write_n(fd, "HELO", 4), 0);
	usleep(50000);   /* the step is running */
	CHECK_EQ(shutdown(fd, SHUT_WR), 0);
	CHECK_EQ(read_n(fd, ok, 4), 4);
	CHECK_MEM(ok, "OK!!", 4);
	CHECK_EQ(closed_by_server(fd), 1);
	close(fd);
	fake_work_delay_ms = 0;
	qstp_server_stop(s, &k);
	CHECK_EQ(k.handshakes_ok, 1);
	CHECK_EQ(k.closed_by_peer, 1);
}

/* The server sets keepalive and TCP_NODELAY on its listener only
 * (net_listen): accepted sockets must have them. */
TEST(accepted_sockets_inherit_keepalive_and_nodelay)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	int lfd = net_listen("127.0.0.1", 0), fd = -1, afd = -1, v[5], ok = 1;
	socklen_t n = sizeof v[0];
	CHECK(lfd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(net_local_port(lfd));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sl) == 0);
	for (int i = 0; i < 100 && (afd = accept(lfd, NULL, NULL)) < 0; i++)
		usleep(10000);
	CHECK(afd >= 0);
	ok &= getsockopt(afd, SOL_SOCKET, SO_KEEPALIVE, &v[0], &n) == 0;
	ok &= getsockopt(afd, IPPROTO_TCP, TCP_KEEPIDLE, &v[1], &n) == 0;
	ok &= getsockopt(afd, IPPROTO_TCP, TCP_KEEPINTVL, &v[2], &n) == 0;
	ok &= getsockopt(afd, IPPROTO_TCP, TCP_KEEPCNT, &v[3], &n) == 0;
	ok &= getsockopt(afd, IPPROTO_TCP, TCP_NODELAY, &v[4], &n) == 0;
	close(afd);
	close(fd);
	close(lfd);
	CHECK(ok);
	CHECK(v[0] != 0);
	CHECK_EQ(v[1], QSTP_NET_KEEPIDLE_S);
	CHECK_EQ(v[2], QSTP_NET_KEEPINTVL_S);
	CHECK_EQ(v[3], QSTP_NET_KEEPCNT);
	CHECK(v[4] != 0);
}

TEST(shutdown_sends_close_to_established_tunnels)
{
	qstp_server_config cfg = { 0 };
	qstp_net_counters k;
	qstp_server *s = start(&cfg);
	uint8_t b[2];
	int fd;

	CHECK(s != NULL);
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	CHECK_EQ(handshake(fd), 0);
	usleep(50000);
	qstp_server_stop(s, &k);
	CHECK_EQ(read_n(fd, b, 2), 2);
	CHECK_MEM(b, "\0\0", 2);
	CHECK_EQ(closed_by_server(fd), 1);
	close(fd);
	CHECK_EQ(k.closed_shutdown, 1);
}

TEST(idle_timeout_closes_established_tunnel)
{
	qstp_server_config cfg = { .idle_timeout_ms = 300 };
	qstp_net_counters k;
	qstp_server *s = start(&cfg);
	uint8_t b[2];
	int fd;

	CHECK(s != NULL);
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	CHECK_EQ(handshake(fd), 0);
	CHECK_EQ(read_n(fd, b, 2), 2);
	CHECK_MEM(b, "\0\0", 2);
	CHECK_EQ(closed_by_server(fd), 1);
	close(fd);
	qstp_server_stop(s, &k);
	CHECK_EQ(k.idle_timeouts, 1);
}

TEST(thousand_concurrent_tunnels_each_echo)
{
	enum { N = 1000 };
	static int fd[N];
	qstp_server_config cfg = { 0 };
	qstp_net_counters k;
	qstp_server *s;
	int ok = 0;

	qstp_net_raise_nofile(2 * N + 64);
	s = start(&cfg);
	CHECK(s != NULL);
	for (int i = 0; i < N; i++) {
		fd[i] = dial(qstp_server_port(s));
		CHECK(fd[i] >= 0);
		CHECK_EQ(write_n(fd[i], "HELO", 4), 0);
	}
	for (int i = 0; i < N; i++) {
		uint8_t b[4];
		CHECK_EQ(read_n(fd[i], b, 4), 4);
		CHECK_MEM(b, "OK!!", 4);
	}
	for (int i = 0; i < N; i++) {
		char m[16];
		snprintf(m, sizeof m, "m%09d", i);
		CHECK_EQ(frame(fd[i], m, 10), 0);
	}
	for (int i = 0; i < N; i++) {
		uint8_t b[12];
		char m[16];
		snprintf(m, sizeof m, "m%09d", i);
		if (read_n(fd[i], b, 12) == 12 && b[1] == 10 && memcmp(b + 2, m, 10) == 0)
			ok++;
	}
	for (int i = 0; i < N; i++)
		close(fd[i]);
	usleep(100000);
	qstp_server_stop(s, &k);
	CHECK_EQ(ok, N);
	CHECK_EQ(k.handshakes_ok, N);
}

/* A client that does not read: the server stops reading once its unsent
 * output passes the bound, and delivers everything once the client reads. */
TEST(backpressure_large_echo_is_exact)
{
	enum { TOTAL = 48 << 20 };
	qstp_server_config cfg = { 0 };
	qstp_server *s = start(&cfg);
	uint8_t *src = malloc(TOTAL), *got = malloc(TOTAL);
	size_t sent = 0, rcv = 0;
	int fd;

	CHECK(s != NULL && src != NULL && got != NULL);
	for (size_t i = 0; i < TOTAL; i++)
		src[i] = (uint8_t)rnd();
	fd = dial(qstp_server_port(s));
	CHECK(fd >= 0);
	CHECK_EQ(handshake(fd), 0);
	/* write everything first (as far as the socket takes it), then read */
	{
		struct timeval tv = { 0, 200000 };
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	}
	while (sent < TOTAL) {
		size_t k = TOTAL - sent > 60000 ? 60000 : TOTAL - sent;
		uint8_t h[2] = { (uint8_t)(k >> 8), (uint8_t)k };
		if (write_n(fd, h, 2) != 0 || write_n(fd, src + sent, k) != 0)
			break;   /* blocked: the server stopped reading (back-pressure) */
		sent += k;
	}
	CHECK(sent < TOTAL);   /* the server did stop reading */
	/* drain echo frames and keep sending the rest */
	{
		uint8_t h[2];
		struct timeval tv = { 5, 0 };
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		while (rcv < sent) {
			size_t len;
			CHECK_EQ(read_n(fd, h, 2), 2);
			len = (size_t)h[0] << 8 | h[1];
			CHECK(len > 0 && rcv + len <= TOTAL);
			CHECK_EQ(read_n(fd, got + rcv, len), (int)len);
			rcv += len;
		}
	}
	CHECK_MEM(got, src, sent);
	close(fd);
	free(src);
	free(got);
	qstp_server_stop(s, NULL);
}

/* ---- the client pump against the server ---- */

TEST(client_pump_echo_exact)
{
	enum { TOTAL = 1 << 20 };
	qstp_server_config cfg = { 0 };
	qstp_server *s = start(&cfg);
	qstp_client_config cc;
	qstp_client_result res;
	char in_path[] = "/tmp/qstp-test-inXXXXXX", out_path[] = "/tmp/qstp-test-outXXXXXX";
	static uint8_t src[TOTAL], got[TOTAL + 1];
	int in_fd, out_fd, r;

	CHECK(s != NULL);
	for (size_t i = 0; i < TOTAL; i++)
		src[i] = (uint8_t)rnd();
	in_fd = mkstemp(in_path);
	out_fd = mkstemp(out_path);
	CHECK(in_fd >= 0 && out_fd >= 0);
	unlink(in_path);
	unlink(out_path);
	CHECK_EQ(write(in_fd, src, TOTAL), TOTAL);
	lseek(in_fd, 0, SEEK_SET);
	memset(&cc, 0, sizeof cc);
	cc.host = "127.0.0.1";
	cc.port = qstp_server_port(s);
	cc.connect_timeout_ms = 2000;
	cc.handshake_timeout_ms = 2000;
	cc.wait_ms = 3000;
	cc.in_fd = in_fd;
	cc.out_fd = out_fd;
	cc.proto = &fake_proto;
	r = qstp_client_run(&cc, &res);
	CHECK_EQ(r, 0);
	CHECK_EQ(res.bytes_sent, TOTAL);
	CHECK_EQ(res.bytes_received, TOTAL);
	lseek(out_fd, 0, SEEK_SET);
	CHECK_EQ(read(out_fd, got, TOTAL + 1), TOTAL);
	CHECK_MEM(got, src, TOTAL);
	close(in_fd);
	close(out_fd);
	qstp_server_stop(s, NULL);
}

TEST(client_reports_refused_connection)
{
	qstp_client_config cc;
	qstp_client_result res;
	memset(&cc, 0, sizeof cc);
	cc.host = "127.0.0.1";
	cc.port = 1;   /* nothing listens on port 1 */
	cc.connect_timeout_ms = 1000;
	cc.handshake_timeout_ms = 1000;
	cc.proto = &fake_proto;
	CHECK_EQ(qstp_client_run(&cc, &res), QSTP_ERR_NET_REFUSED);
	CHECK(strstr(res.reason, "refused") != NULL);
}
