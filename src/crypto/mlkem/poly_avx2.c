/*
 * AVX2 forms of the element-wise ML-KEM steps that the profile showed:
 * reduction to [0, q) and SamplePolyCBD_2 (Alg. 8).  Same results as the
 * portable code in poly.c / sample.c; straight-line, no table lookups.
 */
#include <immintrin.h>
#include <string.h>

#include "mlkem_internal.h"
#include "../wipe.h"

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

/* Compress_d of 256 canonical values into v[] (unpacked): the same exact
 * floor((2^d x + 1664) * ceil(2^35 / q) >> 35) as the scalar code, with
 * 64-bit products from vpmuludq on the even and odd 32-bit lanes. */
void mlkem_compress_avx2(uint16_t v[MLKEM_N], const mlkem_poly *a, unsigned d)
{
	const __m256i m = _mm256_set1_epi32(10321340), h = _mm256_set1_epi32((MLKEM_Q - 1) / 2),
		      mask = _mm256_set1_epi32((int)((1u << d) - 1));
	const __m128i sh = _mm_cvtsi32_si128((int)d);
	for (int i = 0; i < MLKEM_N; i += 16) {
		__m256i x = ld(a->c + i), c[2];
		for (int j = 0; j < 2; j++) {
			__m256i y = _mm256_cvtepu16_epi32(j ? _mm256_extracti128_si256(x, 1)
			                                    : _mm256_castsi256_si128(x));
			y = _mm256_add_epi32(_mm256_sll_epi32(y, sh), h);
			__m256i pe = _mm256_srli_epi64(_mm256_mul_epu32(y, m), 35);
			__m256i po = _mm256_srli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(y, 32), m), 35);
			c[j] = _mm256_and_si256(_mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA),
			                        mask);
		}
		__m256i p = _mm256_permute4x64_epi64(_mm256_packus_epi32(c[0], c[1]), 0xD8);
		_mm256_storeu_si256((__m256i *)(void *)(v + i), p);
	}
}

/* Decompress_d of 256 values < 2^d: vpmulhrsw gives
 * (y 2^(15-d) q + 2^14) >> 15 = floor((q y + 2^(d-1)) / 2^d). */
void mlkem_decompress_avx2(mlkem_poly *r, const uint16_t v[MLKEM_N], unsigned d)
{
	const __m256i q = _mm256_set1_epi16(MLKEM_Q);
	const __m128i sh = _mm_cvtsi32_si128((int)(15 - d));
	for (int i = 0; i < MLKEM_N; i += 16) {
		__m256i y = _mm256_sll_epi16(ld(v + i), sh);
		_mm256_storeu_si256((__m256i *)(void *)(r->c + i), _mm256_mulhrs_epi16(y, q));
	}
}

/* ByteDecode_12: 24 bytes give 16 values, as in the rejection sampler
 * (lane 0 bytes 0..11, lane 1 bytes 12..23; words b0|b1<<8 and b1|b2<<8,
 * the odd ones shifted down by 4).  The last step reads through a copy so
 * that no load passes the end of the 384 bytes. */
void mlkem_frombytes_avx2(mlkem_poly *r, const uint8_t in[MLKEM_POLY_BYTES])
{
	const __m256i idx = _mm256_setr_epi8(0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11,
	                                     4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 11, 12, 13, 14, 14, 15);
	const __m256i mask12 = _mm256_set1_epi16(0x0FFF);
	uint8_t last[32] = { 0 };
	memcpy(last, in + 15 * 24, 24);
	for (int i = 0; i < 16; i++) {
		__m256i t = ld(i < 15 ? in + 24 * i : last);
		t = _mm256_shuffle_epi8(_mm256_permute4x64_epi64(t, 0x94), idx);
		t = _mm256_and_si256(_mm256_blend_epi16(t, _mm256_srli_epi16(t, 4), 0xAA), mask12);
		_mm256_storeu_si256((__m256i *)(void *)(r->c + 16 * i), t);
	}
	qstp_wipe(last, sizeof last); /* a copy of (possibly secret) key bytes */
}

/* ByteEncode_12 of canonical values: vpmaddwd joins each pair into
 * x0 + 4096 x1 (24 bits), a shuffle keeps three bytes of each, and each
 * lane's 12 bytes are written exactly (8 + 4). */
void mlkem_tobytes_avx2(uint8_t out[MLKEM_POLY_BYTES], const mlkem_poly *a)
{
	const __m256i mul = _mm256_set1_epi32((4096 << 16) | 1);
	const __m256i idx = _mm256_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1,
	                                     0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
	for (int i = 0; i < 16; i++) {
		__m256i t = _mm256_shuffle_epi8(_mm256_madd_epi16(ld(a->c + 16 * i), mul), idx);
		__m128i lo = _mm256_castsi256_si128(t), hi = _mm256_extracti128_si256(t, 1);
		uint8_t *o = out + 24 * i;
		uint32_t w;
		_mm_storel_epi64((__m128i *)(void *)o, lo);
		w = (uint32_t)_mm_extract_epi32(lo, 2);
		memcpy(o + 8, &w, 4);
		_mm_storel_epi64((__m128i *)(void *)(o + 12), hi);
		w = (uint32_t)_mm_extract_epi32(hi, 2);
		memcpy(o + 20, &w, 4);
	}
}

void mlkem_poly_add_avx2(mlkem_poly *r, const mlkem_poly *a)
{
	for (int i = 0; i < MLKEM_N; i += 16)
		_mm256_storeu_si256((__m256i *)(void *)(r->c + i),
		                    _mm256_add_epi16(ld(r->c + i), ld(a->c + i)));
}

/* ByteEncode_d(Compress_d(a)) for d in {4, 5, 10, 11}: pairs of values are
 * joined by vpmaddwd (2d bits per 32-bit slot), pairs of slots by shifts
 * (4d bits per qword), and the two qwords of each 128-bit lane into one
 * 8d-bit (d-byte) string.  Each lane's d bytes are stored with a 16-byte
 * store that the next one overwrites; the last steps (where a 16-byte store
 * would pass the end) go through a copy, so that nothing is written past
 * the 32d output bytes. */
void mlkem_poly_compress_avx2(uint8_t *out, const mlkem_poly *a, unsigned d)
{
	_Alignas(32) uint16_t v[MLKEM_N];
	_Alignas(32) uint8_t last[32];
	const __m256i mul = _mm256_set1_epi32((int)((1u << d) << 16 | 1));
	const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF);
	const __m128i s2d = _mm_cvtsi32_si128((int)(2 * d)), s4d = _mm_cvtsi32_si128((int)(4 * d)),
		      s64 = _mm_cvtsi32_si128((int)(64 - 4 * d));
	mlkem_compress_avx2(v, a, d);
	for (int i = 0; i < 16; i++) {
		__m256i w = _mm256_madd_epi16(ld(v + 16 * i), mul);
		w = _mm256_or_si256(_mm256_and_si256(w, lo32),
		                    _mm256_sll_epi64(_mm256_srli_epi64(w, 32), s2d));
		__m256i h = _mm256_bsrli_epi128(w, 8);
		__m256i lo = _mm256_or_si256(w, _mm256_sll_epi64(h, s4d));
		__m256i res = _mm256_unpacklo_epi64(lo, _mm256_srl_epi64(h, s64));
		uint8_t *o = out + 2 * d * (unsigned)i;
		if (2 * d * (unsigned)i + d + 16 <= 32 * d) {
			_mm_storeu_si128((__m128i *)(void *)o, _mm256_castsi256_si128(res));
			_mm_storeu_si128((__m128i *)(void *)(o + d), _mm256_extracti128_si256(res, 1));
		} else {
			_mm256_store_si256((__m256i *)(void *)last, res);
			memcpy(o, last, d);
			memcpy(o + d, last + 16, d);
		}
	}
	qstp_wipe(last, sizeof last);
	qstp_wipe(v, sizeof v); /* in Decaps these are the re-encryption's values */
}

/* Decompress_d(ByteDecode_d(in)) for d in {4, 5, 10, 11}: the inverse of
 * the packing above.  Each 128-bit lane takes d bytes (8 values); they are
 * split into two 4d-bit qwords, each qword into two 2d-bit dwords and each
 * dword into two d-bit words, then decompressed as in
 * mlkem_decompress_avx2.  Loads that would pass the 32d input bytes read a
 * copy instead. */
void mlkem_poly_decompress_avx2(mlkem_poly *r, const uint8_t *in, unsigned d)
{
	_Alignas(32) uint8_t tmp[32];
	const __m256i q = _mm256_set1_epi16(MLKEM_Q);
	const __m256i m4d = _mm256_set1_epi64x((long long)((1ull << (4 * d)) - 1));
	const __m256i m2d = _mm256_set1_epi64x((long long)((1ull << (2 * d)) - 1));
	const __m256i md = _mm256_set1_epi32((int)((1u << d) - 1));
	const __m128i s4d = _mm_cvtsi32_si128((int)(4 * d)), s64 = _mm_cvtsi32_si128((int)(64 - 4 * d)),
		      s2d = _mm_cvtsi32_si128((int)(2 * d)), sd = _mm_cvtsi32_si128((int)d),
		      s15 = _mm_cvtsi32_si128((int)(15 - d));
	for (int i = 0; i < 16; i++) {
		const uint8_t *p = in + 2 * d * (unsigned)i;
		__m128i l0, l1;
		if (2 * d * (unsigned)i + d + 16 <= 32 * d) {
			l0 = _mm_loadu_si128((const __m128i *)(const void *)p);
			l1 = _mm_loadu_si128((const __m128i *)(const void *)(p + d));
		} else {
			memset(tmp, 0, sizeof tmp);
			memcpy(tmp, p, d);
			memcpy(tmp + 16, p + d, d);
			l0 = _mm_load_si128((const __m128i *)(const void *)tmp);
			l1 = _mm_load_si128((const __m128i *)(const void *)(tmp + 16));
		}
		__m256i w = _mm256_inserti128_si256(_mm256_castsi128_si256(l0), l1, 1);
		__m256i hi = _mm256_or_si256(_mm256_srl_epi64(w, s4d),
		                             _mm256_sll_epi64(_mm256_bsrli_epi128(w, 8), s64));
		__m256i x = _mm256_unpacklo_epi64(_mm256_and_si256(w, m4d), _mm256_and_si256(hi, m4d));
		x = _mm256_or_si256(_mm256_and_si256(x, m2d),
		                    _mm256_slli_epi64(_mm256_and_si256(_mm256_srl_epi64(x, s2d), m2d), 32));
		x = _mm256_or_si256(_mm256_and_si256(x, md),
		                    _mm256_slli_epi32(_mm256_and_si256(_mm256_srl_epi32(x, sd), md), 16));
		x = _mm256_mulhrs_epi16(_mm256_sll_epi16(x, s15), q);
		_mm256_storeu_si256((__m256i *)(void *)(r->c + 16 * i), x);
	}
}
