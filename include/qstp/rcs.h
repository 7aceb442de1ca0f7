/*
 * qstp: RCS, the QSTP transport cipher (PROTOCOL.md 8): Rijndael-256 in
 * counter mode with a cSHAKE key schedule and a KMAC tag chained over all
 * messages of a state, with the reference's KMAC finalization (8.6).
 *
 * RCS-256 (QSTP's; 32-byte key and tag) and RCS-512 (64-byte key and tag)
 * have separate state types so that a QSTP session carries only what RCS-256
 * needs.  States are caller-allocated, no interior pointers (memcpy clones),
 * no allocation.  Encrypt and decrypt work in place (out == in); otherwise
 * out and in must not overlap.
 *
 * One state serves one direction: a message's tag depends on every earlier
 * message of the state (8.5), so the receiver must process messages in the
 * order they were sent, each with the associated data it was sealed with.
 * The block function is chosen at run time (VAES, AES-NI or the portable
 * bitsliced one; QSTP_CPU_MASK=0 forces the last); all are constant time
 * and give identical results.
 */
#ifndef QSTP_RCS_H
#define QSTP_RCS_H

#include "qstp/defs.h"

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

/* init(key, nonce, info, encrypt|decrypt) (8.2): derives the round keys and
 * the MAC key from key with cSHAKE256 (customization info, empty in QSTP;
 * info may be NULL when infolen is 0), sets the counter block to nonce and
 * the byte counter to 1.  encrypt != 0 makes an encrypt state, 0 a decrypt
 * state.  Cannot fail. */
void qstp_rcs256_init(qstp_rcs256 *s, const uint8_t key[QSTP_SIZED(32)], const uint8_t nonce[QSTP_SIZED(32)],
                      const uint8_t *info, size_t infolen, int encrypt);
/* Two RCS-256 inits with empty info at once, a with (key_a, nonce_a,
 * encrypt_a) and b with its own: the states equal those of two
 * qstp_rcs256_init calls.  The two key schedules run as two lanes of the
 * four-way Keccak where it is vectorised (QSTP's two directions of a
 * session).  a and b must be distinct. */
void qstp_rcs256_init_pair(qstp_rcs256 *a, const uint8_t key_a[QSTP_SIZED(32)],
                           const uint8_t nonce_a[QSTP_SIZED(32)], int encrypt_a, qstp_rcs256 *b,
                           const uint8_t key_b[QSTP_SIZED(32)],
                           const uint8_t nonce_b[QSTP_SIZED(32)], int encrypt_b);
/* set_associated(ad) (8.5): ad || LE32(|ad|) is absorbed before the next
 * message; nothing when adlen is 0.  The state records the pointer: ad must
 * stay valid until the next encrypt/decrypt call, which absorbs it (and
 * forgets it, whatever the outcome).  That is what lets a failed decrypt
 * leave the state as it was before this call.  A second call before the
 * next message replaces the first. */
void qstp_rcs256_set_associated(qstp_rcs256 *s, const uint8_t *ad, size_t adlen);
/* Encrypt state: out (len + 32 bytes) = ciphertext || tag (8.5; len 0 is
 * valid and gives a bare tag).  Only for states made with encrypt != 0:
 * on a decrypt state it would advance the chain as an encryption. */
void qstp_rcs256_encrypt(qstp_rcs256 *s, uint8_t *out, const uint8_t *in, size_t len);
/* Decrypt state: in = ciphertext || tag (inlen >= 32); out gets inlen - 32
 * bytes.  Verifies the tag in constant time before decrypting.  On failure
 * (QSTP_ERR_AUTH, or QSTP_ERR_RCS_SHORT_INPUT when inlen < 32, decided
 * before anything is absorbed) nothing is written to out and the state is
 * exactly as it was before set_associated, so a following genuine message
 * (with its own set_associated) still decrypts; the caller decides what
 * happens next (QSTP closes the session).  QSTP_ERR_INVALID_ARG on an
 * encrypt state (nothing changed).  Returns 0 on success. */
int qstp_rcs256_decrypt(qstp_rcs256 *s, uint8_t *out, const uint8_t *in, size_t inlen);
/* Wipes the whole state. */
void qstp_rcs256_dispose(qstp_rcs256 *s);

/* RCS-512: the same contract with a 64-byte key, 64-byte tags, 30 rounds
 * and the rate-72 cSHAKE / KMAC of PROTOCOL.md 9.3 / 9.4. */
void qstp_rcs512_init(qstp_rcs512 *s, const uint8_t key[QSTP_SIZED(64)], const uint8_t nonce[QSTP_SIZED(32)],
                      const uint8_t *info, size_t infolen, int encrypt);
void qstp_rcs512_set_associated(qstp_rcs512 *s, const uint8_t *ad, size_t adlen);
/* out: len + 64 bytes. */
void qstp_rcs512_encrypt(qstp_rcs512 *s, uint8_t *out, const uint8_t *in, size_t len);
/* in: ciphertext || 64-byte tag; out: inlen - 64 bytes. */
int qstp_rcs512_decrypt(qstp_rcs512 *s, uint8_t *out, const uint8_t *in, size_t inlen);
void qstp_rcs512_dispose(qstp_rcs512 *s);

#ifdef __cplusplus
}
#endif
#endif
