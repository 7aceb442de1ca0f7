/*
 * ML-DSA encodings with AVX2 (x86-64; chosen at run time through
 * pack_avx2.h): the bit unpacking of secret keys, mask samples, public keys
 * and signatures, and w1Encode.  Same bytes and coefficients as pack.c
 * (tests/unit/test_mldsa_avx2 compares them).  Fixed shuffles and shifts
 * only, so the time does not depend on the (secret) values.
 */
#include "ntt.h"

#ifdef MLDSA_HAVE_AVX2
#include <immintrin.h>
#include <string.h>

#include "avx2_inline.h"
#include "pack_avx2.h"
#include "qstp/util.h"

/*
 * BitUnpack of one polynomial of `bits` <= 20 bits per coefficient (32 *
 * bits bytes), eight coefficients (bits bytes) per step.  Lane k of a step
 * takes the 32-bit little-endian word at byte k * bits / 8 of the group,
 * shifted right by k * bits % 8 and masked.  The bytes come from one
 * 32-byte load: both 128-bit halves get the group's first 16 bytes when
 * bits < 16 (the group fits), else the halves get bytes 0..15 and 8..23.
 * Groups whose 32-byte load would pass the end read a copy.  With sub
 * set the coefficient is off - value.
 */
void mldsa_unpack_poly_avx2(mldsa_poly *a, const uint8_t *in, unsigned bits, int sub, int32_t off)
{
	_Alignas(32) uint8_t shuf[32];
	_Alignas(32) uint32_t shift[8];
	const int wide = bits >= 16;
	for (unsigned k = 0; k < 8; k++) {
		unsigned byte = k * bits / 8 - (wide && k >= 4 ? 8 : 0);
		for (unsigned b = 0; b < 4; b++)
			shuf[4 * k + b] = (uint8_t)(byte + b);
		shift[k] = k * bits % 8;
	}
	const __m256i sh = _mm256_load_si256((const __m256i *)(const void *)shuf);
	const __m256i sv = _mm256_load_si256((const __m256i *)(const void *)shift);
	const __m256i mask = _mm256_set1_epi32((int32_t)((1u << bits) - 1));
	const __m256i m = _mm256_set1_epi32(sub ? -1 : 0), o = _mm256_set1_epi32(sub ? off : 0);
	/* groups from g0 on would load past the end: they read a zero-padded
	 * copy of the last bytes instead (at most 32 of them) */
	const unsigned total = 32 * bits, g0 = (total - 32) / bits + 1;
	uint8_t tail[64] = { 0 };
	memcpy(tail, in + g0 * bits, total - g0 * bits);
	for (unsigned g = 0; g < MLDSA_N / 8; g++) {
		const uint8_t *p = g < g0 ? in + g * bits : tail + (g - g0) * bits;
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)p);
		x = wide ? _mm256_permute4x64_epi64(x, 0x94) : _mm256_permute4x64_epi64(x, 0x44);
		x = _mm256_and_si256(_mm256_srlv_epi32(_mm256_shuffle_epi8(x, sh), sv), mask);
		/* off - x when sub ((x ^ -1) - -1 = -x), x otherwise */
		x = _mm256_add_epi32(o, _mm256_sub_epi32(_mm256_xor_si256(x, m), m));
		st(a->c + 8 * g, x);
	}
	qstp_wipe(tail, sizeof tail);
}

void mldsa_unpack_z_bytes_avx2(mldsa_poly *a, const mldsa_params *P, const uint8_t *in)
{
	mldsa_unpack_poly_avx2(a, in, P->z_bits, 1, P->gamma1);
}

/*
 * BitPack of one polynomial with `bits` <= 16 (a constant after inlining),
 * eight coefficients (bits bytes) per step: value = off - c with sub, else c,
 * masked; pairs joined into 64-bit lanes (the odd lane's value shifted down
 * next to the even one), pairs of those within each 128-bit half, and the
 * two halves' 4 * bits-bit words joined into the group's bytes.
 */
static inline __attribute__((always_inline)) void
pack_bits(uint8_t *out, const mldsa_poly *a, unsigned bits, int sub, int32_t off)
{
	const __m256i mask = _mm256_set1_epi32((int32_t)((1u << bits) - 1));
	const __m256i m = _mm256_set1_epi32(sub ? -1 : 0), o = _mm256_set1_epi32(sub ? off : 0);
	const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF);
	for (unsigned g = 0; g < MLDSA_N / 8; g++, out += bits) {
		__m256i v = ld(a->c + 8 * g);
		v = _mm256_and_si256(_mm256_add_epi32(o, _mm256_sub_epi32(_mm256_xor_si256(v, m), m)),
		                     mask);
		/* c_even | c_odd << bits (the even value is below 2^(32 - bits)) */
		__m256i p = _mm256_or_si256(_mm256_and_si256(v, lo32), _mm256_srli_epi64(v, 32 - bits));
		p = _mm256_or_si256(p, _mm256_slli_epi64(_mm256_bsrli_epi128(p, 8), 2 * bits));
		uint64_t lo = (uint64_t)_mm256_extract_epi64(p, 0);
		uint64_t hi = (uint64_t)_mm256_extract_epi64(p, 2);
		uint64_t w = lo | hi << (4 * bits);
		if (bits <= 8) {
			memcpy(out, &w, bits);
		} else {
			uint64_t w2 = hi >> (64 - 4 * bits);
			memcpy(out, &w, 8);
			memcpy(out + 8, &w2, bits - 8);
		}
	}
}

void mldsa_pack_poly_avx2(uint8_t *out, const mldsa_poly *a, unsigned bits, int sub, int32_t off)
{
	switch (bits) {
	case 3:
		pack_bits(out, a, 3, sub, off);
		break;
	case 4:
		pack_bits(out, a, 4, sub, off);
		break;
	case 10:
		pack_bits(out, a, 10, sub, off);
		break;
	default:
		pack_bits(out, a, MLDSA_D, sub, off);
		break;
	}
}

/*
 * BitPack of z (gamma1 - z in 18 or 20 bits; `bits` a constant after
 * inlining), eight coefficients (bits bytes) per step: pairs joined in
 * 64-bit lanes as in pack_bits, then the four 2 * bits-bit words joined
 * into three little-endian words (8, 8 and bits - 16 bytes).
 */
static inline __attribute__((always_inline)) void
pack_z_bits(uint8_t *out, const mldsa_poly *a, unsigned bits, int32_t gamma1)
{
	const unsigned B = 2 * bits;
	const __m256i mask = _mm256_set1_epi32((int32_t)((1u << bits) - 1));
	const __m256i g1 = _mm256_set1_epi32(gamma1);
	const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF);
	for (unsigned g = 0; g < MLDSA_N / 8; g++, out += bits) {
		__m256i v = _mm256_and_si256(_mm256_sub_epi32(g1, ld(a->c + 8 * g)), mask);
		__m256i p = _mm256_or_si256(_mm256_and_si256(v, lo32),
		                            _mm256_srli_epi64(_mm256_andnot_si256(lo32, v), 32 - bits));
		__m128i l = _mm256_castsi256_si128(p), h = _mm256_extracti128_si256(p, 1);
		uint64_t q0 = (uint64_t)_mm_cvtsi128_si64(l), q1 = (uint64_t)_mm_extract_epi64(l, 1);
		uint64_t q2 = (uint64_t)_mm_cvtsi128_si64(h), q3 = (uint64_t)_mm_extract_epi64(h, 1);
		uint64_t w0 = q0 | q1 << B;
		uint64_t w1 = q1 >> (64 - B) | q2 << (2 * B - 64) | q3 << (3 * B - 64);
		uint64_t w2 = q3 >> (128 - 3 * B);
		memcpy(out, &w0, 8);
		memcpy(out + 8, &w1, 8);
		memcpy(out + 16, &w2, bits - 16);
	}
}

/* sigEncode as mldsa_pack_sig: z with pack_z_bits, and HintBitPack from a
 * bit mask of each h[i] (public: the signature is being output) walked
 * with count-trailing-zeros instead of a branch per coefficient. */
void mldsa_pack_sig_avx2(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                         const mldsa_poly *z, const mldsa_poly *h)
{
	memcpy(sig, ctilde, P->ctilde_bytes);
	sig += P->ctilde_bytes;
	for (unsigned i = 0; i < P->l; i++, sig += P->z_packed) {
		if (P->z_bits == 18)
			pack_z_bits(sig, &z[i], 18, P->gamma1);
		else
			pack_z_bits(sig, &z[i], 20, P->gamma1);
	}
	memset(sig, 0, P->omega + P->k);
	unsigned idx = 0;
	for (unsigned i = 0; i < P->k; i++) {
		for (unsigned b = 0; b < MLDSA_N; b += 32) {
			__m256i zero = _mm256_setzero_si256();
			uint32_t m = 0;
			for (unsigned k = 0; k < 4; k++) {
				__m256i nz = _mm256_cmpeq_epi32(ld(h[i].c + b + 8 * k), zero);
				m |= (uint32_t)(~_mm256_movemask_ps(_mm256_castsi256_ps(nz)) & 0xFF)
				     << (8 * k);
			}
			while (m != 0) {
				sig[idx++] = (uint8_t)(b + (unsigned)__builtin_ctz(m));
				m &= m - 1;
			}
		}
		sig[P->omega + i] = (uint8_t)idx;
	}
}

/*
 * w1Encode of one polynomial (coefficients in [0, 16) or [0, 44)), 32
 * coefficients per step: narrowed to one byte each, in order, then pairs of
 * 4-bit values joined into bytes (bits 4), or pairs into 12 bits and those
 * into 24-bit words, three bytes kept of each (bits 6).
 */
void mldsa_pack_w1_avx2(uint8_t *out, const mldsa_params *P, const mldsa_poly *w1)
{
	const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
	for (unsigned i = 0; i < MLDSA_N; i += 32) {
		__m256i a = _mm256_packus_epi32(ld(w1->c + i), ld(w1->c + i + 8));
		__m256i b = _mm256_packus_epi32(ld(w1->c + i + 16), ld(w1->c + i + 24));
		__m256i x = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(a, b), order);
		if (P->w1_bits == 4) {
			__m256i y = _mm256_maddubs_epi16(x, _mm256_set1_epi16(0x1001));
			y = _mm256_permute4x64_epi64(_mm256_packus_epi16(y, y), 0x08);
			_mm_storeu_si128((__m128i *)(void *)(out + i / 2), _mm256_castsi256_si128(y));
		} else {
			__m256i y = _mm256_maddubs_epi16(x, _mm256_set1_epi16(0x4001));
			y = _mm256_madd_epi16(y, _mm256_set1_epi32(0x10000001));
			y = _mm256_shuffle_epi8(y, _mm256_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13,
			                                            14, -1, -1, -1, -1, 0, 1, 2, 4, 5,
			                                            6, 8, 9, 10, 12, 13, 14, -1, -1, -1,
			                                            -1));
			uint8_t t[32];
			_mm256_storeu_si256((__m256i *)(void *)t, y);
			memcpy(out + i * 3 / 4, t, 12);
			memcpy(out + i * 3 / 4 + 12, t + 16, 12);
		}
	}
}
#endif
