/* ML-DSA key and signature encodings (FIPS 204 section 7.2). */
#include "pack.h"

#include <string.h>

#include "../ct.h"

/*
 * SimpleBitPack / BitPack (Alg. 16, 17): 256 values of `bits` bits, least
 * significant bit first.  With sub set, the value stored is off - c (BitPack
 * with b = off), otherwise c itself.  No branch depends on the values.
 */
static void pack_poly(uint8_t *out, const mldsa_poly *a, unsigned bits, int sub, int32_t off)
{
	uint64_t acc = 0;
	unsigned have = 0;
	size_t o = 0;
	const uint32_t mask = (1u << bits) - 1;
	for (unsigned i = 0; i < MLDSA_N; i++) {
		uint32_t v = (uint32_t)(sub ? off - a->c[i] : a->c[i]) & mask;
		acc |= (uint64_t)v << have;
		have += bits;
		while (have >= 8) {
			out[o++] = (uint8_t)acc;
			acc >>= 8;
			have -= 8;
		}
	}
}

/* SimpleBitUnpack / BitUnpack (Alg. 18, 19): the inverse of pack_poly. */
static void unpack_poly(mldsa_poly *a, const uint8_t *in, unsigned bits, int sub, int32_t off)
{
	uint64_t acc = 0;
	unsigned have = 0;
	size_t o = 0;
	const uint32_t mask = (1u << bits) - 1;
	for (unsigned i = 0; i < MLDSA_N; i++) {
		while (have < bits) {
			acc |= (uint64_t)in[o++] << have;
			have += 8;
		}
		int32_t v = (int32_t)((uint32_t)acc & mask);
		acc >>= bits;
		have -= bits;
		a->c[i] = sub ? off - v : v;
	}
}

void mldsa_pack_pk(uint8_t *pk, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES],
                   const mldsa_poly *t1)
{
	memcpy(pk, rho, MLDSA_SEEDBYTES);
	pk += MLDSA_SEEDBYTES;
	for (unsigned i = 0; i < P->k; i++)
		pack_poly(pk + i * MLDSA_T1_PACKED, &t1[i], 10, 0, 0);
}

void mldsa_unpack_pk(uint8_t rho[MLDSA_SEEDBYTES], mldsa_poly *t1, const mldsa_params *P,
                     const uint8_t *pk)
{
	memcpy(rho, pk, MLDSA_SEEDBYTES);
	pk += MLDSA_SEEDBYTES;
	for (unsigned i = 0; i < P->k; i++)
		unpack_poly(&t1[i], pk + i * MLDSA_T1_PACKED, 10, 0, 0);
}

void mldsa_pack_sk(uint8_t *sk, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES],
                   const uint8_t key[MLDSA_SEEDBYTES], const uint8_t tr[MLDSA_TRBYTES],
                   const mldsa_poly *s1, const mldsa_poly *s2, const mldsa_poly *t0)
{
	memcpy(sk, rho, MLDSA_SEEDBYTES);
	sk += MLDSA_SEEDBYTES;
	memcpy(sk, key, MLDSA_SEEDBYTES);
	sk += MLDSA_SEEDBYTES;
	memcpy(sk, tr, MLDSA_TRBYTES);
	sk += MLDSA_TRBYTES;
	for (unsigned i = 0; i < P->l; i++, sk += P->eta_packed)
		pack_poly(sk, &s1[i], P->eta_bits, 1, (int32_t)P->eta);
	for (unsigned i = 0; i < P->k; i++, sk += P->eta_packed)
		pack_poly(sk, &s2[i], P->eta_bits, 1, (int32_t)P->eta);
	for (unsigned i = 0; i < P->k; i++, sk += MLDSA_T0_PACKED)
		pack_poly(sk, &t0[i], MLDSA_D, 1, 1 << (MLDSA_D - 1));
}

void mldsa_unpack_sk(uint8_t rho[MLDSA_SEEDBYTES], uint8_t key[MLDSA_SEEDBYTES],
                     uint8_t tr[MLDSA_TRBYTES], mldsa_poly *s1, mldsa_poly *s2, mldsa_poly *t0,
                     const mldsa_params *P, const uint8_t *sk)
{
	memcpy(rho, sk, MLDSA_SEEDBYTES);
	sk += MLDSA_SEEDBYTES;
	memcpy(key, sk, MLDSA_SEEDBYTES);
	sk += MLDSA_SEEDBYTES;
	memcpy(tr, sk, MLDSA_TRBYTES);
	sk += MLDSA_TRBYTES;
	for (unsigned i = 0; i < P->l; i++, sk += P->eta_packed)
		unpack_poly(&s1[i], sk, P->eta_bits, 1, (int32_t)P->eta);
	for (unsigned i = 0; i < P->k; i++, sk += P->eta_packed)
		unpack_poly(&s2[i], sk, P->eta_bits, 1, (int32_t)P->eta);
	for (unsigned i = 0; i < P->k; i++, sk += MLDSA_T0_PACKED)
		unpack_poly(&t0[i], sk, MLDSA_D, 1, 1 << (MLDSA_D - 1));
}

int mldsa_check_sk_eta(const mldsa_params *P, const uint8_t *sk)
{
	mldsa_poly s;
	uint32_t bad = 0;
	const uint8_t *p = sk + 2 * MLDSA_SEEDBYTES + MLDSA_TRBYTES;
	for (unsigned i = 0; i < P->k + P->l; i++, p += P->eta_packed) {
		unpack_poly(&s, p, P->eta_bits, 0, 0);
		/* stored value eta - c must be in [0, 2 eta] */
		for (unsigned j = 0; j < MLDSA_N; j++)
			bad |= (uint32_t)(2 * (int32_t)P->eta - s.c[j]);
	}
	qstp_wipe(&s, sizeof s);
	bad = qstp_value_barrier_u32(bad >> 31);
	/* the validity of the key is what the caller asked for: public */
	QSTP_CT_PUBLIC(&bad, sizeof bad);
	return bad ? -1 : 0;
}

void mldsa_pack_w1(uint8_t *out, const mldsa_params *P, const mldsa_poly *w1)
{
	pack_poly(out, w1, P->w1_bits, 0, 0);
}

void mldsa_unpack_z_bytes(mldsa_poly *a, const mldsa_params *P, const uint8_t *in)
{
	unpack_poly(a, in, P->z_bits, 1, P->gamma1);
}

void mldsa_pack_sig(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                    const mldsa_poly *z, const mldsa_poly *h)
{
	memcpy(sig, ctilde, P->ctilde_bytes);
	sig += P->ctilde_bytes;
	for (unsigned i = 0; i < P->l; i++, sig += P->z_packed)
		pack_poly(sig, &z[i], P->z_bits, 1, P->gamma1);
	/* HintBitPack: the signature is being output, so h is public here. */
	memset(sig, 0, P->omega + P->k);
	unsigned idx = 0;
	for (unsigned i = 0; i < P->k; i++) {
		for (unsigned j = 0; j < MLDSA_N; j++) {
			if (h[i].c[j] != 0)
				sig[idx++] = (uint8_t)j;
		}
		sig[P->omega + i] = (uint8_t)idx;
	}
}

int mldsa_unpack_sig(uint8_t *ctilde, mldsa_poly *z, mldsa_poly *h, const mldsa_params *P,
                     const uint8_t *sig)
{
	memcpy(ctilde, sig, P->ctilde_bytes);
	sig += P->ctilde_bytes;
	for (unsigned i = 0; i < P->l; i++, sig += P->z_packed)
		unpack_poly(&z[i], sig, P->z_bits, 1, P->gamma1);
	/* HintBitUnpack (Alg. 21): the encoding must be the unique one. */
	unsigned idx = 0;
	for (unsigned i = 0; i < P->k; i++) {
		memset(h[i].c, 0, sizeof h[i].c);
		unsigned end = sig[P->omega + i];
		if (end < idx || end > P->omega)
			return -1;
		for (unsigned j = idx; j < end; j++) {
			if (j > idx && sig[j] <= sig[j - 1])
				return -1;
			h[i].c[sig[j]] = 1;
		}
		idx = end;
	}
	for (unsigned j = idx; j < P->omega; j++) {
		if (sig[j] != 0)
			return -1;
	}
	return 0;
}
