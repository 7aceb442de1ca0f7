/*
 * Constant-time check for ML-DSA key generation and signing (run under
 * valgrind memcheck by `make ct`): the seed, the secret key and the hedged
 * rnd are marked undefined, so any branch or memory index that depends on
 * them is reported.  The library declassifies, with a comment at each
 * place: rho and t1 (the public key), the per-attempt accept/reject decision
 * and the rejection of individual sampler candidates, and the accepted
 * signature.
 */
#include <stdio.h>
#include <string.h>

#include "qstp/mldsa.h"
#include "crypto/ct.h"

static uint8_t pk[QSTP_MLDSA87_PK_BYTES], sk[QSTP_MLDSA87_SK_BYTES];
static uint8_t sig[QSTP_MLDSA87_SIG_BYTES], sm[QSTP_MLDSA87_SIG_BYTES + 32];

static int run(qstp_mldsa_param p)
{
	uint8_t seed[32], rnd[32], msg[33];
	int r;
	memset(seed, 0x5A, sizeof seed);
	memset(rnd, 0xA5, sizeof rnd);
	memset(msg, 0x33, sizeof msg);
	seed[0] = (uint8_t)p;

	QSTP_CT_SECRET(seed, sizeof seed);
	r = qstp_mldsa_keypair_derand(p, pk, sk, seed);
	QSTP_CT_PUBLIC(&r, sizeof r);
	if (r != 0)
		return 1;
	/* the public key is public; the whole secret key is secret (sign
	 * declassifies rho itself: it is in the public key) */
	QSTP_CT_PUBLIC(pk, qstp_mldsa_pk_bytes(p));
	QSTP_CT_SECRET(sk, qstp_mldsa_sk_bytes(p));

	/* deterministic (QSTP's use), then hedged with a secret rnd */
	r = qstp_mldsa_sign(p, sig, msg, sizeof msg, NULL, 0, sk, NULL);
	QSTP_CT_PUBLIC(&r, sizeof r);
	if (r != 0)
		return 1;
	QSTP_CT_SECRET(rnd, sizeof rnd);
	r = qstp_mldsa_sign(p, sig, msg, sizeof msg, (const uint8_t *)"ctx", 3, sk, rnd);
	QSTP_CT_PUBLIC(&r, sizeof r);
	if (r != 0)
		return 1;
	/* the attached form goes through the same path */
	r = qstp_mldsa_sign_attached(p, sm, msg, 32, sk, NULL);
	QSTP_CT_PUBLIC(&r, sizeof r);
	if (r != 0)
		return 1;

	/* outside the check: the signatures are valid */
	QSTP_CT_PUBLIC(sk, sizeof sk);
	r = qstp_mldsa_verify(p, sig, qstp_mldsa_sig_bytes(p), msg, sizeof msg,
	                      (const uint8_t *)"ctx", 3, pk);
	const uint8_t *m;
	size_t mlen;
	if (r == 0)
		r = qstp_mldsa_open(p, &m, &mlen, sm, qstp_mldsa_sig_bytes(p) + 32, pk);
	return r != 0;
}

int main(void)
{
	const qstp_mldsa_param sets[] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
	for (size_t i = 0; i < 3; i++) {
		if (run(sets[i]) != 0) {
			printf("ML-DSA-%d: failed\n", (int)sets[i]);
			return 1;
		}
	}
	printf("ML-DSA keygen and sign: no secret-dependent branch or index reported\n");
	return 0;
}
