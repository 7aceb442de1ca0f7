/*
 * Internal: the ML-DSA algorithms on a parameter set, with lengths already
 * checked by the caller (api.c).  Return 0 or a negative QSTP_ERR_*.
 */
#ifndef QSTP_MLDSA_CORE_H
#define QSTP_MLDSA_CORE_H

#include <stddef.h>

#include "params.h"
#include "poly.h"

/* A key expanded for repeated use: everything Sign_internal (Alg. 7 steps
 * 1-5) or Verify_internal (Alg. 8 steps 1-5, 9) derives from the key alone,
 * so that a long-lived key pays for ExpandA and its NTTs once. */
typedef struct mldsa_sign_key {
	mldsa_poly A[MLDSA_KMAX * MLDSA_LMAX];                      /* A_hat */
	/* NTT domain; s1[j] holds s1[j] + 2^11 s2[j] (fused.h), s2 only
	 * s2[l..k-1] */
	mldsa_poly s1[MLDSA_LMAX], s2[MLDSA_KMAX], t0[MLDSA_KMAX];
	uint8_t rho[MLDSA_SEEDBYTES], key[MLDSA_SEEDBYTES];
} mldsa_sign_key;

typedef struct mldsa_verify_key {
	mldsa_poly A[MLDSA_KMAX * MLDSA_LMAX]; /* A_hat */
	mldsa_poly t1[MLDSA_KMAX];             /* NTT(t1 2^d) */
} mldsa_verify_key;

/* ML-DSA.KeyGen_internal (FIPS 204 Alg. 6). */
int mldsa_keygen(const mldsa_params *P, uint8_t *pk, uint8_t *sk,
                 const uint8_t seed[MLDSA_SEEDBYTES]);
/* ML-DSA.Sign_internal (Alg. 7) from mu (step 6 done by the caller); rnd
 * is 32 bytes (zeros for the deterministic variant).  On failure sig is
 * zeroed. */
int mldsa_sign_mu(const mldsa_params *P, uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                  const uint8_t *sk, const uint8_t rnd[32]);
/* Sign_internal from mu with a key from mldsa_sign_key_init (sk's s1, s2,
 * t0, K, rho; a secret until wiped). */
void mldsa_sign_key_init(const mldsa_params *P, mldsa_sign_key *x, const uint8_t *sk);
int mldsa_sign_mu_key(const mldsa_params *P, uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                      const mldsa_sign_key *x, const uint8_t rnd[32]);
/* ML-DSA.Verify_internal (Alg. 8) from mu: 0 or QSTP_ERR_MLDSA_VERIFY. */
int mldsa_verify_mu(const mldsa_params *P, const uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                    const uint8_t *pk);
/* Verify_internal with mu = H(tr || pre || ctx || msg, 64) computed here,
 * tr = H(pk, 64) alongside ExpandA: the same result as mldsa_mu then
 * mldsa_verify_mu. */
int mldsa_verify_msg(const mldsa_params *P, const uint8_t *sig, const uint8_t *pk,
                     const uint8_t *pre, size_t prelen, const uint8_t *ctx, size_t ctxlen,
                     const uint8_t *msg, size_t msglen);
/* Verify_internal from mu with a key from mldsa_verify_key_init (public). */
void mldsa_verify_key_init(const mldsa_params *P, mldsa_verify_key *x, const uint8_t *pk);
int mldsa_verify_mu_key(const mldsa_params *P, const uint8_t *sig,
                        const uint8_t mu[MLDSA_CRHBYTES], const mldsa_verify_key *x);
/* mu = H(tr || pre || msg, 64) with tr = sk's stored tr or H(pk, 64);
 * pre is the 0 || |ctx| || ctx prefix of pure ML-DSA, or empty. */
void mldsa_mu(uint8_t mu[MLDSA_CRHBYTES], const uint8_t tr[MLDSA_TRBYTES], const uint8_t *pre,
              size_t prelen, const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t msglen);

#endif
