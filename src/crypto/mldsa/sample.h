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
/* The whole k x l matrix, row-major: a[r * l + s] (four-way Keccak). */
void mldsa_expand_a(mldsa_poly *a, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES]);
/* ExpandS (Alg. 33): s1[0..l-1] with nonces 0..l-1, s2[0..k-1] with
 * nonces l..l+k-1 (four-way Keccak). */
void mldsa_expand_s(mldsa_poly *s1, mldsa_poly *s2, const mldsa_params *P,
                    const uint8_t rhop[MLDSA_CRHBYTES]);
/* ExpandMask (Alg. 34): y[0..l-1] with nonces kappa..kappa+l-1 (four-way). */
void mldsa_expand_mask(mldsa_poly *y, const mldsa_params *P,
                       const uint8_t rhopp[MLDSA_CRHBYTES], unsigned kappa);
/* The same for y[0..count-1] with nonces first..first+count-1. */
void mldsa_expand_mask_n(mldsa_poly *y, const mldsa_params *P,
                         const uint8_t rhopp[MLDSA_CRHBYTES], unsigned first, unsigned count);
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
/* One SampleInBall step, c[i] = c[j]; c[j] = s, portable (j <= i). */
void mldsa_ball_step_ref(int8_t c[MLDSA_N], uint32_t i, uint32_t j, int8_t s);

#endif
