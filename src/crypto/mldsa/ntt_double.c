/*
 * The portable ML-DSA transforms (FIPS 204 Alg. 41, 42) and pointwise
 * products (Alg. 45) in binary64 floating point, so that a compiler for a
 * plain 64-bit target can run two butterflies per instruction (SSE2 on
 * x86-64, NEON on AArch64): C has no portable 32 x 32 -> 64-bit vector
 * multiply, but every such target has two-lane double arithmetic, and gcc
 * -O2 vectorizes the loops below.
 *
 * Exactness.  Every value is an integer of magnitude below 2^53, so
 * products, sums and differences of them are exact.  A product b * z with a
 * zeta z is reduced as b z - q k with k = round(b (z / q)): z / q is stored
 * rounded, so k may miss the nearest integer by one only when b z / q lies
 * within 2^-20 of a half (the relative error is 2^-52 on values below
 * 2^32), and the result is an exact representative of b z mod q with
 * |result| < q/2 + 1.  round() is (x + 1.5 * 2^52) - 1.5 * 2^52, an
 * integer for |x| < 2^51.  Bounds are given at each step.
 *
 * Rounding modes.  In a directed rounding mode (an application's
 * fesetround) round() is floor or ceil instead, one off at most, so a
 * reduced value is below 1.5q instead of q/2 + 1.  Every product still
 * stays below 2^53 (the bounds below have that much room), so the
 * residues are the same; only the output ranges widen.  Each function
 * checks the mode with two additions (nearest_mode) and, outside
 * round-to-nearest, reduces its outputs once more with mldsa_reduce32, so
 * that the ranges poly.h states hold in every mode.
 *
 * Constant time.  Additions, subtractions and multiplications of normal
 * doubles and zero take data-independent time on the CPUs we target; no
 * operand here is subnormal (every nonzero value is an integer, or an
 * integer times z / q with |z| >= 1, so at least 1 / q), no division, no
 * square root, no branch and no index depends on the data.
 *
 * The results equal the Montgomery transforms of ntt.c / ntt_avx2.c mod q:
 * the forward transform is in the normal domain, and the inverse multiplies
 * by 2^32 / 256 (tests/unit/test_mldsa_poly.c checks both against a naive
 * evaluation, schoolbook products and the AVX2 versions).
 */
#include <float.h>
#include <string.h>

#include "fused.h" /* ntt.h, the row products */

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0 || defined(__FAST_MATH__)
#error "ntt_double.c needs binary64 arithmetic evaluated in binary64 (no x87, no -ffast-math)"
#endif

#define QD ((double)MLDSA_Q)
#define QINV (1.0 / QD)
#define RND 6755399441055744.0 /* 1.5 * 2^52 */

/* zd[m] = 1753^BitRev8(m) mod q, centered, and that over q (Alg. 41's
 * zetas in the normal domain; generated from the definition). */
struct zeta {
	double z, zq;
};
#define Z(x) { (x), (x) / QD }
static const struct zeta zd[MLDSA_N] = {
	Z(1), Z(-3572223), Z(3765607), Z(3761513), Z(-3201494), Z(-2883726), Z(-3145678), Z(-3201430),
	Z(-601683), Z(3542485), Z(2682288), Z(2129892), Z(3764867), Z(-1005239), Z(557458), Z(-1221177),
	Z(-3370349), Z(-4063053), Z(2663378), Z(-1674615), Z(-3524442), Z(-434125), Z(676590), Z(-1335936),
	Z(-3227876), Z(1714295), Z(2453983), Z(1460718), Z(-642628), Z(-3585098), Z(2815639), Z(2283733),
	Z(3602218), Z(3182878), Z(2740543), Z(-3586446), Z(-3110818), Z(2101410), Z(3704823), Z(1159875),
	Z(394148), Z(928749), Z(1095468), Z(-3506380), Z(2071829), Z(-4018989), Z(3241972), Z(2156050),
	Z(3415069), Z(1759347), Z(-817536), Z(-3574466), Z(3756790), Z(-1935799), Z(-1716988), Z(-3950053),
	Z(-2897314), Z(3192354), Z(556856), Z(3870317), Z(2917338), Z(1853806), Z(3345963), Z(1858416),
	Z(3073009), Z(1277625), Z(-2635473), Z(3852015), Z(4183372), Z(-3222807), Z(-3121440), Z(-274060),
	Z(2508980), Z(2028118), Z(1937570), Z(-3815725), Z(2811291), Z(-2983781), Z(-1109516), Z(4158088),
	Z(1528066), Z(482649), Z(1148858), Z(-2962264), Z(-565603), Z(169688), Z(2462444), Z(-3334383),
	Z(-4166425), Z(-3488383), Z(1987814), Z(-3197248), Z(1736313), Z(235407), Z(-3250154), Z(3258457),
	Z(-2579253), Z(1787943), Z(-2391089), Z(-2254727), Z(3482206), Z(-4182915), Z(-1300016), Z(-2362063),
	Z(-1317678), Z(2461387), Z(3035980), Z(621164), Z(3901472), Z(-1226661), Z(2925816), Z(3374250),
	Z(1356448), Z(-2775755), Z(2683270), Z(-2778788), Z(-3467665), Z(2312838), Z(-653275), Z(-459163),
	Z(348812), Z(-327848), Z(1011223), Z(-2354215), Z(-3818627), Z(-1922253), Z(-2236726), Z(1744507),
	Z(1753), Z(-1935420), Z(-2659525), Z(-1455890), Z(2660408), Z(-1780227), Z(-59148), Z(2772600),
	Z(1182243), Z(87208), Z(636927), Z(-3965306), Z(-3956745), Z(-2296397), Z(-3284915), Z(-3716946),
	Z(-27812), Z(822541), Z(1009365), Z(-2454145), Z(-1979497), Z(1596822), Z(-3956944), Z(-3759465),
	Z(-1685153), Z(-3410568), Z(2678278), Z(-3768948), Z(-3551006), Z(635956), Z(-250446), Z(-2455377),
	Z(-4146264), Z(-1772588), Z(2192938), Z(-1727088), Z(2387513), Z(-3611750), Z(-268456), Z(-3180456),
	Z(3747250), Z(2296099), Z(1239911), Z(-3838479), Z(3195676), Z(2642980), Z(1254190), Z(-12417),
	Z(2998219), Z(141835), Z(-89301), Z(2513018), Z(-1354892), Z(613238), Z(-1310261), Z(-2218467),
	Z(-458740), Z(-1921994), Z(4040196), Z(-3472069), Z(2039144), Z(-1879878), Z(-818761), Z(-2178965),
	Z(-1623354), Z(2105286), Z(-2374402), Z(-2033807), Z(586241), Z(-1179613), Z(527981), Z(-2743411),
	Z(-1476985), Z(1994046), Z(2491325), Z(-1393159), Z(507927), Z(-1187885), Z(-724804), Z(-1834526),
	Z(-3033742), Z(-338420), Z(2647994), Z(3009748), Z(-2612853), Z(4148469), Z(749577), Z(-4022750),
	Z(3980599), Z(2569011), Z(-1615530), Z(1723229), Z(1665318), Z(2028038), Z(1163598), Z(-3369273),
	Z(3994671), Z(-11879), Z(-1370517), Z(3020393), Z(3363542), Z(214880), Z(545376), Z(-770441),
	Z(3105558), Z(-1103344), Z(508145), Z(-553718), Z(860144), Z(3430436), Z(140244), Z(-1514152),
	Z(-2185084), Z(3123762), Z(2358373), Z(-2193087), Z(-3014420), Z(-1716814), Z(2926054), Z(-392707),
	Z(-303005), Z(3531229), Z(-3974485), Z(-3773731), Z(1900052), Z(-781875), Z(1054478), Z(-731434),
};

/*
 * The levels whose butterflies lie inside a group of four coefficients
 * (distances 2 and 1) in explicit two-lane vectors (the GNU vector
 * extension; any target, SSE2 / NEON where there is one): a group is two
 * vectors, (x0, x1) and (x2, x3), and one pair of shuffles turns them into
 * (x0, x2), (x1, x3) for the distance-1 butterflies.  Left to itself, gcc
 * pairs lanes across groups instead, with a shuffle per load and store.
 * The arithmetic per lane is that of mulz and red below, in the same order.
 * Their zetas come from the tables zf4 and zi4, one row per group, laid out
 * as the vectors use them (each entry is an entry of zd).
 */
typedef double d2 __attribute__((vector_size(16)));
typedef int32_t i32x2 __attribute__((vector_size(8)));
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 12)
#define SHUF(a, b, i, j) __builtin_shufflevector(a, b, i, j)
#else
typedef long long i2 __attribute__((vector_size(16)));
#define SHUF(a, b, i, j) __builtin_shuffle(a, b, (i2){ i, j })
#endif

/* A pair of zetas (x, y) and that over q as vectors. */
#define ZV(x, y) { (x), (y) }, { (x) / QD, (y) / QD }

/* Forward levels 7 and 8 on group s: zd[64 + s] on both lanes, then
 * (zd[128 + 2s], zd[129 + 2s]). */
struct zeta_fwd4 {
	d2 z7, z7q, zab, zabq;
};
#define ZF(x7, xa, xb) { ZV(x7, x7), ZV(xa, xb) }
static const struct zeta_fwd4 zf4[MLDSA_N / 4] = {
	ZF(3073009, 1753, -1935420), ZF(1277625, -2659525, -1455890),
	ZF(-2635473, 2660408, -1780227), ZF(3852015, -59148, 2772600), ZF(4183372, 1182243, 87208),
	ZF(-3222807, 636927, -3965306), ZF(-3121440, -3956745, -2296397),
	ZF(-274060, -3284915, -3716946), ZF(2508980, -27812, 822541),
	ZF(2028118, 1009365, -2454145), ZF(1937570, -1979497, 1596822),
	ZF(-3815725, -3956944, -3759465), ZF(2811291, -1685153, -3410568),
	ZF(-2983781, 2678278, -3768948), ZF(-1109516, -3551006, 635956),
	ZF(4158088, -250446, -2455377), ZF(1528066, -4146264, -1772588),
	ZF(482649, 2192938, -1727088), ZF(1148858, 2387513, -3611750),
	ZF(-2962264, -268456, -3180456), ZF(-565603, 3747250, 2296099),
	ZF(169688, 1239911, -3838479), ZF(2462444, 3195676, 2642980), ZF(-3334383, 1254190, -12417),
	ZF(-4166425, 2998219, 141835), ZF(-3488383, -89301, 2513018), ZF(1987814, -1354892, 613238),
	ZF(-3197248, -1310261, -2218467), ZF(1736313, -458740, -1921994),
	ZF(235407, 4040196, -3472069), ZF(-3250154, 2039144, -1879878),
	ZF(3258457, -818761, -2178965), ZF(-2579253, -1623354, 2105286),
	ZF(1787943, -2374402, -2033807), ZF(-2391089, 586241, -1179613),
	ZF(-2254727, 527981, -2743411), ZF(3482206, -1476985, 1994046),
	ZF(-4182915, 2491325, -1393159), ZF(-1300016, 507927, -1187885),
	ZF(-2362063, -724804, -1834526), ZF(-1317678, -3033742, -338420),
	ZF(2461387, 2647994, 3009748), ZF(3035980, -2612853, 4148469), ZF(621164, 749577, -4022750),
	ZF(3901472, 3980599, 2569011), ZF(-1226661, -1615530, 1723229),
	ZF(2925816, 1665318, 2028038), ZF(3374250, 1163598, -3369273), ZF(1356448, 3994671, -11879),
	ZF(-2775755, -1370517, 3020393), ZF(2683270, 3363542, 214880),
	ZF(-2778788, 545376, -770441), ZF(-3467665, 3105558, -1103344),
	ZF(2312838, 508145, -553718), ZF(-653275, 860144, 3430436), ZF(-459163, 140244, -1514152),
	ZF(348812, -2185084, 3123762), ZF(-327848, 2358373, -2193087),
	ZF(1011223, -3014420, -1716814), ZF(-2354215, 2926054, -392707),
	ZF(-3818627, -303005, 3531229), ZF(-1922253, -3974485, -3773731),
	ZF(-2236726, 1900052, -781875), ZF(1744507, 1054478, -731434),
};
#undef ZF

/* Inverse levels 1 and 2 on group s: (zd[255 - 2s], zd[254 - 2s]), then
 * zd[127 - s] on both lanes. */
struct zeta_inv4 {
	d2 zab, zabq, z2, z2q;
};
#define ZI(xa, xb, x2) { ZV(xa, xb), ZV(x2, x2) }
static const struct zeta_inv4 zi4[MLDSA_N / 4] = {
	ZI(-731434, 1054478, 1744507), ZI(-781875, 1900052, -2236726),
	ZI(-3773731, -3974485, -1922253), ZI(3531229, -303005, -3818627),
	ZI(-392707, 2926054, -2354215), ZI(-1716814, -3014420, 1011223),
	ZI(-2193087, 2358373, -327848), ZI(3123762, -2185084, 348812),
	ZI(-1514152, 140244, -459163), ZI(3430436, 860144, -653275), ZI(-553718, 508145, 2312838),
	ZI(-1103344, 3105558, -3467665), ZI(-770441, 545376, -2778788),
	ZI(214880, 3363542, 2683270), ZI(3020393, -1370517, -2775755), ZI(-11879, 3994671, 1356448),
	ZI(-3369273, 1163598, 3374250), ZI(2028038, 1665318, 2925816),
	ZI(1723229, -1615530, -1226661), ZI(2569011, 3980599, 3901472),
	ZI(-4022750, 749577, 621164), ZI(4148469, -2612853, 3035980), ZI(3009748, 2647994, 2461387),
	ZI(-338420, -3033742, -1317678), ZI(-1834526, -724804, -2362063),
	ZI(-1187885, 507927, -1300016), ZI(-1393159, 2491325, -4182915),
	ZI(1994046, -1476985, 3482206), ZI(-2743411, 527981, -2254727),
	ZI(-1179613, 586241, -2391089), ZI(-2033807, -2374402, 1787943),
	ZI(2105286, -1623354, -2579253), ZI(-2178965, -818761, 3258457),
	ZI(-1879878, 2039144, -3250154), ZI(-3472069, 4040196, 235407),
	ZI(-1921994, -458740, 1736313), ZI(-2218467, -1310261, -3197248),
	ZI(613238, -1354892, 1987814), ZI(2513018, -89301, -3488383), ZI(141835, 2998219, -4166425),
	ZI(-12417, 1254190, -3334383), ZI(2642980, 3195676, 2462444), ZI(-3838479, 1239911, 169688),
	ZI(2296099, 3747250, -565603), ZI(-3180456, -268456, -2962264),
	ZI(-3611750, 2387513, 1148858), ZI(-1727088, 2192938, 482649),
	ZI(-1772588, -4146264, 1528066), ZI(-2455377, -250446, 4158088),
	ZI(635956, -3551006, -1109516), ZI(-3768948, 2678278, -2983781),
	ZI(-3410568, -1685153, 2811291), ZI(-3759465, -3956944, -3815725),
	ZI(1596822, -1979497, 1937570), ZI(-2454145, 1009365, 2028118), ZI(822541, -27812, 2508980),
	ZI(-3716946, -3284915, -274060), ZI(-2296397, -3956745, -3121440),
	ZI(-3965306, 636927, -3222807), ZI(87208, 1182243, 4183372), ZI(2772600, -59148, 3852015),
	ZI(-1780227, 2660408, -2635473), ZI(-1455890, -2659525, 1277625),
	ZI(-1935420, 1753, 3073009),
};
#undef ZI
#undef ZV
#undef Z

/* 1 in the default round-to-nearest mode, 0 in a directed one: 1.5 * 2^52
 * +- 0.75 rounds to +-1 away only when rounding to nearest.  The mode is
 * public (the application's floating-point environment). */
static inline int nearest_mode(void)
{
	volatile double big = RND; /* read at run time, in the current mode */
	double b = big;
	return (b + 0.75) - RND == 1.0 && (b - 0.75) - RND == -1.0;
}

/* The outputs once more through mldsa_reduce32 (|a| <= 6283008 < q
 * after), for the directed rounding modes. */
static void reduce_all(mldsa_poly *a)
{
	for (unsigned j = 0; j < MLDSA_N; j++)
		a->c[j] = mldsa_reduce32(a->c[j]);
}

/* 2^32 / 256 mod q: Alg. 42's final factor 1/256 times the 2^32 that
 * cancels the 2^-32 of a Montgomery pointwise product. */
#define F_INV (16382.0)

static inline double rnd(double x)
{
	return (x + RND) - RND;
}

/* x mod q in about (-q/2, q/2] (|x| < 2^51). */
static inline double red(double x)
{
	return x - rnd(x * QINV) * QD;
}

/* b z mod q, |result| < q/2 + 1, for |b z| < 2^53. */
static inline double mulz(double b, double z, double zq)
{
	return b * z - rnd(b * zq) * QD;
}

static inline d2 mulz2(d2 b, d2 z, d2 zq)
{
	return b * z - ((b * zq + RND) - RND) * QD;
}

static inline d2 red2(d2 x)
{
	return x - ((x * QINV + RND) - RND) * QD;
}

/*
 * Two forward levels, distances 2h and h (h constant at each call, so that
 * the inner loop vectorizes), on blocks of 4h coefficients held in
 * registers: one load and one store per coefficient for two levels.  Level
 * 2h uses zd[128/(2h) + b] on block b, level h zd[128/h + 2b] and
 * zd[128/h + 2b + 1] on its two halves.  Adds at most 2 (q/2 + 1) to the
 * bound of the coefficients.
 */
static inline __attribute__((always_inline)) void fwd_2levels(double *c, unsigned h)
{
	for (unsigned b = 0; b < MLDSA_N / (4 * h); b++) {
		const struct zeta za = zd[MLDSA_N / (4 * h) + b];
		const struct zeta z0 = zd[MLDSA_N / (2 * h) + 2 * b];
		const struct zeta z1 = zd[MLDSA_N / (2 * h) + 2 * b + 1];
		double *x = c + 4 * h * b;
		for (unsigned j = 0; j < h; j++) {
			double x0 = x[j], x1 = x[j + h], x2 = x[j + 2 * h], x3 = x[j + 3 * h];
			double t2 = mulz(x2, za.z, za.zq), t3 = mulz(x3, za.z, za.zq);
			double y0 = x0 + t2, y2 = x0 - t2, y1 = x1 + t3, y3 = x1 - t3;
			double u1 = mulz(y1, z0.z, z0.zq), u3 = mulz(y3, z1.z, z1.zq);
			x[j] = y0 + u1;
			x[j + h] = y0 - u1;
			x[j + 2 * h] = y2 + u3;
			x[j + 3 * h] = y2 - u3;
		}
	}
}

/* fwd_2levels(c, 64) on the coefficients of a, converted to binary64 as
 * they are loaded, in explicit two-lane vectors (gcc does not vectorize
 * the conversion inside the butterflies by itself). */
static inline __attribute__((always_inline)) void fwd_first(double *c, const mldsa_poly *a)
{
	const struct zeta za = zd[1], z0 = zd[2], z1 = zd[3];
	const d2 vz = { za.z, za.z }, vzq = { za.zq, za.zq };
	const d2 v0 = { z0.z, z0.z }, v0q = { z0.zq, z0.zq };
	const d2 v1 = { z1.z, z1.z }, v1q = { z1.zq, z1.zq };
	d2 *x = (d2 *)c;
	for (unsigned k = 0; k < 32; k++) {
		const int32_t *u = a->c + 2 * k;
		const d2 x0 = { (double)u[0], (double)u[1] };
		const d2 x1 = { (double)u[64], (double)u[65] };
		const d2 x2 = { (double)u[128], (double)u[129] };
		const d2 x3 = { (double)u[192], (double)u[193] };
		const d2 t2 = mulz2(x2, vz, vzq), t3 = mulz2(x3, vz, vzq);
		const d2 y0 = x0 + t2, y2 = x0 - t2, y1 = x1 + t3, y3 = x1 - t3;
		const d2 u1 = mulz2(y1, v0, v0q), u3 = mulz2(y3, v1, v1q);
		x[k] = y0 + u1;
		x[k + 32] = y0 - u1;
		x[k + 64] = y2 + u3;
		x[k + 96] = y2 - u3;
	}
}

void mldsa_ntt_ref(mldsa_poly *a)
{
	_Alignas(16) double c[MLDSA_N];
	/* |a| < 2^30 (poly.h asks for |a| < q): after each level the bound
	 * grows by q/2 + 1, so every product stays below
	 * (2^30 + 8 (q/2 + 1)) q/2 < 2^53 */
	fwd_first(c, a);
	fwd_2levels(c, 16);
	fwd_2levels(c, 4);
	/* levels 7 and 8 (distances 2 and 1) on each group of four: the
	 * halves do not fill a two-lane vector, so the group is one iteration */
	for (unsigned s = 0; s < MLDSA_N / 4; s++) {
		d2 *x = (d2 *)(c + 4 * s);
		const struct zeta_fwd4 *z = &zf4[s];
		const d2 t = mulz2(x[1], z->z7, z->z7q);
		const d2 p = x[0] + t, q = x[0] - t;                   /* (c0, c1), (c2, c3) */
		const d2 e = SHUF(p, q, 0, 2), o = SHUF(p, q, 1, 3); /* (c0, c2), (c1, c3) */
		const d2 u = mulz2(o, z->zab, z->zabq);
		const d2 y0 = e + u, y1 = e - u; /* (x0, x2), (x1, x3) */
		/* |c| < |a| + 8 (q/2 + 1): exact integers in int32 range (< 9q
		 * for |a| < q), converted as they are stored */
		const i32x2 lo = __builtin_convertvector(SHUF(y0, y1, 0, 2), i32x2);
		const i32x2 hi = __builtin_convertvector(SHUF(y0, y1, 1, 3), i32x2);
		memcpy(&a->c[4 * s], &lo, sizeof lo);
		memcpy(&a->c[4 * s + 2], &hi, sizeof hi);
	}
	if (!nearest_mode())
		reduce_all(a);
}

/*
 * Two inverse levels (Alg. 42), distances h and 2h, on blocks of 4h
 * coefficients.  Level h uses zd[256/h - 1 - b'] on its blocks b' = 2b,
 * 2b + 1; level 2h uses zd[128/h - 1 - b].  (t - y) (-z) is computed as
 * (y - t) z.  Sums at most quadruple the bound; products are < q/2 + 1.
 */
static inline __attribute__((always_inline)) void inv_2levels(double *c, unsigned h)
{
	for (unsigned b = 0; b < MLDSA_N / (4 * h); b++) {
		const struct zeta z0 = zd[MLDSA_N / h - 1 - 2 * b];
		const struct zeta z1 = zd[MLDSA_N / h - 2 - 2 * b];
		const struct zeta za = zd[MLDSA_N / (2 * h) - 1 - b];
		double *x = c + 4 * h * b;
		for (unsigned j = 0; j < h; j++) {
			double x0 = x[j], x1 = x[j + h], x2 = x[j + 2 * h], x3 = x[j + 3 * h];
			double y0 = x0 + x1, y1 = mulz(x1 - x0, z0.z, z0.zq);
			double y2 = x2 + x3, y3 = mulz(x3 - x2, z1.z, z1.zq);
			x[j] = y0 + y2;
			x[j + h] = y1 + y3;
			x[j + 2 * h] = mulz(y2 - y0, za.z, za.zq);
			x[j + 3 * h] = mulz(y3 - y1, za.z, za.zq);
		}
	}
}

/* Alg. 42 on a (|a| < 2^29), or with b non-null on the products a o b
 * reduced (|a|, |b| < 9q: below 81 q^2 < 2^53, exact; reduced to q/2 + 1),
 * the output times f (|f| < 2^15) into r: the inverse NTT's 1/256, and
 * 2^32 for the Montgomery form or not.  The inputs are read (and
 * multiplied) as the first pass loads them, all before r is written, so r
 * may be a or b. */
static inline __attribute__((always_inline)) void invntt_core(mldsa_poly *r, const mldsa_poly *a,
                                                              const mldsa_poly *b, double f)
{
	_Alignas(16) double c[MLDSA_N];
	/* the last level's zeta with the final factor folded in */
	const double fz = red(zd[1].z * f), fzq = fz * QINV;
	/* levels 1 and 2 on each group of four (zetas 255 - 2s, 254 - 2s,
	 * then 127 - s), with the sums reduced: |c| < q/2 + 1 =: h after.
	 * Exact for |a| < 2^29 (poly.h asks for |a| < q): the level-2
	 * differences stay below 2^31, their products below 2^53. */
	for (unsigned s = 0; s < MLDSA_N / 4; s++) {
		d2 *x = (d2 *)(c + 4 * s);
		const struct zeta_inv4 *z = &zi4[s];
		const int32_t *u = a->c + 4 * s;
		d2 p = { (double)u[0], (double)u[1] }, q = { (double)u[2], (double)u[3] };
		if (b != NULL) {
			const int32_t *v = b->c + 4 * s;
			p = red2(p * (d2){ (double)v[0], (double)v[1] });
			q = red2(q * (d2){ (double)v[2], (double)v[3] });
		}
		const d2 e = SHUF(p, q, 0, 2), o = SHUF(p, q, 1, 3); /* (x0, x2), (x1, x3) */
		const d2 sm = e + o;                                             /* (c0, c2) */
		const d2 df = mulz2(o - e, z->zab, z->zabq);                     /* (c1, c3) */
		const d2 lo = SHUF(sm, df, 0, 2), hi = SHUF(sm, df, 1, 3);       /* (c0, c1), (c2, c3) */
		x[0] = red2(lo + hi);
		x[1] = mulz2(hi - lo, z->z2, z->z2q);
	}
	/* levels 3 to 6: |c| <= 16 h after */
	inv_2levels(c, 4);
	inv_2levels(c, 16);
	/* levels 7 and 8 (zd[3], zd[2], then zd[1]) with the final factor
	 * F_INV: |x0 + x1 + x2 + x3| <= 64 h < 2^28, so every product stays
	 * below 2^51; outputs |c| < q/2 + 1 */
	const struct zeta z3 = zd[3], z2 = zd[2];
	for (unsigned j = 0; j < MLDSA_N / 4; j++) {
		double x0 = c[j], x1 = c[j + 64], x2 = c[j + 128], x3 = c[j + 192];
		double y0 = x0 + x1, y1 = mulz(x1 - x0, z3.z, z3.zq);
		double y2 = x2 + x3, y3 = mulz(x3 - x2, z2.z, z2.zq);
		r->c[j] = (int32_t)mulz(y0 + y2, f, f * QINV);
		r->c[j + 64] = (int32_t)mulz(y1 + y3, f, f * QINV);
		r->c[j + 128] = (int32_t)mulz(y2 - y0, fz, fzq);
		r->c[j + 192] = (int32_t)mulz(y3 - y1, fz, fzq);
	}
	if (!nearest_mode())
		reduce_all(r);
}

void mldsa_invntt_tomont_ref(mldsa_poly *a)
{
	invntt_core(a, a, NULL, F_INV);
}

/* 1/256 mod q, centered: Alg. 42's factor without the Montgomery 2^32. */
#define N_INV (-32736.0)

/* pointwise(r, a, b) then invntt_tomont(r) (fused.h) in one pass: the
 * products reduced once to q/2 + 1 feed the transform, whose final factor
 * 1/256 replaces the 2^-32 of the pointwise product and the 2^32 of
 * invntt_tomont. */
void mldsa_pointwise_invntt_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	invntt_core(r, a, b, N_INV);
}

/* 2^-32 mod q, centered: the Montgomery factor of the pointwise products. */
#define RINV (-114592.0)

/* t = a b 2^-32 mod q for |a|, |b| < 9q: |a b| < 81 q^2 < 2^53 is exact,
 * its reduction k = round(a b / q) < 2^30 is exact up to one, so
 * |a b - k q| < q/2 + 1 and the second product is small; |t| < q/2 + 1.
 * (Kept apart from the int32 stores so that gcc vectorizes each loop with
 * one vector type.) */
static inline __attribute__((always_inline)) void mul_mont(double t[MLDSA_N], const mldsa_poly *a,
                                                           const mldsa_poly *b)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		t[i] = mulz(red((double)a->c[i] * (double)b->c[i]), RINV, RINV * QINV);
}

void mldsa_poly_pointwise_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	_Alignas(16) double t[MLDSA_N];
	mul_mont(t, a, b);
	for (unsigned i = 0; i < MLDSA_N; i++)
		r->c[i] = (int32_t)t[i];
	if (!nearest_mode())
		reduce_all(r);
}

void mldsa_poly_pointwise_acc_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	_Alignas(16) double t[MLDSA_N];
	mul_mont(t, a, b);
	if (nearest_mode()) {
		for (unsigned i = 0; i < MLDSA_N; i++)
			r->c[i] += (int32_t)t[i];
	} else {
		for (unsigned i = 0; i < MLDSA_N; i++)
			r->c[i] += mldsa_reduce32((int32_t)t[i]);
	}
}

/*
 * Row products (fused.h): each product a_j z_j is exact (a in [0, q),
 * |z| < 9q: below 9 q^2 < 2^50), and so is their sum over l <= 7 (below
 * 63 q^2 < 2^52), so the sum is taken unreduced and reduced once, to
 * |.| < q/2 + 1 (1.5q in a directed mode: red's quotient is off by one at
 * most for |x| < 2^52), before the Montgomery factor in one reduced
 * product.  The - c t of the verification form (|c t| < 81 q^2) is reduced
 * first, so that the sum stays below 2^52.  Two multiply-and-reduces per
 * coefficient instead of one per product, no int32 round trip.
 */
static inline __attribute__((always_inline)) void row_sum(double acc[MLDSA_N],
                                                          const mldsa_poly *a,
                                                          const mldsa_poly *z, unsigned l)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		acc[i] = (double)a[0].c[i] * (double)z[0].c[i];
	for (unsigned j = 1; j < l; j++) {
		for (unsigned i = 0; i < MLDSA_N; i++)
			acc[i] += (double)a[j].c[i] * (double)z[j].c[i];
	}
}

static inline __attribute__((always_inline)) void row_out(mldsa_poly *w,
                                                          const double acc[MLDSA_N])
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		w->c[i] = (int32_t)mulz(red(acc[i]), RINV, RINV * QINV);
	if (!nearest_mode())
		reduce_all(w);
}

void mldsa_row_pointwise_ref(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z, unsigned l)
{
	_Alignas(16) double acc[MLDSA_N];
	row_sum(acc, a, z, l);
	row_out(w, acc);
}

void mldsa_row_pointwise_sub_ref(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                                 unsigned l, const mldsa_poly *c, const mldsa_poly *t)
{
	_Alignas(16) double acc[MLDSA_N];
	row_sum(acc, a, z, l);
	for (unsigned i = 0; i < MLDSA_N; i++)
		acc[i] -= red((double)c->c[i] * (double)t->c[i]);
	row_out(w, acc);
}
