/* libFuzzer: a whole client session (real ML-KEM / ML-DSA, set 0x01) fed
 * arbitrary server bytes in arbitrary splits, running its work steps.  The
 * PKI, random sources and clock are the unit tests' deterministic ones, so
 * the seed corpus (a recorded server transcript, tests/fuzz/gen_corpus.c)
 * reaches the established state. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/session_util.c"
#include "proto/session_int.h"

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
	qstp_buf out = { 0 }, app = { 0 };
	if (s != NULL && qstp_session_start(s, now, &out) != 0)
		abort();
	size_t off = 0;
	unsigned chunk = size > 0 ? 1u + data[0] % 251u : 1;
	while (s != NULL && off < size) {
		size_t n = size - off < chunk ? size - off : chunk;
		size_t want = n;
		if (qstp_session_input(s, data + off, &n, now, &out, &app) != 0)
			break;
		off += n;
		if (qstp_session_flags(s) & QSTP_WANT_WORK) {
			if (qstp_session_work(s, now, &out) != 0)
				break;
		} else if (n < want) {
			break;
		}
		if ((qstp_session_flags(s) & QSTP_ESTABLISHED) && app.len > 0) {
			if (qstp_session_send(s, app.data, app.len, now, &out) != 0)
				break;
			app.len = 0;
		}
		out.len = 0;
	}
	qstp_session_free(s);
	qstp_buf_free(&out);
	qstp_buf_free(&app);
	return 0;
}
