/*
 * AVX2 NTT arithmetic for ML-KEM: the same algorithms and contracts as
 * ntt_ref.c on 16 coefficients per register.
 *
 * Montgomery products use the split form: for a * z with zq = z q^-1 mod 2^16,
 * a z R^-1 = hi16(a z) - hi16(lo16(a zq) q) exactly, because the low halves
 * of a z and of lo16(a zq) q are equal.  Barrett reduction computes
 * ((hi16(a V) + 2^9) >> 10) = (a V + 2^25) >> 26, the same quotient as the
 * portable code.
 *
 * The NTT layers with len >= 16 pair whole registers.  For len 8, 4 and 2 the
 * polynomial is transposed as a 16 x 16 matrix, so that coefficient c of
 * every block sits in register c; those layers then pair registers too, with
 * a different zeta per lane (ntt_avx2_tables.h), and a second transpose
 * restores the standard order.  Nothing branches or indexes on data.
 */
#include <immintrin.h>

#include "mlkem_internal.h"
#include "ntt_tables.h"
#include "ntt_avx2_tables.h"

#define QINV16 (-3327)

static inline __m256i mont_mul(__m256i a, __m256i z, __m256i zq)
{
	__m256i hi = _mm256_mulhi_epi16(a, z);
	__m256i t = _mm256_mullo_epi16(a, zq);
	t = _mm256_mulhi_epi16(t, _mm256_set1_epi16(MLKEM_Q));
	return _mm256_sub_epi16(hi, t);
}

static inline __m256i zq_of(__m256i z)
{
	return _mm256_mullo_epi16(z, _mm256_set1_epi16(QINV16));
}

static inline __m256i barrett(__m256i a)
{
	__m256i t = _mm256_mulhi_epi16(a, _mm256_set1_epi16(20159));
	t = _mm256_srai_epi16(_mm256_add_epi16(t, _mm256_set1_epi16(1 << 9)), 10);
	return _mm256_sub_epi16(a, _mm256_mullo_epi16(t, _mm256_set1_epi16(MLKEM_Q)));
}

/* In-lane 8 x 8 transpose of 16-bit elements: rows r[0..7] (each lane a row
 * of 8) become columns s[0..7]. */
static inline void transpose8(__m256i s[8], const __m256i r[8])
{
	__m256i a[8], b[8];
	for (int i = 0; i < 4; i++) {
		a[2 * i] = _mm256_unpacklo_epi16(r[2 * i], r[2 * i + 1]);
		a[2 * i + 1] = _mm256_unpackhi_epi16(r[2 * i], r[2 * i + 1]);
	}
	b[0] = _mm256_unpacklo_epi32(a[0], a[2]);
	b[1] = _mm256_unpackhi_epi32(a[0], a[2]);
	b[2] = _mm256_unpacklo_epi32(a[1], a[3]);
	b[3] = _mm256_unpackhi_epi32(a[1], a[3]);
	b[4] = _mm256_unpacklo_epi32(a[4], a[6]);
	b[5] = _mm256_unpackhi_epi32(a[4], a[6]);
	b[6] = _mm256_unpacklo_epi32(a[5], a[7]);
	b[7] = _mm256_unpackhi_epi32(a[5], a[7]);
	for (int i = 0; i < 4; i++) {
		s[2 * i] = _mm256_unpacklo_epi64(b[i], b[i + 4]);
		s[2 * i + 1] = _mm256_unpackhi_epi64(b[i], b[i + 4]);
	}
}

/* r[v][c] -> r[c][v] for the 16 x 16 matrix of coefficients 16v + c. */
static inline void transpose16(__m256i r[16])
{
	__m256i s[8], u[8];
	transpose8(s, r);
	transpose8(u, r + 8);
	for (int c = 0; c < 8; c++) {
		r[c] = _mm256_permute2x128_si256(s[c], u[c], 0x20);
		r[c + 8] = _mm256_permute2x128_si256(s[c], u[c], 0x31);
	}
}

/* Cooley-Tukey butterfly (Alg. 9 inner step). */
static inline void ct_bf(__m256i *x, __m256i *y, __m256i z, __m256i zq)
{
	__m256i t = mont_mul(*y, z, zq);
	*y = _mm256_sub_epi16(*x, t);
	*x = _mm256_add_epi16(*x, t);
}

/* Gentleman-Sande butterfly (Alg. 10 inner step), sum reduced. */
static inline void gs_bf(__m256i *x, __m256i *y, __m256i z, __m256i zq)
{
	__m256i t = *x;
	*x = barrett(_mm256_add_epi16(t, *y));
	*y = mont_mul(_mm256_sub_epi16(*y, t), z, zq);
}

static inline __m256i ld(const int16_t *p)
{
	return _mm256_loadu_si256((const __m256i *)(const void *)p);
}

void mlkem_ntt_avx2(int16_t a[MLKEM_N])
{
	__m256i r[16];
	unsigned zi = 1;
	for (int i = 0; i < 16; i++)
		r[i] = ld(a + 16 * i);

	/* len 128, 64, 32, 16: registers d = len / 16 apart. */
	for (unsigned d = 8; d >= 1; d >>= 1) {
		for (unsigned start = 0; start < 16; start += 2 * d) {
			__m256i z = _mm256_set1_epi16(mlkem_zetas[zi++]);
			__m256i zq = zq_of(z);
			for (unsigned j = start; j < start + d; j++)
				ct_bf(&r[j], &r[j + d], z, zq);
		}
	}

	transpose16(r);
	/* len 8: coefficient c with c + 8 in every block. */
	__m256i z = ld(ntt_z8[0]), zq = zq_of(z);
	for (int c = 0; c < 8; c++)
		ct_bf(&r[c], &r[c + 8], z, zq);
	/* len 4: sub-blocks h = c / 8. */
	for (int h = 0; h < 2; h++) {
		z = ld(ntt_z4[h]), zq = zq_of(z);
		for (int c = 8 * h; c < 8 * h + 4; c++)
			ct_bf(&r[c], &r[c + 4], z, zq);
	}
	/* len 2: sub-blocks h = c / 4. */
	for (int h = 0; h < 4; h++) {
		z = ld(ntt_z2[h]), zq = zq_of(z);
		for (int c = 4 * h; c < 4 * h + 2; c++)
			ct_bf(&r[c], &r[c + 2], z, zq);
	}
	for (int i = 0; i < 16; i++)
		r[i] = barrett(r[i]);
	transpose16(r);

	for (int i = 0; i < 16; i++)
		_mm256_storeu_si256((__m256i *)(void *)(a + 16 * i), r[i]);
}

void mlkem_invntt_avx2(int16_t a[MLKEM_N])
{
	__m256i r[16], z, zq;
	for (int i = 0; i < 16; i++)
		r[i] = ld(a + 16 * i);

	transpose16(r);
	/* len 2, 4, 8 on the transposed blocks (zetas 127 down to 16). */
	for (int h = 0; h < 4; h++) {
		z = ld(inv_z2[h]), zq = zq_of(z);
		for (int c = 4 * h; c < 4 * h + 2; c++)
			gs_bf(&r[c], &r[c + 2], z, zq);
	}
	for (int h = 0; h < 2; h++) {
		z = ld(inv_z4[h]), zq = zq_of(z);
		for (int c = 8 * h; c < 8 * h + 4; c++)
			gs_bf(&r[c], &r[c + 4], z, zq);
	}
	z = ld(inv_z8[0]), zq = zq_of(z);
	for (int c = 0; c < 8; c++)
		gs_bf(&r[c], &r[c + 8], z, zq);
	transpose16(r);

	/* len 16, 32, 64, 128 (zetas 15 down to 1). */
	unsigned zi = 15;
	for (unsigned d = 1; d <= 8; d <<= 1) {
		for (unsigned start = 0; start < 16; start += 2 * d) {
			z = _mm256_set1_epi16(mlkem_zetas[zi--]);
			zq = zq_of(z);
			for (unsigned j = start; j < start + d; j++)
				gs_bf(&r[j], &r[j + d], z, zq);
		}
	}

	/* times R^2 / 128 under Montgomery: the 1/128 of Alg. 10 and one R. */
	z = _mm256_set1_epi16(1441);
	zq = zq_of(z);
	for (int i = 0; i < 16; i++)
		_mm256_storeu_si256((__m256i *)(void *)(a + 16 * i), mont_mul(r[i], z, zq));
}

/* Montgomery reduction of the eight 32-bit values of c; each result lands
 * in the odd (upper) 16-bit half of its 32-bit slot. */
static inline __m256i mred32(__m256i c)
{
	__m256i t = _mm256_mullo_epi16(c, _mm256_set1_epi16(QINV16));
	t = _mm256_mulhi_epi16(t, _mm256_set1_epi16(MLKEM_Q));
	return _mm256_sub_epi16(c, _mm256_slli_epi32(t, 16));
}

/* Alg. 11/12 summed over k, with exactly the portable code's 32-bit sums:
 * madd forms a0 b0 + m gamma (m = a1 b1 R^-1) and a0 b1 + a1 b0 per pair. */
void mlkem_basemul_acc_avx2(int16_t r[MLKEM_N], const mlkem_poly *a, const mlkem_poly *b,
                            unsigned k)
{
	const __m256i swap = _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
	                                      2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
	for (int v = 0; v < 16; v++) {
		__m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
		__m256i g = ld(gamma_odd[v]);
		for (unsigned i = 0; i < k; i++) {
			__m256i x = ld(a[i].c + 16 * v), y = ld(b[i].c + 16 * v);
			__m256i m = mont_mul(x, y, zq_of(y));
			acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(_mm256_blend_epi16(x, m, 0xAA),
			                                                _mm256_blend_epi16(y, g, 0xAA)));
			acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(x, _mm256_shuffle_epi8(y, swap)));
		}
		__m256i out = _mm256_blend_epi16(_mm256_srli_epi32(mred32(acc0), 16), mred32(acc1), 0xAA);
		_mm256_storeu_si256((__m256i *)(void *)(r + 16 * v), out);
	}
}

void mlkem_tomont_avx2(int16_t a[MLKEM_N])
{
	__m256i z = _mm256_set1_epi16(1353), zq = zq_of(z); /* R^2 mod q */
	for (int i = 0; i < 16; i++)
		_mm256_storeu_si256((__m256i *)(void *)(a + 16 * i), mont_mul(ld(a + 16 * i), z, zq));
}
