/* Internal: the Keccak-f[1600] implementations and their selection. */
#ifndef QSTP_KECCAK_IMPL_H
#define QSTP_KECCAK_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "qstp/keccak.h"

/* Keccak-f[1600] on two states stored side by side: lane i of the first is
 * s[stride * i], of the second s[stride * i + 1] (stride >= 2; 2 for two
 * interleaved states, 4 for a pair of instances of a qstp_keccak4x).
 * Portable C that compilers vectorize (keccakf1600x2.c). */
void qstp_keccakf1600x2(uint64_t *s, size_t stride);

#if defined(__x86_64__)
/* Compiled C with -mbmi -mbmi2 (keccak_bmi2.c). */
void qstp_keccakf1600_bmi2(uint64_t a[25]);
/* Generated assembly for BMI1/BMI2 (keccakf1600_x86_64.S, from
 * scripts/gen-keccak-asm.py): ~10% fewer instructions than the above. */
void qstp_keccakf1600_bmi2asm(uint64_t a[25]);
#endif

#endif
