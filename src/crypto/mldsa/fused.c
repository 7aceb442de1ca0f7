/* ML-DSA fused per-polynomial steps (fused.h): the portable sequences and
 * the run-time choice of the AVX2 versions. */
#include "fused.h"

#include "../cpu.h"
#include "ntt.h"

unsigned mldsa_fused_z_ref(mldsa_poly *z, const mldsa_poly *y, int32_t bound)
{
	mldsa_poly_add_ref(z, z, y);
	mldsa_poly_reduce_ref(z);
	return mldsa_poly_exceeds_ref(z, bound);
}

void mldsa_fused_w1_ref(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2)
{
	mldsa_poly_caddq_ref(w);
	mldsa_poly_highbits_ref(w1, w, gamma2);
}

unsigned mldsa_fused_r_ref(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w, mldsa_poly *cs2,
                           int32_t gamma2, int32_t bound)
{
	mldsa_poly_reduce_ref(cs2);
	mldsa_poly_sub_ref(r, w, cs2);
	mldsa_poly_reduce_ref(r);
	mldsa_poly_caddq_ref(r);
	mldsa_poly_decompose_ref(r1, cs2, r, gamma2); /* cs2 now holds r0 */
	return mldsa_poly_exceeds_ref(cs2, bound);
}

unsigned mldsa_fused_hint_ref(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0,
                              const mldsa_poly *r, const mldsa_poly *r1, int32_t gamma2)
{
	mldsa_poly_reduce_ref(ct0);
	unsigned ex = mldsa_poly_exceeds_ref(ct0, gamma2);
	mldsa_poly_add_ref(ct0, ct0, r);
	mldsa_poly_reduce_ref(ct0);
	mldsa_poly_caddq_ref(ct0);
	*hints = mldsa_poly_make_hint_ref(h, ct0, r1, gamma2);
	return ex;
}

void mldsa_fused_t_ref(mldsa_poly *t1, mldsa_poly *t0, mldsa_poly *t, const mldsa_poly *s2)
{
	mldsa_poly_add_ref(t, t, s2);
	mldsa_poly_reduce_ref(t);
	mldsa_poly_caddq_ref(t);
	mldsa_poly_power2round(t1, t0, t);
}

void mldsa_fused_use_hint_ref(mldsa_poly *r, mldsa_poly *w, const mldsa_poly *h, int32_t gamma2)
{
	mldsa_poly_caddq_ref(w);
	mldsa_poly_use_hint_ref(r, w, h, gamma2);
}

void mldsa_pair_s(mldsa_poly *s12, const mldsa_poly *s1, const mldsa_poly *s2)
{
	for (unsigned i = 0; i < MLDSA_N; i++)
		s12->c[i] = s1->c[i] + (int32_t)((uint32_t)s2->c[i] << MLDSA_PAIR_SHIFT);
}

void mldsa_fused_split_ref(mldsa_poly *a, mldsa_poly *b, const mldsa_poly *v)
{
	for (unsigned i = 0; i < MLDSA_N; i++) {
		int32_t x = mldsa_reduce32(v->c[i]);
		int32_t hi = (x + (1 << (MLDSA_PAIR_SHIFT - 1))) >> MLDSA_PAIR_SHIFT;
		a->c[i] = x - (int32_t)((uint32_t)hi << MLDSA_PAIR_SHIFT);
		b->c[i] = hi;
	}
}


void mldsa_row_pointwise(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z, unsigned l)
{
	MLDSA_PICK(mldsa_row_pointwise_avx2(w, a, z, l), mldsa_row_pointwise_ref(w, a, z, l));
}

unsigned mldsa_fused_z(mldsa_poly *z, const mldsa_poly *y, int32_t bound)
{
	return MLDSA_PICK(mldsa_fused_z_avx2(z, y, bound), mldsa_fused_z_ref(z, y, bound));
}

void mldsa_fused_w1(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2)
{
	MLDSA_PICK(mldsa_fused_w1_avx2(w1, w, gamma2), mldsa_fused_w1_ref(w1, w, gamma2));
}

unsigned mldsa_fused_r(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w, mldsa_poly *cs2,
                       int32_t gamma2, int32_t bound)
{
	return MLDSA_PICK(mldsa_fused_r_avx2(r, r1, w, cs2, gamma2, bound),
	            mldsa_fused_r_ref(r, r1, w, cs2, gamma2, bound));
}

unsigned mldsa_fused_hint(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0, const mldsa_poly *r,
                          const mldsa_poly *r1, int32_t gamma2)
{
	return MLDSA_PICK(mldsa_fused_hint_avx2(h, hints, ct0, r, r1, gamma2),
	            mldsa_fused_hint_ref(h, hints, ct0, r, r1, gamma2));
}

void mldsa_fused_t(mldsa_poly *t1, mldsa_poly *t0, mldsa_poly *t, const mldsa_poly *s2)
{
	MLDSA_PICK(mldsa_fused_t_avx2(t1, t0, t, s2), mldsa_fused_t_ref(t1, t0, t, s2));
}

void mldsa_row_pointwise_sub(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                             unsigned l, const mldsa_poly *c, const mldsa_poly *t)
{
	MLDSA_PICK(mldsa_row_pointwise_sub_avx2(w, a, z, l, c, t),
	     mldsa_row_pointwise_sub_ref(w, a, z, l, c, t));
}

void mldsa_fused_use_hint(mldsa_poly *r, mldsa_poly *w, const mldsa_poly *h, int32_t gamma2)
{
	MLDSA_PICK(mldsa_fused_use_hint_avx2(r, w, h, gamma2), mldsa_fused_use_hint_ref(r, w, h, gamma2));
}

void mldsa_fused_split(mldsa_poly *a, mldsa_poly *b, const mldsa_poly *v)
{
	MLDSA_PICK(mldsa_fused_split_avx2(a, b, v), mldsa_fused_split_ref(a, b, v));
}

void mldsa_pointwise_invntt(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	MLDSA_PICK(mldsa_invntt_pointwise_avx2(r, a, b), mldsa_pointwise_invntt_ref(r, a, b));
}
