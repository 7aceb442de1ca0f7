/*
 * Internal constant-time helpers.  Every helper here runs in time
 * independent of the values of its arguments (sizes excepted); the comment on
 * each says why.  Code that needs a select, a mask or a comparison on secret
 * data uses these and nothing else.
 *
 * QSTP_CT_SECRET(p, n) / QSTP_CT_PUBLIC(p, n) mark memory for the valgrind
 * constant-time check (tests/ct): in a build with -DQSTP_CT_VALGRIND the
 * secret bytes are marked undefined, so memcheck reports any branch or
 * address that depends on them; QSTP_CT_PUBLIC declassifies a value that the
 * algorithm makes public (say why at each use).  In normal builds both are
 * no-ops.
 */
#ifndef QSTP_CT_H
#define QSTP_CT_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/util.h"

#ifdef QSTP_CT_VALGRIND
#include <valgrind/memcheck.h>
#define QSTP_CT_SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define QSTP_CT_PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define QSTP_CT_SECRET(p, n) ((void)(p), (void)(n))
#define QSTP_CT_PUBLIC(p, n) ((void)(p), (void)(n))
#endif

/* An optimisation barrier: the compiler cannot see through the value, so it
 * cannot turn mask arithmetic back into a branch. */
static inline uint32_t qstp_value_barrier_u32(uint32_t x)
{
	__asm__ volatile("" : "+r"(x));
	return x;
}

static inline uint64_t qstp_value_barrier_u64(uint64_t x)
{
	__asm__ volatile("" : "+r"(x));
	return x;
}

static inline uint8_t qstp_value_barrier_u8(uint8_t x)
{
	__asm__ volatile("" : "+r"(x));
	return x;
}

/* 0xFFFFFFFF if x != 0 else 0: (x | -x) has its top bit set iff x != 0. */
static inline uint32_t qstp_ct_mask_nonzero_u32(uint32_t x)
{
	return (uint32_t)0 - (qstp_value_barrier_u32(x | (0u - x)) >> 31);
}

/* 1 if the two byte strings differ, 0 if equal: OR of XORs, no early exit. */
static inline uint8_t qstp_ct_neq_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= (uint8_t)(a[i] ^ b[i]);
	return (uint8_t)(qstp_ct_mask_nonzero_u32(d) & 1u);
}

/* r := x if b == 1, unchanged if b == 0 (b must be 0 or 1): masked blend. */
static inline void qstp_ct_cmov(uint8_t *r, const uint8_t *x, size_t n, uint8_t b)
{
	uint8_t m = (uint8_t)(0u - qstp_value_barrier_u8(b));
	for (size_t i = 0; i < n; i++)
		r[i] ^= (uint8_t)(m & (r[i] ^ x[i]));
}

#endif
