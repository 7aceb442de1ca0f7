/*
 * Rijndael-256 (PROTOCOL.md 8.3) with AES-NI and VAES.
 *
 * aesenc(x, k) = MixColumns(SubBytes(ShiftRows_AES(x))) ^ k on a 4-column
 * state.  Rijndael-256 needs ShiftRows with row offsets 0, 1, 3, 4 over 8
 * columns instead.  SubBytes commutes with any byte permutation, so a byte
 * permutation Q applied before aesenc, with ShiftRows_AES(Q(s)) =
 * ShiftRows_256(s) on each 128-bit half (columns 0-3 and 4-7), turns one
 * aesenc per half into one Rijndael-256 round.
 *
 * Working Q out (half h, target byte i = 4c + r, AES's ShiftRows takes
 * byte i from column (c + r) mod 4; Rijndael-256 wants state column
 * sc = 4h + ((c - r) mod 4) + off_r, off = 0, 1, 3, 4): the byte comes from
 * position 4 (sc mod 4) + r of the half sc div 4.  sc mod 4 does not depend
 * on h, and the half is "the other one" for the same i in both halves, so
 * Q = pshufb of each half by SHUF, then a blend that takes the bytes marked
 * in BLEND from the other half:
 *   row 0: same column, same half;     row 1: same position, c = 0 from the other half;
 *   row 2: column c+1, c = 0,1,3 other; row 3: column c+1, always the other half.
 */
#include <immintrin.h>
#include <string.h>

#include "rcs_impl.h"
#include "wipe.h"

#define SHUF 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3
#define BLENDM 0, -128, -128, -128, 0, 0, -128, -128, 0, 0, 0, -128, 0, 0, -128, -128

static inline void ctr_next(uint64_t c[4], uint8_t out[32])
{
	memcpy(out, c, 32);
	/* 256-bit little-endian increment; the carries are computed, not
	 * branched on. */
	uint64_t carry = 1;
	for (int i = 0; i < 4; i++) {
		c[i] += carry;
		carry = (uint64_t)(c[i] < carry);
	}
}

static inline void load_ctr(uint64_t c[4], const uint8_t ctr[32])
{
	memcpy(c, ctr, 32); /* x86-64 is little-endian */
}

/* --- AES-NI: two 128-bit halves ------------------------------------------- */

/* Four blocks per pass: enough independent aesenc to hide their latency. */
enum { W128 = 4, W256 = 8 };

static inline void round128(__m128i *lo, __m128i *hi, __m128i shuf, __m128i blend)
{
	__m128i a = _mm_shuffle_epi8(*lo, shuf), b = _mm_shuffle_epi8(*hi, shuf);
	*lo = _mm_blendv_epi8(a, b, blend);
	*hi = _mm_blendv_epi8(b, a, blend);
}

void qstp_rcs_ctr_aesni(const uint8_t *rk, unsigned rounds, uint8_t ctr[32], uint8_t *out,
                        const uint8_t *in, size_t len)
{
	const __m128i shuf = _mm_setr_epi8(SHUF), blend = _mm_setr_epi8(BLENDM);
	uint64_t c[4];
	uint8_t cb[W128][32], ks[W128 * 32];

	load_ctr(c, ctr);
	while (len > 0) {
		size_t nb = (len + 31) / 32;
		if (nb > W128)
			nb = W128;
		__m128i lo[W128], hi[W128];
		__m128i k0 = _mm_loadu_si128((const __m128i *)rk);
		__m128i k1 = _mm_loadu_si128((const __m128i *)(rk + 16));
		for (size_t j = 0; j < W128; j++) {
			ctr_next(c, cb[j]);
			lo[j] = _mm_xor_si128(_mm_loadu_si128((const __m128i *)cb[j]), k0);
			hi[j] = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(cb[j] + 16)), k1);
		}
		for (unsigned i = 1; i <= rounds; i++) {
			k0 = _mm_loadu_si128((const __m128i *)(rk + 32 * i));
			k1 = _mm_loadu_si128((const __m128i *)(rk + 32 * i + 16));
			for (size_t j = 0; j < W128; j++)
				round128(&lo[j], &hi[j], shuf, blend);
			if (i < rounds) {
				for (size_t j = 0; j < W128; j++) {
					lo[j] = _mm_aesenc_si128(lo[j], k0);
					hi[j] = _mm_aesenc_si128(hi[j], k1);
				}
			} else {
				for (size_t j = 0; j < W128; j++) {
					lo[j] = _mm_aesenclast_si128(lo[j], k0);
					hi[j] = _mm_aesenclast_si128(hi[j], k1);
				}
			}
		}
		size_t n = len < W128 * 32 ? len : W128 * 32;
		if (n == W128 * 32) {
			for (size_t j = 0; j < W128; j++) {
				__m128i x0 = _mm_loadu_si128((const __m128i *)(in + 32 * j));
				__m128i x1 = _mm_loadu_si128((const __m128i *)(in + 32 * j + 16));
				_mm_storeu_si128((__m128i *)(out + 32 * j), _mm_xor_si128(x0, lo[j]));
				_mm_storeu_si128((__m128i *)(out + 32 * j + 16), _mm_xor_si128(x1, hi[j]));
			}
		} else {
			/* The last, short pass: only nb counter blocks are used. */
			for (size_t j = 0; j < W128; j++) {
				_mm_storeu_si128((__m128i *)(ks + 32 * j), lo[j]);
				_mm_storeu_si128((__m128i *)(ks + 32 * j + 16), hi[j]);
			}
			for (size_t i = 0; i < n; i++)
				out[i] = in[i] ^ ks[i];
			load_ctr(c, cb[nb - 1]);
			ctr_next(c, cb[0]);
		}
		out += n;
		in += n;
		len -= n;
	}
	memcpy(ctr, c, 32);
	qstp_wipe(cb, sizeof cb);
	qstp_wipe(ks, sizeof ks);
}

/* --- VAES: one 256-bit register per block ------------------------------------ */

__attribute__((target("avx2,vaes,aes")))
void qstp_rcs_ctr_vaes(const uint8_t *rk, unsigned rounds, uint8_t ctr[32], uint8_t *out,
                       const uint8_t *in, size_t len)
{
	const __m256i shuf = _mm256_setr_epi8(SHUF, SHUF), blend = _mm256_setr_epi8(BLENDM, BLENDM);
	uint64_t c[4];
	uint8_t cb[W256][32], ks[W256 * 32];

	load_ctr(c, ctr);
	while (len > 0) {
		size_t nb = (len + 31) / 32;
		if (nb > W256)
			nb = W256;
		__m256i x[W256];
		__m256i k = _mm256_loadu_si256((const __m256i *)rk);
		for (size_t j = 0; j < W256; j++) {
			ctr_next(c, cb[j]);
			x[j] = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)cb[j]), k);
		}
		for (unsigned i = 1; i <= rounds; i++) {
			k = _mm256_loadu_si256((const __m256i *)(rk + 32 * i));
			for (size_t j = 0; j < W256; j++) {
				__m256i a = _mm256_shuffle_epi8(x[j], shuf);
				__m256i b = _mm256_permute4x64_epi64(a, 0x4E); /* swap halves */
				x[j] = _mm256_blendv_epi8(a, b, blend);
			}
			if (i < rounds)
				for (size_t j = 0; j < W256; j++)
					x[j] = _mm256_aesenc_epi128(x[j], k);
			else
				for (size_t j = 0; j < W256; j++)
					x[j] = _mm256_aesenclast_epi128(x[j], k);
		}
		size_t n = len < W256 * 32 ? len : W256 * 32;
		if (n == W256 * 32) {
			for (size_t j = 0; j < W256; j++) {
				__m256i v = _mm256_loadu_si256((const __m256i *)(in + 32 * j));
				_mm256_storeu_si256((__m256i *)(out + 32 * j), _mm256_xor_si256(v, x[j]));
			}
		} else {
			for (size_t j = 0; j < W256; j++)
				_mm256_storeu_si256((__m256i *)(ks + 32 * j), x[j]);
			for (size_t i = 0; i < n; i++)
				out[i] = in[i] ^ ks[i];
			load_ctr(c, cb[nb - 1]);
			ctr_next(c, cb[0]);
		}
		out += n;
		in += n;
		len -= n;
	}
	memcpy(ctr, c, 32);
	_mm256_zeroupper();
	qstp_wipe(cb, sizeof cb);
	qstp_wipe(ks, sizeof ks);
}
