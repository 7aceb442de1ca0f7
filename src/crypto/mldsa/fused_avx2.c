/*
 * ML-DSA fused per-polynomial steps with AVX2 (fused.h; x86-64, chosen at
 * run time by fused.c).  Each keeps eight coefficients in a register through
 * the whole sequence of operations its portable version runs as separate
 * passes, with the same lane arithmetic, so the results are equal
 * (tests/unit/test_mldsa_avx2).  Masks only: no branch on the values.
 */
#include "ntt.h"

#ifdef MLDSA_HAVE_AVX2
#include <immintrin.h>

#include "avx2_inline.h"
#include "fused.h"
#include "poly_avx2.h"

/* 0 or 1: whether some lane of the accumulated compare masks is set. */
static inline unsigned any_lane(__m256i over)
{
	uint32_t m = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(over));
	return (m | (0u - m)) >> 31;
}

/* -1 in the lanes with |x| >= bound (|x| < 2^30), as mldsa_poly_exceeds */
static inline __m256i over_bound(__m256i x, __m256i bm1)
{
	return _mm256_cmpgt_epi32(_mm256_abs_epi32(x), bm1);
}

/* Montgomery reduction of four even-lane and four odd-lane 64-bit sums
 * (|sum| < q 2^31), as mldsa_montgomery_reduce: results in (-q, q). */
static inline __m256i mont64(__m256i se, __m256i so)
{
	const __m256i q = _mm256_set1_epi32(MLDSA_Q), qinv = _mm256_set1_epi32(58728449);
	__m256i te = _mm256_mul_epi32(_mm256_mul_epi32(se, qinv), q);
	__m256i to = _mm256_mul_epi32(_mm256_mul_epi32(so, qinv), q);
	se = _mm256_srli_epi64(_mm256_sub_epi64(se, te), 32);
	so = _mm256_sub_epi64(so, to);
	return _mm256_blend_epi32(se, so, 0xAA);
}

/* se, so += a * b in the even / odd 32-bit lanes, as 64-bit products */
static inline void mac(__m256i *se, __m256i *so, __m256i a, __m256i b)
{
	*se = _mm256_add_epi64(*se, _mm256_mul_epi32(a, b));
	*so = _mm256_add_epi64(*so, _mm256_mul_epi32(_mm256_srli_epi64(a, 32),
	                                              _mm256_srli_epi64(b, 32)));
}

void mldsa_row_pointwise_avx2(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                              unsigned l)
{
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i se = _mm256_setzero_si256(), so = _mm256_setzero_si256();
		for (unsigned j = 0; j < l; j++)
			mac(&se, &so, ld(a[j].c + i), ld(z[j].c + i));
		st(w->c + i, mont64(se, so));
	}
}

unsigned mldsa_fused_z_avx2(mldsa_poly *z, const mldsa_poly *y, int32_t bound)
{
	const __m256i bm1 = _mm256_set1_epi32(bound - 1);
	__m256i over = _mm256_setzero_si256();
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i x = reduce32(_mm256_add_epi32(ld(z->c + i), ld(y->c + i)));
		st(z->c + i, x);
		over = _mm256_or_si256(over, over_bound(x, bm1));
	}
	return any_lane(over);
}

void mldsa_fused_w1_avx2(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2)
{
	struct dec_consts d = dec_consts(gamma2);
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i lo, x = caddq(ld(w->c + i));
		st(w->c + i, x);
		st(w1->c + i, dec(&lo, x, &d));
	}
}

unsigned mldsa_fused_r_avx2(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w,
                            mldsa_poly *cs2, int32_t gamma2, int32_t bound)
{
	struct dec_consts d = dec_consts(gamma2);
	const __m256i bm1 = _mm256_set1_epi32(bound - 1);
	__m256i over = _mm256_setzero_si256();
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i t = reduce32(ld(cs2->c + i)), r0;
		__m256i x = caddq(reduce32(_mm256_sub_epi32(ld(w->c + i), t)));
		st(r->c + i, x);
		st(r1->c + i, dec(&r0, x, &d));
		over = _mm256_or_si256(over, over_bound(r0, bm1));
	}
	return any_lane(over);
}

unsigned mldsa_fused_hint_avx2(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0,
                               const mldsa_poly *r, const mldsa_poly *r1, int32_t gamma2)
{
	struct dec_consts d = dec_consts(gamma2);
	const __m256i bm1 = _mm256_set1_epi32(gamma2 - 1), one = _mm256_set1_epi32(1);
	__m256i over = _mm256_setzero_si256(), cnt = _mm256_setzero_si256();
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i t = reduce32(ld(ct0->c + i)), lo;
		over = _mm256_or_si256(over, over_bound(t, bm1));
		__m256i rz = caddq(reduce32(_mm256_add_epi32(t, ld(r->c + i))));
		__m256i eq = _mm256_cmpeq_epi32(dec(&lo, rz, &d), ld(r1->c + i));
		__m256i bit = _mm256_andnot_si256(eq, one);
		st(h->c + i, bit);
		cnt = _mm256_add_epi32(cnt, bit);
	}
	*hints = hsum32(cnt);
	return any_lane(over);
}

void mldsa_fused_t_avx2(mldsa_poly *t1, mldsa_poly *t0, mldsa_poly *t, const mldsa_poly *s2)
{
	const __m256i half = _mm256_set1_epi32((1 << (MLDSA_D - 1)) - 1);
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i x = caddq(reduce32(_mm256_add_epi32(ld(t->c + i), ld(s2->c + i))));
		/* Power2Round as poly.c: r1 = (r + 2^12 - 1) >> 13, r0 = r - r1 2^13 */
		__m256i r1 = _mm256_srai_epi32(_mm256_add_epi32(x, half), MLDSA_D);
		st(t1->c + i, r1);
		st(t0->c + i, _mm256_sub_epi32(x, _mm256_slli_epi32(r1, MLDSA_D)));
	}
}

void mldsa_row_pointwise_sub_avx2(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                                  unsigned l, const mldsa_poly *c, const mldsa_poly *t)
{
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i se = _mm256_setzero_si256(), so = _mm256_setzero_si256();
		for (unsigned j = 0; j < l; j++)
			mac(&se, &so, ld(a[j].c + i), ld(z[j].c + i));
		/* minus c t: the same products of -c */
		mac(&se, &so, _mm256_sub_epi32(_mm256_setzero_si256(), ld(c->c + i)), ld(t->c + i));
		st(w->c + i, mont64(se, so));
	}
}

void mldsa_fused_use_hint_avx2(mldsa_poly *r, mldsa_poly *w, const mldsa_poly *h,
                               int32_t gamma2)
{
	for (unsigned i = 0; i < MLDSA_N; i += 8)
		st(w->c + i, caddq(ld(w->c + i)));
	mldsa_poly_use_hint_avx2(r, w, h, gamma2);
}

void mldsa_fused_split_avx2(mldsa_poly *a, mldsa_poly *b, const mldsa_poly *v)
{
	const __m256i half = _mm256_set1_epi32(1 << (MLDSA_PAIR_SHIFT - 1));
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i x = reduce32(ld(v->c + i));
		__m256i hi = _mm256_srai_epi32(_mm256_add_epi32(x, half), MLDSA_PAIR_SHIFT);
		st(a->c + i, _mm256_sub_epi32(x, _mm256_slli_epi32(hi, MLDSA_PAIR_SHIFT)));
		st(b->c + i, hi);
	}
}
#endif
