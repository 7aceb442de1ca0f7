/*
 * AVX2 forms of the element-wise ML-KEM steps that the profile showed:
 * reduction to [0, q) and SamplePolyCBD_2 (Alg. 8).  Same results as the
 * portable code in poly.c / sample.c; straight-line, no table lookups.
 */
#include <immintrin.h>

#include "mlkem_internal.h"

static inline __m256i ld(const void *p)
{
	return _mm256_loadu_si256((const __m256i *)p);
}

/* Barrett (as ntt_avx2.c), then + q where negative. */
void mlkem_poly_canon_avx2(mlkem_poly *r)
{
	const __m256i q = _mm256_set1_epi16(MLKEM_Q), v = _mm256_set1_epi16(20159),
		      h = _mm256_set1_epi16(1 << 9);
	for (int i = 0; i < MLKEM_N; i += 16) {
		__m256i a = ld(r->c + i);
		__m256i t = _mm256_srai_epi16(_mm256_add_epi16(_mm256_mulhi_epi16(a, v), h), 10);
		a = _mm256_sub_epi16(a, _mm256_mullo_epi16(t, q));
		a = _mm256_add_epi16(a, _mm256_and_si256(_mm256_srai_epi16(a, 15), q));
		_mm256_storeu_si256((__m256i *)(void *)(r->c + i), a);
	}
}

/* eta = 2: per byte, bit pairs summed give four 2-bit fields x0 y0 x1 y1
 * (low to high); (x | 4) - y per nibble is x - y + 4 without borrows; the
 * nibbles become coefficients 2i and 2i+1 after subtracting 4. */
void mlkem_poly_cbd2_avx2(mlkem_poly *r, const uint8_t buf[128])
{
	const __m256i m55 = _mm256_set1_epi8(0x55), m33 = _mm256_set1_epi8(0x33),
		      m44 = _mm256_set1_epi8(0x44), m0f = _mm256_set1_epi8(0x0F),
		      four = _mm256_set1_epi16(4);
	for (int i = 0; i < 4; i++) {
		__m256i t = ld(buf + 32 * i);
		__m256i d = _mm256_add_epi8(_mm256_and_si256(t, m55),
		                            _mm256_and_si256(_mm256_srli_epi16(t, 1), m55));
		__m256i x = _mm256_and_si256(d, m33);
		__m256i y = _mm256_and_si256(_mm256_srli_epi16(d, 2), m33);
		__m256i f = _mm256_sub_epi8(_mm256_or_si256(x, m44), y);
		__m256i lo = _mm256_and_si256(f, m0f);
		__m256i hi = _mm256_and_si256(_mm256_srli_epi16(f, 4), m0f);
		/* z0: bytes 0-7 | 16-23 interleaved, z1: bytes 8-15 | 24-31 */
		__m256i z0 = _mm256_unpacklo_epi8(lo, hi), z1 = _mm256_unpackhi_epi8(lo, hi);
		int16_t *o = r->c + 64 * i;
		_mm256_storeu_si256((__m256i *)(void *)o,
		                    _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(z0)), four));
		_mm256_storeu_si256((__m256i *)(void *)(o + 16),
		                    _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_castsi256_si128(z1)), four));
		_mm256_storeu_si256((__m256i *)(void *)(o + 32),
		                    _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(z0, 1)), four));
		_mm256_storeu_si256((__m256i *)(void *)(o + 48),
		                    _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm256_extracti128_si256(z1, 1)), four));
	}
}
