/*
 * AVX2 form of SampleNTT's rejection step (FIPS 203 Alg. 7 lines 5-13):
 * 24 bytes give 16 candidates per iteration; those below q are moved to the
 * front of each half with a byte shuffle chosen by the acceptance mask.
 *
 * The input is XOF output of the public seed rho, so indexing the shuffle
 * table with the mask leaks nothing secret (the constant-time test marks
 * rho public where the library declassifies it).
 */
#include <immintrin.h>

#include "mlkem_internal.h"
#include "rej_table.h"

unsigned mlkem_rej_uniform_avx2(int16_t *r, unsigned ctr, const uint8_t *buf, size_t len)
{
	/* Lane 0 takes bytes 0..11 of the step, lane 1 bytes 12..23 (loaded
	 * as qwords 1..2, so at offset 4 of the lane); each candidate pair
	 * (b0, b1, b2) becomes the words b0|b1<<8 and b1|b2<<8. */
	const __m256i idx = _mm256_setr_epi8(0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11,
	                                     4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 11, 12, 13, 14, 14, 15);
	const __m256i mask12 = _mm256_set1_epi16(0x0FFF), q = _mm256_set1_epi16(MLKEM_Q);
	size_t pos = 0;

	/* Each iteration writes 16 bytes twice past the count: stay 16 words
	 * clear of the end; the loads read 32 bytes. */
	while (ctr <= MLKEM_N - 16 && pos + 32 <= len) {
		__m256i t = _mm256_loadu_si256((const __m256i *)(const void *)(buf + pos));
		t = _mm256_permute4x64_epi64(t, 0x94); /* qwords 0,1 | 1,2 */
		t = _mm256_shuffle_epi8(t, idx);
		__m256i x = _mm256_blend_epi16(t, _mm256_srli_epi16(t, 4), 0xAA);
		x = _mm256_and_si256(x, mask12);
		__m256i ok = _mm256_cmpgt_epi16(q, x);
		unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_packs_epi16(ok, ok));
		unsigned m0 = m & 0xFF, m1 = (m >> 16) & 0xFF;
		__m128i lo = _mm_shuffle_epi8(_mm256_castsi256_si128(x),
		                              _mm_load_si128((const __m128i *)(const void *)rej_idx[m0]));
		__m128i hi = _mm_shuffle_epi8(_mm256_extracti128_si256(x, 1),
		                              _mm_load_si128((const __m128i *)(const void *)rej_idx[m1]));
		_mm_storeu_si128((__m128i *)(void *)(r + ctr), lo);
		ctr += (unsigned)__builtin_popcount(m0);
		_mm_storeu_si128((__m128i *)(void *)(r + ctr), hi);
		ctr += (unsigned)__builtin_popcount(m1);
		pos += 24;
	}
	return mlkem_rej_uniform_ref(r, ctr, buf + pos, len - pos);
}
