/* ML-DSA fused per-polynomial steps (fused.h): the portable sequences and
 * the run-time choice of the AVX2 versions. */
#include "fused.h"

#include "../cpu.h"
#include "ntt.h"

/*
 * The portable fused steps as single passes: each loop runs the sequence
 * of poly.h operations named in fused.h on one coefficient at a time (the
 * same mldsa_reduce32, mldsa_caddq, mldsa_decompose32/88 and bound test),
 * so every output equals the sequence's (tests/unit/test_mldsa_fused
 * compares them with the sequences themselves); only the scratch
 * buffers are not written.  Chunks of CHUNK coefficients are computed into
 * locals, then stored, so that outputs may alias inputs and gcc vectorizes
 * without run-time overlap checks (see poly.c).  The decomposition is
 * specialised for each gamma2 by inlining (dec), chosen outside the loops.
 */
#define CHUNK 8
#define INLINE static inline __attribute__((always_inline))
typedef int32_t (*dec_fn)(int32_t *, int32_t);

#define GAMMA2_32 ((MLDSA_Q - 1) / 32)

/* Negative (top bit set) iff |x| >= bound, for |x| < 2^30: the per-
 * coefficient test of mldsa_poly_exceeds. */
static inline uint32_t over_bound(int32_t x, int32_t bound)
{
	int32_t s = x >> 31;
	int32_t ax = (x ^ s) - s;
	return (uint32_t)(bound - 1 - ax);
}

unsigned mldsa_fused_z_ref(mldsa_poly *z, const mldsa_poly *y, int32_t bound)
{
	uint32_t over = 0;
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t t[CHUNK];
		for (unsigned k = 0; k < CHUNK; k++) {
			t[k] = mldsa_reduce32(z->c[i + k] + y->c[i + k]);
			over |= over_bound(t[k], bound);
		}
		for (unsigned k = 0; k < CHUNK; k++)
			z->c[i + k] = t[k];
	}
	return over >> 31;
}

INLINE void w1_with(mldsa_poly *w1, mldsa_poly *w, dec_fn dec)
{
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t v[CHUNK], hi[CHUNK], lo;
		for (unsigned k = 0; k < CHUNK; k++) {
			v[k] = mldsa_caddq(w->c[i + k]);
			hi[k] = dec(&lo, v[k]);
		}
		for (unsigned k = 0; k < CHUNK; k++) {
			w->c[i + k] = v[k];
			w1->c[i + k] = hi[k];
		}
	}
}

void mldsa_fused_w1_ref(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2)
{
	if (gamma2 == GAMMA2_32)
		w1_with(w1, w, mldsa_decompose32);
	else
		w1_with(w1, w, mldsa_decompose88);
}

INLINE unsigned r_with(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w, const mldsa_poly *cs2,
                       int32_t bound, dec_fn dec)
{
	uint32_t over = 0;
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t v[CHUNK], hi[CHUNK], lo;
		for (unsigned k = 0; k < CHUNK; k++) {
			int32_t c = mldsa_reduce32(cs2->c[i + k]);
			v[k] = mldsa_caddq(mldsa_reduce32(w->c[i + k] - c));
			hi[k] = dec(&lo, v[k]);
			over |= over_bound(lo, bound);
		}
		for (unsigned k = 0; k < CHUNK; k++) {
			r->c[i + k] = v[k];
			r1->c[i + k] = hi[k];
		}
	}
	return over >> 31;
}

unsigned mldsa_fused_r_ref(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w, mldsa_poly *cs2,
                           int32_t gamma2, int32_t bound)
{
	if (gamma2 == GAMMA2_32)
		return r_with(r, r1, w, cs2, bound, mldsa_decompose32);
	return r_with(r, r1, w, cs2, bound, mldsa_decompose88);
}

INLINE unsigned hint_with(mldsa_poly *h, unsigned *hints, const mldsa_poly *ct0,
                          const mldsa_poly *r, const mldsa_poly *r1, int32_t gamma2, dec_fn dec)
{
	uint32_t over = 0, n = 0;
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t bits[CHUNK], lo;
		for (unsigned k = 0; k < CHUNK; k++) {
			int32_t c = mldsa_reduce32(ct0->c[i + k]);
			over |= over_bound(c, gamma2);
			int32_t rz = mldsa_caddq(mldsa_reduce32(c + r->c[i + k]));
			int32_t d = dec(&lo, rz) ^ r1->c[i + k];
			bits[k] = (int32_t)((uint32_t)(d | -d) >> 31); /* d != 0 */
			n += (uint32_t)bits[k];
		}
		for (unsigned k = 0; k < CHUNK; k++)
			h->c[i + k] = bits[k];
	}
	*hints = n;
	return over >> 31;
}

unsigned mldsa_fused_hint_ref(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0,
                              const mldsa_poly *r, const mldsa_poly *r1, int32_t gamma2)
{
	if (gamma2 == GAMMA2_32)
		return hint_with(h, hints, ct0, r, r1, gamma2, mldsa_decompose32);
	return hint_with(h, hints, ct0, r, r1, gamma2, mldsa_decompose88);
}

void mldsa_fused_split_ref(mldsa_poly *a, mldsa_poly *b, const mldsa_poly *v)
{
	for (unsigned i = 0; i < MLDSA_N; i += CHUNK) {
		int32_t lo[CHUNK], hi[CHUNK];
		for (unsigned k = 0; k < CHUNK; k++) {
			int32_t x = mldsa_reduce32(v->c[i + k]);
			hi[k] = (x + (1 << (MLDSA_PAIR_SHIFT - 1))) >> MLDSA_PAIR_SHIFT;
			lo[k] = x - (int32_t)((uint32_t)hi[k] << MLDSA_PAIR_SHIFT);
		}
		for (unsigned k = 0; k < CHUNK; k++) {
			a->c[i + k] = lo[k];
			b->c[i + k] = hi[k];
		}
	}
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
