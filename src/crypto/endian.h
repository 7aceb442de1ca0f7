/*
 * Internal: little-endian loads and stores of 64-bit words, the byte order of
 * Keccak lanes (FIPS 202) and of every QSTP integer.  memcpy keeps them free
 * of alignment assumptions; on little-endian hosts they compile to one move.
 */
#ifndef QSTP_ENDIAN_H
#define QSTP_ENDIAN_H

#include <stdint.h>
#include <string.h>

static inline uint64_t qstp_load64_le(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline void qstp_store64_le(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	memcpy(p, &v, 8);
}

#endif
