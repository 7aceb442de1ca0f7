/*
 * Internal: ML-DSA NTT implementations.  The dispatching entry points and
 * the portable versions are declared in poly.h; the AVX2 versions (x86-64
 * only, chosen at run time when the CPU has AVX2) are declared here so that
 * tests can compare them with the portable ones.
 */
#ifndef QSTP_MLDSA_NTT_H
#define QSTP_MLDSA_NTT_H

#include "../cpu.h"
#include "poly.h"

extern const int32_t mldsa_zetas[MLDSA_N];

#if defined(__x86_64__)
#define MLDSA_HAVE_AVX2 1
void mldsa_ntt_avx2(mldsa_poly *a);
void mldsa_invntt_tomont_avx2(mldsa_poly *a);
void mldsa_poly_pointwise_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void mldsa_poly_pointwise_acc_avx2(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
#endif

/* The run-time choice every dispatching ML-DSA function makes: call_avx2
 * when the CPU has AVX2, else call_ref (both void, or both of one type). */
#ifdef MLDSA_HAVE_AVX2
#define MLDSA_PICK(call_avx2, call_ref) \
	((qstp_cpu_features() & QSTP_CPU_AVX2) ? (call_avx2) : (call_ref))
#else
#define MLDSA_PICK(call_avx2, call_ref) (call_ref)
#endif

#endif
