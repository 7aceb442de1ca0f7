/*
 * Constant-time check for prepared ML-DSA secret keys (run under valgrind
 * memcheck by `make ct`): the secret key and the hedged rnd are marked
 * undefined, then the key is prepared (unpack, NTTs, ExpandA on the public
 * rho, which the library declassifies) and signs deterministically and
 * hedged; any branch or index on a secret is reported.  Outside the check,
 * the signatures must equal qstp_mldsa_sign's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qstp/mldsa.h"
#include "crypto/ct.h"

static uint8_t pk[QSTP_MLDSA87_PK_BYTES], sk[QSTP_MLDSA87_SK_BYTES];
static uint8_t sig[QSTP_MLDSA87_SIG_BYTES], sig2[QSTP_MLDSA87_SIG_BYTES];
static qstp_mldsa_prepared_sk psk;

static int run(qstp_mldsa_param p)
{
	uint8_t seed[32], rnd[32], msg[32];
	size_t n = qstp_mldsa_sig_bytes(p);
	int r;
	memset(seed, 0x3C, sizeof seed);
	memset(rnd, 0xC3, sizeof rnd);
	memset(msg, 0x11, sizeof msg);
	seed[0] = (uint8_t)p;
	if (qstp_mldsa_keypair_derand(p, pk, sk, seed) != 0)
		return 1;

	QSTP_CT_SECRET(sk, qstp_mldsa_sk_bytes(p));
	r = qstp_mldsa_prepare_sk(p, &psk, sk);
	QSTP_CT_PUBLIC(&r, sizeof r);
	if (r != 0)
		return 1;
	r = qstp_mldsa_sign_prepared(sig, msg, sizeof msg, NULL, 0, &psk, NULL);
	QSTP_CT_PUBLIC(&r, sizeof r);
	if (r != 0)
		return 1;
	QSTP_CT_SECRET(rnd, sizeof rnd);
	r = qstp_mldsa_sign_prepared(sig2, msg, sizeof msg, NULL, 0, &psk, rnd);
	QSTP_CT_PUBLIC(&r, sizeof r);
	if (r != 0)
		return 1;

	/* outside the check: the same bytes as the plain path */
	QSTP_CT_PUBLIC(sk, sizeof sk);
	QSTP_CT_PUBLIC(rnd, sizeof rnd);
	QSTP_CT_PUBLIC(&psk, sizeof psk);
	uint8_t ref[QSTP_MLDSA87_SIG_BYTES];
	if (qstp_mldsa_sign(p, ref, msg, sizeof msg, NULL, 0, sk, NULL) != 0 ||
	    memcmp(ref, sig, n) != 0)
		return 1;
	if (qstp_mldsa_sign(p, ref, msg, sizeof msg, NULL, 0, sk, rnd) != 0 ||
	    memcmp(ref, sig2, n) != 0)
		return 1;
	qstp_mldsa_prepared_sk_wipe(&psk);
	return 0;
}

int main(void)
{
	const qstp_mldsa_param sets[] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
	for (size_t i = 0; i < 3; i++) {
		if (run(sets[i]) != 0) {
			printf("ML-DSA-%d prepared: failed\n", (int)sets[i]);
			return 1;
		}
	}
	printf("ML-DSA prepared keys: constant time (as far as valgrind sees), signatures as the plain path\n");
	return 0;
}
