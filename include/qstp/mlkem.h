/*
 * qstp: ML-KEM (FIPS 203), parameter sets ML-KEM-512, -768 and -1024.
 *
 * The parameter set is a run-time argument (QSTP picks it from the
 * configuration set).  Buffers are sized by the QSTP_MLKEM*_ constants;
 * nothing allocates; secrets on the stack are wiped before return.
 * Return 0 or a negative QSTP_ERR_*; on error outputs are zeroed.
 */
#ifndef QSTP_MLKEM_H
#define QSTP_MLKEM_H

#include "qstp/defs.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qstp_mlkem_param {
	QSTP_MLKEM_512 = 2,  /* k = 2 */
	QSTP_MLKEM_768 = 3,  /* k = 3 */
	QSTP_MLKEM_1024 = 4, /* k = 4 */
} qstp_mlkem_param;

enum {
	QSTP_MLKEM_SEED_BYTES = 32, /* d, z, m */
	QSTP_MLKEM_SS_BYTES = 32,
	QSTP_MLKEM512_EK_BYTES = 800,
	QSTP_MLKEM512_DK_BYTES = 1632,
	QSTP_MLKEM512_CT_BYTES = 768,
	QSTP_MLKEM768_EK_BYTES = 1184,
	QSTP_MLKEM768_DK_BYTES = 2400,
	QSTP_MLKEM768_CT_BYTES = 1088,
	QSTP_MLKEM1024_EK_BYTES = 1568,
	QSTP_MLKEM1024_DK_BYTES = 3168,
	QSTP_MLKEM1024_CT_BYTES = 1568,
};

/* Sizes for a parameter set; 0 for an invalid one. */
size_t qstp_mlkem_ek_bytes(qstp_mlkem_param p);
size_t qstp_mlkem_dk_bytes(qstp_mlkem_param p);
size_t qstp_mlkem_ct_bytes(qstp_mlkem_param p);

/* ML-KEM.KeyGen_internal(d, z) (FIPS 203 Alg. 16). */
int qstp_mlkem_keypair_derand(qstp_mlkem_param p, uint8_t *ek, uint8_t *dk,
                              const uint8_t d[QSTP_SIZED(32)], const uint8_t z[QSTP_SIZED(32)]);
/* ML-KEM.KeyGen (Alg. 19) with d, z from the system random source. */
int qstp_mlkem_keypair(qstp_mlkem_param p, uint8_t *ek, uint8_t *dk);

/* ML-KEM.Encaps_internal(ek, m) (Alg. 17) after the input check of 7.2
 * (QSTP_ERR_MLKEM_EK_INVALID when a coefficient is not reduced mod q). */
int qstp_mlkem_encaps_derand(qstp_mlkem_param p, uint8_t *ct, uint8_t ss[QSTP_SIZED(32)],
                             const uint8_t *ek, const uint8_t m[QSTP_SIZED(32)]);
int qstp_mlkem_encaps(qstp_mlkem_param p, uint8_t *ct, uint8_t ss[QSTP_SIZED(32)], const uint8_t *ek);

/* ML-KEM.Decaps (Alg. 18/21) after the input check of 7.3
 * (QSTP_ERR_MLKEM_DK_INVALID when H(ek) in dk is wrong).  A bad ciphertext
 * is not an error: implicit rejection yields J(z || c). */
int qstp_mlkem_decaps(qstp_mlkem_param p, uint8_t ss[QSTP_SIZED(32)], const uint8_t *ct,
                      const uint8_t *dk);

/* An expanded key pair for a decapsulating side that decapsulates once
 * with a fresh key (QSTP's server): KeyGen keeps the matrix A_hat it
 * sampled from rho (as A_hat^T, the form K-PKE.Encrypt uses), so that the
 * re-encryption inside Decaps does not sample it a second time (about a
 * third of Decaps).  Results are exactly those of qstp_mlkem_keypair_derand
 * and qstp_mlkem_decaps.  The caller owns the storage (8 KiB + 128 bytes,
 * any 8-byte alignment).  Its content is public (A_hat is a function of rho,
 * which is in ek); it needs no wipe.  decaps_expanded returns
 * QSTP_ERR_INVALID_ARG (and a zero secret) when x was not made by keygen
 * for this dk's parameter set and rho. */
enum { QSTP_MLKEM_EXPANDED_BYTES = 8 * 1024 + 128 };
typedef struct qstp_mlkem_expanded {
	uint64_t opaque[QSTP_MLKEM_EXPANDED_BYTES / 8];
} qstp_mlkem_expanded;

/* A transcript hash computed alongside (QSTP's phash and sch2): out =
 * SHA3-256(pre || X), X being what the call hashes anyway: ek for the key
 * pair and for Encaps (H(ek)), the ciphertext for Decaps (J(z || c)).  It
 * shares that hash's pass of the four-way Keccak where it is vectorised
 * and the block counts allow (ML-KEM-1024 with prelen <= 63), and is
 * computed separately otherwise.  pre may be NULL when prelen is 0;
 * prelen at most QSTP_MLKEM_TH_PRE_MAX (else QSTP_ERR_INVALID_ARG).  out is
 * written whenever the call returns 0, and by Encaps also when ek fails
 * the 7.2 check (so a caller can check its transcript first). */
enum { QSTP_MLKEM_TH_PRE_MAX = 64 };
typedef struct qstp_mlkem_th {
	const uint8_t *pre;
	size_t prelen;
	uint8_t out[32];
} qstp_mlkem_th;

/* th may be NULL (no transcript hash). */
int qstp_mlkem_keypair_derand_expanded(qstp_mlkem_param p, uint8_t *ek, uint8_t *dk,
                                       const uint8_t d[QSTP_SIZED(32)],
                                       const uint8_t z[QSTP_SIZED(32)], qstp_mlkem_expanded *x,
                                       qstp_mlkem_th *th);
int qstp_mlkem_decaps_expanded(qstp_mlkem_param p, uint8_t ss[QSTP_SIZED(32)], const uint8_t *ct,
                               const uint8_t *dk, const qstp_mlkem_expanded *x,
                               qstp_mlkem_th *th);
/* qstp_mlkem_encaps_derand with a transcript hash over ek (th not NULL). */
int qstp_mlkem_encaps_derand_th(qstp_mlkem_param p, uint8_t *ct, uint8_t ss[QSTP_SIZED(32)],
                                const uint8_t *ek, const uint8_t m[QSTP_SIZED(32)],
                                qstp_mlkem_th *th);
/* The same expansion for an existing dk (the matrix of the ek inside it). */
int qstp_mlkem_expand_dk(qstp_mlkem_param p, qstp_mlkem_expanded *x, const uint8_t *dk);

/* The input checks alone (FIPS 203 7.2 and 7.3). */
int qstp_mlkem_check_ek(qstp_mlkem_param p, const uint8_t *ek);
int qstp_mlkem_check_dk(qstp_mlkem_param p, const uint8_t *dk);

#ifdef __cplusplus
}
#endif
#endif
