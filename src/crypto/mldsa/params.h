/*
 * Internal: ML-DSA parameter sets (FIPS 204 Table 1) and the derived sizes.
 * The public functions take a qstp_mldsa_param and look up one of these.
 */
#ifndef QSTP_MLDSA_PARAMS_H
#define QSTP_MLDSA_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/mldsa.h"

enum {
	MLDSA_N = 256,
	MLDSA_Q = 8380417,
	MLDSA_D = 13,
	MLDSA_KMAX = 8,
	MLDSA_LMAX = 7,
	MLDSA_SEEDBYTES = 32,    /* rho, K */
	MLDSA_CRHBYTES = 64,     /* rho', mu, rho'' */
	MLDSA_TRBYTES = 64,
	MLDSA_T1_PACKED = 320,   /* 256 coefficients * 10 bits */
	MLDSA_T0_PACKED = 416,   /* 256 * 13 bits */
	MLDSA_CTILDE_MAX = 64,
	MLDSA_POLYZ_MAX = 640,   /* 256 * 20 bits */
	MLDSA_W1_PACKED_MAX = 192, /* 256 * 6 bits */
	MLDSA_SIG_MAX = QSTP_MLDSA87_SIG_BYTES,
	MLDSA_PK_MAX = QSTP_MLDSA87_PK_BYTES,
	MLDSA_SK_MAX = QSTP_MLDSA87_SK_BYTES,
};

typedef struct mldsa_params {
	unsigned k, l;        /* matrix A is k x l */
	unsigned eta;         /* secret coefficient bound */
	unsigned tau;         /* nonzero coefficients of c */
	unsigned omega;       /* maximum number of hint ones */
	unsigned ctilde_bytes; /* lambda / 4 */
	unsigned eta_bits;    /* 3 or 4 */
	unsigned z_bits;      /* 1 + bitlen(gamma1 - 1): 18 or 20 */
	unsigned w1_bits;     /* bitlen((q-1)/(2 gamma2) - 1): 6 or 4 */
	int32_t beta;         /* tau * eta */
	int32_t gamma1;
	int32_t gamma2;
	size_t pk_bytes, sk_bytes, sig_bytes;
	size_t eta_packed;    /* 32 * eta_bits */
	size_t z_packed;      /* 32 * z_bits */
	size_t w1_packed;     /* 32 * w1_bits */
} mldsa_params;

/* The parameter set for p, or NULL if p is not one. */
const mldsa_params *mldsa_params_get(qstp_mldsa_param p);

#endif
