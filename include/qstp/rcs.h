/*
 * qstp: RCS, the QSTP transport cipher (PROTOCOL.md 8): Rijndael-256 in
 * counter mode with a cSHAKE key schedule and a KMAC tag chained over all
 * messages of a state, with the reference's KMAC finalization (8.6).
 *
 * RCS-256 (QSTP's; 32-byte key and tag) and RCS-512 (64-byte key and tag)
 * have separate state types so that a QSTP session carries only what RCS-256
 * needs.  States are caller-allocated, no interior pointers (memcpy clones),
 * no allocation.  Encrypt and decrypt work in place (out == in).
 */
#ifndef QSTP_RCS_H
#define QSTP_RCS_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/keccak.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
	QSTP_RCS_BLOCK_BYTES = 32,
	QSTP_RCS_NONCE_BYTES = 32,
	QSTP_RCS256_KEY_BYTES = 32,
	QSTP_RCS256_TAG_BYTES = 32,
	QSTP_RCS256_ROUNDS = 22,
	QSTP_RCS512_KEY_BYTES = 64,
	QSTP_RCS512_TAG_BYTES = 64,
	QSTP_RCS512_ROUNDS = 30,
};

/* The helper defines the struct layouts in this header (see issue 5):
 * qstp_rcs256 and qstp_rcs512, each holding the round keys, the counter
 * block, the chained KMAC sponge with its pending-input buffer, the byte
 * counter and the direction. */
typedef struct qstp_rcs256 qstp_rcs256;
typedef struct qstp_rcs512 qstp_rcs512;

/* init(key, nonce, info, encrypt|decrypt) (8.2). */
void qstp_rcs256_init(qstp_rcs256 *s, const uint8_t key[static 32], const uint8_t nonce[static 32],
                      const uint8_t *info, size_t infolen, int encrypt);
/* set_associated(ad) (8.5): ad || LE32(|ad|) is absorbed before the next
 * message; nothing when adlen is 0.  The state records the pointer: ad must
 * stay valid until the next encrypt/decrypt call, which absorbs it.  That is
 * what lets a failed decrypt leave the state as it was before this call. */
void qstp_rcs256_set_associated(qstp_rcs256 *s, const uint8_t *ad, size_t adlen);
/* Encrypt state: out (len + 32 bytes) = ciphertext || tag. */
void qstp_rcs256_encrypt(qstp_rcs256 *s, uint8_t *out, const uint8_t *in, size_t len);
/* Decrypt state: in = ciphertext || tag (inlen >= 32); out gets inlen - 32
 * bytes.  Verifies the tag in constant time before decrypting.  On failure
 * (QSTP_ERR_AUTH, or QSTP_ERR_RCS_SHORT_INPUT) nothing is written to out and
 * the state is exactly as it was before set_associated, so a following
 * genuine message (with its own set_associated) still decrypts; the caller
 * decides what happens next (QSTP closes the session). */
int qstp_rcs256_decrypt(qstp_rcs256 *s, uint8_t *out, const uint8_t *in, size_t inlen);
void qstp_rcs256_dispose(qstp_rcs256 *s);

void qstp_rcs512_init(qstp_rcs512 *s, const uint8_t key[static 64], const uint8_t nonce[static 32],
                      const uint8_t *info, size_t infolen, int encrypt);
void qstp_rcs512_set_associated(qstp_rcs512 *s, const uint8_t *ad, size_t adlen);
void qstp_rcs512_encrypt(qstp_rcs512 *s, uint8_t *out, const uint8_t *in, size_t len);
int qstp_rcs512_decrypt(qstp_rcs512 *s, uint8_t *out, const uint8_t *in, size_t inlen);
void qstp_rcs512_dispose(qstp_rcs512 *s);

#ifdef __cplusplus
}
#endif
#endif
