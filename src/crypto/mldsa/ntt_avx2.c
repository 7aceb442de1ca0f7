/*
 * ML-DSA NTT with AVX2 (x86-64; chosen at run time by ntt.c).
 *
 * The same butterflies, in the same Montgomery arithmetic, as ntt.c, on
 * eight coefficients at a time, so the results equal the portable ones
 * exactly (tests/unit/test_mldsa_poly compares them on random inputs).
 * Levels with butterfly distance >= 8 work on whole vectors with one
 * broadcast zeta; the last three (distances 4, 2, 1) transpose each 8x8
 * block of coefficients so that they become vector butterflies too, with
 * per-lane zetas from the tables below (generated from mldsa_zetas:
 * lane r of group g belongs to the 8-coefficient block b = 8g + r).
 */
#include "ntt.h"

#ifdef MLDSA_HAVE_AVX2
#include <immintrin.h>

#define QINV 58728449 /* q^-1 mod 2^32 */

/* fwd_low[g]: distance 4 (zetas[32 + b]); distance 2 (zetas[64 + 2b + k],
 * k = 0, 1); distance 1 (zetas[128 + 4b + k], k = 0..3).
 * inv_low[g]: the inverse's -zetas in the order used: distance 1
 * (-zetas[255 - (4b + k)]), distance 2 (-zetas[127 - (2b + k)]), distance 4
 * (-zetas[63 - b]). */
static const int32_t fwd_low[4][7][8] __attribute__((aligned(32))) = {
	{
		{ 2706023, 95776, 3077325, 3530437, -1661693, -3592148, -2537516, 3915439 },
		{ -3930395, -3677745, -1452451, 2176455, -1257611, -4083598, -3190144, -3632928 },
		{ -1528703, -3041255, 3475950, -1585221, 1939314, -1000202, -3157330, 126922 },
		{ 2091667, -3342478, 266997, -3520352, 900702, 495491, -655327, -3556995 },
		{ 3407706, 2244091, 2434439, -3759364, 1859098, -1613174, -3122442, -525098 },
		{ 2316500, -2446433, -1235728, -1197226, 909542, -43260, 2031748, -768622 },
		{ 3817976, -3562462, 3513181, -3193378, 819034, -522500, 3207046, -3595838 },
	},
	{
		{ -3861115, -3043716, 3574422, -2867647, 3539968, -300467, 2348700, -539299 },
		{ 3412210, 2147896, -2967645, -411027, -671102, -22981, -381987, 1852771 },
		{ -983419, 2715295, -3693493, -2477047, -1228525, -1308169, 1349076, -1430430 },
		{ 342297, 3437287, 2842341, 4055324, -3767016, -2994039, -1333058, -451100 },
		{ 286988, -3342277, 2691481, 1247620, 1250494, 1869119, 1237275, 1312455 },
		{ -2437823, 1735879, -2590150, 2486353, 2635921, 1903435, -3318210, 3306115 },
		{ 4108315, 203044, 1265009, 1595974, -3548272, -1050970, -1430225, -1962642 },
	},
	{
		{ -1699267, -1643818, 3505694, -3821735, 3507263, -2140649, -1600420, 3699596 },
		{ -3343383, 508951, 44288, 904516, -3724342, 1653064, 2389356, 759969 },
		{ 264944, 3097992, -1100098, 3958618, -8578, -3249728, -210977, -1316856 },
		{ -1279661, 1500165, -542412, -2584293, -2013608, 1957272, -3183426, 810149 },
		{ 1917081, 777191, -2831860, -3724270, 2432395, 3369112, 162844, 1652634 },
		{ -2546312, 2235880, -1671176, 594136, 2454455, 185531, 1616392, -3694233 },
		{ -1374803, 3406031, -1846953, -3776993, -164721, -1207385, 3014001, -1799107 },
	},
	{
		{ 811944, 531354, 954230, 3881043, 3900724, -2556880, 2071892, -2797779 },
		{ 189548, 3159746, -2409325, 1315589, 1285669, -812732, -3019102, -3628969 },
		{ -3553272, -1851402, -177440, 1341330, -1584928, -1439742, -3881060, 3839961 },
		{ -3038916, 2213111, -426683, -1667432, -2939036, 183443, -554416, 3937738 },
		{ 3523897, -975884, 1723600, -1104333, -2235985, -976891, 3919660, 1400424 },
		{ 3866901, 1717735, -1803090, -260646, -420899, 1612842, -48306, -846154 },
		{ 269760, 472078, 1910376, -3833893, -2286327, -3545687, -1362209, 1976782 },
	},
};
static const int32_t inv_low[4][7][8] __attribute__((aligned(32))) = {
	{
		{ -1976782, 1362209, 3545687, 2286327, 3833893, -1910376, -472078, -269760 },
		{ 846154, 48306, -1612842, 420899, 260646, 1803090, -1717735, -3866901 },
		{ -1400424, -3919660, 976891, 2235985, 1104333, -1723600, 975884, -3523897 },
		{ -3937738, 554416, -183443, 2939036, 1667432, 426683, -2213111, 3038916 },
		{ -3839961, 3881060, 1439742, 1584928, -1341330, 177440, 1851402, 3553272 },
		{ 3628969, 3019102, 812732, -1285669, -1315589, 2409325, -3159746, -189548 },
		{ 2797779, -2071892, 2556880, -3900724, -3881043, -954230, -531354, -811944 },
	},
	{
		{ 1799107, -3014001, 1207385, 164721, 3776993, 1846953, -3406031, 1374803 },
		{ 3694233, -1616392, -185531, -2454455, -594136, 1671176, -2235880, 2546312 },
		{ -1652634, -162844, -3369112, -2432395, 3724270, 2831860, -777191, -1917081 },
		{ -810149, 3183426, -1957272, 2013608, 2584293, 542412, -1500165, 1279661 },
		{ 1316856, 210977, 3249728, 8578, -3958618, 1100098, -3097992, -264944 },
		{ -759969, -2389356, -1653064, 3724342, -904516, -44288, -508951, 3343383 },
		{ -3699596, 1600420, 2140649, -3507263, 3821735, -3505694, 1643818, 1699267 },
	},
	{
		{ 1962642, 1430225, 1050970, 3548272, -1595974, -1265009, -203044, -4108315 },
		{ -3306115, 3318210, -1903435, -2635921, -2486353, 2590150, -1735879, 2437823 },
		{ -1312455, -1237275, -1869119, -1250494, -1247620, -2691481, 3342277, -286988 },
		{ 451100, 1333058, 2994039, 3767016, -4055324, -2842341, -3437287, -342297 },
		{ 1430430, -1349076, 1308169, 1228525, 2477047, 3693493, -2715295, 983419 },
		{ -1852771, 381987, 22981, 671102, 411027, 2967645, -2147896, -3412210 },
		{ 539299, -2348700, 300467, -3539968, 2867647, -3574422, 3043716, 3861115 },
	},
	{
		{ 3595838, -3207046, 522500, -819034, 3193378, -3513181, 3562462, -3817976 },
		{ 768622, -2031748, 43260, -909542, 1197226, 1235728, 2446433, -2316500 },
		{ 525098, 3122442, 1613174, -1859098, 3759364, -2434439, -2244091, -3407706 },
		{ 3556995, 655327, -495491, -900702, 3520352, -266997, 3342478, -2091667 },
		{ -126922, 3157330, 1000202, -1939314, 1585221, -3475950, 3041255, 1528703 },
		{ 3632928, 3190144, 4083598, 1257611, -2176455, 1452451, 3677745, 3930395 },
		{ -3915439, 2537516, 3592148, 1661693, -3530437, -3077325, -95776, -2706023 },
	},
};

/* a * b * 2^-32 mod q per lane, |a * b| < q 2^31; bq = b * q^-1 mod 2^32.
 * Even lanes are multiplied in place, odd lanes after a 32-bit shift; the
 * high halves of (a b - t q) are the results. */
static inline __m256i montmul(__m256i a, __m256i b, __m256i bq)
{
	const __m256i q = _mm256_set1_epi32(MLDSA_Q);
	__m256i ao = _mm256_srli_epi64(a, 32);
	__m256i bo = _mm256_srli_epi64(b, 32);
	__m256i bqo = _mm256_srli_epi64(bq, 32);
	__m256i pe = _mm256_mul_epi32(a, b);
	__m256i po = _mm256_mul_epi32(ao, bo);
	__m256i te = _mm256_mul_epi32(_mm256_mul_epi32(a, bq), q);
	__m256i to = _mm256_mul_epi32(_mm256_mul_epi32(ao, bqo), q);
	pe = _mm256_srli_epi64(_mm256_sub_epi64(pe, te), 32);
	po = _mm256_sub_epi64(po, to);
	return _mm256_blend_epi32(pe, po, 0xAA);
}

static inline __m256i zq_of(__m256i z)
{
	return _mm256_mullo_epi32(z, _mm256_set1_epi32(QINV));
}

static inline void fwd_bf(__m256i *x, __m256i *y, __m256i z, __m256i zq)
{
	__m256i t = montmul(*y, z, zq);
	*y = _mm256_sub_epi32(*x, t);
	*x = _mm256_add_epi32(*x, t);
}

static inline void inv_bf(__m256i *x, __m256i *y, __m256i z, __m256i zq)
{
	__m256i t = *x;
	*x = _mm256_add_epi32(t, *y);
	*y = montmul(_mm256_sub_epi32(t, *y), z, zq);
}

/* out[i] lane r = in[r] lane i */
static inline void transpose8(__m256i v[8])
{
	__m256i t0 = _mm256_unpacklo_epi32(v[0], v[1]), t1 = _mm256_unpackhi_epi32(v[0], v[1]);
	__m256i t2 = _mm256_unpacklo_epi32(v[2], v[3]), t3 = _mm256_unpackhi_epi32(v[2], v[3]);
	__m256i t4 = _mm256_unpacklo_epi32(v[4], v[5]), t5 = _mm256_unpackhi_epi32(v[4], v[5]);
	__m256i t6 = _mm256_unpacklo_epi32(v[6], v[7]), t7 = _mm256_unpackhi_epi32(v[6], v[7]);
	__m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
	__m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
	__m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
	__m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
	v[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
	v[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
	v[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
	v[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
	v[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
	v[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
	v[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
	v[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

static inline __m256i ld(const int32_t *p)
{
	return _mm256_loadu_si256((const __m256i *)(const void *)p);
}

static inline void st(int32_t *p, __m256i v)
{
	_mm256_storeu_si256((__m256i *)(void *)p, v);
}

void mldsa_ntt_avx2(mldsa_poly *poly)
{
	int32_t *a = poly->c;
	unsigned m = 0;
	for (unsigned len = 128; len >= 8; len >>= 1) {
		for (unsigned start = 0; start < MLDSA_N; start += 2 * len) {
			__m256i z = _mm256_set1_epi32(mldsa_zetas[++m]);
			__m256i zq = zq_of(z);
			for (unsigned j = start; j < start + len; j += 8) {
				__m256i x = ld(a + j), y = ld(a + j + len);
				fwd_bf(&x, &y, z, zq);
				st(a + j, x);
				st(a + j + len, y);
			}
		}
	}
	for (unsigned g = 0; g < 4; g++) {
		__m256i v[8], z[7], zq[7];
		for (unsigned r = 0; r < 8; r++)
			v[r] = ld(a + 64 * g + 8 * r);
		for (unsigned i = 0; i < 7; i++) {
			z[i] = ld(fwd_low[g][i]);
			zq[i] = zq_of(z[i]);
		}
		transpose8(v);
		for (unsigned i = 0; i < 4; i++)
			fwd_bf(&v[i], &v[i + 4], z[0], zq[0]);
		fwd_bf(&v[0], &v[2], z[1], zq[1]);
		fwd_bf(&v[1], &v[3], z[1], zq[1]);
		fwd_bf(&v[4], &v[6], z[2], zq[2]);
		fwd_bf(&v[5], &v[7], z[2], zq[2]);
		for (unsigned k = 0; k < 4; k++)
			fwd_bf(&v[2 * k], &v[2 * k + 1], z[3 + k], zq[3 + k]);
		transpose8(v);
		for (unsigned r = 0; r < 8; r++)
			st(a + 64 * g + 8 * r, v[r]);
	}
}

void mldsa_invntt_tomont_avx2(mldsa_poly *poly)
{
	int32_t *a = poly->c;
	for (unsigned g = 0; g < 4; g++) {
		__m256i v[8], z[7], zq[7];
		for (unsigned r = 0; r < 8; r++)
			v[r] = ld(a + 64 * g + 8 * r);
		for (unsigned i = 0; i < 7; i++) {
			z[i] = ld(inv_low[g][i]);
			zq[i] = zq_of(z[i]);
		}
		transpose8(v);
		for (unsigned k = 0; k < 4; k++)
			inv_bf(&v[2 * k], &v[2 * k + 1], z[k], zq[k]);
		inv_bf(&v[0], &v[2], z[4], zq[4]);
		inv_bf(&v[1], &v[3], z[4], zq[4]);
		inv_bf(&v[4], &v[6], z[5], zq[5]);
		inv_bf(&v[5], &v[7], z[5], zq[5]);
		for (unsigned i = 0; i < 4; i++)
			inv_bf(&v[i], &v[i + 4], z[6], zq[6]);
		transpose8(v);
		for (unsigned r = 0; r < 8; r++)
			st(a + 64 * g + 8 * r, v[r]);
	}
	for (unsigned len = 8; len < MLDSA_N; len <<= 1) {
		unsigned nb = MLDSA_N / (2 * len);
		for (unsigned b = 0; b < nb; b++) {
			__m256i z = _mm256_set1_epi32(-mldsa_zetas[2 * nb - 1 - b]);
			__m256i zq = zq_of(z);
			unsigned start = 2 * len * b;
			for (unsigned j = start; j < start + len; j += 8) {
				__m256i x = ld(a + j), y = ld(a + j + len);
				inv_bf(&x, &y, z, zq);
				st(a + j, x);
				st(a + j + len, y);
			}
		}
	}
	const __m256i f = _mm256_set1_epi32(41978); /* 2^64 / 256 mod q, as in ntt.c */
	const __m256i fq = zq_of(f);
	for (unsigned j = 0; j < MLDSA_N; j += 8)
		st(a + j, montmul(ld(a + j), f, fq));
}

void mldsa_poly_pointwise_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (unsigned j = 0; j < MLDSA_N; j += 8) {
		__m256i y = ld(b->c + j);
		st(r->c + j, montmul(ld(a->c + j), y, zq_of(y)));
	}
}

void mldsa_poly_pointwise_acc_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (unsigned j = 0; j < MLDSA_N; j += 8) {
		__m256i y = ld(b->c + j);
		__m256i p = montmul(ld(a->c + j), y, zq_of(y));
		st(r->c + j, _mm256_add_epi32(ld(r->c + j), p));
	}
}
#endif
