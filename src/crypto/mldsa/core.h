/*
 * Internal: the ML-DSA algorithms on a parameter set, with lengths already
 * checked by the caller (api.c).  Return 0 or a negative QSTP_ERR_*.
 */
#ifndef QSTP_MLDSA_CORE_H
#define QSTP_MLDSA_CORE_H

#include <stddef.h>

#include "params.h"

/* ML-DSA.KeyGen_internal (FIPS 204 Alg. 6). */
int mldsa_keygen(const mldsa_params *P, uint8_t *pk, uint8_t *sk,
                 const uint8_t seed[MLDSA_SEEDBYTES]);
/* ML-DSA.Sign_internal (Alg. 7) from mu (step 6 done by the caller); rnd
 * is 32 bytes (zeros for the deterministic variant).  On failure sig is
 * zeroed. */
int mldsa_sign_mu(const mldsa_params *P, uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                  const uint8_t *sk, const uint8_t rnd[32]);
/* ML-DSA.Verify_internal (Alg. 8) from mu: 0 or QSTP_ERR_MLDSA_VERIFY. */
int mldsa_verify_mu(const mldsa_params *P, const uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                    const uint8_t *pk);
/* Verify_internal with mu = H(tr || pre || ctx || msg, 64) computed here,
 * tr = H(pk, 64) alongside ExpandA: the same result as mldsa_mu then
 * mldsa_verify_mu. */
int mldsa_verify_msg(const mldsa_params *P, const uint8_t *sig, const uint8_t *pk,
                     const uint8_t *pre, size_t prelen, const uint8_t *ctx, size_t ctxlen,
                     const uint8_t *msg, size_t msglen);
/* mu = H(tr || pre || msg, 64) with tr = sk's stored tr or H(pk, 64);
 * pre is the 0 || |ctx| || ctx prefix of pure ML-DSA, or empty. */
void mldsa_mu(uint8_t mu[MLDSA_CRHBYTES], const uint8_t tr[MLDSA_TRBYTES], const uint8_t *pre,
              size_t prelen, const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t msglen);

#endif
