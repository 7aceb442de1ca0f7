/*
 * ML-DSA coefficient-wise operations with AVX2 (x86-64; chosen at run time
 * by poly.c).  Each computes exactly what its portable version in poly.c
 * computes (tests/unit/test_mldsa_poly compares them on random inputs), in
 * time independent of the values: masks and blends only.
 */
#include "ntt.h"

#ifdef MLDSA_HAVE_AVX2
#include <immintrin.h>

#include "poly_avx2.h"
#include "avx2_inline.h"

void mldsa_poly_add_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (unsigned i = 0; i < MLDSA_N; i += 8)
		st(r->c + i, _mm256_add_epi32(ld(a->c + i), ld(b->c + i)));
}

void mldsa_poly_sub_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (unsigned i = 0; i < MLDSA_N; i += 8)
		st(r->c + i, _mm256_sub_epi32(ld(a->c + i), ld(b->c + i)));
}

void mldsa_poly_reduce_avx2(mldsa_poly *a)
{
	for (unsigned i = 0; i < MLDSA_N; i += 8)
		st(a->c + i, reduce32(ld(a->c + i)));
}

void mldsa_poly_caddq_avx2(mldsa_poly *a)
{
	for (unsigned i = 0; i < MLDSA_N; i += 8)
		st(a->c + i, caddq(ld(a->c + i)));
}

void mldsa_poly_highbits_avx2(mldsa_poly *a1, const mldsa_poly *a, int32_t gamma2)
{
	struct dec_consts d = dec_consts(gamma2);
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i lo;
		st(a1->c + i, dec(&lo, ld(a->c + i), &d));
	}
}

void mldsa_poly_decompose_avx2(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a,
                               int32_t gamma2)
{
	struct dec_consts d = dec_consts(gamma2);
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i lo;
		st(a1->c + i, dec(&lo, ld(a->c + i), &d));
		st(a0->c + i, lo);
	}
}

unsigned mldsa_poly_make_hint_avx2(mldsa_poly *h, const mldsa_poly *rz, const mldsa_poly *r1,
                                   int32_t gamma2)
{
	struct dec_consts d = dec_consts(gamma2);
	const __m256i one = _mm256_set1_epi32(1);
	__m256i cnt = _mm256_setzero_si256();
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i lo;
		__m256i eq = _mm256_cmpeq_epi32(dec(&lo, ld(rz->c + i), &d), ld(r1->c + i));
		__m256i bit = _mm256_andnot_si256(eq, one);
		st(h->c + i, bit);
		cnt = _mm256_add_epi32(cnt, bit);
	}
	return hsum32(cnt);
}

/* UseHint as in poly.c: with the hint set, r1 moves by +1 if r0 > 0 and by
 * -1 otherwise, modulo m = (q - 1) / (2 gamma2). */
void mldsa_poly_use_hint_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *h,
                              int32_t gamma2)
{
	struct dec_consts d = dec_consts(gamma2);
	const __m256i zero = _mm256_setzero_si256(), one = _mm256_set1_epi32(1);
	const __m256i m = _mm256_set1_epi32((MLDSA_Q - 1) / (2 * gamma2));
	const __m256i mm1 = _mm256_set1_epi32((MLDSA_Q - 1) / (2 * gamma2) - 1);
	for (unsigned i = 0; i < MLDSA_N; i += 8) {
		__m256i lo;
		__m256i hi = dec(&lo, ld(a->c + i), &d);
		/* -1 where lo > 0, 1 elsewhere; negated: the step to take */
		__m256i step = _mm256_sub_epi32(zero, _mm256_or_si256(_mm256_cmpgt_epi32(lo, zero), one));
		__m256i hm = _mm256_sub_epi32(zero, ld(h->c + i)); /* h is 0 or 1 */
		hi = _mm256_add_epi32(hi, _mm256_and_si256(hm, step));
		hi = _mm256_add_epi32(hi, _mm256_and_si256(_mm256_srai_epi32(hi, 31), m));
		hi = _mm256_sub_epi32(hi, _mm256_and_si256(_mm256_cmpgt_epi32(hi, mm1), m));
		st(r->c + i, hi);
	}
}

unsigned mldsa_poly_exceeds_avx2(const mldsa_poly *a, int32_t bound)
{
	const __m256i b = _mm256_set1_epi32(bound - 1);
	__m256i over = _mm256_setzero_si256();
	for (unsigned i = 0; i < MLDSA_N; i += 8)
		over = _mm256_or_si256(over, _mm256_cmpgt_epi32(_mm256_abs_epi32(ld(a->c + i)), b));
	/* one bit per lane, then 0 or 1 without a branch */
	uint32_t m = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(over));
	return (m | (0u - m)) >> 31;
}

/*
 * One step of SampleInBall on the byte array c: c[i] = c[j]; c[j] = s,
 * without indexing by the secret j (see sample.c): c[j] is gathered by a
 * compare-and-mask over all 256 bytes, then written by a blend.
 */
void mldsa_ball_step_avx2(int8_t c[MLDSA_N], uint32_t i, uint32_t j, int8_t s)
{
	const __m256i jj = _mm256_set1_epi8((char)j);
	const __m256i step = _mm256_set1_epi8(32);
	__m256i idx = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	                               17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
	__m256i acc = _mm256_setzero_si256(), m[8], v[8];
	for (unsigned k = 0; k < 8; k++) {
		v[k] = _mm256_loadu_si256((const __m256i *)(const void *)(c + 32 * k));
		m[k] = _mm256_cmpeq_epi8(idx, jj);
		acc = _mm256_or_si256(acc, _mm256_and_si256(v[k], m[k]));
		idx = _mm256_add_epi8(idx, step);
	}
	/* OR of all 32 bytes: only one is nonzero at most */
	__m128i x = _mm_or_si128(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
	x = _mm_or_si128(x, _mm_srli_si128(x, 8));
	x = _mm_or_si128(x, _mm_srli_si128(x, 4));
	x = _mm_or_si128(x, _mm_srli_si128(x, 2));
	x = _mm_or_si128(x, _mm_srli_si128(x, 1));
	c[i] = (int8_t)_mm_cvtsi128_si32(x);
	/* reload: c[i] may share a vector with c[j] */
	const __m256i sv = _mm256_set1_epi8(s);
	for (unsigned k = 0; k < 8; k++) {
		v[k] = _mm256_loadu_si256((const __m256i *)(const void *)(c + 32 * k));
		v[k] = _mm256_blendv_epi8(v[k], sv, m[k]);
		_mm256_storeu_si256((__m256i *)(void *)(c + 32 * k), v[k]);
	}
}

/*
 * All of SampleInBall's steps at once: for t = 0..count-1, with i = 256 -
 * count + t, c[i] = c[j[t]]; c[j[t]] = +-1 (sign bit t of signs: 1 means
 * -1), starting from c = 0.  The 256 bytes stay in eight registers; c[j] is
 * gathered and written with compare masks over every byte (j is secret),
 * c[i] (i public, >= 192 since count <= 64) with a blend in the last two
 * vectors.  Same result as count calls of mldsa_ball_step_ref.
 */
void mldsa_ball_steps_avx2(int8_t c[MLDSA_N], const uint8_t *j, uint64_t signs, unsigned count)
{
	__m256i v[8], idx[8];
	const __m256i one = _mm256_set1_epi8(1);
	_Pragma("GCC unroll 8")
	for (unsigned k = 0; k < 8; k++) {
		v[k] = _mm256_setzero_si256();
		idx[k] = _mm256_add_epi8(_mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		                                          13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
		                                          23, 24, 25, 26, 27, 28, 29, 30, 31),
		                         _mm256_set1_epi8((char)(32 * k)));
	}
	for (unsigned t = 0; t < count; t++) {
		const unsigned i = MLDSA_N - count + t;
		const __m256i jj = _mm256_set1_epi8((char)j[t]);
		__m256i acc = _mm256_setzero_si256();
		_Pragma("GCC unroll 8")
		for (unsigned k = 0; k < 8; k++)
			acc = _mm256_or_si256(acc,
			                      _mm256_and_si256(v[k], _mm256_cmpeq_epi8(idx[k], jj)));
		/* at most one byte of acc is nonzero: OR-fold it into every byte */
		acc = _mm256_or_si256(acc, _mm256_permute2x128_si256(acc, acc, 0x01));
		acc = _mm256_or_si256(acc, _mm256_shuffle_epi32(acc, 0x4E));
		acc = _mm256_or_si256(acc, _mm256_shuffle_epi32(acc, 0xB1));
		acc = _mm256_or_si256(acc, _mm256_srli_epi32(acc, 16));
		acc = _mm256_or_si256(acc, _mm256_srli_epi32(acc, 8));
		acc = _mm256_shuffle_epi8(acc, _mm256_setzero_si256());
		const __m256i ii = _mm256_set1_epi8((char)i);
		v[6] = _mm256_blendv_epi8(v[6], acc, _mm256_cmpeq_epi8(idx[6], ii));
		v[7] = _mm256_blendv_epi8(v[7], acc, _mm256_cmpeq_epi8(idx[7], ii));
		/* s = 1 - 2 * bit: the bit (secret) widened to a byte mask */
		__m256i sv = _mm256_set1_epi8((char)(signs >> t & 1));
		sv = _mm256_sub_epi8(one, _mm256_add_epi8(sv, sv));
		_Pragma("GCC unroll 8")
		for (unsigned k = 0; k < 8; k++)
			v[k] = _mm256_blendv_epi8(v[k], sv, _mm256_cmpeq_epi8(idx[k], jj));
	}
	_Pragma("GCC unroll 8")
	for (unsigned k = 0; k < 8; k++)
		_mm256_storeu_si256((__m256i *)(void *)(c + 32 * k), v[k]);
}
#endif
