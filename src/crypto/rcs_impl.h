/*
 * Internal: the Rijndael-256 counter-mode keystream of RCS (PROTOCOL.md 8.3,
 * 8.4) in its implementations, and the run-time choice between them.
 *
 * Every implementation XORs len bytes of keystream E(ctr), E(ctr+1), ...
 * into in and writes out (out == in allowed, otherwise no overlap); the
 * 32-byte counter block is a 256-bit little-endian integer, advanced by
 * ceil(len / 32) (a partial last block also counts).  rk holds rounds + 1
 * round keys of 32 bytes in the byte order of the state.  All are constant
 * time: no secret-dependent branch or memory index.
 */
#ifndef QSTP_RCS_IMPL_H
#define QSTP_RCS_IMPL_H

#include <stddef.h>
#include <stdint.h>

typedef void (*qstp_rcs_ctr_fn)(const uint8_t *rk, unsigned rounds, uint8_t ctr[32],
                                uint8_t *out, const uint8_t *in, size_t len);

/* Bitsliced, two blocks per pass; any CPU. */
void qstp_rcs_ctr_portable(const uint8_t *rk, unsigned rounds, uint8_t ctr[32], uint8_t *out,
                           const uint8_t *in, size_t len);
#if defined(__x86_64__)
/* AES-NI (aesenc on the two 128-bit halves); needs QSTP_CPU_AESNI. */
void qstp_rcs_ctr_aesni(const uint8_t *rk, unsigned rounds, uint8_t ctr[32], uint8_t *out,
                        const uint8_t *in, size_t len);
/* VAES (one 256-bit vaesenc per block); needs QSTP_CPU_VAES and AVX2. */
void qstp_rcs_ctr_vaes(const uint8_t *rk, unsigned rounds, uint8_t ctr[32], uint8_t *out,
                       const uint8_t *in, size_t len);
#endif

/* The fastest implementation the CPU allows (cached), and its name. */
qstp_rcs_ctr_fn qstp_rcs_ctr_impl(void);
const char *qstp_rcs_ctr_impl_name(void);

/* ctr := ctr + 1 mod 2^256, little-endian, without branches. */
static inline void qstp_rcs_ctr_inc(uint8_t ctr[32])
{
	unsigned c = 1;
	for (int i = 0; i < 32; i++) {
		unsigned v = ctr[i] + c;
		ctr[i] = (uint8_t)v;
		c = v >> 8;
	}
}

#endif
