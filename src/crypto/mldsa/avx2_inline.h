/*
 * Internal: small AVX2 helpers shared by the ML-DSA AVX2 files (include only
 * from files compiled with -mavx2): loads and stores, and the lane-wise
 * versions of poly.h's reduce32, caddq, Decompose and Montgomery product, and
 * the sum of the lanes.
 */
#ifndef QSTP_MLDSA_AVX2_INLINE_H
#define QSTP_MLDSA_AVX2_INLINE_H

#include <immintrin.h>

#include "poly.h"

static inline __m256i ld(const int32_t *p)
{
	return _mm256_loadu_si256((const __m256i *)(const void *)p);
}

static inline void st(int32_t *p, __m256i v)
{
	_mm256_storeu_si256((__m256i *)(void *)p, v);
}

static inline __m256i reduce32(__m256i a)
{
	__m256i t = _mm256_srai_epi32(_mm256_add_epi32(a, _mm256_set1_epi32(1 << 22)), 23);
	return _mm256_sub_epi32(a, _mm256_mullo_epi32(t, _mm256_set1_epi32(MLDSA_Q)));
}

static inline __m256i caddq(__m256i a)
{
	return _mm256_add_epi32(a, _mm256_and_si256(_mm256_srai_epi32(a, 31),
	                                            _mm256_set1_epi32(MLDSA_Q)));
}

/* Decompose as in poly.c: r1 = ((r + g2 - 1) >> sh) * mul >> s2, folding
 * the top bucket to 0 with r0 - 1. */
struct dec_consts {
	__m256i g2m1, two_g2, mul, top;
	int sh, s2;
};

static inline struct dec_consts dec_consts(int32_t gamma2)
{
	struct dec_consts d;
	int is32 = gamma2 == (MLDSA_Q - 1) / 32;
	d.g2m1 = _mm256_set1_epi32(gamma2 - 1);
	d.two_g2 = _mm256_set1_epi32(2 * gamma2);
	d.mul = _mm256_set1_epi32(is32 ? 65601 : 45101);
	d.top = _mm256_set1_epi32(is32 ? 16 : 44);
	d.sh = is32 ? 9 : 11;
	d.s2 = is32 ? 26 : 22;
	return d;
}

static inline __m256i dec(__m256i *r0, __m256i r, const struct dec_consts *d)
{
	__m256i x = _mm256_add_epi32(r, d->g2m1);
	__m256i r1 = _mm256_srl_epi32(x, _mm_cvtsi32_si128(d->sh));
	r1 = _mm256_srl_epi32(_mm256_mullo_epi32(r1, d->mul), _mm_cvtsi32_si128(d->s2));
	__m256i lo = _mm256_sub_epi32(r, _mm256_mullo_epi32(r1, d->two_g2));
	__m256i m = _mm256_cmpeq_epi32(r1, d->top);
	*r0 = _mm256_add_epi32(lo, m);
	return _mm256_andnot_si256(m, r1);
}

/* a * b * 2^-32 mod q per lane (Montgomery), |a * b| < q 2^31: the same
 * arithmetic as mldsa_montgomery_reduce, even and odd lanes separately. */
static inline __m256i mulred(__m256i a, __m256i b)
{
	const __m256i q = _mm256_set1_epi32(MLDSA_Q), qinv = _mm256_set1_epi32(58728449);
	__m256i pe = _mm256_mul_epi32(a, b);
	__m256i po = _mm256_mul_epi32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32));
	__m256i te = _mm256_mul_epi32(_mm256_mul_epi32(pe, qinv), q);
	__m256i to = _mm256_mul_epi32(_mm256_mul_epi32(po, qinv), q);
	pe = _mm256_srli_epi64(_mm256_sub_epi64(pe, te), 32);
	po = _mm256_sub_epi64(po, to);
	return _mm256_blend_epi32(pe, po, 0xAA);
}

/* The sum of the eight 32-bit lanes (hint counts). */
static inline unsigned hsum32(__m256i v)
{
	__m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
	return (unsigned)_mm_cvtsi128_si32(s);
}

#endif
