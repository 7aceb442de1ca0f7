/*
 * The sans-I/O session end to end in memory with real ML-KEM / ML-DSA and
 * real certificates: the three configuration sets, fed whole, one byte at a
 * time and in random splits; data both ways, a ratchet each way in the middle
 * of traffic, a close; the size of an established session.
 */
#include <pthread.h>

#include "proto/session_int.h"
#include "session_util.h"
#include "test.h"

static uint8_t msg[70000];

static void fill(void)
{
	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (uint8_t)(i * 131u + (i >> 8));
}

/* Handshake, traffic, ratchets, close for one set and split policy. */
static void run_pair(uint8_t set, int split, uint64_t seed)
{
	test_pair p;
	fill();
	CHECK_EQ(test_pair_new(&p, set, split, seed), 0);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK(qstp_session_flags(p.c) & QSTP_ESTABLISHED);
	CHECK(qstp_session_flags(p.s) & QSTP_ESTABLISHED);

	qstp_session_info ci, si;
	qstp_session_get_info(p.c, &ci);
	qstp_session_get_info(p.s, &si);
	CHECK_EQ(ci.txseq, 2);
	CHECK_EQ(si.rxseq, 2);

	/* Data both ways: small, at the packet limit, and split over packets. */
	static const size_t lens[] = { 1, 68, 1000, QSTP_PAYLOAD_MAX, QSTP_PAYLOAD_MAX + 1 };
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		CHECK_EQ(qstp_session_send(p.c, msg, lens[i], p.now, &p.c2s), 0);
		CHECK_EQ(qstp_session_send(p.s, msg + 7, lens[i], p.now, &p.s2c), 0);
		CHECK_EQ(test_pair_pump(&p), 0);
		CHECK_EQ(p.sapp.len, lens[i]);
		CHECK_MEM(p.sapp.data, msg, lens[i]);
		CHECK_EQ(p.capp.len, lens[i]);
		CHECK_MEM(p.capp.data, msg + 7, lens[i]);
		p.sapp.len = p.capp.len = 0;
	}
	/* A client-initiated ratchet, traffic, a server-initiated one, traffic. */
	CHECK_EQ(qstp_session_send(p.c, msg, 500, p.now, &p.c2s), 0);
	CHECK_EQ(qstp_session_ratchet(p.c, p.now, &p.c2s), 0);
	CHECK_EQ(qstp_session_send(p.c, msg + 1, 600, p.now, &p.c2s), 0);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK_EQ(p.sapp.len, 1100);
	CHECK_MEM(p.sapp.data + 500, msg + 1, 600);
	CHECK_EQ(qstp_session_send(p.s, msg, 300, p.now, &p.s2c), 0);
	CHECK_EQ(qstp_session_ratchet(p.s, p.now, &p.s2c), 0);
	CHECK_EQ(qstp_session_send(p.s, msg + 2, 400, p.now, &p.s2c), 0);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK_EQ(p.capp.len, 700);
	CHECK_MEM(p.capp.data + 300, msg + 2, 400);
	CHECK_EQ(qstp_session_send(p.c, msg, 33, p.now, &p.c2s), 0);
	CHECK_EQ(qstp_session_send(p.s, msg, 44, p.now, &p.s2c), 0);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK_EQ(p.sapp.len, 1133);
	CHECK_EQ(p.capp.len, 744);
	qstp_session_get_info(p.c, &ci);
	qstp_session_get_info(p.s, &si);
	CHECK_EQ(ci.ratchets, 2);
	CHECK_EQ(si.ratchets, 2);
	CHECK_EQ(ci.txseq, si.rxseq);
	CHECK_EQ(si.txseq, ci.rxseq);

	/* The client closes; the server sees an authenticated code 0. */
	CHECK_EQ(qstp_session_close(p.c, p.now, &p.c2s), 0);
	CHECK(qstp_session_flags(p.c) & QSTP_CLOSED);
	CHECK_EQ(p.c2s.len, 54);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK(qstp_session_flags(p.s) & QSTP_CLOSED);
	CHECK(qstp_session_flags(p.s) & QSTP_PEER_CLOSED);
	CHECK_EQ(qstp_session_peer_code(p.s), 0);
	CHECK_EQ(qstp_session_error(p.s), 0);
	CHECK_EQ(qstp_session_send(p.s, msg, 1, p.now, &p.s2c), QSTP_ERR_PROTO_CLOSED);
	test_pair_free(&p);
}

TEST(set1_whole) { run_pair(1, 0, 1); }
TEST(set2_whole) { run_pair(2, 0, 2); }
TEST(set3_whole) { run_pair(3, 0, 3); }
TEST(set1_random_splits) { run_pair(1, 2, 11); }
TEST(set2_random_splits) { run_pair(2, 2, 12); }
TEST(set3_random_splits) { run_pair(3, 2, 13); }
TEST(set3_random_splits_more_seeds)
{
	for (uint64_t s = 100; s < 104; s++)
		run_pair(3, 2, s);
}

/* One byte at a time: the handshake and a little traffic (whole run is
 * quadratic in nothing, but 65 KB packets one byte each are slow under
 * valgrind, so the long-packet part is covered by the other tests). */
static void bytewise(uint8_t set)
{
	test_pair p;
	fill();
	CHECK_EQ(test_pair_new(&p, set, 1, 40 + set), 0);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK(qstp_session_flags(p.c) & QSTP_ESTABLISHED);
	CHECK(qstp_session_flags(p.s) & QSTP_ESTABLISHED);
	CHECK_EQ(qstp_session_send(p.c, msg, 300, p.now, &p.c2s), 0);
	CHECK_EQ(qstp_session_ratchet(p.c, p.now, &p.c2s), 0);
	CHECK_EQ(qstp_session_send(p.c, msg, 200, p.now, &p.c2s), 0);
	/* 10.3: the server sends only after it has taken the ratchet. */
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK_EQ(qstp_session_send(p.s, msg, 100, p.now, &p.s2c), 0);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK_EQ(p.sapp.len, 500);
	CHECK_EQ(p.capp.len, 100);
	CHECK_MEM(p.sapp.data + 300, msg, 200);
	CHECK_EQ(qstp_session_ratchet(p.s, p.now, &p.s2c), 0);
	CHECK_EQ(qstp_session_send(p.s, msg, 100, p.now, &p.s2c), 0);
	CHECK_EQ(qstp_session_close(p.s, p.now, &p.s2c), 0);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK_EQ(p.capp.len, 200);
	CHECK(qstp_session_flags(p.c) & QSTP_PEER_CLOSED);
	CHECK_EQ(qstp_session_peer_code(p.c), 0);
	test_pair_free(&p);
}

TEST(set1_one_byte_at_a_time) { bytewise(1); }
TEST(set2_one_byte_at_a_time) { bytewise(2); }
TEST(set3_one_byte_at_a_time) { bytewise(3); }

/* The established session stays small (DESIGN.md: < 3 KiB with both RCS
 * states), with no buffers held while idle. */
TEST(established_size)
{
	test_pair p;
	CHECK_EQ(test_pair_new(&p, 3, 0, 7), 0);
	qstp_session_info info;
	qstp_session_get_info(p.s, &info);
	size_t hs = info.state_bytes;
	CHECK_EQ(test_pair_pump(&p), 0);
	qstp_session_get_info(p.s, &info);
	printf("  sizeof(qstp_session) = %zu, sizeof(qstp_rcs256) = %zu, established state = %zu "
	       "bytes, server during handshake = %zu bytes\n",
	       sizeof(qstp_session), sizeof(qstp_rcs256), info.state_bytes, hs);
	CHECK_EQ(info.state_bytes, sizeof(qstp_session));
	CHECK(info.state_bytes < 3072);
	qstp_session_get_info(p.c, &info);
	CHECK_EQ(info.state_bytes, sizeof(qstp_session));
	/* A partial packet holds a buffer only until it completes. */
	CHECK_EQ(qstp_session_send(p.c, msg, 1000, p.now, &p.c2s), 0);
	size_t n = 500;
	CHECK_EQ(qstp_session_input(p.s, p.c2s.data, &n, p.now, &p.s2c, &p.sapp), 0);
	qstp_session_get_info(p.s, &info);
	CHECK_EQ(info.state_bytes, sizeof(qstp_session) + 1032);
	qstp_buf_consume(&p.c2s, 500);
	CHECK_EQ(test_pair_pump(&p), 0);
	qstp_session_get_info(p.s, &info);
	CHECK_EQ(info.state_bytes, sizeof(qstp_session));
	CHECK_EQ(p.sapp.len, 1000);
	test_pair_free(&p);
}

/* The expensive steps run on another thread (a worker pool's view): input
 * stops at QSTP_WANT_WORK, consumes nothing more until the work is done. */
typedef struct work_job {
	qstp_session *s;
	uint64_t now;
	qstp_buf out;
	int r;
} work_job;

static void *worker(void *arg)
{
	work_job *j = arg;
	j->r = qstp_session_work(j->s, j->now, &j->out);
	return NULL;
}

TEST(work_on_another_thread)
{
	test_pair p;
	CHECK_EQ(test_pair_new(&p, 3, 0, 60), 0);
	/* The connect request plus trailing bytes: input stops at the work step. */
	uint8_t extra = 0x07;
	uint8_t *q = qstp_buf_reserve(&p.c2s, 1);
	CHECK(q != NULL);
	*q = extra;
	p.c2s.len += 1;
	size_t n = p.c2s.len;
	CHECK_EQ(qstp_session_input(p.s, p.c2s.data, &n, p.now, &p.s2c, &p.sapp), 0);
	CHECK_EQ(n, p.c2s.len - 1);
	CHECK(qstp_session_flags(p.s) & QSTP_WANT_WORK);
	size_t m = 1;
	CHECK_EQ(qstp_session_input(p.s, &extra, &m, p.now, &p.s2c, &p.sapp), 0);
	CHECK_EQ(m, 0);
	p.c2s.len = 0;
	work_job j = { p.s, p.now, { 0 }, -1 };
	pthread_t th;
	CHECK_EQ(pthread_create(&th, NULL, worker, &j), 0);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK_EQ(j.r, 0);
	CHECK(!(qstp_session_flags(p.s) & QSTP_WANT_WORK));
	q = qstp_buf_reserve(&p.s2c, j.out.len);
	CHECK(q != NULL);
	memcpy(q, j.out.data, j.out.len);
	p.s2c.len += j.out.len;
	qstp_buf_free(&j.out);
	CHECK_EQ(test_pair_pump(&p), 0);
	CHECK(qstp_session_flags(p.c) & QSTP_ESTABLISHED);
	CHECK(qstp_session_flags(p.s) & QSTP_ESTABLISHED);
	test_pair_free(&p);
}
