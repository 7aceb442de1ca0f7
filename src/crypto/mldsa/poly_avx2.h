/*
 * Internal: AVX2 versions of poly.c's coefficient-wise operations and of
 * one SampleInBall step (x86-64 only; poly.c and sample.c choose them at run
 * time).  Declared separately so that tests can compare them with the
 * portable ones.
 */
#ifndef QSTP_MLDSA_POLY_AVX2_H
#define QSTP_MLDSA_POLY_AVX2_H

#include "ntt.h"

#ifdef MLDSA_HAVE_AVX2
void mldsa_poly_add_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_poly_sub_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_poly_reduce_avx2(mldsa_poly *a);
void mldsa_poly_caddq_avx2(mldsa_poly *a);
void mldsa_poly_highbits_avx2(mldsa_poly *a1, const mldsa_poly *a, int32_t gamma2);
void mldsa_poly_decompose_avx2(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a,
                               int32_t gamma2);
unsigned mldsa_poly_make_hint_avx2(mldsa_poly *h, const mldsa_poly *rz, const mldsa_poly *r1,
                                   int32_t gamma2);
void mldsa_poly_use_hint_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *h,
                              int32_t gamma2);
unsigned mldsa_poly_exceeds_avx2(const mldsa_poly *a, int32_t bound);
void mldsa_ball_step_avx2(int8_t c[MLDSA_N], uint32_t i, uint32_t j, int8_t s);
/* All steps of SampleInBall from c = 0 (see poly_avx2.c); count <= 64. */
void mldsa_ball_steps_avx2(int8_t c[MLDSA_N], const uint8_t *j, uint64_t signs, unsigned count);
#endif

#endif
