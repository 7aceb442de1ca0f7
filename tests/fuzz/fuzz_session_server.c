/* libFuzzer: a whole server session (real ML-KEM / ML-DSA, set 0x01) fed
 * arbitrary client bytes in arbitrary splits, running its work steps.  The
 * PKI, random sources and clock are the unit tests' deterministic ones, so
 * the seed corpus (a recorded client transcript, tests/fuzz/gen_corpus.c)
 * reaches the established state. */
#include <stdint.h>
#include <stdlib.h>

#include "../unit/session_util.c"
#include "proto/session_int.h"
#include "session_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static qstp_server_identity *id;
static uint64_t now;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (id == NULL) {
		test_pki *k;
		if (test_pki_get(&k, 1) != 0 ||
		    qstp_server_identity_new(&id, k->root, k->rootlen, k->cert, k->certlen, k->key,
		                             k->keylen, k->now) != 0)
			abort();
		now = k->now;
	}
	test_rng rng = { 1 * 2 + 2, 0, 0, 0 };
	qstp_session_options o = { test_rng_fn, &rng };
	qstp_session *s = qstp_session_new_server(id, &o);
	feed_session(s, 0, data, size, now);
	return 0;
}
