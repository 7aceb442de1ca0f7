/* ML-DSA polynomial arithmetic and rounding (FIPS 204 sections 7.4, 7.5). */
#include "poly.h"

#include "../ct.h"
#include "../cpu.h"
#include "poly_avx2.h"

/*
 * Loops that write one polynomial while reading another run in chunks of
 * CHUNK coefficients: each chunk computes into locals, then stores.  The
 * output may then be one of the inputs (poly_add(&t, &t, &u) is common),
 * and the compiler needs no run-time overlap check to vectorize them (gcc
 * -O2 does not version loops for aliasing, so a plain loop stays scalar
 * under -fno-strict-aliasing).
 */
#define CHUNK 8

void mldsa_poly_add_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t t[CHUNK];
		for (unsigned k = 0; k < CHUNK; k++)
			t[k] = a->c[i + k] + b->c[i + k];
		for (unsigned k = 0; k < CHUNK; k++)
			r->c[i + k] = t[k];
	}
}

void mldsa_poly_sub_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t t[CHUNK];
		for (unsigned k = 0; k < CHUNK; k++)
			t[k] = a->c[i + k] - b->c[i + k];
		for (unsigned k = 0; k < CHUNK; k++)
			r->c[i + k] = t[k];
	}
}

void mldsa_poly_reduce_ref(mldsa_poly *a)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		a->c[i] = mldsa_reduce32(a->c[i]);
}

void mldsa_poly_caddq_ref(mldsa_poly *a)
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
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t hi[CHUNK], lo[CHUNK];
		for (unsigned k = 0; k < CHUNK; k++) {
			int32_t r = a->c[i + k];
			/* r1 = ceil((r - 2^12) / 2^13), so r0 = r - r1 2^13
			 * lands in (-2^12, 2^12]. */
			hi[k] = (r + (1 << (MLDSA_D - 1)) - 1) >> MLDSA_D;
			lo[k] = r - (hi[k] << MLDSA_D);
		}
		for (unsigned k = 0; k < CHUNK; k++) {
			a0->c[i + k] = lo[k];
			a1->c[i + k] = hi[k];
		}
	}
}

/* Decompose (Alg. 36): mldsa_decompose32 / mldsa_decompose88 (poly.h). */
int32_t mldsa_decompose(int32_t *r0, int32_t r, int32_t gamma2)
{
	return gamma2 == (MLDSA_Q - 1) / 32 ? mldsa_decompose32(r0, r) : mldsa_decompose88(r0, r);
}

/* The coefficient-wise decompositions, specialised for each gamma2 by
 * inlining (dec is mldsa_decompose32 or mldsa_decompose88 at each call), in chunks as
 * above.  The choice of gamma2 is outside the loops. */
typedef int32_t (*dec_fn)(int32_t *, int32_t);
#define INLINE static inline __attribute__((always_inline))

INLINE void highbits_with(mldsa_poly *a1, const mldsa_poly *a, dec_fn dec)
{
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t hi[CHUNK], lo;
		for (unsigned k = 0; k < CHUNK; k++)
			hi[k] = dec(&lo, a->c[i + k]);
		for (unsigned k = 0; k < CHUNK; k++)
			a1->c[i + k] = hi[k];
	}
}

INLINE void decompose_with(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a, dec_fn dec)
{
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t hi[CHUNK], lo[CHUNK];
		for (unsigned k = 0; k < CHUNK; k++)
			hi[k] = dec(&lo[k], a->c[i + k]);
		for (unsigned k = 0; k < CHUNK; k++) {
			a1->c[i + k] = hi[k];
			a0->c[i + k] = lo[k];
		}
	}
}

INLINE unsigned make_hint_with(mldsa_poly *h, const mldsa_poly *rz, const mldsa_poly *r1,
                               dec_fn dec)
{
	uint32_t n = 0;
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t bits[CHUNK], lo;
		for (unsigned k = 0; k < CHUNK; k++) {
			int32_t d = dec(&lo, rz->c[i + k]) ^ r1->c[i + k];
			bits[k] = (int32_t)((uint32_t)(d | -d) >> 31); /* d != 0 */
			n += (uint32_t)bits[k];
		}
		for (unsigned k = 0; k < CHUNK; k++)
			h->c[i + k] = bits[k];
	}
	return n;
}

/* UseHint (Alg. 40) without branches, so that the loops vectorize: with
 * the hint set, r1 moves by +1 if r0 > 0 and by -1 otherwise, modulo
 * m = (q - 1) / (2 gamma2). */
INLINE void use_hint_with(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *h, int32_t m,
                          dec_fn dec)
{
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t out[CHUNK], lo;
		for (unsigned k = 0; k < CHUNK; k++) {
			int32_t hi = dec(&lo, a->c[i + k]);
			int32_t up = (-lo) >> 31;          /* -1 iff lo > 0 */
			hi += h->c[i + k] * -(up | 1);     /* +1 / -1 when hinted */
			hi += (hi >> 31) & m;              /* -1 -> m - 1 */
			hi -= ((m - 1 - hi) >> 31) & m;    /* m -> 0 */
			out[k] = hi;
		}
		for (unsigned k = 0; k < CHUNK; k++)
			r->c[i + k] = out[k];
	}
}

#define GAMMA2_32 ((MLDSA_Q - 1) / 32)

void mldsa_poly_highbits_ref(mldsa_poly *a1, const mldsa_poly *a, int32_t gamma2)
{
	if (gamma2 == GAMMA2_32)
		highbits_with(a1, a, mldsa_decompose32);
	else
		highbits_with(a1, a, mldsa_decompose88);
}

void mldsa_poly_decompose_ref(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a, int32_t gamma2)
{
	if (gamma2 == GAMMA2_32)
		decompose_with(a1, a0, a, mldsa_decompose32);
	else
		decompose_with(a1, a0, a, mldsa_decompose88);
}

unsigned mldsa_poly_make_hint_ref(mldsa_poly *h, const mldsa_poly *rz, const mldsa_poly *r1,
                                  int32_t gamma2)
{
	if (gamma2 == GAMMA2_32)
		return make_hint_with(h, rz, r1, mldsa_decompose32);
	return make_hint_with(h, rz, r1, mldsa_decompose88);
}

void mldsa_poly_use_hint_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *h,
                             int32_t gamma2)
{
	const int32_t m = (MLDSA_Q - 1) / (2 * gamma2);
	if (gamma2 == GAMMA2_32)
		use_hint_with(r, a, h, m, mldsa_decompose32);
	else
		use_hint_with(r, a, h, m, mldsa_decompose88);
}

unsigned mldsa_poly_exceeds_ref(const mldsa_poly *a, int32_t bound)
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

void mldsa_poly_add(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	MLDSA_PICK(mldsa_poly_add_avx2(r, a, b), mldsa_poly_add_ref(r, a, b));
}

void mldsa_poly_sub(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	MLDSA_PICK(mldsa_poly_sub_avx2(r, a, b), mldsa_poly_sub_ref(r, a, b));
}

void mldsa_poly_reduce(mldsa_poly *a)
{
	MLDSA_PICK(mldsa_poly_reduce_avx2(a), mldsa_poly_reduce_ref(a));
}

void mldsa_poly_caddq(mldsa_poly *a)
{
	MLDSA_PICK(mldsa_poly_caddq_avx2(a), mldsa_poly_caddq_ref(a));
}

void mldsa_poly_highbits(mldsa_poly *a1, const mldsa_poly *a, int32_t gamma2)
{
	MLDSA_PICK(mldsa_poly_highbits_avx2(a1, a, gamma2), mldsa_poly_highbits_ref(a1, a, gamma2));
}

void mldsa_poly_decompose(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a, int32_t gamma2)
{
	MLDSA_PICK(mldsa_poly_decompose_avx2(a1, a0, a, gamma2),
	     mldsa_poly_decompose_ref(a1, a0, a, gamma2));
}

unsigned mldsa_poly_make_hint(mldsa_poly *h, const mldsa_poly *rz, const mldsa_poly *r1,
                              int32_t gamma2)
{
	return MLDSA_PICK(mldsa_poly_make_hint_avx2(h, rz, r1, gamma2),
	            mldsa_poly_make_hint_ref(h, rz, r1, gamma2));
}

void mldsa_poly_use_hint(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *h,
                         int32_t gamma2)
{
	MLDSA_PICK(mldsa_poly_use_hint_avx2(r, a, h, gamma2), mldsa_poly_use_hint_ref(r, a, h, gamma2));
}

unsigned mldsa_poly_exceeds(const mldsa_poly *a, int32_t bound)
{
	return MLDSA_PICK(mldsa_poly_exceeds_avx2(a, bound), mldsa_poly_exceeds_ref(a, bound));
}
