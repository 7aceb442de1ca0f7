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

/* Absorbs nblocks whole blocks of rate_lanes lanes (8 * rate_lanes bytes
 * each, little-endian, no alignment needed) from in: XORs each into the
 * first lanes of the state and permutes.  Any rate_lanes in 1..25; the
 * assembly does 9, 13, 17, 18 and 21 (rates 72, 104, 136, 144, 168) when
 * the CPU has BMI1/BMI2, the portable C (through qstp_keccakf1600) does
 * the rest and every rate under QSTP_CPU_MASK=0. */
void qstp_keccakf1600_absorb(uint64_t a[25], const uint8_t *in, size_t nblocks,
                             unsigned rate_lanes);

#if defined(__x86_64__)
/* Compiled C with -mbmi -mbmi2 (keccak_bmi2.c). */
void qstp_keccakf1600_bmi2(uint64_t a[25]);
/* Generated assembly for BMI1/BMI2 (keccakf1600_x86_64.S, from
 * scripts/gen-keccak-asm.py): ~10% fewer instructions than the above. */
void qstp_keccakf1600_bmi2asm(uint64_t a[25]);
/* The same, absorbing whole blocks as above (rate_lanes one of 9, 13, 17,
 * 18, 21: any other traps); the stack copy of the state is wiped once at
 * the end.  nblocks 0 touches nothing. */
void qstp_keccakf1600_absorb_bmi2asm(uint64_t a[25], const uint8_t *in, size_t nblocks,
                                     unsigned rate_lanes);
#endif

#endif
