/*
 * The body of the ML-KEM constant-time check, shared by ct_mlkem.c (the
 * implementation the CPU selects) and ct_mlkem_portable.c (QSTP_CPU_MASK=0).
 * The secret inputs (d, z for KeyGen; m for Encaps; dk for Decaps) are
 * marked undefined, so memcheck reports any conditional jump or memory
 * index that depends on them.  Declassifications inside the library are
 * commented where they are.  Decaps runs with a valid ciphertext and with a
 * modified one (the implicit-rejection path).
 */
#ifndef QSTP_CT_MLKEM_RUN_H
#define QSTP_CT_MLKEM_RUN_H

#include <stdio.h>
#include <string.h>

#include "qstp/mlkem.h"
#include "qstp/util.h"
#include "crypto/ct.h"

static int run(qstp_mlkem_param p)
{
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], seed[96], ss1[32], ss2[32], ss3[32];
	size_t ekn = qstp_mlkem_ek_bytes(p), dkn = qstp_mlkem_dk_bytes(p),
	       ctn = qstp_mlkem_ct_bytes(p);
	if (qstp_randombytes(seed, sizeof seed) != 0)
		return 1;

	QSTP_CT_SECRET(seed, sizeof seed);
	if (qstp_mlkem_keypair_derand(p, ek, dk, seed, seed + 32) != 0)
		return 1;
	/* The encapsulation key is public output. */
	QSTP_CT_PUBLIC(ek, ekn);
	if (qstp_mlkem_encaps_derand(p, ct, ss1, ek, seed + 64) != 0)
		return 1;
	/* The ciphertext is sent in the clear. */
	QSTP_CT_PUBLIC(ct, ctn);

	QSTP_CT_SECRET(dk, dkn);
	if (qstp_mlkem_decaps(p, ss2, ct, dk) != 0)
		return 1;
	ct[ctn / 2] ^= 0x10;
	if (qstp_mlkem_decaps(p, ss3, ct, dk) != 0)
		return 1;

	/* The same through the expanded key pair (the server's path): the
	 * matrix it keeps is public, the secrets are marked again. */
	static qstp_mlkem_expanded x;
	uint8_t ss4[32], ss5[32];
	QSTP_CT_SECRET(seed, sizeof seed);
	/* With the transcript hashes alongside, as the handshake runs them. */
	static const uint8_t pre[53];
	qstp_mlkem_th th = { pre, sizeof pre, { 0 } };
	if (qstp_mlkem_keypair_derand_expanded(p, ek, dk, seed, seed + 32, &x, &th) != 0)
		return 1;
	QSTP_CT_PUBLIC(ek, ekn);
	QSTP_CT_PUBLIC(&x, sizeof x);
	QSTP_CT_SECRET(dk, dkn);
	ct[ctn / 2] ^= 0x10;   /* back to the valid ciphertext */
	if (qstp_mlkem_decaps_expanded(p, ss4, ct, dk, &x, &th) != 0)
		return 1;
	ct[ctn / 3] ^= 0x01;
	if (qstp_mlkem_decaps_expanded(p, ss5, ct, dk, &x, NULL) != 0)
		return 1;

	/* The test's own verdict is public. */
	QSTP_CT_PUBLIC(ss1, 32);
	QSTP_CT_PUBLIC(ss2, 32);
	QSTP_CT_PUBLIC(ss3, 32);
	QSTP_CT_PUBLIC(ss4, 32);
	QSTP_CT_PUBLIC(ss5, 32);
	if (memcmp(ss1, ss2, 32) != 0 || memcmp(ss1, ss3, 32) == 0 || memcmp(ss1, ss4, 32) != 0 ||
	    memcmp(ss1, ss5, 32) == 0) {
		fprintf(stderr, "ct_mlkem: wrong shared secrets for k = %d\n", (int)p);
		return 1;
	}
	return 0;
}

static int ct_mlkem_all(const char *name)
{
	int bad = run(QSTP_MLKEM_512) | run(QSTP_MLKEM_768) | run(QSTP_MLKEM_1024);
	printf("%s: %s\n", name, bad ? "FAIL" : "ok");
	return bad;
}

#endif
