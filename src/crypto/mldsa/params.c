/* ML-DSA parameter sets, FIPS 204 section 4 (Table 1 and Table 2). */
#include "params.h"

static const mldsa_params p44 = {
	.k = 4, .l = 4, .eta = 2, .tau = 39, .omega = 80, .ctilde_bytes = 32,
	.eta_bits = 3, .z_bits = 18, .w1_bits = 6,
	.beta = 78, .gamma1 = 1 << 17, .gamma2 = (MLDSA_Q - 1) / 88,
	.pk_bytes = QSTP_MLDSA44_PK_BYTES, .sk_bytes = QSTP_MLDSA44_SK_BYTES,
	.sig_bytes = QSTP_MLDSA44_SIG_BYTES,
	.eta_packed = 96, .z_packed = 576, .w1_packed = 192,
};

static const mldsa_params p65 = {
	.k = 6, .l = 5, .eta = 4, .tau = 49, .omega = 55, .ctilde_bytes = 48,
	.eta_bits = 4, .z_bits = 20, .w1_bits = 4,
	.beta = 196, .gamma1 = 1 << 19, .gamma2 = (MLDSA_Q - 1) / 32,
	.pk_bytes = QSTP_MLDSA65_PK_BYTES, .sk_bytes = QSTP_MLDSA65_SK_BYTES,
	.sig_bytes = QSTP_MLDSA65_SIG_BYTES,
	.eta_packed = 128, .z_packed = 640, .w1_packed = 128,
};

static const mldsa_params p87 = {
	.k = 8, .l = 7, .eta = 2, .tau = 60, .omega = 75, .ctilde_bytes = 64,
	.eta_bits = 3, .z_bits = 20, .w1_bits = 4,
	.beta = 120, .gamma1 = 1 << 19, .gamma2 = (MLDSA_Q - 1) / 32,
	.pk_bytes = QSTP_MLDSA87_PK_BYTES, .sk_bytes = QSTP_MLDSA87_SK_BYTES,
	.sig_bytes = QSTP_MLDSA87_SIG_BYTES,
	.eta_packed = 96, .z_packed = 640, .w1_packed = 128,
};

const mldsa_params *mldsa_params_get(qstp_mldsa_param p)
{
	switch (p) {
	case QSTP_MLDSA_44:
		return &p44;
	case QSTP_MLDSA_65:
		return &p65;
	case QSTP_MLDSA_87:
		return &p87;
	}
	return NULL;
}

size_t qstp_mldsa_pk_bytes(qstp_mldsa_param p)
{
	const mldsa_params *P = mldsa_params_get(p);
	return P ? P->pk_bytes : 0;
}

size_t qstp_mldsa_sk_bytes(qstp_mldsa_param p)
{
	const mldsa_params *P = mldsa_params_get(p);
	return P ? P->sk_bytes : 0;
}

size_t qstp_mldsa_sig_bytes(qstp_mldsa_param p)
{
	const mldsa_params *P = mldsa_params_get(p);
	return P ? P->sig_bytes : 0;
}
