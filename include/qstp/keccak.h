/*
 * qstp: the Keccak family.
 *
 * FIPS 202 (SHA3-256, SHA3-512, SHAKE128, SHAKE256), SP 800-185 (cSHAKE128,
 * cSHAKE256, KMAC128, KMAC256 and their XOF forms), and one function that is
 * NOT a NIST function: the rate-72 cSHAKE that QSTP's ratchet uses
 * (PROTOCOL.md 9.3), named qstp_cshake_r72 so nobody mistakes it for one.
 *
 * All contexts are caller-allocated plain structs with no interior pointers:
 * memcpy() clones one.  Nothing here allocates.  A context holds secret state
 * when it was keyed (KMAC) or fed secrets: call qstp_keccak_wipe() when done.
 *
 * Streaming contract: *_absorb any number of times, then *_finalize exactly
 * once (or call *_squeeze, which finalizes on first use), then *_squeeze any
 * number of times in any split: the output equals a single squeeze of the
 * total length.  Absorbing after squeezing is a programming error (the call
 * is ignored and the context is poisoned so that the mistake is visible).
 */
#ifndef QSTP_KECCAK_H
#define QSTP_KECCAK_H

#include "qstp/defs.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	QSTP_KECCAK_STATE_BYTES = 200,
	QSTP_SHA3_256_RATE = 136,
	QSTP_SHA3_512_RATE = 72,
	QSTP_SHAKE128_RATE = 168,
	QSTP_SHAKE256_RATE = 136,
	QSTP_CSHAKE_R72_RATE = 72,
	QSTP_SHA3_256_BYTES = 32,
	QSTP_SHA3_512_BYTES = 64,
};

/* One sponge. `pos` counts bytes in the current block (absorbing) or bytes
 * already read from it (squeezing). */
typedef struct qstp_keccak {
	uint64_t a[25];
	uint16_t rate;     /* bytes per block */
	uint16_t pos;
	uint8_t dsbyte;    /* domain suffix bits plus the first pad bit (FIPS 202 B.2) */
	uint8_t squeezing; /* 0 absorbing, 1 squeezing, 2 poisoned */
	uint8_t partial;   /* pending message bits (bit-oriented input only) */
	uint8_t pbits;     /* how many bits of `partial` are pending, 0..7 */
} qstp_keccak;

/* Keccak-f[1600], 24 rounds, on 25 little-endian lanes (FIPS 202 3.3). The
 * fastest implementation the CPU supports is chosen on first use. */
void qstp_keccakf1600(uint64_t a[25]);
/* The portable implementation, always available (tests compare against it). */
void qstp_keccakf1600_ref(uint64_t a[25]);
/* Name of the implementation qstp_keccakf1600() uses ("ref", "bmi2asm", ...). */
const char *qstp_keccakf1600_impl(void);

/* Generic sponge. rate in bytes (1..199, a multiple of 8 for speed but not
 * required); dsbyte as in FIPS 202 B.2: 0x06 SHA-3, 0x1F SHAKE, 0x04 cSHAKE. */
void qstp_keccak_init(qstp_keccak *k, unsigned rate, uint8_t dsbyte);
void qstp_keccak_absorb(qstp_keccak *k, const uint8_t *in, size_t len);
/* Bit-oriented absorb: `nbits` bits, whole bytes first, then nbits % 8 bits
 * taken from the LOW bits of the last byte (the FIPS 202 bit order).  Later
 * absorbs continue at that bit offset.  Byte-aligned callers never pay for it. */
void qstp_keccak_absorb_bits(qstp_keccak *k, const uint8_t *in, uint64_t nbits);
/* Pads (domain suffix, pad10*1) and switches to squeezing. */
void qstp_keccak_finalize(qstp_keccak *k);
void qstp_keccak_squeeze(qstp_keccak *k, uint8_t *out, size_t len);
void qstp_keccak_wipe(qstp_keccak *k);

/* SHA-3 (FIPS 202 6.1). */
void qstp_sha3_256(uint8_t out[32], const uint8_t *in, size_t len);
void qstp_sha3_512(uint8_t out[64], const uint8_t *in, size_t len);
void qstp_sha3_256_init(qstp_keccak *k);
void qstp_sha3_512_init(qstp_keccak *k);
/* Writes the 32- or 64-byte digest of a context made by the inits above. */
void qstp_sha3_final(qstp_keccak *k, uint8_t *out);

/* SHAKE (FIPS 202 6.2). */
void qstp_shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);
void qstp_shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen);
void qstp_shake128_init(qstp_keccak *k);
void qstp_shake256_init(qstp_keccak *k);

/* SP 800-185 encodings (section 2.3).  Each writes into out and returns the
 * number of bytes written; out must hold 9 bytes (left/right_encode).
 * Values are bit counts where the standard says so. */
size_t qstp_left_encode(uint8_t out[QSTP_SIZED(9)], uint64_t x);
size_t qstp_right_encode(uint8_t out[QSTP_SIZED(9)], uint64_t x);
/* Absorbs bytepad(encode_string(s1) || encode_string(s2), rate) into k;
 * s2 may be NULL with len 0 (then only encode_string(s1) is padded, which
 * is the KMAC key block). Strings are whole bytes. */
void qstp_keccak_absorb_bytepad2(qstp_keccak *k, const uint8_t *s1, size_t s1len,
                                 const uint8_t *s2, size_t s2len);
/* The same prefix with s1 a bit string of `s1bits` bits: whole bytes, then
 * (when s1bits % 8 = k != 0) a last byte whose k bits are its HIGH bits, as
 * ACVP writes bit strings; bytepad's zero bits fill the rest of that byte,
 * so it is absorbed as written with its low 8-k bits cleared.  This is the
 * reading that reproduces every ACVP KMAC case with a keyLen that is not a
 * multiple of 8 (the FIPS 202 low-bits reading reproduces none of them).
 * For the KAT tool's bit-oriented keys. */
void qstp_keccak_absorb_bytepad2_bits(qstp_keccak *k, const uint8_t *s1, uint64_t s1bits,
                                      const uint8_t *s2, size_t s2len);

/* cSHAKE (SP 800-185 3). With N and S both empty it is SHAKE, as the
 * standard says. Then absorb/squeeze with the qstp_keccak_* calls. */
void qstp_cshake128_init(qstp_keccak *k, const uint8_t *n, size_t nlen,
                         const uint8_t *s, size_t slen);
void qstp_cshake256_init(qstp_keccak *k, const uint8_t *n, size_t nlen,
                         const uint8_t *s, size_t slen);
void qstp_cshake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen,
                    const uint8_t *n, size_t nlen, const uint8_t *s, size_t slen);

/* NOT A NIST FUNCTION.  cSHAKE with every occurrence of the rate replaced by
 * 72 bytes (capacity 1024), as the QSTP reference's "cSHAKE-512"
 * (PROTOCOL.md 9.3). Unlike SP 800-185 it always absorbs the prefix, even
 * when N and S are both empty. */
void qstp_cshake_r72_init(qstp_keccak *k, const uint8_t *n, size_t nlen,
                          const uint8_t *s, size_t slen);
void qstp_cshake_r72(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen,
                     const uint8_t *n, size_t nlen, const uint8_t *s, size_t slen);

/* KMAC (SP 800-185 4).  init keys the context; absorb the message with
 * qstp_keccak_absorb; then either qstp_kmac_final (fixed length L = outlen,
 * right_encode(8*outlen)) or qstp_kmac_final_xof (right_encode(0)) followed
 * by any number of squeezes. */
void qstp_kmac128_init(qstp_keccak *k, const uint8_t *key, size_t keylen,
                       const uint8_t *s, size_t slen);
void qstp_kmac256_init(qstp_keccak *k, const uint8_t *key, size_t keylen,
                       const uint8_t *s, size_t slen);
void qstp_kmac_final(qstp_keccak *k, uint8_t *out, size_t outlen);
void qstp_kmac_final_xof(qstp_keccak *k);
void qstp_kmac256(uint8_t *out, size_t outlen, const uint8_t *key, size_t keylen,
                  const uint8_t *in, size_t inlen, const uint8_t *s, size_t slen);

#ifdef __cplusplus
}
#endif
#endif
