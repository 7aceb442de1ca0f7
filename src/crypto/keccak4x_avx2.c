/*
 * The AVX2 four-way Keccak-f[1600] (FIPS 202 3.3): one 256-bit register holds
 * the same lane of the four instances, so each step of the round is the
 * scalar step on vectors.  The round is written out in full (generated from
 * the rho offsets and pi permutation of FIPS 202 3.2.2-3.2.3), one output
 * plane at a time (theta, rho, pi into five temporaries, then chi), between
 * two sets of state variables, so that few values are live at once.
 * Rotations by 8 and 56 are byte shuffles.  Only called when the CPU has
 * AVX2 (keccak4x.c chooses).
 */
#include <immintrin.h>
#include <string.h>

#include "keccak4x.h"

#define XOR(x, y) _mm256_xor_si256((x), (y))
#define ANDNOT(x, y) _mm256_andnot_si256((x), (y))
#define ROL(x, n)                                                              \
	((n) == 8 ? _mm256_shuffle_epi8((x), rot8)                             \
	 : (n) == 56 ? _mm256_shuffle_epi8((x), rot56)                         \
	 : _mm256_or_si256(_mm256_slli_epi64((x), (n)), _mm256_srli_epi64((x), 64 - (n))))

static const uint64_t rc[24] = {
	0x0000000000000001ULL,
	0x0000000000008082ULL,
	0x800000000000808aULL,
	0x8000000080008000ULL,
	0x000000000000808bULL,
	0x0000000080000001ULL,
	0x8000000080008081ULL,
	0x8000000000008009ULL,
	0x000000000000008aULL,
	0x0000000000000088ULL,
	0x0000000080008009ULL,
	0x000000008000000aULL,
	0x000000008000808bULL,
	0x800000000000008bULL,
	0x8000000000008089ULL,
	0x8000000000008003ULL,
	0x8000000000008002ULL,
	0x8000000000000080ULL,
	0x000000000000800aULL,
	0x800000008000000aULL,
	0x8000000080008081ULL,
	0x8000000000008080ULL,
	0x0000000080000001ULL,
	0x8000000080008008ULL
};

/* One round from the a-state into the e-state, and one back. */
#define ROUND_AE(rci) \
	do { \
		c0 = XOR(XOR(XOR(a0, a5), XOR(a10, a15)), a20); \
		c1 = XOR(XOR(XOR(a1, a6), XOR(a11, a16)), a21); \
		c2 = XOR(XOR(XOR(a2, a7), XOR(a12, a17)), a22); \
		c3 = XOR(XOR(XOR(a3, a8), XOR(a13, a18)), a23); \
		c4 = XOR(XOR(XOR(a4, a9), XOR(a14, a19)), a24); \
		d0 = XOR(c4, ROL(c1, 1)); \
		d1 = XOR(c0, ROL(c2, 1)); \
		d2 = XOR(c1, ROL(c3, 1)); \
		d3 = XOR(c2, ROL(c4, 1)); \
		d4 = XOR(c3, ROL(c0, 1)); \
		b0 = XOR(a0, d0); \
		b1 = ROL(XOR(a6, d1), 44); \
		b2 = ROL(XOR(a12, d2), 43); \
		b3 = ROL(XOR(a18, d3), 21); \
		b4 = ROL(XOR(a24, d4), 14); \
		e0 = XOR(b0, ANDNOT(b1, b2)); \
		e1 = XOR(b1, ANDNOT(b2, b3)); \
		e2 = XOR(b2, ANDNOT(b3, b4)); \
		e3 = XOR(b3, ANDNOT(b4, b0)); \
		e4 = XOR(b4, ANDNOT(b0, b1)); \
		b0 = ROL(XOR(a3, d3), 28); \
		b1 = ROL(XOR(a9, d4), 20); \
		b2 = ROL(XOR(a10, d0), 3); \
		b3 = ROL(XOR(a16, d1), 45); \
		b4 = ROL(XOR(a22, d2), 61); \
		e5 = XOR(b0, ANDNOT(b1, b2)); \
		e6 = XOR(b1, ANDNOT(b2, b3)); \
		e7 = XOR(b2, ANDNOT(b3, b4)); \
		e8 = XOR(b3, ANDNOT(b4, b0)); \
		e9 = XOR(b4, ANDNOT(b0, b1)); \
		b0 = ROL(XOR(a1, d1), 1); \
		b1 = ROL(XOR(a7, d2), 6); \
		b2 = ROL(XOR(a13, d3), 25); \
		b3 = ROL(XOR(a19, d4), 8); \
		b4 = ROL(XOR(a20, d0), 18); \
		e10 = XOR(b0, ANDNOT(b1, b2)); \
		e11 = XOR(b1, ANDNOT(b2, b3)); \
		e12 = XOR(b2, ANDNOT(b3, b4)); \
		e13 = XOR(b3, ANDNOT(b4, b0)); \
		e14 = XOR(b4, ANDNOT(b0, b1)); \
		b0 = ROL(XOR(a4, d4), 27); \
		b1 = ROL(XOR(a5, d0), 36); \
		b2 = ROL(XOR(a11, d1), 10); \
		b3 = ROL(XOR(a17, d2), 15); \
		b4 = ROL(XOR(a23, d3), 56); \
		e15 = XOR(b0, ANDNOT(b1, b2)); \
		e16 = XOR(b1, ANDNOT(b2, b3)); \
		e17 = XOR(b2, ANDNOT(b3, b4)); \
		e18 = XOR(b3, ANDNOT(b4, b0)); \
		e19 = XOR(b4, ANDNOT(b0, b1)); \
		b0 = ROL(XOR(a2, d2), 62); \
		b1 = ROL(XOR(a8, d3), 55); \
		b2 = ROL(XOR(a14, d4), 39); \
		b3 = ROL(XOR(a15, d0), 41); \
		b4 = ROL(XOR(a21, d1), 2); \
		e20 = XOR(b0, ANDNOT(b1, b2)); \
		e21 = XOR(b1, ANDNOT(b2, b3)); \
		e22 = XOR(b2, ANDNOT(b3, b4)); \
		e23 = XOR(b3, ANDNOT(b4, b0)); \
		e24 = XOR(b4, ANDNOT(b0, b1)); \
		e0 = XOR(e0, _mm256_set1_epi64x((long long)(rci))); \
	} while (0)

#define ROUND_EA(rci) \
	do { \
		c0 = XOR(XOR(XOR(e0, e5), XOR(e10, e15)), e20); \
		c1 = XOR(XOR(XOR(e1, e6), XOR(e11, e16)), e21); \
		c2 = XOR(XOR(XOR(e2, e7), XOR(e12, e17)), e22); \
		c3 = XOR(XOR(XOR(e3, e8), XOR(e13, e18)), e23); \
		c4 = XOR(XOR(XOR(e4, e9), XOR(e14, e19)), e24); \
		d0 = XOR(c4, ROL(c1, 1)); \
		d1 = XOR(c0, ROL(c2, 1)); \
		d2 = XOR(c1, ROL(c3, 1)); \
		d3 = XOR(c2, ROL(c4, 1)); \
		d4 = XOR(c3, ROL(c0, 1)); \
		b0 = XOR(e0, d0); \
		b1 = ROL(XOR(e6, d1), 44); \
		b2 = ROL(XOR(e12, d2), 43); \
		b3 = ROL(XOR(e18, d3), 21); \
		b4 = ROL(XOR(e24, d4), 14); \
		a0 = XOR(b0, ANDNOT(b1, b2)); \
		a1 = XOR(b1, ANDNOT(b2, b3)); \
		a2 = XOR(b2, ANDNOT(b3, b4)); \
		a3 = XOR(b3, ANDNOT(b4, b0)); \
		a4 = XOR(b4, ANDNOT(b0, b1)); \
		b0 = ROL(XOR(e3, d3), 28); \
		b1 = ROL(XOR(e9, d4), 20); \
		b2 = ROL(XOR(e10, d0), 3); \
		b3 = ROL(XOR(e16, d1), 45); \
		b4 = ROL(XOR(e22, d2), 61); \
		a5 = XOR(b0, ANDNOT(b1, b2)); \
		a6 = XOR(b1, ANDNOT(b2, b3)); \
		a7 = XOR(b2, ANDNOT(b3, b4)); \
		a8 = XOR(b3, ANDNOT(b4, b0)); \
		a9 = XOR(b4, ANDNOT(b0, b1)); \
		b0 = ROL(XOR(e1, d1), 1); \
		b1 = ROL(XOR(e7, d2), 6); \
		b2 = ROL(XOR(e13, d3), 25); \
		b3 = ROL(XOR(e19, d4), 8); \
		b4 = ROL(XOR(e20, d0), 18); \
		a10 = XOR(b0, ANDNOT(b1, b2)); \
		a11 = XOR(b1, ANDNOT(b2, b3)); \
		a12 = XOR(b2, ANDNOT(b3, b4)); \
		a13 = XOR(b3, ANDNOT(b4, b0)); \
		a14 = XOR(b4, ANDNOT(b0, b1)); \
		b0 = ROL(XOR(e4, d4), 27); \
		b1 = ROL(XOR(e5, d0), 36); \
		b2 = ROL(XOR(e11, d1), 10); \
		b3 = ROL(XOR(e17, d2), 15); \
		b4 = ROL(XOR(e23, d3), 56); \
		a15 = XOR(b0, ANDNOT(b1, b2)); \
		a16 = XOR(b1, ANDNOT(b2, b3)); \
		a17 = XOR(b2, ANDNOT(b3, b4)); \
		a18 = XOR(b3, ANDNOT(b4, b0)); \
		a19 = XOR(b4, ANDNOT(b0, b1)); \
		b0 = ROL(XOR(e2, d2), 62); \
		b1 = ROL(XOR(e8, d3), 55); \
		b2 = ROL(XOR(e14, d4), 39); \
		b3 = ROL(XOR(e15, d0), 41); \
		b4 = ROL(XOR(e21, d1), 2); \
		a20 = XOR(b0, ANDNOT(b1, b2)); \
		a21 = XOR(b1, ANDNOT(b2, b3)); \
		a22 = XOR(b2, ANDNOT(b3, b4)); \
		a23 = XOR(b3, ANDNOT(b4, b0)); \
		a24 = XOR(b4, ANDNOT(b0, b1)); \
		a0 = XOR(a0, _mm256_set1_epi64x((long long)(rci))); \
	} while (0)

void qstp_keccak4x_permute_avx2(qstp_keccak4x *st)
{
	const __m256i rot8 = _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14,
	                                      7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14);
	const __m256i rot56 = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
	                                       1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
	__m256i c0, c1, c2, c3, c4, d0, d1, d2, d3, d4, b0, b1, b2, b3, b4;
	__m256i e0, e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12, e13, e14, e15, e16, e17, e18, e19, e20, e21, e22, e23, e24;
	__m256i *s = (__m256i *)(void *)st->s;
	__m256i a0 = _mm256_load_si256(s + 0), a1 = _mm256_load_si256(s + 1), a2 = _mm256_load_si256(s + 2), a3 = _mm256_load_si256(s + 3), a4 = _mm256_load_si256(s + 4), a5 = _mm256_load_si256(s + 5), a6 = _mm256_load_si256(s + 6), a7 = _mm256_load_si256(s + 7), a8 = _mm256_load_si256(s + 8), a9 = _mm256_load_si256(s + 9), a10 = _mm256_load_si256(s + 10), a11 = _mm256_load_si256(s + 11), a12 = _mm256_load_si256(s + 12), a13 = _mm256_load_si256(s + 13), a14 = _mm256_load_si256(s + 14), a15 = _mm256_load_si256(s + 15), a16 = _mm256_load_si256(s + 16), a17 = _mm256_load_si256(s + 17), a18 = _mm256_load_si256(s + 18), a19 = _mm256_load_si256(s + 19), a20 = _mm256_load_si256(s + 20), a21 = _mm256_load_si256(s + 21), a22 = _mm256_load_si256(s + 22), a23 = _mm256_load_si256(s + 23), a24 = _mm256_load_si256(s + 24);

	for (int round = 0; round < 24; round += 2) {
		ROUND_AE(rc[round]);
		ROUND_EA(rc[round + 1]);
	}

	_mm256_store_si256(s + 0, a0);
	_mm256_store_si256(s + 1, a1);
	_mm256_store_si256(s + 2, a2);
	_mm256_store_si256(s + 3, a3);
	_mm256_store_si256(s + 4, a4);
	_mm256_store_si256(s + 5, a5);
	_mm256_store_si256(s + 6, a6);
	_mm256_store_si256(s + 7, a7);
	_mm256_store_si256(s + 8, a8);
	_mm256_store_si256(s + 9, a9);
	_mm256_store_si256(s + 10, a10);
	_mm256_store_si256(s + 11, a11);
	_mm256_store_si256(s + 12, a12);
	_mm256_store_si256(s + 13, a13);
	_mm256_store_si256(s + 14, a14);
	_mm256_store_si256(s + 15, a15);
	_mm256_store_si256(s + 16, a16);
	_mm256_store_si256(s + 17, a17);
	_mm256_store_si256(s + 18, a18);
	_mm256_store_si256(s + 19, a19);
	_mm256_store_si256(s + 20, a20);
	_mm256_store_si256(s + 21, a21);
	_mm256_store_si256(s + 22, a22);
	_mm256_store_si256(s + 23, a23);
	_mm256_store_si256(s + 24, a24);
}

/* 4 x 4 transpose of 64-bit elements: row j of the input (v[j]) becomes
 * column j of the output.  Its own inverse. */
static inline void transpose4(__m256i v[4])
{
	__m256i t0 = _mm256_unpacklo_epi64(v[0], v[1]), t1 = _mm256_unpackhi_epi64(v[0], v[1]);
	__m256i t2 = _mm256_unpacklo_epi64(v[2], v[3]), t3 = _mm256_unpackhi_epi64(v[2], v[3]);
	v[0] = _mm256_permute2x128_si256(t0, t2, 0x20);
	v[1] = _mm256_permute2x128_si256(t1, t3, 0x20);
	v[2] = _mm256_permute2x128_si256(t0, t2, 0x31);
	v[3] = _mm256_permute2x128_si256(t1, t3, 0x31);
}

void qstp_keccak4x_xorlanes_avx2(qstp_keccak4x *st, const uint8_t *const in[4], size_t off,
                                 unsigned nlanes)
{
	__m256i *s = (__m256i *)(void *)st->s;
	unsigned i = 0;
	for (; i + 4 <= nlanes; i += 4) {
		__m256i v[4];
		for (int j = 0; j < 4; j++)
			v[j] = _mm256_loadu_si256((const __m256i *)(const void *)(in[j] + off + 8 * i));
		transpose4(v);
		for (int j = 0; j < 4; j++)
			s[i + j] = XOR(s[i + j], v[j]);
	}
	for (; i < nlanes; i++) {
		uint64_t w[4];
		for (int j = 0; j < 4; j++)
			memcpy(&w[j], in[j] + off + 8 * i, 8);
		s[i] = XOR(s[i], _mm256_loadu_si256((const __m256i *)(const void *)w));
	}
}

void qstp_keccak4x_extractlanes_avx2(const qstp_keccak4x *st, uint8_t *const out[4], size_t off,
                                     unsigned nlanes)
{
	const __m256i *s = (const __m256i *)(const void *)st->s;
	unsigned i = 0;
	for (; i + 4 <= nlanes; i += 4) {
		__m256i v[4] = { s[i], s[i + 1], s[i + 2], s[i + 3] };
		transpose4(v);
		for (int j = 0; j < 4; j++)
			_mm256_storeu_si256((__m256i *)(void *)(out[j] + off + 8 * i), v[j]);
	}
	for (; i < nlanes; i++)
		for (int j = 0; j < 4; j++)
			memcpy(out[j] + off + 8 * i, &st->s[4 * i + j], 8);
}
