/*
 * Internal: the KMAC of RCS (PROTOCOL.md 8.5, 8.6, 9.4).
 *
 * SP 800-185 KMAC at rate 136 (KMAC256) or 72 (the reference's "KMAC-512")
 * with the reference library's finalization: identical to SP 800-185 unless
 * the pending bytes p and right_encode(8*L) do not fit in one block
 * (p + |E| >= rate), where it takes the path of 8.6.  The sponge is kept
 * after a tag is produced, so absorption continues from the permuted state
 * (the chaining of 8.5).  This is deliberately separate from qstp_kmac_*
 * (which stays standard).
 */
#ifndef QSTP_RCS_MAC_H
#define QSTP_RCS_MAC_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/rcs.h"

/* Keys the sponge: bytepad(encode_string("KMAC") || encode_string(s), rate)
 * and bytepad(encode_string(key), rate), each block permuted; empty buffer.
 * rate is 136 or 72 (anything else is a broken invariant). */
void qstp_rcs_mac_init(qstp_rcs_mac *m, unsigned rate, const uint8_t *key, size_t keylen,
                       const uint8_t *s, size_t slen);
/* Buffers / absorbs len bytes: full blocks are XORed into the lanes and
 * permuted, a partial last block stays in the buffer. */
void qstp_rcs_mac_absorb(qstp_rcs_mac *m, const uint8_t *in, size_t len);
/* The 8.6 finalization with L = outlen, then outlen bytes squeezed; the
 * state after the last permutation is kept and the buffer is empty. */
void qstp_rcs_mac_final(qstp_rcs_mac *m, uint8_t *out, size_t outlen);

#endif
