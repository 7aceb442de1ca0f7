/* Keccak-f[1600] compiled for BMI1/BMI2 (ANDN in chi, RORX in rho): the same
 * source as keccak_ref.c; the Makefile adds -mbmi -mbmi2 to *_bmi2.c files. */
#include "keccak_impl.h"

#if defined(__x86_64__)
#define KECCAKF_NAME qstp_keccakf1600_bmi2
#include "keccakf1600.inc"
#endif
