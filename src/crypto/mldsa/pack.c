/* ML-DSA key and signature encodings (FIPS 204 section 7.2). */
#include "pack.h"

#include <string.h>

#include "../ct.h"
#include "pack_avx2.h" /* the AVX2 polynomial codec, MLDSA_HAVE_AVX2 */

/* Little-endian access to the first n <= 8 bytes of p (the rest of the
 * word is zero on load and untouched on store). */
static inline uint64_t load_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, p, n);
#else
	for (unsigned k = 0; k < n; k++)
		v |= (uint64_t)p[k] << (8 * k);
#endif
	return v;
}

static inline void store_le(uint8_t *p, uint64_t v, unsigned n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(p, &v, n);
#else
	for (unsigned k = 0; k < n; k++)
		p[k] = (uint8_t)(v >> (8 * k));
#endif
}

/*
 * SimpleBitPack / BitPack (Alg. 16, 17): 256 values of `bits` bits, least
 * significant bit first.  With sub set, the value stored is off - c (BitPack
 * with b = off), otherwise c itself; the choice is arithmetic (negation by
 * the mask m = -sub), not a branch.  Groups of G coefficients (8, or 4 when
 * bits > 16) fill G * bits / 8 whole bytes from a 128-bit accumulator held
 * in two words, written with at most two stores; with bits a constant
 * (pack_poly below) the group loop unrolls and every shift is fixed.  No
 * branch depends on the values.
 */
static inline __attribute__((always_inline)) void
pack_bits(uint8_t *out, const mldsa_poly *a, unsigned bits, int sub, int32_t off)
{
	const uint32_t mask = (1u << bits) - 1;
	const unsigned g = bits > 16 ? 4 : 8, gbytes = g * bits / 8;
	const uint32_t m = 0u - (uint32_t)(sub != 0), base = sub ? (uint32_t)off : 0;
	for (unsigned i = 0; i < MLDSA_N; i += g, out += gbytes) {
		uint64_t lo = 0, hi = 0;
#pragma GCC unroll 8
		for (unsigned k = 0; k < g; k++) {
			uint64_t v = (base + (((uint32_t)a->c[i + k] ^ m) - m)) & mask;
			unsigned sh = k * bits;
			if (sh < 64) {
				lo |= v << sh;
				if (sh + bits > 64)
					hi |= v >> (64 - sh);
			} else {
				hi |= v << (sh - 64);
			}
		}
		if (gbytes <= 8) {
			store_le(out, lo, gbytes);
		} else {
			store_le(out, lo, 8);
			store_le(out + 8, hi, gbytes - 8);
		}
	}
}

/* SimpleBitUnpack / BitUnpack (Alg. 18, 19): the inverse of pack_poly, a
 * group of G coefficients at a time from the same two-word accumulator
 * (loaded with at most two reads, never past the group's bytes).  No branch
 * depends on the values. */
static inline __attribute__((always_inline)) void
unpack_bits(mldsa_poly *a, const uint8_t *in, unsigned bits, int sub, int32_t off)
{
	const uint32_t mask = (1u << bits) - 1;
	const unsigned g = bits > 16 ? 4 : 8, gbytes = g * bits / 8;
	const uint32_t m = 0u - (uint32_t)(sub != 0), base = sub ? (uint32_t)off : 0;
	for (unsigned i = 0; i < MLDSA_N; i += g, in += gbytes) {
		uint64_t lo = load_le(in, gbytes < 8 ? gbytes : 8);
		uint64_t hi = gbytes > 8 ? load_le(in + 8, gbytes - 8) : 0;
#pragma GCC unroll 8
		for (unsigned k = 0; k < g; k++) {
			unsigned sh = k * bits;
			uint64_t v;
			if (sh >= 64) {
				v = hi >> (sh - 64);
			} else {
				v = lo >> sh;
				if (sh + bits > 64)
					v |= hi << (64 - sh);
			}
			uint32_t u = (uint32_t)v & mask;
			a->c[i + k] = (int32_t)(base + ((u ^ m) - m));
		}
	}
}

/* The widths FIPS 204 uses, as constants, so that the compiler specialises
 * each loop (the shifts and the byte pattern become fixed). */
#define WIDTHS(X) X(3) X(4) X(6) X(10) X(13) X(18) X(20)

void mldsa_pack_poly_ref(uint8_t *out, const mldsa_poly *a, unsigned bits, int sub, int32_t off)
{
	switch (bits) {
#define PACK_CASE(b)                                \
	case b:                                     \
		pack_bits(out, a, b, sub, off);     \
		return;
		WIDTHS(PACK_CASE)
#undef PACK_CASE
	}
	pack_bits(out, a, bits, sub, off);
}

void mldsa_unpack_poly_ref(mldsa_poly *a, const uint8_t *in, unsigned bits, int sub, int32_t off)
{
	switch (bits) {
#define UNPACK_CASE(b)                              \
	case b:                                     \
		unpack_bits(a, in, b, sub, off);    \
		return;
		WIDTHS(UNPACK_CASE)
#undef UNPACK_CASE
	}
	unpack_bits(a, in, bits, sub, off);
}

/* The key encodings' polynomials (widths 3, 4, 10, 13) through AVX2 when
 * the CPU has it (pack_avx2.c), else the portable code above. */
static void key_pack(uint8_t *out, const mldsa_poly *a, unsigned bits, int sub, int32_t off)
{
	MLDSA_PICK(mldsa_pack_poly_avx2(out, a, bits, sub, off),
	           mldsa_pack_poly_ref(out, a, bits, sub, off));
}

static void key_unpack(mldsa_poly *a, const uint8_t *in, unsigned bits, int sub, int32_t off)
{
	MLDSA_PICK(mldsa_unpack_poly_avx2(a, in, bits, sub, off),
	           mldsa_unpack_poly_ref(a, in, bits, sub, off));
}

void mldsa_pack_pk(uint8_t *pk, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES],
                   const mldsa_poly *t1)
{
	memcpy(pk, rho, MLDSA_SEEDBYTES);
	pk += MLDSA_SEEDBYTES;
	for (unsigned i = 0; i < P->k; i++)
		key_pack(pk + i * MLDSA_T1_PACKED, &t1[i], 10, 0, 0);
}

void mldsa_unpack_pk(uint8_t rho[MLDSA_SEEDBYTES], mldsa_poly *t1, const mldsa_params *P,
                     const uint8_t *pk)
{
	memcpy(rho, pk, MLDSA_SEEDBYTES);
	pk += MLDSA_SEEDBYTES;
	for (unsigned i = 0; i < P->k; i++)
		key_unpack(&t1[i], pk + i * MLDSA_T1_PACKED, 10, 0, 0);
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
		key_pack(sk, &s1[i], P->eta_bits, 1, (int32_t)P->eta);
	for (unsigned i = 0; i < P->k; i++, sk += P->eta_packed)
		key_pack(sk, &s2[i], P->eta_bits, 1, (int32_t)P->eta);
	for (unsigned i = 0; i < P->k; i++, sk += MLDSA_T0_PACKED)
		key_pack(sk, &t0[i], MLDSA_D, 1, 1 << (MLDSA_D - 1));
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
		key_unpack(&s1[i], sk, P->eta_bits, 1, (int32_t)P->eta);
	for (unsigned i = 0; i < P->k; i++, sk += P->eta_packed)
		key_unpack(&s2[i], sk, P->eta_bits, 1, (int32_t)P->eta);
	for (unsigned i = 0; i < P->k; i++, sk += MLDSA_T0_PACKED)
		key_unpack(&t0[i], sk, MLDSA_D, 1, 1 << (MLDSA_D - 1));
}

int mldsa_check_sk_eta(const mldsa_params *P, const uint8_t *sk)
{
	mldsa_poly s;
	uint32_t bad = 0;
	const uint8_t *p = sk + 2 * MLDSA_SEEDBYTES + MLDSA_TRBYTES;
	for (unsigned i = 0; i < P->k + P->l; i++, p += P->eta_packed) {
		mldsa_unpack_poly_ref(&s, p, P->eta_bits, 0, 0);
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

/* w1Encode: 4-bit w1 (gamma2 = (q-1)/32) two to a byte in a loop gcc
 * vectorizes (the same bytes as pack_bits with bits = 4), other widths
 * through pack_bits. */
void mldsa_pack_w1(uint8_t *out, const mldsa_params *P, const mldsa_poly *w1)
{
	if (P->w1_bits == 4) {
		for (unsigned i = 0; i < MLDSA_N / 2; i++)
			out[i] = (uint8_t)((w1->c[2 * i] & 15) | (w1->c[2 * i + 1] & 15) << 4);
		return;
	}
	mldsa_pack_poly_ref(out, w1, P->w1_bits, 0, 0);
}

void mldsa_unpack_z_bytes(mldsa_poly *a, const mldsa_params *P, const uint8_t *in)
{
	mldsa_unpack_poly_ref(a, in, P->z_bits, 1, P->gamma1);
}

void mldsa_pack_sig(uint8_t *sig, const mldsa_params *P, const uint8_t *ctilde,
                    const mldsa_poly *z, const mldsa_poly *h)
{
	memcpy(sig, ctilde, P->ctilde_bytes);
	sig += P->ctilde_bytes;
	for (unsigned i = 0; i < P->l; i++, sig += P->z_packed)
		mldsa_pack_poly_ref(sig, &z[i], P->z_bits, 1, P->gamma1);
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
		mldsa_unpack_poly_ref(&z[i], sig, P->z_bits, 1, P->gamma1);
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
