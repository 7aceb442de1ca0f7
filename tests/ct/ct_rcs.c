/*
 * Constant-time check of RCS (run under valgrind by `make ct`): the key, the
 * nonce and the plaintext are marked secret (undefined), so memcheck reports
 * any branch or memory index that depends on them in the key schedule, the
 * block function, the MAC or the tag comparison.  Covers RCS-256 and RCS-512
 * encrypt and decrypt (accepting and rejecting) through the dispatched
 * block function, and the portable and AES-NI keystreams directly.
 */
#include <stdio.h>
#include <string.h>

#include "qstp/errors.h"
#include "qstp/rcs.h"
#include "crypto/cpu.h"
#include "crypto/ct.h"
#include "crypto/rcs_impl.h"

enum { N = 1000, AD = 21 };

static uint8_t pt[N], ct[N + 64], out[N + 64];

static int run256(size_t n)
{
	uint8_t key[32], nonce[32], ad[AD];
	qstp_rcs256 e, d;
	int r, fails = 0;

	memset(key, 0x5A, sizeof key);
	memset(nonce, 0xC3, sizeof nonce);
	memset(ad, 0x11, sizeof ad);
	for (size_t i = 0; i < n; i++)
		pt[i] = (uint8_t)i;
	QSTP_CT_SECRET(key, sizeof key);
	QSTP_CT_SECRET(nonce, sizeof nonce);
	QSTP_CT_SECRET(pt, n);
	qstp_rcs256_init(&e, key, nonce, NULL, 0, 1);
	qstp_rcs256_init(&d, key, nonce, NULL, 0, 0);
	for (int msg = 0; msg < 2; msg++) {
		qstp_rcs256_set_associated(&e, ad, AD);
		qstp_rcs256_encrypt(&e, ct, pt, n);
		/* The ciphertext and tag go on the wire: public. */
		QSTP_CT_PUBLIC(ct, n + 32);
		qstp_rcs256_set_associated(&d, ad, AD);
		r = qstp_rcs256_decrypt(&d, out, ct, n + 32);
		fails += r != 0;
	}
	/* A rejected message runs the same code up to the comparison. */
	qstp_rcs256_set_associated(&e, ad, AD);
	qstp_rcs256_encrypt(&e, ct, pt, n);
	QSTP_CT_PUBLIC(ct, n + 32);
	ct[n] ^= 1;
	qstp_rcs256_set_associated(&d, ad, AD);
	r = qstp_rcs256_decrypt(&d, out, ct, n + 32);
	fails += r != QSTP_ERR_AUTH;
	qstp_rcs256_dispose(&e);
	qstp_rcs256_dispose(&d);
	/* The two-lane key schedule of a session's two directions. */
	qstp_rcs256_init_pair(&e, key, nonce, 1, &d, key, nonce, 0);
	qstp_rcs256_set_associated(&e, ad, AD);
	qstp_rcs256_encrypt(&e, ct, pt, n);
	QSTP_CT_PUBLIC(ct, n + 32);
	qstp_rcs256_set_associated(&d, ad, AD);
	fails += qstp_rcs256_decrypt(&d, out, ct, n + 32) != 0;
	qstp_rcs256_dispose(&e);
	qstp_rcs256_dispose(&d);
	return fails;
}

static int run512(size_t n)
{
	uint8_t key[64], nonce[32], ad[AD];
	qstp_rcs512 e, d;
	int fails = 0;

	memset(key, 0x6B, sizeof key);
	memset(nonce, 0x3C, sizeof nonce);
	memset(ad, 0x22, sizeof ad);
	QSTP_CT_SECRET(key, sizeof key);
	QSTP_CT_SECRET(nonce, sizeof nonce);
	QSTP_CT_SECRET(pt, n);
	qstp_rcs512_init(&e, key, nonce, (const uint8_t *)"info", 4, 1);
	qstp_rcs512_init(&d, key, nonce, (const uint8_t *)"info", 4, 0);
	qstp_rcs512_set_associated(&e, ad, AD);
	qstp_rcs512_encrypt(&e, ct, pt, n);
	QSTP_CT_PUBLIC(ct, n + 64);
	qstp_rcs512_set_associated(&d, ad, AD);
	fails += qstp_rcs512_decrypt(&d, out, ct, n + 64) != 0;
	qstp_rcs512_dispose(&e);
	qstp_rcs512_dispose(&d);
	return fails;
}

/* The keystream implementations with secret round keys and counter. */
static void keystreams(void)
{
	uint8_t rk[31 * 32], ctr[32];
	memset(rk, 0x77, sizeof rk);
	memset(ctr, 0xFF, sizeof ctr);
	QSTP_CT_SECRET(rk, sizeof rk);
	QSTP_CT_SECRET(ctr, sizeof ctr);
	qstp_rcs_ctr_portable(rk, 22, ctr, out, pt, 200);
	qstp_rcs_ctr_portable(rk, 30, ctr, out, pt, 33);
#if defined(__x86_64__)
	if (qstp_cpu_features() & QSTP_CPU_AESNI) {
		qstp_rcs_ctr_aesni(rk, 22, ctr, out, pt, 200);
		qstp_rcs_ctr_aesni(rk, 30, ctr, out, pt, 33);
	}
#endif
}

int main(void)
{
	int fails = 0;
	/* 100: the standard finalization; 69: the 8.6 path; 0: empty. */
	fails += run256(100);
	fails += run256(69);
	fails += run256(0);
	fails += run512(77);
	keystreams();
	printf("ct_rcs: block function %s, %d unexpected results\n", qstp_rcs_ctr_impl_name(), fails);
	return fails != 0;
}
