/* ML-DSA sampling from SHAKE (FIPS 204 Alg. 29 to 34). */
#include "sample.h"

#include <string.h>

#include "qstp/keccak.h"
#include "../ct.h"
#include "pack.h"
#include "rej.h"
#include "../cpu.h"
#include "poly_avx2.h"

/* Alg. 30 RejNTTPoly with Alg. 14 CoeffFromThreeBytes, one stream (the
 * reference for the four-way mldsa_expand_a).  A is public. */
void mldsa_expand_a_entry(mldsa_poly *a, const uint8_t rho[MLDSA_SEEDBYTES], unsigned r,
                          unsigned s)
{
	uint8_t seed[MLDSA_SEEDBYTES + 2];
	uint8_t buf[MLDSA_EXPAND_A_BLOCKS * QSTP_SHAKE128_RATE];
	qstp_keccak k;
	memcpy(seed, rho, MLDSA_SEEDBYTES);
	seed[MLDSA_SEEDBYTES] = (uint8_t)s;
	seed[MLDSA_SEEDBYTES + 1] = (uint8_t)r;
	qstp_shake128_init(&k);
	qstp_keccak_absorb(&k, seed, sizeof seed);
	qstp_keccak_squeeze(&k, buf, sizeof buf);
	unsigned n = mldsa_rej_uniform(a, 0, buf, sizeof buf);
	while (n < MLDSA_N) {
		qstp_keccak_squeeze(&k, buf, QSTP_SHAKE128_RATE);
		n = mldsa_rej_uniform(a, n, buf, QSTP_SHAKE128_RATE);
	}
}

/* Alg. 31 RejBoundedPoly, one stream (the reference for mldsa_expand_s);
 * the declassification is explained at mldsa_rej_eta. */
void mldsa_sample_eta(mldsa_poly *a, const mldsa_params *P,
                      const uint8_t rhop[MLDSA_CRHBYTES], uint16_t nonce)
{
	uint8_t seed[MLDSA_CRHBYTES + 2];
	uint8_t buf[MLDSA_EXPAND_S_BLOCKS * QSTP_SHAKE256_RATE];
	qstp_keccak k;
	memcpy(seed, rhop, MLDSA_CRHBYTES);
	seed[MLDSA_CRHBYTES] = (uint8_t)nonce;
	seed[MLDSA_CRHBYTES + 1] = (uint8_t)(nonce >> 8);
	qstp_shake256_init(&k);
	qstp_keccak_absorb(&k, seed, sizeof seed);
	qstp_keccak_squeeze(&k, buf, sizeof buf);
	unsigned n = mldsa_rej_eta(a, 0, P, buf, sizeof buf);
	while (n < MLDSA_N) {
		qstp_keccak_squeeze(&k, buf, QSTP_SHAKE256_RATE);
		n = mldsa_rej_eta(a, n, P, buf, QSTP_SHAKE256_RATE);
	}
	qstp_wipe(buf, sizeof buf);
	qstp_wipe(seed, sizeof seed);
	qstp_keccak_wipe(&k);
}

/* Alg. 34 ExpandMask for one polynomial (the reference for mldsa_expand_mask): BitUnpack(v, gamma1 - 1, gamma1). */
void mldsa_sample_mask(mldsa_poly *a, const mldsa_params *P,
                       const uint8_t rhopp[MLDSA_CRHBYTES], uint16_t nonce)
{
	uint8_t seed[MLDSA_CRHBYTES + 2];
	uint8_t buf[MLDSA_POLYZ_MAX];
	memcpy(seed, rhopp, MLDSA_CRHBYTES);
	seed[MLDSA_CRHBYTES] = (uint8_t)nonce;
	seed[MLDSA_CRHBYTES + 1] = (uint8_t)(nonce >> 8);
	qstp_shake256(buf, P->z_packed, seed, sizeof seed);
	mldsa_unpack_z_bytes(a, P, buf);
	qstp_wipe(buf, sizeof buf);
	qstp_wipe(seed, sizeof seed);
}

/* 0xFF if x == 0, else 0, without a comparison: ~x & (x - 1) has its top
 * bit set only for x == 0.  Byte-wide so that the loops below run 16
 * positions per SSE2 / NEON instruction. */
static inline uint8_t zero_mask8(uint8_t x)
{
	return (uint8_t)-(uint8_t)((uint8_t)(~x & (uint8_t)(x - 1u)) >> 7);
}

/* c[i] = c[j]; c[j] = s, over every position with masks (j is secret), in
 * one pass: v collects the old c[j] while c[j] takes s, then c[i] takes v
 * unless j == i (which leaves s), by mask on i ^ j. */
void mldsa_ball_step_ref(int8_t cc[MLDSA_N], uint32_t i, uint32_t j, int8_t s)
{
	const uint8_t jb = (uint8_t)j; /* j <= i < 256 */
	uint8_t v = 0, tb = 0;
	/* tb counts with t in a byte of its own, so that the position
	 * vector is built in byte lanes too */
	for (unsigned t = 0; t < MLDSA_N; t++, tb++) {
		uint8_t m = zero_mask8(tb ^ jb);
		uint8_t old = (uint8_t)cc[t];
		v |= old & m;
		cc[t] = (int8_t)((old & (uint8_t)~m) | ((uint8_t)s & m));
	}
	uint8_t mi = zero_mask8((uint8_t)(i ^ j));
	cc[i] = (int8_t)((v & (uint8_t)~mi) | ((uint8_t)s & mi));
}

static void ball_step(int8_t cc[MLDSA_N], uint32_t i, uint32_t j, int8_t s)
{
#ifdef MLDSA_HAVE_AVX2
	if (qstp_cpu_features() & QSTP_CPU_AVX2) {
		mldsa_ball_step_avx2(cc, i, j, s);
		return;
	}
#endif
	mldsa_ball_step_ref(cc, i, j, s);
}

/*
 * Alg. 29 SampleInBall.  In signing the challenge is secret until the
 * attempt is accepted, so the swap c[i] = c[j], c[j] = sign runs over every
 * position with masks instead of indexing by j.  The index byte's accept or
 * reject (j > i) is declassified: the bytes are uniform and independent, and
 * a rejected byte is discarded, so the pattern says nothing about the
 * accepted indices or the signs.
 */
void mldsa_sample_in_ball(mldsa_poly *c, const mldsa_params *P, const uint8_t *ctilde)
{
	uint8_t buf[QSTP_SHAKE256_RATE];
	int8_t cc[MLDSA_N];
	qstp_keccak k;
	qstp_shake256_init(&k);
	qstp_keccak_absorb(&k, ctilde, P->ctilde_bytes);
	qstp_keccak_squeeze(&k, buf, sizeof buf);
	uint64_t signs = 0;
	for (unsigned i = 0; i < 8; i++)
		signs |= (uint64_t)buf[i] << (8 * i);
	size_t pos = 8;
	memset(cc, 0, sizeof cc);
#ifdef MLDSA_HAVE_AVX2
	/* with AVX2: collect the accepted indices, then run every step at once
	 * with c held in registers (poly_avx2.c) */
	uint8_t js[64];
	const int all_at_once = (qstp_cpu_features() & QSTP_CPU_AVX2) != 0;
#endif
	for (unsigned i = MLDSA_N - P->tau; i < MLDSA_N; i++) {
		uint32_t j;
		for (;;) {
			if (pos == sizeof buf) {
				qstp_keccak_squeeze(&k, buf, sizeof buf);
				pos = 0;
			}
			j = buf[pos++];
			uint32_t ok = (i - j) >> 31 ^ 1u; /* 1 iff j <= i */
			QSTP_CT_PUBLIC(&ok, sizeof ok);
			if (ok)
				break;
		}
#ifdef MLDSA_HAVE_AVX2
		if (all_at_once) {
			js[i - (MLDSA_N - P->tau)] = (uint8_t)j;
			continue;
		}
#endif
		int8_t s = (int8_t)(1 - 2 * (int)(signs & 1));
		signs >>= 1;
		ball_step(cc, i, j, s);
	}
#ifdef MLDSA_HAVE_AVX2
	if (all_at_once) {
		mldsa_ball_steps_avx2(cc, js, signs, P->tau);
		qstp_wipe(js, sizeof js);
	}
#endif
	for (unsigned t = 0; t < MLDSA_N; t++)
		c->c[t] = cc[t];
	qstp_wipe(buf, sizeof buf);
	qstp_wipe(cc, sizeof cc);
	qstp_keccak_wipe(&k);
}
