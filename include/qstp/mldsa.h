/*
 * qstp: ML-DSA (FIPS 204), parameter sets ML-DSA-44, -65 and -87.
 *
 * Pure ML-DSA with a context string (QSTP uses the empty context), the
 * deterministic variant (rnd = 32 zero bytes, what QSTP's reference uses) and
 * the hedged one, the internal interface with an external mu (for ACVP), and
 * QSTP's attached format (signature || message, PROTOCOL.md 2.3.6).
 * Nothing allocates; secrets are wiped.  Return 0 or a negative QSTP_ERR_*;
 * QSTP_ERR_INVALID_ARG for an unknown parameter set or a NULL pointer with a
 * nonzero length.  HashML-DSA (pre-hash) is not provided.
 *
 * Stack: the functions work on the stack, at most about 118 KiB for signing
 * (ML-DSA-87, the matrix A is kept across attempts), 98 KiB for key
 * generation and 86 KiB for verification; threads that call them need
 * stacks of that size plus their own use.
 *
 * Signing and key generation run in time independent of the secrets except
 * for what FIPS 204 makes public (tests/ct/ct_mldsa.c); the fastest
 * implementation is chosen at run time (AVX2 on x86-64; QSTP_CPU_MASK=0
 * forces the portable code).
 */
#ifndef QSTP_MLDSA_H
#define QSTP_MLDSA_H

#include "qstp/defs.h"

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
                              const uint8_t seed[QSTP_SIZED(32)]);
int qstp_mldsa_keypair(qstp_mldsa_param p, uint8_t *pk, uint8_t *sk);

/* ML-DSA.Sign (Alg. 2), pure, context ctx (at most 255 bytes).  rnd NULL
 * means deterministic (32 zero bytes); otherwise the hedged variant with the
 * given 32 bytes. Writes qstp_mldsa_sig_bytes(p) bytes to sig; on
 * QSTP_ERR_MLDSA_CONTEXT (ctxlen > 255) or QSTP_ERR_MLDSA_SIGN_FAILED (814
 * rejected attempts, probability < 2^-280) sig is zeroed.  sk is used as
 * given (qstp_mldsa_sk_check validates one from outside). */
int qstp_mldsa_sign(qstp_mldsa_param p, uint8_t *sig, const uint8_t *msg, size_t msglen,
                    const uint8_t *ctx, size_t ctxlen, const uint8_t *sk, const uint8_t *rnd);
/* ML-DSA.Verify (Alg. 3).  0 if valid; QSTP_ERR_MLDSA_VERIFY otherwise
 * (including a malformed hint encoding or z out of bounds);
 * QSTP_ERR_MLDSA_SIG_LENGTH if siglen is wrong; QSTP_ERR_MLDSA_CONTEXT if
 * ctxlen > 255.  pk must hold qstp_mldsa_pk_bytes(p) bytes
 * (qstp_mldsa_pk_check checks a length from outside). */
int qstp_mldsa_verify(qstp_mldsa_param p, const uint8_t *sig, size_t siglen, const uint8_t *msg,
                      size_t msglen, const uint8_t *ctx, size_t ctxlen, const uint8_t *pk);

/* The internal interface (Alg. 7, 8) on mu = H(tr || M', 64) given by the
 * caller ("external mu"). */
int qstp_mldsa_sign_mu(qstp_mldsa_param p, uint8_t *sig, const uint8_t mu[QSTP_SIZED(64)],
                       const uint8_t *sk, const uint8_t *rnd);
int qstp_mldsa_verify_mu(qstp_mldsa_param p, const uint8_t *sig, size_t siglen,
                         const uint8_t mu[QSTP_SIZED(64)], const uint8_t *pk);
/* Sign_internal / Verify_internal on a message M' as given (no 0||ctx prefix). */
int qstp_mldsa_sign_internal(qstp_mldsa_param p, uint8_t *sig, const uint8_t *mprime,
                             size_t mlen, const uint8_t *sk, const uint8_t *rnd);
int qstp_mldsa_verify_internal(qstp_mldsa_param p, const uint8_t *sig, size_t siglen,
                               const uint8_t *mprime, size_t mlen, const uint8_t *pk);

/* QSTP attached form: sm = signature || msg (empty context, deterministic
 * when rnd is NULL). sm must hold sig_bytes + msglen; msg may already sit at
 * sm + sig_bytes (in place).  On error sm is zeroed. */
int qstp_mldsa_sign_attached(qstp_mldsa_param p, uint8_t *sm, const uint8_t *msg, size_t msglen,
                             const uint8_t *sk, const uint8_t *rnd);
/* Verifies sm (empty context) and on success points *msg and *msglen at the
 * message inside sm; on any error *msg is NULL and *msglen 0.
 * QSTP_ERR_MLDSA_SIG_LENGTH if smlen < sig_bytes. */
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

/* Prepared keys, for a key that signs or verifies many times (a server's
 * identity, a client's trusted server certificate): the matrix A, the NTT
 * forms of the key's vectors and tr = H(pk, 64) computed once by
 * qstp_mldsa_prepare_sk / _pk; signing and verifying with them give exactly
 * the results of qstp_mldsa_sign / qstp_mldsa_verify with the same key
 * (pure ML-DSA, context ctx) and skip about a third of the work.  The caller
 * owns the storage (80 KiB / 66 KiB, any 8-byte alignment); a prepared
 * secret key is a secret: qstp_mldsa_prepared_sk_wipe before freeing.  The
 * key bytes are not checked (qstp_mldsa_sk_check / _pk_check do that). */
enum {
	QSTP_MLDSA_PREPARED_SK_BYTES = 80 * 1024,
	QSTP_MLDSA_PREPARED_PK_BYTES = 66 * 1024,
};
typedef struct qstp_mldsa_prepared_sk {
	uint64_t opaque[QSTP_MLDSA_PREPARED_SK_BYTES / 8];
} qstp_mldsa_prepared_sk;
typedef struct qstp_mldsa_prepared_pk {
	uint64_t opaque[QSTP_MLDSA_PREPARED_PK_BYTES / 8];
} qstp_mldsa_prepared_pk;

int qstp_mldsa_prepare_sk(qstp_mldsa_param p, qstp_mldsa_prepared_sk *x, const uint8_t *sk);
int qstp_mldsa_prepare_pk(qstp_mldsa_param p, qstp_mldsa_prepared_pk *x, const uint8_t *pk);
void qstp_mldsa_prepared_sk_wipe(qstp_mldsa_prepared_sk *x);
/* As qstp_mldsa_sign (rnd NULL: deterministic) and qstp_mldsa_verify. */
int qstp_mldsa_sign_prepared(uint8_t *sig, const uint8_t *msg, size_t msglen, const uint8_t *ctx,
                             size_t ctxlen, const qstp_mldsa_prepared_sk *x, const uint8_t *rnd);
int qstp_mldsa_verify_prepared(const uint8_t *sig, size_t siglen, const uint8_t *msg,
                               size_t msglen, const uint8_t *ctx, size_t ctxlen,
                               const qstp_mldsa_prepared_pk *x);

#ifdef __cplusplus
}
#endif
#endif
