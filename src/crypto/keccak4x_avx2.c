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
/* Rotation by 1 doubles with an add, which more execution ports take than
 * shifts. */
#define ROL1(x) _mm256_or_si256(_mm256_add_epi64((x), (x)), _mm256_srli_epi64((x), 63))
#define ROL(x, n)                                                              \
	((n) == 1 ? ROL1(x)                                                    \
	 : (n) == 8 ? _mm256_shuffle_epi8((x), rot8)                             \
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

/*
 * One round from the A-state into the E-state (A and E are name prefixes).
 * On entry c0..c4 hold the column parities of A (theta's C); on exit they
 * hold those of E, accumulated as each output lane is produced, so that the
 * round reads every input lane once (for rho and pi) and no lane has to be
 * reloaded to compute the parities.  Iota is applied to E0 before it enters
 * c0.
 */
#define ROUND(A, E, rci) \
	do { \
		d0 = XOR(c4, ROL1(c1)); \
		d1 = XOR(c0, ROL1(c2)); \
		d2 = XOR(c1, ROL1(c3)); \
		d3 = XOR(c2, ROL1(c4)); \
		d4 = XOR(c3, ROL1(c0)); \
		b0 = XOR(A##0, d0); \
		b1 = ROL(XOR(A##6, d1), 44); \
		b2 = ROL(XOR(A##12, d2), 43); \
		b3 = ROL(XOR(A##18, d3), 21); \
		b4 = ROL(XOR(A##24, d4), 14); \
		E##0 = XOR(b0, ANDNOT(b1, b2)); \
		E##1 = XOR(b1, ANDNOT(b2, b3)); \
		E##2 = XOR(b2, ANDNOT(b3, b4)); \
		E##3 = XOR(b3, ANDNOT(b4, b0)); \
		E##4 = XOR(b4, ANDNOT(b0, b1)); \
		E##0 = XOR(E##0, _mm256_set1_epi64x((long long)(rci))); \
		c0 = E##0; \
		c1 = E##1; \
		c2 = E##2; \
		c3 = E##3; \
		c4 = E##4; \
		b0 = ROL(XOR(A##3, d3), 28); \
		b1 = ROL(XOR(A##9, d4), 20); \
		b2 = ROL(XOR(A##10, d0), 3); \
		b3 = ROL(XOR(A##16, d1), 45); \
		b4 = ROL(XOR(A##22, d2), 61); \
		E##5 = XOR(b0, ANDNOT(b1, b2)); \
		E##6 = XOR(b1, ANDNOT(b2, b3)); \
		E##7 = XOR(b2, ANDNOT(b3, b4)); \
		E##8 = XOR(b3, ANDNOT(b4, b0)); \
		E##9 = XOR(b4, ANDNOT(b0, b1)); \
		c0 = XOR(c0, E##5); \
		c1 = XOR(c1, E##6); \
		c2 = XOR(c2, E##7); \
		c3 = XOR(c3, E##8); \
		c4 = XOR(c4, E##9); \
		b0 = ROL(XOR(A##1, d1), 1); \
		b1 = ROL(XOR(A##7, d2), 6); \
		b2 = ROL(XOR(A##13, d3), 25); \
		b3 = ROL(XOR(A##19, d4), 8); \
		b4 = ROL(XOR(A##20, d0), 18); \
		E##10 = XOR(b0, ANDNOT(b1, b2)); \
		E##11 = XOR(b1, ANDNOT(b2, b3)); \
		E##12 = XOR(b2, ANDNOT(b3, b4)); \
		E##13 = XOR(b3, ANDNOT(b4, b0)); \
		E##14 = XOR(b4, ANDNOT(b0, b1)); \
		c0 = XOR(c0, E##10); \
		c1 = XOR(c1, E##11); \
		c2 = XOR(c2, E##12); \
		c3 = XOR(c3, E##13); \
		c4 = XOR(c4, E##14); \
		b0 = ROL(XOR(A##4, d4), 27); \
		b1 = ROL(XOR(A##5, d0), 36); \
		b2 = ROL(XOR(A##11, d1), 10); \
		b3 = ROL(XOR(A##17, d2), 15); \
		b4 = ROL(XOR(A##23, d3), 56); \
		E##15 = XOR(b0, ANDNOT(b1, b2)); \
		E##16 = XOR(b1, ANDNOT(b2, b3)); \
		E##17 = XOR(b2, ANDNOT(b3, b4)); \
		E##18 = XOR(b3, ANDNOT(b4, b0)); \
		E##19 = XOR(b4, ANDNOT(b0, b1)); \
		c0 = XOR(c0, E##15); \
		c1 = XOR(c1, E##16); \
		c2 = XOR(c2, E##17); \
		c3 = XOR(c3, E##18); \
		c4 = XOR(c4, E##19); \
		b0 = ROL(XOR(A##2, d2), 62); \
		b1 = ROL(XOR(A##8, d3), 55); \
		b2 = ROL(XOR(A##14, d4), 39); \
		b3 = ROL(XOR(A##15, d0), 41); \
		b4 = ROL(XOR(A##21, d1), 2); \
		E##20 = XOR(b0, ANDNOT(b1, b2)); \
		E##21 = XOR(b1, ANDNOT(b2, b3)); \
		E##22 = XOR(b2, ANDNOT(b3, b4)); \
		E##23 = XOR(b3, ANDNOT(b4, b0)); \
		E##24 = XOR(b4, ANDNOT(b0, b1)); \
		c0 = XOR(c0, E##20); \
		c1 = XOR(c1, E##21); \
		c2 = XOR(c2, E##22); \
		c3 = XOR(c3, E##23); \
		c4 = XOR(c4, E##24); \
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

	c0 = XOR(XOR(XOR(a0, a5), XOR(a10, a15)), a20);
	c1 = XOR(XOR(XOR(a1, a6), XOR(a11, a16)), a21);
	c2 = XOR(XOR(XOR(a2, a7), XOR(a12, a17)), a22);
	c3 = XOR(XOR(XOR(a3, a8), XOR(a13, a18)), a23);
	c4 = XOR(XOR(XOR(a4, a9), XOR(a14, a19)), a24);
	for (int round = 0; round < 24; round += 2) {
		ROUND(a, e, rc[round]);
		ROUND(e, a, rc[round + 1]);
	}
	(void)c0;
	(void)c1;
	(void)c2;
	(void)c3;
	(void)c4;

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
