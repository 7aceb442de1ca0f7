/*
 * Internal: ML-DSA polynomials in Z_q[X]/(X^256 + 1) and the operations on
 * them (FIPS 204 sections 7.4 to 7.6).
 *
 * Coefficients are int32_t.  Functions state the ranges they accept and
 * produce; "centered" means the representative in about (-q/2, q/2],
 * "standard" means [0, q).  The NTT domain uses Montgomery form with
 * R = 2^32 where noted.  Everything here runs in time independent of the
 * coefficient values.
 */
#ifndef QSTP_MLDSA_POLY_H
#define QSTP_MLDSA_POLY_H

#include <stdint.h>

#include "params.h"

typedef struct mldsa_poly {
	int32_t c[MLDSA_N];
} mldsa_poly;

/* a * b * 2^-32 mod q for |a| < q * 2^31; result in (-q, q). */
static inline int32_t mldsa_montgomery_reduce(int64_t a)
{
	/* q^-1 mod 2^32 */
	const int32_t qinv = 58728449;
	int32_t t = (int32_t)(uint32_t)((uint64_t)a * (uint64_t)(uint32_t)qinv);
	return (int32_t)((a - (int64_t)t * MLDSA_Q) >> 32);
}

/* For a <= 2^31 - 2^22 - 1: a representative of a mod q in
 * [-6283008, 6283008]; exact (the centered value) when |a mod± q| < 2^22. */
static inline int32_t mldsa_reduce32(int32_t a)
{
	int32_t t = (a + (1 << 22)) >> 23;
	return a - t * MLDSA_Q;
}

/* Adds q if a is negative (a in (-q, q) gives [0, q)). */
static inline int32_t mldsa_caddq(int32_t a)
{
	return a + ((a >> 31) & MLDSA_Q);
}

/*
 * Decompose (Alg. 36) for gamma2 = (q-1)/32 and (q-1)/88, r in [0, q):
 * returns r1, sets *r0.  Without division (a hardware divide is variable
 * time): r1 = floor((r + gamma2 - 1) / (2 gamma2)) gives r0 = r - r1 2 gamma2
 * in (-gamma2, gamma2].  2 gamma2 is 2^9 * 1023 or 2^11 * 93, so the
 * quotient is floor(floor(x / 2^9) / 1023), and floor(y / d) for the small
 * y here is y * ceil(2^s / d) >> s (s = 26 or 22: the rounding excess
 * e = d ceil(2^s / d) - 2^s is 959 or 89, exact for y < 2^s / e, far above
 * the largest y, 16880 or 4138), all in 32 bits.  tests/unit checks every r.
 * The top bucket r1 = (q-1)/(2 gamma2) folds to 0 with r0 - 1 (Alg. 36 step
 * 3), by mask.
 */
static inline int32_t mldsa_decompose32(int32_t *r0, int32_t r)
{
	const int32_t g2 = (MLDSA_Q - 1) / 32;
	uint32_t x = (uint32_t)(r + g2 - 1);
	int32_t r1 = (int32_t)(((x >> 9) * 65601u) >> 26);
	int32_t lo = r - r1 * 2 * g2;
	int32_t m = ~((r1 - 16) >> 31); /* -1 iff r1 == 16 (r1 <= 16) */
	*r0 = lo + m;                    /* lo - 1 when folded */
	return r1 & ~m;
}

static inline int32_t mldsa_decompose88(int32_t *r0, int32_t r)
{
	const int32_t g2 = (MLDSA_Q - 1) / 88;
	uint32_t x = (uint32_t)(r + g2 - 1);
	int32_t r1 = (int32_t)(((x >> 11) * 45101u) >> 22);
	int32_t lo = r - r1 * 2 * g2;
	int32_t m = ~((r1 - 44) >> 31); /* -1 iff r1 == 44 (r1 <= 44) */
	*r0 = lo + m;
	return r1 & ~m;
}

/* Forward NTT (FIPS 204 Alg. 41): input |a| < q, output |a| < 9q, in
 * bit-reversed order. */
void mldsa_ntt(mldsa_poly *a);
/* Inverse NTT (Alg. 42) times 2^32: input |a| < q (Montgomery factor R^-1
 * from a pointwise product is cancelled), output |a| < q. */
void mldsa_invntt_tomont(mldsa_poly *a);
/* r = a * b * 2^-32 pointwise; inputs |a|,|b| < 9q; output |r| < q. */
void mldsa_poly_pointwise(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
/* r += a * b * 2^-32 pointwise. */
void mldsa_poly_pointwise_acc(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
/* Name of the NTT implementation in use ("ref" or "avx2"). */
const char *mldsa_ntt_impl(void);

/* The portable versions, always available (tests compare against them). */
void mldsa_ntt_ref(mldsa_poly *a);
void mldsa_invntt_tomont_ref(mldsa_poly *a);
void mldsa_poly_pointwise_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_poly_pointwise_acc_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);

void mldsa_poly_add(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_poly_sub(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
/* mldsa_reduce32 on every coefficient. */
void mldsa_poly_reduce(mldsa_poly *a);
/* mldsa_caddq on every coefficient. */
void mldsa_poly_caddq(mldsa_poly *a);
/* a * 2^d, for t1 (coefficients < 2^10). */
void mldsa_poly_shiftl(mldsa_poly *a);

/* Power2Round (Alg. 35) on standard a: a = a1 * 2^13 + a0, a0 in (-2^12, 2^12]. */
void mldsa_poly_power2round(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a);
/* Decompose (Alg. 36) of a standard coefficient: returns r1, sets *r0. */
int32_t mldsa_decompose(int32_t *r0, int32_t r, int32_t gamma2);
/* HighBits of every coefficient (standard input). */
void mldsa_poly_highbits(mldsa_poly *a1, const mldsa_poly *a, int32_t gamma2);
/* Decompose of every coefficient (standard input): a = a1 * 2 gamma2 + a0. */
void mldsa_poly_decompose(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a, int32_t gamma2);
/* h = MakeHint (Alg. 39) given the high bits r1 of r: h[i] =
 * HighBits(rz[i]) != r1[i] for standard rz; returns the number of ones. */
unsigned mldsa_poly_make_hint(mldsa_poly *h, const mldsa_poly *rz, const mldsa_poly *r1,
                              int32_t gamma2);
/* UseHint (Alg. 40) on standard a with hint bits h (public data). */
void mldsa_poly_use_hint(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *h,
                         int32_t gamma2);
/* 1 if some |a[i]| >= bound (centered input, |a| < 2^30), else 0.  Constant
 * time; the caller decides what of the result is public. */
unsigned mldsa_poly_exceeds(const mldsa_poly *a, int32_t bound);

/* The portable versions of the coefficient-wise operations above (the
 * dispatching ones use AVX2 when the CPU has it; tests compare the two). */
void mldsa_poly_add_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_poly_sub_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_poly_reduce_ref(mldsa_poly *a);
void mldsa_poly_caddq_ref(mldsa_poly *a);
void mldsa_poly_highbits_ref(mldsa_poly *a1, const mldsa_poly *a, int32_t gamma2);
void mldsa_poly_decompose_ref(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a,
                              int32_t gamma2);
unsigned mldsa_poly_make_hint_ref(mldsa_poly *h, const mldsa_poly *rz, const mldsa_poly *r1,
                                  int32_t gamma2);
void mldsa_poly_use_hint_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *h,
                             int32_t gamma2);
unsigned mldsa_poly_exceeds_ref(const mldsa_poly *a, int32_t bound);

#endif
