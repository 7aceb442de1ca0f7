/* ML-DSA polynomial arithmetic and rounding (FIPS 204 sections 7.4, 7.5). */
#include "poly.h"

#include "../ct.h"

void mldsa_poly_add(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		r->c[i] = a->c[i] + b->c[i];
}

void mldsa_poly_sub(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		r->c[i] = a->c[i] - b->c[i];
}

void mldsa_poly_reduce(mldsa_poly *a)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		a->c[i] = mldsa_reduce32(a->c[i]);
}

void mldsa_poly_caddq(mldsa_poly *a)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		a->c[i] = mldsa_caddq(a->c[i]);
}

void mldsa_poly_shiftl(mldsa_poly *a)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		a->c[i] = (int32_t)((uint32_t)a->c[i] << MLDSA_D);
}

void mldsa_poly_power2round(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a)
{
	for (unsigned i = 0; i < MLDSA_N; i++) {
		int32_t r = a->c[i];
		/* r1 = ceil((r - 2^12) / 2^13), so r0 = r - r1 2^13 lands in (-2^12, 2^12]. */
		int32_t r1 = (r + (1 << (MLDSA_D - 1)) - 1) >> MLDSA_D;
		a0->c[i] = r - (r1 << MLDSA_D);
		a1->c[i] = r1;
	}
}

/*
 * Decompose without division (a hardware divide is variable time): for r in
 * [0, q), r1 = floor((r + gamma2 - 1) / (2 gamma2)) gives r0 = r - r1 2 gamma2
 * in (-gamma2, gamma2].  The quotient is x * ceil(2^48 / (2 gamma2)) >> 48:
 * the error of that product is below x / 2^48 <= 2^-24, smaller than the
 * distance 1/(2 gamma2) > 2^-20 from any non-integer quotient to the next
 * integer, so the floor is exact (and tests/unit checks every r).  The top
 * bucket r1 = (q-1)/(2 gamma2) folds to 0 with r0 - 1 (Alg. 36 step 3).
 */
int32_t mldsa_decompose(int32_t *r0, int32_t r, int32_t gamma2)
{
	const uint32_t two_g2 = (uint32_t)(2 * gamma2);
	const uint64_t m = ((1ull << 48) + two_g2 - 1) / two_g2;
	const uint32_t top = (uint32_t)(MLDSA_Q - 1) / two_g2;
	uint32_t x = (uint32_t)r + (uint32_t)gamma2 - 1;
	uint32_t r1 = (uint32_t)(((uint64_t)x * m) >> 48);
	int32_t lo = r - (int32_t)(r1 * two_g2);
	/* mask = all ones iff r1 == top */
	uint32_t mask = ~qstp_ct_mask_nonzero_u32(r1 ^ top);
	r1 &= ~mask;
	lo -= (int32_t)(mask & 1u);
	*r0 = lo;
	return (int32_t)r1;
}

void mldsa_poly_highbits(mldsa_poly *a1, const mldsa_poly *a, int32_t gamma2)
{
	int32_t lo;
	for (unsigned i = 0; i < MLDSA_N; i++)
		a1->c[i] = mldsa_decompose(&lo, a->c[i], gamma2);
}

void mldsa_poly_lowbits(mldsa_poly *a0, const mldsa_poly *a, int32_t gamma2)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		(void)mldsa_decompose(&a0->c[i], a->c[i], gamma2);
}

unsigned mldsa_poly_make_hint(mldsa_poly *h, const mldsa_poly *r, const mldsa_poly *rz,
                              int32_t gamma2)
{
	unsigned n = 0;
	int32_t lo;
	for (unsigned i = 0; i < MLDSA_N; i++) {
		int32_t a = mldsa_decompose(&lo, r->c[i], gamma2);
		int32_t b = mldsa_decompose(&lo, rz->c[i], gamma2);
		uint32_t bit = qstp_ct_mask_nonzero_u32((uint32_t)(a ^ b)) & 1u;
		h->c[i] = (int32_t)bit;
		n += bit;
	}
	return n;
}

void mldsa_poly_use_hint(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *h,
                         int32_t gamma2)
{
	/* Verification only: every input is public, so plain branches are fine. */
	const int32_t m = (MLDSA_Q - 1) / (2 * gamma2);
	for (unsigned i = 0; i < MLDSA_N; i++) {
		int32_t lo;
		int32_t hi = mldsa_decompose(&lo, a->c[i], gamma2);
		if (h->c[i]) {
			if (lo > 0)
				hi = hi + 1 == m ? 0 : hi + 1;
			else
				hi = hi == 0 ? m - 1 : hi - 1;
		}
		r->c[i] = hi;
	}
}

unsigned mldsa_poly_exceeds(const mldsa_poly *a, int32_t bound)
{
	uint32_t over = 0;
	for (unsigned i = 0; i < MLDSA_N; i++) {
		int32_t x = a->c[i];
		int32_t s = x >> 31;
		int32_t ax = (x ^ s) - s; /* |x| without a branch */
		over |= (uint32_t)(bound - 1 - ax); /* negative iff |x| >= bound */
	}
	return over >> 31;
}
