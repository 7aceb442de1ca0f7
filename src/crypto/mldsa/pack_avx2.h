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
void mldsa_unpack_sk_avx2(uint8_t rho[MLDSA_SEEDBYTES], uint8_t key[MLDSA_SEEDBYTES],
                          uint8_t tr[MLDSA_TRBYTES], mldsa_poly *s1, mldsa_poly *s2,
                          mldsa_poly *t0, const mldsa_params *P, const uint8_t *sk);
void mldsa_unpack_pk_avx2(uint8_t rho[MLDSA_SEEDBYTES], mldsa_poly *t1, const mldsa_params *P,
                          const uint8_t *pk);
void mldsa_unpack_z_bytes_avx2(mldsa_poly *a, const mldsa_params *P, const uint8_t *in);
void mldsa_pack_w1_avx2(uint8_t *out, const mldsa_params *P, const mldsa_poly *w1);
void mldsa_pack_sig_avx2(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                         const mldsa_poly *z, const mldsa_poly *h);
void mldsa_pack_pk_avx2(uint8_t *pk, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES],
                        const mldsa_poly *t1);
void mldsa_pack_sk_avx2(uint8_t *sk, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES],
                        const uint8_t key[MLDSA_SEEDBYTES], const uint8_t tr[MLDSA_TRBYTES],
                        const mldsa_poly *s1, const mldsa_poly *s2, const mldsa_poly *t0);
#define MLDSA_PACK_PICK(avx2_call, ref_call)                        \
	do {                                                        \
		if (qstp_cpu_features() & QSTP_CPU_AVX2)            \
			avx2_call;                                  \
		else                                                \
			ref_call;                                   \
	} while (0)
#else
#define MLDSA_PACK_PICK(avx2_call, ref_call) ref_call
static inline void mldsa_pack_sig_fast(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                                       const mldsa_poly *z, const mldsa_poly *h)
{
	MLDSA_PACK_PICK(mldsa_pack_sig_avx2(sig, P, ctilde, z, h),
	                mldsa_pack_sig(sig, P, ctilde, z, h));
}

#endif

static inline void mldsa_unpack_sk_fast(uint8_t rho[MLDSA_SEEDBYTES],
                                        uint8_t key[MLDSA_SEEDBYTES], uint8_t tr[MLDSA_TRBYTES],
                                        mldsa_poly *s1, mldsa_poly *s2, mldsa_poly *t0,
                                        const mldsa_params *P, const uint8_t *sk)
{
	MLDSA_PACK_PICK(mldsa_unpack_sk_avx2(rho, key, tr, s1, s2, t0, P, sk),
	                mldsa_unpack_sk(rho, key, tr, s1, s2, t0, P, sk));
}

static inline void mldsa_unpack_pk_fast(uint8_t rho[MLDSA_SEEDBYTES], mldsa_poly *t1,
                                        const mldsa_params *P, const uint8_t *pk)
{
	MLDSA_PACK_PICK(mldsa_unpack_pk_avx2(rho, t1, P, pk), mldsa_unpack_pk(rho, t1, P, pk));
}

static inline void mldsa_unpack_z_bytes_fast(mldsa_poly *a, const mldsa_params *P,
                                             const uint8_t *in)
{
	MLDSA_PACK_PICK(mldsa_unpack_z_bytes_avx2(a, P, in), mldsa_unpack_z_bytes(a, P, in));
}

static inline void mldsa_pack_w1_fast(uint8_t *out, const mldsa_params *P, const mldsa_poly *w1)
{
	MLDSA_PACK_PICK(mldsa_pack_w1_avx2(out, P, w1), mldsa_pack_w1(out, P, w1));
}


static inline void mldsa_pack_pk_fast(uint8_t *pk, const mldsa_params *P,
                                      const uint8_t rho[MLDSA_SEEDBYTES], const mldsa_poly *t1)
{
	MLDSA_PACK_PICK(mldsa_pack_pk_avx2(pk, P, rho, t1), mldsa_pack_pk(pk, P, rho, t1));
}

static inline void mldsa_pack_sk_fast(uint8_t *sk, const mldsa_params *P,
                                      const uint8_t rho[MLDSA_SEEDBYTES],
                                      const uint8_t key[MLDSA_SEEDBYTES],
                                      const uint8_t tr[MLDSA_TRBYTES], const mldsa_poly *s1,
                                      const mldsa_poly *s2, const mldsa_poly *t0)
{
	MLDSA_PACK_PICK(mldsa_pack_sk_avx2(sk, P, rho, key, tr, s1, s2, t0),
	                mldsa_pack_sk(sk, P, rho, key, tr, s1, s2, t0));
}

static inline void mldsa_pack_sig_fast(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                                       const mldsa_poly *z, const mldsa_poly *h)
{
	MLDSA_PACK_PICK(mldsa_pack_sig_avx2(sig, P, ctilde, z, h),
	                mldsa_pack_sig(sig, P, ctilde, z, h));
}

#endif
