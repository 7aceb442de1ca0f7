/*
 * Internal: ML-DSA sampling (FIPS 204 section 7.3): ExpandA, ExpandS,
 * ExpandMask and SampleInBall, on the Keccak core.
 */
#ifndef QSTP_MLDSA_SAMPLE_H
#define QSTP_MLDSA_SAMPLE_H

#include "poly.h"

/* A_hat[r][s] = RejNTTPoly(rho || s || r) (Alg. 32, 30); standard range. */
void mldsa_expand_a_entry(mldsa_poly *a, const uint8_t rho[MLDSA_SEEDBYTES], unsigned r,
                          unsigned s);
/* The whole k x l matrix, row-major: a[r * l + s]. */
void mldsa_expand_a(mldsa_poly *a, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES]);
/* RejBoundedPoly(rho' || nonce) (Alg. 31): coefficients in [-eta, eta].
 * Secret; the accept/reject of each half-byte is declassified (see .c). */
void mldsa_sample_eta(mldsa_poly *a, const mldsa_params *P,
                      const uint8_t rhop[MLDSA_CRHBYTES], uint16_t nonce);
/* ExpandMask's one polynomial (Alg. 34): coefficients in [-gamma1 + 1, gamma1]. */
void mldsa_sample_mask(mldsa_poly *a, const mldsa_params *P,
                       const uint8_t rhopp[MLDSA_CRHBYTES], uint16_t nonce);
/* SampleInBall (Alg. 29) on ctilde (P->ctilde_bytes): tau coefficients +-1.
 * Constant time in the secret challenge except for the public accept/reject
 * of each sampled index byte (see .c). */
void mldsa_sample_in_ball(mldsa_poly *c, const mldsa_params *P, const uint8_t *ctilde);

#endif
