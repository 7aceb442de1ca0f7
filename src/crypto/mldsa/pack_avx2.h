/*
 * Internal: AVX2 versions of some pack.h encodings (pack_avx2.c), and
 * inline wrappers that pick them at run time when the CPU has AVX2 and
 * pack.h's portable ones otherwise.  Same contracts as pack.h.
 */
#ifndef QSTP_MLDSA_PACK_AVX2_H
#define QSTP_MLDSA_PACK_AVX2_H

#include "../cpu.h"
#include "ntt.h"
#include "pack.h"

#ifdef MLDSA_HAVE_AVX2
/* pack.h's mldsa_pack_poly_ref (widths 3, 4, 10 and 13 only: the key
 * encodings') and mldsa_unpack_poly_ref (widths up to 20). */
void mldsa_pack_poly_avx2(uint8_t *out, const mldsa_poly *a, unsigned bits, int sub, int32_t off);
void mldsa_unpack_poly_avx2(mldsa_poly *a, const uint8_t *in, unsigned bits, int sub, int32_t off);
void mldsa_unpack_z_bytes_avx2(mldsa_poly *a, const mldsa_params *P, const uint8_t *in);
void mldsa_pack_w1_avx2(uint8_t *out, const mldsa_params *P, const mldsa_poly *w1);
void mldsa_pack_sig_avx2(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                         const mldsa_poly *z, const mldsa_poly *h);
#endif

static inline void mldsa_unpack_z_bytes_fast(mldsa_poly *a, const mldsa_params *P,
                                             const uint8_t *in)
{
	MLDSA_PICK(mldsa_unpack_z_bytes_avx2(a, P, in), mldsa_unpack_z_bytes(a, P, in));
}

static inline void mldsa_pack_w1_fast(uint8_t *out, const mldsa_params *P, const mldsa_poly *w1)
{
	MLDSA_PICK(mldsa_pack_w1_avx2(out, P, w1), mldsa_pack_w1(out, P, w1));
}

static inline void mldsa_pack_sig_fast(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                                       const mldsa_poly *z, const mldsa_poly *h)
{
	MLDSA_PICK(mldsa_pack_sig_avx2(sig, P, ctilde, z, h),
	                mldsa_pack_sig(sig, P, ctilde, z, h));
}

#endif
