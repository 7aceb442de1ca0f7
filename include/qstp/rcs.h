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

/* The chained KMAC sponge of 8.5 (rate 136 or 72): the Keccak lanes, the
 * pending-input buffer (bytes not yet XORed; the 8.6 finalization needs them
 * as bytes) and how many of its bytes are in use.  Internal; exposed only so
 * that the state types below are complete. */
typedef struct qstp_rcs_mac {
	uint64_t a[25];
	uint8_t buf[136];
	uint16_t pos;  /* bytes pending in buf, 0 .. rate-1 */
	uint16_t rate; /* 136 or 72 */
} qstp_rcs_mac;

/* RCS-256 state (about 1.1 KiB): round keys in the FIPS 197 byte order of
 * 8.2, the MAC, the counter block, the 64-bit byte counter, the direction and
 * the associated data recorded by set_associated (the only pointer). */
typedef struct qstp_rcs256 {
	qstp_rcs_mac mac;
	uint8_t rk[(QSTP_RCS256_ROUNDS + 1) * QSTP_RCS_BLOCK_BYTES];
	uint8_t ctr[QSTP_RCS_NONCE_BYTES];
	uint64_t counter;
	const uint8_t *ad;
	size_t adlen;
	uint8_t encrypt;
} qstp_rcs256;

/* RCS-512 state: the same with 31 round keys and the rate-72 MAC. */
typedef struct qstp_rcs512 {
	qstp_rcs_mac mac;
	uint8_t rk[(QSTP_RCS512_ROUNDS + 1) * QSTP_RCS_BLOCK_BYTES];
	uint8_t ctr[QSTP_RCS_NONCE_BYTES];
	uint64_t counter;
	const uint8_t *ad;
	size_t adlen;
	uint8_t encrypt;
} qstp_rcs512;

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
