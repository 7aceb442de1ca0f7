/*
 * ML-DSA AVX2 routines added for speed, each compared with the portable
 * version it replaces on random inputs (including the edges of the input
 * ranges).  Skipped, and said so, on a CPU without AVX2.
 */
#include "test.h"

#include "qstp/keccak.h"
#include "crypto/cpu.h"
#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/poly.h"
#include "crypto/mldsa/poly_avx2.h"
#include "crypto/mldsa/sample.h"

#define Q MLDSA_Q

static int have_avx2(void)
{
	if (qstp_cpu_features() & QSTP_CPU_AVX2)
		return 1;
	fprintf(stderr, "no AVX2: skipped\n");
	return 0;
}

/* Coefficients in [lo, hi], from SHAKE128 of a seed; a few pinned to the
 * ends of the range. */
static void random_range(mldsa_poly *a, unsigned seed, int32_t lo, int32_t hi)
{
	uint8_t in[4] = { (uint8_t)seed, (uint8_t)(seed >> 8), 'a', 'x' };
	uint32_t buf[MLDSA_N];
	qstp_shake128((uint8_t *)buf, sizeof buf, in, sizeof in);
	for (int i = 0; i < MLDSA_N; i++)
		a->c[i] = lo + (int32_t)(buf[i] % (uint32_t)(hi - lo + 1));
	a->c[seed % MLDSA_N] = lo;
	a->c[(seed + 1) % MLDSA_N] = hi;
}

TEST(use_hint_avx2_matches_ref)
{
	static mldsa_poly a, h, r1, r2;
	if (!have_avx2())
		return;
	const int32_t g2s[2] = { (Q - 1) / 88, (Q - 1) / 32 };
	for (unsigned t = 0; t < 400; t++) {
		int32_t g2 = g2s[t & 1];
		random_range(&a, 100 + t, 0, Q - 1);
		random_range(&h, 900 + t, 0, 1);
		mldsa_poly_use_hint_ref(&r1, &a, &h, g2);
		mldsa_poly_use_hint_avx2(&r2, &a, &h, g2);
		CHECK_MEM(r1.c, r2.c, sizeof r1.c);
	}
	/* every input around the bucket edges, hinted and not */
	for (unsigned t = 0; t < 2; t++) {
		int32_t g2 = g2s[t];
		for (int32_t base = 0; base < Q; base += 256) {
			for (int i = 0; i < MLDSA_N; i++) {
				a.c[i] = base + i < Q ? base + i : Q - 1;
				h.c[i] = (i >> 1) & 1;
			}
			mldsa_poly_use_hint_ref(&r1, &a, &h, g2);
			mldsa_poly_use_hint_avx2(&r2, &a, &h, g2);
			if (memcmp(r1.c, r2.c, sizeof r1.c) != 0) {
				CHECK_MEM(r1.c, r2.c, sizeof r1.c);
				break;
			}
		}
	}
}

TEST(ball_steps_avx2_matches_ref)
{
	static const unsigned taus[3] = { 39, 49, 60 };
	if (!have_avx2())
		return;
	for (unsigned t = 0; t < 300; t++) {
		unsigned tau = taus[t % 3];
		uint8_t in[3] = { (uint8_t)t, (uint8_t)(t >> 8), 'b' };
		uint8_t rnd[8 + 64];
		int8_t c1[MLDSA_N], c2[MLDSA_N];
		uint8_t js[64];
		uint64_t signs = 0;
		qstp_shake128(rnd, sizeof rnd, in, sizeof in);
		for (unsigned k = 0; k < 8; k++)
			signs |= (uint64_t)rnd[k] << (8 * k);
		memset(c1, 0, sizeof c1);
		for (unsigned k = 0; k < tau; k++) {
			unsigned i = MLDSA_N - tau + k;
			/* j <= i, hitting j == i and j == 0 now and then */
			js[k] = (uint8_t)(k % 7 == 3 ? i : k % 11 == 5 ? 0 : rnd[8 + k] % (i + 1));
			mldsa_ball_step_ref(c1, i, js[k], (int8_t)(1 - 2 * (int)(signs >> k & 1)));
		}
		memset(c2, 0x55, sizeof c2); /* every byte is written */
		mldsa_ball_steps_avx2(c2, js, signs, tau);
		CHECK_MEM(c1, c2, sizeof c1);
	}
}
