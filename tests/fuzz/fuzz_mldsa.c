/*
 * libFuzzer harness for ML-DSA verification of untrusted signatures (the
 * sigDecode / HintBitUnpack path and the z bound): input = one byte choosing
 * the set, then a signed message in QSTP's attached form (signature ||
 * message), verified with qstp_mldsa_open and qstp_mldsa_verify_mu against a
 * fixed key pair.  Any result other than success or the documented errors,
 * or success for a message the harness did not sign, aborts.
 * Corpus: tests/fuzz/corpus/mldsa/ (one valid signed message per set).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qstp/errors.h"
#include "qstp/mldsa.h"

static uint8_t pk[3][QSTP_MLDSA87_PK_BYTES];
static const qstp_mldsa_param sets[3] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };

/* The only message the seed corpus signs (the key never signs others). */
static const uint8_t signed_msg[32] = "qstp fuzz: ML-DSA signed message";

static void init(void)
{
	static int done;
	static uint8_t sk[QSTP_MLDSA87_SK_BYTES];
	if (done)
		return;
	for (int i = 0; i < 3; i++) {
		uint8_t seed[32];
		memset(seed, 0x42 + i, sizeof seed);
		if (qstp_mldsa_keypair_derand(sets[i], pk[i], sk, seed) != 0)
			abort();
	}
	done = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	init();
	if (size < 1)
		return 0;
	unsigned s = data[0] % 3;
	const uint8_t *sm = data + 1;
	size_t smlen = size - 1;
	const uint8_t *m;
	size_t mlen;
	int r = qstp_mldsa_open(sets[s], &m, &mlen, sm, smlen, pk[s]);
	if (r != 0 && r != QSTP_ERR_MLDSA_VERIFY && r != QSTP_ERR_MLDSA_SIG_LENGTH)
		abort();
	if (r == 0 && (mlen != sizeof signed_msg || memcmp(m, signed_msg, mlen) != 0))
		abort(); /* a forgery on a message never signed */
	size_t n = qstp_mldsa_sig_bytes(sets[s]);
	uint8_t mu[64] = { 0 };
	r = qstp_mldsa_verify_mu(sets[s], sm, smlen < n ? smlen : n, mu, pk[s]);
	if (r != 0 && r != QSTP_ERR_MLDSA_VERIFY && r != QSTP_ERR_MLDSA_SIG_LENGTH)
		abort();
	return 0;
}
