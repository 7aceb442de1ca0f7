/*
 * The AVX2 four-way Keccak-f[1600] (FIPS 202 3.3): one 256-bit register holds
 * the same lane of the four instances, so each step of the round is the
 * scalar step on vectors.  Rotations by 8 and 56 are byte shuffles.
 * Only called when the CPU has AVX2 (keccak4x.c chooses).
 */
#include <immintrin.h>

#include "keccak4x.h"

#define ROL64(x, n)                                                            \
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

void qstp_keccak4x_permute_avx2(qstp_keccak4x *st)
{
	const __m256i rot8 = _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14,
	                                      7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14);
	const __m256i rot56 = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
	                                       1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
	__m256i a[25], b[25], c[5], d[5];

	for (int i = 0; i < 25; i++)
		a[i] = _mm256_load_si256((const __m256i *)(const void *)&st->s[4 * i]);

	for (int round = 0; round < 24; round++) {
		/* theta */
		for (int x = 0; x < 5; x++)
			c[x] = _mm256_xor_si256(
				_mm256_xor_si256(_mm256_xor_si256(a[x], a[x + 5]),
				                 _mm256_xor_si256(a[x + 10], a[x + 15])),
				a[x + 20]);
		for (int x = 0; x < 5; x++)
			d[x] = _mm256_xor_si256(c[(x + 4) % 5], ROL64(c[(x + 1) % 5], 1));
		for (int i = 0; i < 25; i++)
			a[i] = _mm256_xor_si256(a[i], d[i % 5]);
		/* rho and pi: b[y + 5((2x + 3y) mod 5)] = rot(a[x + 5y], r[x][y]) */
	b[0] = a[0];
	b[10] = ROL64(a[1], 1);
	b[20] = ROL64(a[2], 62);
	b[5] = ROL64(a[3], 28);
	b[15] = ROL64(a[4], 27);
	b[16] = ROL64(a[5], 36);
	b[1] = ROL64(a[6], 44);
	b[11] = ROL64(a[7], 6);
	b[21] = ROL64(a[8], 55);
	b[6] = ROL64(a[9], 20);
	b[7] = ROL64(a[10], 3);
	b[17] = ROL64(a[11], 10);
	b[2] = ROL64(a[12], 43);
	b[12] = ROL64(a[13], 25);
	b[22] = ROL64(a[14], 39);
	b[23] = ROL64(a[15], 41);
	b[8] = ROL64(a[16], 45);
	b[18] = ROL64(a[17], 15);
	b[3] = ROL64(a[18], 21);
	b[13] = ROL64(a[19], 8);
	b[14] = ROL64(a[20], 18);
	b[24] = ROL64(a[21], 2);
	b[9] = ROL64(a[22], 61);
	b[19] = ROL64(a[23], 56);
	b[4] = ROL64(a[24], 14);
		/* chi */
		for (int y = 0; y < 25; y += 5)
			for (int x = 0; x < 5; x++)
				a[y + x] = _mm256_xor_si256(
					b[y + x], _mm256_andnot_si256(b[y + (x + 1) % 5],
					                              b[y + (x + 2) % 5]));
		/* iota */
		a[0] = _mm256_xor_si256(a[0], _mm256_set1_epi64x((long long)rc[round]));
	}

	for (int i = 0; i < 25; i++)
		_mm256_store_si256((__m256i *)(void *)&st->s[4 * i], a[i]);
}
