/*
 * Internal: CPU feature detection for run-time selection of implementations.
 * qstp_cpu_features() is computed once.  The environment variable
 * QSTP_CPU_MASK (a number, e.g. 0) restricts the features used, so the whole
 * test suite can be run on the portable paths; tests that compare paths call
 * the variants directly instead.
 */
#ifndef QSTP_CPU_H
#define QSTP_CPU_H

enum {
	QSTP_CPU_BMI2 = 1u << 0,  /* BMI1 and BMI2 */
	QSTP_CPU_AVX2 = 1u << 1,
	QSTP_CPU_AESNI = 1u << 2, /* AES-NI, PCLMUL, SSSE3, SSE4.1 */
	QSTP_CPU_AVX512 = 1u << 3, /* AVX-512 F, VL and BW, with OS support */
	QSTP_CPU_VAES = 1u << 4,  /* VAES (256-bit aesenc) */
};

unsigned qstp_cpu_features(void);

#endif
