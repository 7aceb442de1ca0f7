/*
 * Internal: the rejection steps of ML-DSA's samplers, shared by the
 * one-stream (sample.c) and four-stream (sample4x.c) versions.
 */
#ifndef QSTP_MLDSA_REJ_H
#define QSTP_MLDSA_REJ_H

#include <stddef.h>

#include "../ct.h"
#include "../endian.h"
#include "poly.h"

enum {
	/* SHAKE128 blocks squeezed first for one entry of A: 840 bytes give
	 * 280 candidates for 256 coefficients (accepted with p = q / 2^23). */
	MLDSA_EXPAND_A_BLOCKS = 5,
	/* SHAKE256 blocks first squeezed for one s1/s2 polynomial: 544
	 * half-bytes for 256 coefficients (p = 15/16 or 9/16). */
	MLDSA_EXPAND_S_BLOCKS = 2,
	/* SHAKE256 blocks for one ExpandMask polynomial: 680 >= 640 bytes. */
	MLDSA_EXPAND_MASK_BLOCKS = 5,
};

/* Alg. 30's loop with Alg. 14: appends coefficients < q taken from 3-byte
 * candidates of buf (len a multiple of 3) to a from index n; returns the
 * new count (at most 256).  Coefficients past the returned count may be
 * overwritten with rejected values (later steps overwrite them).  Public
 * data (A).  Each pass takes at most 256 - n candidates, so it cannot
 * accept more than fit, and the loop stores every candidate and counts the
 * accepted ones instead of testing the count per candidate. */
static inline unsigned mldsa_rej_uniform(mldsa_poly *a, unsigned n, const uint8_t *buf,
                                         size_t len)
{
	size_t i = 0;
	while (n < MLDSA_N && len - i >= 3) {
		size_t m = (len - i) / 3, room = MLDSA_N - n;
		const uint8_t *p = buf + i;
		size_t e = 0;
		if (m > room)
			m = room;
		/* eight candidates from three little-endian words */
		for (; e + 8 <= m; e += 8, p += 24) {
			const uint64_t w0 = qstp_load64_le(p), w1 = qstp_load64_le(p + 8);
			const uint64_t w2 = qstp_load64_le(p + 16), m23 = 0x7FFFFF;
			const uint32_t t[8] = {
				(uint32_t)(w0 & m23),
				(uint32_t)((w0 >> 24) & m23),
				(uint32_t)(((w0 >> 48) | (w1 << 16)) & m23),
				(uint32_t)((w1 >> 8) & m23),
				(uint32_t)((w1 >> 32) & m23),
				(uint32_t)(((w1 >> 56) | (w2 << 8)) & m23),
				(uint32_t)((w2 >> 16) & m23),
				(uint32_t)((w2 >> 40) & m23),
			};
#pragma GCC unroll 8
			for (unsigned k = 0; k < 8; k++) {
				a->c[n] = (int32_t)t[k];
				n += t[k] < MLDSA_Q;
			}
		}
		for (; e < m; e++, p += 3) {
			uint32_t t = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)(p[2] & 0x7F) << 16;
			a->c[n] = (int32_t)t;
			n += t < MLDSA_Q;
		}
		i += 3 * m;
	}
	return n;
}

/*
 * Alg. 31's loop with Alg. 15 CoeffFromHalfByte: appends coefficients in
 * [-eta, eta] from the half-bytes of buf (low half first).  The half-bytes
 * are secret.  Whether one is rejected (>= 15 for eta 2, >= 9 for eta 4) is
 * declassified: the SHAKE output is uniform, each half-byte is independent
 * of the others, and a rejected one contributes nothing, so the accept
 * pattern is independent of the values of the coefficients kept.  The
 * coefficient itself is computed without a table or a division.
 */
static inline unsigned mldsa_rej_eta(mldsa_poly *a, unsigned n, const mldsa_params *P,
                                     const uint8_t *buf, size_t len)
{
	const uint32_t limit = P->eta == 2 ? 15 : 9;
	const int32_t eta = (int32_t)P->eta;
	/* eta 2: b mod 5 for b < 15 is b - 5 floor(b * 205 / 1024); eta 4: b */
	const uint32_t mul = P->eta == 2 ? 205u : 0u;
	/* passes of at most 256 - n half-bytes, as in mldsa_rej_uniform, so
	 * that the loop need not test the count */
	size_t i = 0;
	while (n < MLDSA_N && i < 2 * len) {
		size_t m = 2 * len - i, room = MLDSA_N - n;
		if (m > room)
			m = room;
		for (size_t e = i + m; i < e; i++) {
			uint32_t b = (uint32_t)(buf[i / 2] >> (4 * (i & 1))) & 15u;
			uint32_t ok = (b - limit) >> 31; /* 1 iff b < limit */
			QSTP_CT_PUBLIC(&ok, sizeof ok);
			/* written every time, kept only when accepted (n < 256
			 * here), so the loop has no unpredictable branch */
			a->c[n] = eta - (int32_t)(b - 5u * ((b * mul) >> 10));
			n += ok;
		}
	}
	return n;
}

#endif
