/*
 * Internal: ML-DSA encodings (FIPS 204 section 7.2, Alg. 16 to 28).
 * Vectors are arrays of polynomials (k or l of them).  Decoders of untrusted
 * input return 0 or -1; the caller checks the length first.
 */
#ifndef QSTP_MLDSA_PACK_H
#define QSTP_MLDSA_PACK_H

#include "poly.h"

/* BitPack / BitUnpack (Alg. 17, 19) of one polynomial in `bits` bits per
 * coefficient, off - c when sub (SimpleBitPack / SimpleBitUnpack, Alg. 16,
 * 18, when not): the portable versions.  The key encodings below run them,
 * or the AVX2 ones (pack_avx2.h) when the CPU has AVX2. */
void mldsa_pack_poly_ref(uint8_t *out, const mldsa_poly *a, unsigned bits, int sub, int32_t off);
void mldsa_unpack_poly_ref(mldsa_poly *a, const uint8_t *in, unsigned bits, int sub, int32_t off);

/* pkEncode / pkDecode (Alg. 22, 23). */
void mldsa_pack_pk(uint8_t *pk, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES],
                   const mldsa_poly *t1);
void mldsa_unpack_pk(uint8_t rho[MLDSA_SEEDBYTES], mldsa_poly *t1, const mldsa_params *P,
                     const uint8_t *pk);

/* skEncode / skDecode (Alg. 24, 25). */
void mldsa_pack_sk(uint8_t *sk, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES],
                   const uint8_t key[MLDSA_SEEDBYTES], const uint8_t tr[MLDSA_TRBYTES],
                   const mldsa_poly *s1, const mldsa_poly *s2, const mldsa_poly *t0);
void mldsa_unpack_sk(uint8_t rho[MLDSA_SEEDBYTES], uint8_t key[MLDSA_SEEDBYTES],
                     uint8_t tr[MLDSA_TRBYTES], mldsa_poly *s1, mldsa_poly *s2, mldsa_poly *t0,
                     const mldsa_params *P, const uint8_t *sk);
/* 0 if every s1, s2 coefficient of sk is in [-eta, eta], else -1 (constant
 * time; the result is the only thing that depends on the key). */
int mldsa_check_sk_eta(const mldsa_params *P, const uint8_t *sk);

/* sigEncode / sigDecode (Alg. 26, 27) with HintBitPack / HintBitUnpack
 * (Alg. 20, 21).  Encoding takes z centered and h as 0/1 values. Decoding
 * returns -1 for a malformed hint (the signature is then invalid). */
void mldsa_pack_sig(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                    const mldsa_poly *z, const mldsa_poly *h);
int mldsa_unpack_sig(uint8_t *ctilde, mldsa_poly *z, mldsa_poly *h, const mldsa_params *P,
                     const uint8_t *sig);

/* w1Encode (Alg. 28) of one polynomial: P->w1_packed bytes (the encoding of
 * the vector is the concatenation). */
void mldsa_pack_w1(uint8_t *out, const mldsa_params *P, const mldsa_poly *w1);

/* BitUnpack(v, gamma1 - 1, gamma1) of one polynomial (P->z_packed bytes). */
void mldsa_unpack_z_bytes(mldsa_poly *a, const mldsa_params *P, const uint8_t *in);

#endif
