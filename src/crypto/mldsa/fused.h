/*
 * Internal: signing's and verification's per-polynomial steps fused into
 * one pass over the coefficients each (sign.c).  Every function computes
 * exactly what the sequence of poly.h operations in its comment computes;
 * the _ref versions are portable C (single passes for signing's steps,
 * which tests/unit/test_mldsa_fused compares with the sequences of the
 * portable operations themselves), and the
 * dispatching ones use AVX2 when the CPU has it (tests/unit/test_mldsa_avx2
 * compares the two).  Buffers called scratch
 * are left with unspecified contents.  Constant time, like poly.h.
 */
#ifndef QSTP_MLDSA_FUSED_H
#define QSTP_MLDSA_FUSED_H

#include "ntt.h" /* poly.h, MLDSA_HAVE_AVX2 */

/* One row of A_hat o z: w = a representative in (-q, q) of
 * (a[0] z[0] + ... + a[l-1] z[l-1]) 2^-32 mod q, for a in [0, q), |z| < 9q,
 * l <= 7.  Both versions sum before the Montgomery factor: the portable one
 * (ntt_double.c) sums the products reduced once in binary64, the AVX2 one
 * the 64-bit products (|sum| < 63 q^2 < q 2^31), and reduce once, so the two
 * may differ by a multiple of q (the exception to this file's rule; the
 * inverse NTT and caddq that follow give the same result either way). */
void mldsa_row_pointwise(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z, unsigned l);
/* z = reduce(z + y); returns exceeds(z, bound). */
unsigned mldsa_fused_z(mldsa_poly *z, const mldsa_poly *y, int32_t bound);
/* caddq(w); w1 = highbits(w). */
void mldsa_fused_w1(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2);
/* cs2 (scratch) = reduce(cs2); r = caddq(reduce(w - cs2));
 * (r1, r0) = decompose(r); returns exceeds(r0, bound). */
unsigned mldsa_fused_r(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w, mldsa_poly *cs2,
                       int32_t gamma2, int32_t bound);
/* ct0 (scratch) = reduce(ct0); ex = exceeds(ct0, gamma2);
 * rz = caddq(reduce(ct0 + r)); *hints = make_hint(h, rz, r1, gamma2);
 * returns ex. */
unsigned mldsa_fused_hint(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0, const mldsa_poly *r,
                          const mldsa_poly *r1, int32_t gamma2);
/* The same with - c o t (|c|, |t| < 9q; |sum| < 144 q^2 < q 2^31)
 * (verification's A_hat o NTT(z) - NTT(c) o NTT(t1 2^d)); the portable and
 * AVX2 versions are equal mod q. */
void mldsa_row_pointwise_sub(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                             unsigned l, const mldsa_poly *c, const mldsa_poly *t);
/* caddq(w); r = use_hint(w, h) (h: 0/1 hint bits, public). */
void mldsa_fused_use_hint(mldsa_poly *r, mldsa_poly *w, const mldsa_poly *h, int32_t gamma2);
/* Signing computes c s1[j] and c s2[j] with one product: s12 = s1 + 2^11 s2
 * (mldsa_pair_s), then c s12 = c s1 + 2^11 c s2 after the inverse NTT, split
 * exactly by mldsa_fused_split because |c s1|, |c s2| <= tau * 11 = 539 <
 * 2^10 for every secret key that decodes (eta-coded values lie in [-5, 2]
 * or [-11, 4]), so |c s12| < 2^21 < q / 2. */
#define MLDSA_PAIR_SHIFT 11
/* s12 = s1 + 2^11 s2 (coefficients in [-11, 11]; s12 may be s1). */
void mldsa_pair_s(mldsa_poly *s12, const mldsa_poly *s1, const mldsa_poly *s2);
/* v (|v mod+- q| < 2^21, |v| < 2^31 - 2^22) = a + 2^11 b with a in
 * [-2^10, 2^10): x = reduce(v), b = (x + 2^10) >> 11, a = x - 2^11 b.
 * a or b may be v. */
void mldsa_fused_split(mldsa_poly *a, mldsa_poly *b, const mldsa_poly *v);
/* r = invntt_tomont(a o b): pointwise, then the inverse NTT (r may be a
 * or b; AVX2: the product is taken as the inverse NTT loads its input). */
void mldsa_pointwise_invntt(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
/* t (scratch) = caddq(reduce(t + s2)); power2round(t1, t0, t) (key
 * generation). */
void mldsa_fused_t(mldsa_poly *t1, mldsa_poly *t0, mldsa_poly *t, const mldsa_poly *s2);

void mldsa_row_pointwise_ref(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                             unsigned l);
unsigned mldsa_fused_z_ref(mldsa_poly *z, const mldsa_poly *y, int32_t bound);
void mldsa_fused_w1_ref(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2);
unsigned mldsa_fused_r_ref(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w, mldsa_poly *cs2,
                           int32_t gamma2, int32_t bound);
unsigned mldsa_fused_hint_ref(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0,
                              const mldsa_poly *r, const mldsa_poly *r1, int32_t gamma2);
void mldsa_fused_t_ref(mldsa_poly *t1, mldsa_poly *t0, mldsa_poly *t, const mldsa_poly *s2);
void mldsa_fused_split_ref(mldsa_poly *a, mldsa_poly *b, const mldsa_poly *v);
void mldsa_pointwise_invntt_ref(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_row_pointwise_sub_ref(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                                 unsigned l, const mldsa_poly *c, const mldsa_poly *t);
void mldsa_fused_use_hint_ref(mldsa_poly *r, mldsa_poly *w, const mldsa_poly *h, int32_t gamma2);

#ifdef MLDSA_HAVE_AVX2
void mldsa_row_pointwise_avx2(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                              unsigned l);
unsigned mldsa_fused_z_avx2(mldsa_poly *z, const mldsa_poly *y, int32_t bound);
void mldsa_fused_w1_avx2(mldsa_poly *w1, mldsa_poly *w, int32_t gamma2);
unsigned mldsa_fused_r_avx2(mldsa_poly *r, mldsa_poly *r1, const mldsa_poly *w,
                            mldsa_poly *cs2, int32_t gamma2, int32_t bound);
unsigned mldsa_fused_hint_avx2(mldsa_poly *h, unsigned *hints, mldsa_poly *ct0,
                               const mldsa_poly *r, const mldsa_poly *r1, int32_t gamma2);
void mldsa_row_pointwise_sub_avx2(mldsa_poly *w, const mldsa_poly *a, const mldsa_poly *z,
                                  unsigned l, const mldsa_poly *c, const mldsa_poly *t);
void mldsa_fused_use_hint_avx2(mldsa_poly *r, mldsa_poly *w, const mldsa_poly *h,
                               int32_t gamma2);
void mldsa_invntt_pointwise_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_fused_split_avx2(mldsa_poly *a, mldsa_poly *b, const mldsa_poly *v);
void mldsa_fused_t_avx2(mldsa_poly *t1, mldsa_poly *t0, mldsa_poly *t, const mldsa_poly *s2);
#endif

#endif
