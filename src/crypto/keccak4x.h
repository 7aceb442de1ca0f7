/*
 * Internal: four independent Keccak sponges run in lock step.
 *
 * ML-KEM and ML-DSA expand their matrices and sample their noise from many
 * short, independent SHAKE128/SHAKE256 streams; running four at once lets the
 * AVX2 permutation (keccak4x_avx2.c) process them in one pass.  The portable
 * permutation (keccak4x_ref.c) runs the four states one after the other, so
 * results are identical on every machine.
 *
 * The state is plain data (memcpy clones it); lanes are interleaved:
 * s[4*i + j] is lane i (FIPS 202 little-endian) of instance j.  All four
 * instances use the same rate and domain byte and absorb inputs of the same
 * length; output is squeezed in whole blocks.  Nothing allocates.  A state
 * that absorbed secrets must be wiped by the caller (qstp_keccak4x_wipe).
 *
 * Typical use (four SHAKE128 streams of rho || j || i):
 *     qstp_keccak4x st;
 *     const uint8_t *in[4] = { s0, s1, s2, s3 };
 *     uint8_t *out[4] = { o0, o1, o2, o3 };
 *     qstp_keccak4x_absorb_once(&st, QSTP_SHAKE128_RATE, 0x1F, in, 34);
 *     qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE128_RATE, out, 3);
 */
#ifndef QSTP_KECCAK4X_H
#define QSTP_KECCAK4X_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/keccak.h"

typedef struct qstp_keccak4x {
	_Alignas(32) uint64_t s[100];
} qstp_keccak4x;

/* Keccak-f[1600] on all four states (the fastest available implementation). */
void qstp_keccak4x_permute(qstp_keccak4x *st);
/* The portable one and the AVX2 one (call only if the CPU has AVX2), for
 * tests that compare them. */
void qstp_keccak4x_permute_ref(qstp_keccak4x *st);
#if defined(__x86_64__)
void qstp_keccak4x_permute_avx2(qstp_keccak4x *st);
#endif
#if defined(__x86_64__)
/* AVX2 helpers for the sponge (little-endian): XOR nlanes 64-bit lanes of
 * each in[j] + off into the state / copy them out to out[j] + off. */
void qstp_keccak4x_xorlanes_avx2(qstp_keccak4x *st, const uint8_t *const in[4], size_t off,
                                 unsigned nlanes);
void qstp_keccak4x_extractlanes_avx2(const qstp_keccak4x *st, uint8_t *const out[4], size_t off,
                                     unsigned nlanes);
#endif
/* Name of the implementation qstp_keccak4x_permute uses ("ref", "avx2"). */
const char *qstp_keccak4x_impl(void);
/* 1 when qstp_keccak4x_permute costs about one single-state permutation
 * (AVX2), 0 when it runs the four states one after the other: callers with
 * only two sponges to run use the single-state code then. */
int qstp_keccak4x_is_wide(void);

/* Zeroes the state, absorbs in[0..3] (each inlen bytes, any length) into
 * instance 0..3 with the given rate (bytes, a multiple of 8, at most 168) and
 * FIPS 202 domain byte (0x1F SHAKE, 0x06 SHA-3), pads, and leaves the state
 * ready to squeeze. */
void qstp_keccak4x_absorb_once(qstp_keccak4x *st, unsigned rate, uint8_t dsbyte,
                               const uint8_t *const in[4], size_t inlen);
/* The same with a domain byte and a length per instance.  The lengths must
 * give the same number of whole blocks (len[j] / rate equal for all j), so
 * that the four padded final blocks are absorbed by the same permutation;
 * otherwise the call aborts (a programming error).  Used to hash messages of
 * nearly equal length with different functions in one pass. */
void qstp_keccak4x_absorb_once_var(qstp_keccak4x *st, unsigned rate, const uint8_t dsbyte[4],
                                   const uint8_t *const in[4], const size_t inlen[4]);
/* Squeezes nblocks whole blocks of `rate` bytes from each instance into
 * out[0..3] (each nblocks * rate bytes).  Can be called repeatedly. */
void qstp_keccak4x_squeezeblocks(qstp_keccak4x *st, unsigned rate, uint8_t *const out[4],
                                 size_t nblocks);
/* Copies the first nlanes 64-bit lanes of instance j to out[j]
 * (little-endian), for callers that run the instances as separate sponges. */
void qstp_keccak4x_extract(const qstp_keccak4x *st, uint8_t *const out[4], unsigned nlanes);
void qstp_keccak4x_wipe(qstp_keccak4x *st);

/* Four SHAKE128 / SHAKE256 streams: absorb_once with the SHAKE rate and
 * domain byte. */
static inline void qstp_shake128x4_absorb_once(qstp_keccak4x *st, const uint8_t *const in[4],
                                               size_t inlen)
{
	qstp_keccak4x_absorb_once(st, QSTP_SHAKE128_RATE, 0x1F, in, inlen);
}
static inline void qstp_shake256x4_absorb_once(qstp_keccak4x *st, const uint8_t *const in[4],
                                               size_t inlen)
{
	qstp_keccak4x_absorb_once(st, QSTP_SHAKE256_RATE, 0x1F, in, inlen);
}

#endif
