/*
 * Internal: ML-DSA NTT implementations.  The dispatching entry points and
 * the portable versions are declared in poly.h; the AVX2 versions (x86-64
 * only, chosen at run time when the CPU has AVX2) are declared here so that
 * tests can compare them with the portable ones.
 */
#ifndef QSTP_MLDSA_NTT_H
#define QSTP_MLDSA_NTT_H

#include "poly.h"

extern const int32_t mldsa_zetas[MLDSA_N];

#if defined(__x86_64__)
#define MLDSA_HAVE_AVX2 1
void mldsa_ntt_avx2(mldsa_poly *a);
void mldsa_invntt_tomont_avx2(mldsa_poly *a);
void mldsa_poly_pointwise_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_poly_pointwise_acc_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
#endif

#endif
