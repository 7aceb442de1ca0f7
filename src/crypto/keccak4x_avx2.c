/*
 * The AVX2 four-way Keccak-f[1600] (FIPS 202 3.3): one 256-bit register holds
 * the same lane of the four instances, so each step of the round is the
 * scalar step on vectors.  The round is written out in full (generated from
 * the rho offsets and pi permutation of FIPS 202 3.2.2-3.2.3) so that the
 * compiler keeps the state in registers; rotations by 8 and 56 are byte
 * shuffles.  Only called when the CPU has AVX2 (keccak4x.c chooses).
 */
#include <immintrin.h>

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

#define ROUND(rci) \
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
		b10 = ROL(XOR(a1, d1), 1); \
		b20 = ROL(XOR(a2, d2), 62); \
		b5 = ROL(XOR(a3, d3), 28); \
		b15 = ROL(XOR(a4, d4), 27); \
		b16 = ROL(XOR(a5, d0), 36); \
		b1 = ROL(XOR(a6, d1), 44); \
		b11 = ROL(XOR(a7, d2), 6); \
		b21 = ROL(XOR(a8, d3), 55); \
		b6 = ROL(XOR(a9, d4), 20); \
		b7 = ROL(XOR(a10, d0), 3); \
		b17 = ROL(XOR(a11, d1), 10); \
		b2 = ROL(XOR(a12, d2), 43); \
		b12 = ROL(XOR(a13, d3), 25); \
		b22 = ROL(XOR(a14, d4), 39); \
		b23 = ROL(XOR(a15, d0), 41); \
		b8 = ROL(XOR(a16, d1), 45); \
		b18 = ROL(XOR(a17, d2), 15); \
		b3 = ROL(XOR(a18, d3), 21); \
		b13 = ROL(XOR(a19, d4), 8); \
		b14 = ROL(XOR(a20, d0), 18); \
		b24 = ROL(XOR(a21, d1), 2); \
		b9 = ROL(XOR(a22, d2), 61); \
		b19 = ROL(XOR(a23, d3), 56); \
		b4 = ROL(XOR(a24, d4), 14); \
		a0 = XOR(b0, ANDNOT(b1, b2)); \
		a1 = XOR(b1, ANDNOT(b2, b3)); \
		a2 = XOR(b2, ANDNOT(b3, b4)); \
		a3 = XOR(b3, ANDNOT(b4, b0)); \
		a4 = XOR(b4, ANDNOT(b0, b1)); \
		a5 = XOR(b5, ANDNOT(b6, b7)); \
		a6 = XOR(b6, ANDNOT(b7, b8)); \
		a7 = XOR(b7, ANDNOT(b8, b9)); \
		a8 = XOR(b8, ANDNOT(b9, b5)); \
		a9 = XOR(b9, ANDNOT(b5, b6)); \
		a10 = XOR(b10, ANDNOT(b11, b12)); \
		a11 = XOR(b11, ANDNOT(b12, b13)); \
		a12 = XOR(b12, ANDNOT(b13, b14)); \
		a13 = XOR(b13, ANDNOT(b14, b10)); \
		a14 = XOR(b14, ANDNOT(b10, b11)); \
		a15 = XOR(b15, ANDNOT(b16, b17)); \
		a16 = XOR(b16, ANDNOT(b17, b18)); \
		a17 = XOR(b17, ANDNOT(b18, b19)); \
		a18 = XOR(b18, ANDNOT(b19, b15)); \
		a19 = XOR(b19, ANDNOT(b15, b16)); \
		a20 = XOR(b20, ANDNOT(b21, b22)); \
		a21 = XOR(b21, ANDNOT(b22, b23)); \
		a22 = XOR(b22, ANDNOT(b23, b24)); \
		a23 = XOR(b23, ANDNOT(b24, b20)); \
		a24 = XOR(b24, ANDNOT(b20, b21)); \
		a0 = XOR(a0, _mm256_set1_epi64x((long long)(rci))); \
	} while (0)

void qstp_keccak4x_permute_avx2(qstp_keccak4x *st)
{
	const __m256i rot8 = _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14,
	                                      7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14);
	const __m256i rot56 = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
	                                       1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
	__m256i c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
	__m256i b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16, b17, b18, b19, b20, b21, b22, b23, b24;
	__m256i *s = (__m256i *)(void *)st->s;
	__m256i a0 = _mm256_load_si256(s + 0), a1 = _mm256_load_si256(s + 1), a2 = _mm256_load_si256(s + 2), a3 = _mm256_load_si256(s + 3), a4 = _mm256_load_si256(s + 4), a5 = _mm256_load_si256(s + 5), a6 = _mm256_load_si256(s + 6), a7 = _mm256_load_si256(s + 7), a8 = _mm256_load_si256(s + 8), a9 = _mm256_load_si256(s + 9), a10 = _mm256_load_si256(s + 10), a11 = _mm256_load_si256(s + 11), a12 = _mm256_load_si256(s + 12), a13 = _mm256_load_si256(s + 13), a14 = _mm256_load_si256(s + 14), a15 = _mm256_load_si256(s + 15), a16 = _mm256_load_si256(s + 16), a17 = _mm256_load_si256(s + 17), a18 = _mm256_load_si256(s + 18), a19 = _mm256_load_si256(s + 19), a20 = _mm256_load_si256(s + 20), a21 = _mm256_load_si256(s + 21), a22 = _mm256_load_si256(s + 22), a23 = _mm256_load_si256(s + 23), a24 = _mm256_load_si256(s + 24);

	for (int round = 0; round < 24; round += 2) {
		ROUND(rc[round]);
		ROUND(rc[round + 1]);
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
