/* libFuzzer: a whole client session (real ML-KEM / ML-DSA, set 0x01) fed
 * arbitrary server bytes in arbitrary splits, running its work steps.  The
 * PKI, random sources and clock are the unit tests' deterministic ones, so
 * the seed corpus (a recorded server transcript, tests/fuzz/gen_corpus.c)
 * reaches the established state. */
#include <stdint.h>
#include <stdlib.h>

#include "../unit/session_util.c"
#include "proto/session_int.h"
#include "session_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static qstp_client_trust *tr;
static uint64_t now;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (tr == NULL) {
		test_pki *k;
		if (test_pki_get(&k, 1) != 0 ||
		    qstp_client_trust_new(&tr, k->root, k->rootlen, k->cert, k->certlen, k->now) != 0)
			abort();
		now = k->now;
	}
	test_rng rng = { 1 * 2 + 1, 0, 0, 0 };
	qstp_session_options o = { test_rng_fn, &rng };
	qstp_session *s = qstp_session_new_client(tr, &o);
	feed_session(s, 1, data, size, now);
	return 0;
}
