/*
 * qstp: ML-DSA (FIPS 204), parameter sets ML-DSA-44, -65 and -87.
 *
 * Pure ML-DSA with a context string (QSTP uses the empty context), the
 * deterministic variant (rnd = 32 zero bytes, what QSTP's reference uses) and
 * the hedged one, the internal interface with an external mu (for ACVP), and
 * QSTP's attached format (signature || message, PROTOCOL.md 2.3.6).
 * Nothing allocates; secrets are wiped.  Return 0 or a negative QSTP_ERR_*.
 */
#ifndef QSTP_MLDSA_H
#define QSTP_MLDSA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qstp_mldsa_param {
	QSTP_MLDSA_44 = 44,
	QSTP_MLDSA_65 = 65,
	QSTP_MLDSA_87 = 87,
} qstp_mldsa_param;

enum {
	QSTP_MLDSA_SEED_BYTES = 32,
	QSTP_MLDSA_RND_BYTES = 32,
	QSTP_MLDSA_MU_BYTES = 64,
	QSTP_MLDSA44_PK_BYTES = 1312,
	QSTP_MLDSA44_SK_BYTES = 2560,
	QSTP_MLDSA44_SIG_BYTES = 2420,
	QSTP_MLDSA65_PK_BYTES = 1952,
	QSTP_MLDSA65_SK_BYTES = 4032,
	QSTP_MLDSA65_SIG_BYTES = 3309,
	QSTP_MLDSA87_PK_BYTES = 2592,
	QSTP_MLDSA87_SK_BYTES = 4896,
	QSTP_MLDSA87_SIG_BYTES = 4627,
};

size_t qstp_mldsa_pk_bytes(qstp_mldsa_param p);
size_t qstp_mldsa_sk_bytes(qstp_mldsa_param p);
size_t qstp_mldsa_sig_bytes(qstp_mldsa_param p);

/* ML-DSA.KeyGen_internal(seed) (FIPS 204 Alg. 6). */
int qstp_mldsa_keypair_derand(qstp_mldsa_param p, uint8_t *pk, uint8_t *sk,
                              const uint8_t seed[static 32]);
int qstp_mldsa_keypair(qstp_mldsa_param p, uint8_t *pk, uint8_t *sk);

/* ML-DSA.Sign (Alg. 2), pure, context ctx (at most 255 bytes).  rnd NULL
 * means deterministic (32 zero bytes); otherwise the hedged variant with the
 * given 32 bytes. Writes qstp_mldsa_sig_bytes(p) bytes to sig. */
int qstp_mldsa_sign(qstp_mldsa_param p, uint8_t *sig, const uint8_t *msg, size_t msglen,
                    const uint8_t *ctx, size_t ctxlen, const uint8_t *sk, const uint8_t *rnd);
/* ML-DSA.Verify (Alg. 3).  0 if valid; QSTP_ERR_MLDSA_VERIFY otherwise;
 * QSTP_ERR_MLDSA_SIG_LENGTH if siglen is wrong. */
int qstp_mldsa_verify(qstp_mldsa_param p, const uint8_t *sig, size_t siglen, const uint8_t *msg,
                      size_t msglen, const uint8_t *ctx, size_t ctxlen, const uint8_t *pk);

/* The internal interface (Alg. 7, 8) on mu = H(tr || M', 64) given by the
 * caller ("external mu"). */
int qstp_mldsa_sign_mu(qstp_mldsa_param p, uint8_t *sig, const uint8_t mu[static 64],
                       const uint8_t *sk, const uint8_t *rnd);
int qstp_mldsa_verify_mu(qstp_mldsa_param p, const uint8_t *sig, size_t siglen,
                         const uint8_t mu[static 64], const uint8_t *pk);
/* Sign_internal / Verify_internal on a message M' as given (no 0||ctx prefix). */
int qstp_mldsa_sign_internal(qstp_mldsa_param p, uint8_t *sig, const uint8_t *mprime,
                             size_t mlen, const uint8_t *sk, const uint8_t *rnd);
int qstp_mldsa_verify_internal(qstp_mldsa_param p, const uint8_t *sig, size_t siglen,
                               const uint8_t *mprime, size_t mlen, const uint8_t *pk);

/* QSTP attached form: sm = signature || msg (empty context, deterministic
 * when rnd is NULL). sm must hold sig_bytes + msglen. */
int qstp_mldsa_sign_attached(qstp_mldsa_param p, uint8_t *sm, const uint8_t *msg, size_t msglen,
                             const uint8_t *sk, const uint8_t *rnd);
/* Verifies sm and on success points *msg and *msglen at the message inside sm. */
int qstp_mldsa_open(qstp_mldsa_param p, const uint8_t **msg, size_t *msglen, const uint8_t *sm,
                    size_t smlen, const uint8_t *pk);

/* Length (and, for secret keys, encoding) checks for keys that arrive from
 * outside, since the functions above take keys without a length:
 * QSTP_ERR_MLDSA_KEY_LENGTH if the length is not the set's exact size;
 * for a secret key, QSTP_ERR_INVALID_ARG if an s1/s2 coefficient is outside
 * [-eta, eta] (run in constant time).  Every public key of the right length
 * is well formed (FIPS 204 pkDecode accepts all 10-bit values). */
int qstp_mldsa_pk_check(qstp_mldsa_param p, const uint8_t *pk, size_t pklen);
int qstp_mldsa_sk_check(qstp_mldsa_param p, const uint8_t *sk, size_t sklen);

#ifdef __cplusplus
}
#endif
#endif
