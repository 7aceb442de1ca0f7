/*
 * Shared helpers of the protocol tests: a real PKI per configuration set
 * (root, signed server certificate and key, encoded as files), a seeded
 * deterministic random source, and a pump that wires a client and a server
 * session together in memory with chosen input splits.
 */
#ifndef QSTP_TEST_SESSION_UTIL_H
#define QSTP_TEST_SESSION_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/session.h"

typedef struct test_pki {
	uint8_t set;
	uint8_t *root, *cert, *key;
	size_t rootlen, certlen, keylen;
	uint64_t now;
} test_pki;

/* A deterministic random source (SHAKE-256 of a seed and a counter). */
typedef struct test_rng {
	uint64_t seed, ctr;
	int fail_at;     /* call number that fails (0: never) */
	int calls;
} test_rng;
int test_rng_fn(void *ctx, uint8_t *out, size_t n);

/* Builds (once per set, cached) a root, a server key and a signed server
 * certificate valid at pki->now.  0 or an error. */
int test_pki_get(test_pki **out, uint8_t set);

/* Splitting policy for the pump: 0 = whole buffers, 1 = one byte at a
 * time, 2 = random splits from the seeded generator. */
typedef struct test_pair {
	qstp_session *c, *s;
	qstp_server_identity *id;
	qstp_client_trust *trust;
	qstp_buf c2s, s2c, capp, sapp;   /* in flight and delivered */
	test_rng crng, srng;
	uint64_t now;
	int split;
	uint64_t split_state;
} test_pair;

int test_pair_new(test_pair *p, uint8_t set, int split, uint64_t seed);
void test_pair_free(test_pair *p);
/* Moves bytes both ways (and runs pending work) until nothing moves.
 * Returns 0 or the first session error. */
int test_pair_pump(test_pair *p);
/* Feeds `in` to one session with the pair's split policy, running work
 * when asked.  Returns the session's result. */
int test_feed(test_pair *p, qstp_session *s, qstp_buf *in, qstp_buf *out, qstp_buf *app);

#endif
