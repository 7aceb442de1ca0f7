/*
 * Shared by test_mldsa_fused and test_mldsa_avx2: random polynomials in a
 * range, and one round of the comparison of two implementations of signing's
 * four fused steps (fused.h: z, w1, r, hint) on the same inputs.
 * test_mldsa_fused passes the sequences of poly.h operations against the
 * portable single passes; test_mldsa_avx2 the portable single passes against
 * the AVX2 ones.  Include once, from a test file (static functions).
 */
#ifndef QSTP_TEST_MLDSA_FUSED_CHECK_H
#define QSTP_TEST_MLDSA_FUSED_CHECK_H

#include "test.h"

#include "qstp/keccak.h"
#include "crypto/mldsa/fused.h"

/* Coefficients in [lo, hi], from SHAKE128 of the seed and a two-letter tag
 * (one per test file, so the files draw different inputs); a few pinned to
 * the ends of the range. */
static void mldsa_draw_range(mldsa_poly *a, const char tag[static 2], unsigned seed, int32_t lo,
                             int32_t hi)
{
	uint8_t in[4] = { (uint8_t)seed, (uint8_t)(seed >> 8), (uint8_t)tag[0], (uint8_t)tag[1] };
	uint32_t buf[MLDSA_N];
	qstp_shake128((uint8_t *)buf, sizeof buf, in, sizeof in);
	for (int i = 0; i < MLDSA_N; i++)
		a->c[i] = (int32_t)(lo + (int64_t)(buf[i] % (uint64_t)((int64_t)hi - lo + 1)));
	a->c[seed % MLDSA_N] = lo;
	a->c[(seed + 1) % MLDSA_N] = hi;
}

/* One implementation of the four steps, with fused.h's signatures. */
struct fused_steps {
	unsigned (*z)(mldsa_poly *z, const mldsa_poly *y, int32_t bound);
	void (*w1)(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2);
	unsigned (*r)(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w, mldsa_poly *cs2,
	              int32_t gamma2, int32_t bound);
	unsigned (*hint)(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0, const mldsa_poly *r,
	                 const mldsa_poly *r1, int32_t gamma2);
};

/* What the rounds' inputs reached: each bound check's two results, and
 * rounds with a hint count in (0, 64). */
struct fused_seen {
	unsigned z[2], r[2], h[2], hinted;
};

/* Round t: both implementations on the same inputs, drawn with tag from the
 * seeds seed0 + k * 1000 + t (k = 0..5), in the ranges sign.c gives them
 * (|x| < q, w standard, small cs2 and ct0 most of the time) and wider ones,
 * with bounds straddling the values.  wide_w: every eighth round draws w
 * from (-q, q) rather than [0, q).  On a mismatch it fails the running test
 * (test_failed_flag) and returns at once; the caller then returns too. */
static void fused_check_round(const struct fused_steps *a, const struct fused_steps *b,
                              const char tag[static 2], unsigned seed0, unsigned t, int wide_w,
                              struct fused_seen *seen)
{
	static mldsa_poly w, x1, x2, y, r1, r2, s1, s2, h1, h2;
	int32_t g2 = t & 1 ? (MLDSA_Q - 1) / 32 : (MLDSA_Q - 1) / 88;

	/* z = reduce(z + y), in place */
	int32_t zb = t % 3 == 0 ? MLDSA_Q : (1 << 19) - 300 + (int32_t)(t % 7) * 100;
	mldsa_draw_range(&x1, tag, seed0 + t, -MLDSA_Q + 1, MLDSA_Q - 1);
	mldsa_draw_range(&y, tag, seed0 + 1000 + t, -(1 << 19) + 1, 1 << 19);
	x2 = x1;
	unsigned ez = a->z(&x1, &y, zb);
	CHECK_EQ(ez, b->z(&x2, &y, zb));
	seen->z[ez & 1]++;
	CHECK_MEM(x1.c, x2.c, sizeof x1.c);

	/* w1 = HighBits(caddq(w)), w updated */
	mldsa_draw_range(&x1, tag, seed0 + 2000 + t, -MLDSA_Q + 1, MLDSA_Q - 1);
	x2 = x1;
	a->w1(&r1, &x1, g2);
	b->w1(&r2, &x2, g2);
	CHECK_MEM(x1.c, x2.c, sizeof x1.c);
	CHECK_MEM(r1.c, r2.c, sizeof r1.c);

	/* r = w - cs2 */
	int32_t cb = t % 4 == 0 ? MLDSA_Q - 1 : 200 + 40 * (int32_t)(t % 5);
	int32_t wlo = wide_w && t % 8 == 5 ? -MLDSA_Q + 1 : 0;
	mldsa_draw_range(&w, tag, seed0 + 3000 + t, wlo, MLDSA_Q - 1);
	mldsa_draw_range(&x1, tag, seed0 + 4000 + t, -cb, cb);
	x2 = x1;
	int32_t rb = g2 - (int32_t)(t % 3) * 2000;
	unsigned e1 = a->r(&s1, &r1, &w, &x1, g2, rb);
	unsigned e2 = b->r(&s2, &r2, &w, &x2, g2, rb);
	CHECK_EQ(e1, e2);
	seen->r[e1 & 1]++;
	CHECK_MEM(s1.c, s2.c, sizeof s1.c);
	CHECK_MEM(r1.c, r2.c, sizeof r1.c);

	/* hints from ct0, against the r and r1 just computed */
	int32_t tb = t % 4 == 1 ? MLDSA_Q - 1 : 2000 + 3000 * (int32_t)(t % 9);
	mldsa_draw_range(&x1, tag, seed0 + 5000 + t, -tb, tb);
	x2 = x1;
	unsigned n1 = 999, n2 = 998;
	e1 = a->hint(&h1, &n1, &x1, &s1, &r1, g2);
	e2 = b->hint(&h2, &n2, &x2, &s1, &r1, g2);
	CHECK_EQ(e1, e2);
	CHECK_EQ(n1, n2);
	seen->h[e1 & 1]++;
	seen->hinted += n1 > 0 && n1 < 64;
	CHECK_MEM(h1.c, h2.c, sizeof h1.c);
}

/* After the rounds: the inputs reached both outcomes of every check. */
static void fused_check_seen(const struct fused_seen *seen)
{
	CHECK(seen->z[0] > 0 && seen->z[1] > 0);
	CHECK(seen->r[0] > 0 && seen->r[1] > 0);
	CHECK(seen->h[0] > 0 && seen->h[1] > 0);
	CHECK(seen->hinted > 0);
}

#endif
