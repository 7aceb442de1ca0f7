/* ML-DSA sampling from SHAKE (FIPS 204 Alg. 29 to 34). */
#include "sample.h"

#include <string.h>

#include "qstp/keccak.h"
#include "../ct.h"
#include "pack.h"

/* Alg. 30 RejNTTPoly with Alg. 14 CoeffFromThreeBytes.  A is public. */
void mldsa_expand_a_entry(mldsa_poly *a, const uint8_t rho[MLDSA_SEEDBYTES], unsigned r,
                          unsigned s)
{
	uint8_t seed[MLDSA_SEEDBYTES + 2];
	uint8_t buf[5 * QSTP_SHAKE128_RATE]; /* 840 bytes: usually enough for 256 */
	qstp_keccak k;
	memcpy(seed, rho, MLDSA_SEEDBYTES);
	seed[MLDSA_SEEDBYTES] = (uint8_t)s;
	seed[MLDSA_SEEDBYTES + 1] = (uint8_t)r;
	qstp_shake128_init(&k);
	qstp_keccak_absorb(&k, seed, sizeof seed);
	size_t len = sizeof buf;
	qstp_keccak_squeeze(&k, buf, len);
	unsigned n = 0;
	for (;;) {
		/* the rate is a multiple of 3, so no candidate straddles a squeeze */
		for (size_t i = 0; i + 3 <= len && n < MLDSA_N; i += 3) {
			uint32_t t = (uint32_t)buf[i] | (uint32_t)buf[i + 1] << 8 |
			             (uint32_t)(buf[i + 2] & 0x7F) << 16;
			if (t < MLDSA_Q)
				a->c[n++] = (int32_t)t;
		}
		if (n == MLDSA_N)
			break;
		len = QSTP_SHAKE128_RATE;
		qstp_keccak_squeeze(&k, buf, len);
	}
}

void mldsa_expand_a(mldsa_poly *a, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES])
{
	for (unsigned r = 0; r < P->k; r++)
		for (unsigned s = 0; s < P->l; s++)
			mldsa_expand_a_entry(&a[r * P->l + s], rho, r, s);
}

/*
 * Alg. 31 RejBoundedPoly with Alg. 15 CoeffFromHalfByte.  The half-bytes are
 * secret.  Whether one is rejected (>= 15 for eta 2, >= 9 for eta 4) is
 * declassified: the SHAKE output is uniform, each half-byte is independent
 * of the others, and a rejected one contributes nothing, so the accept
 * pattern is independent of the values of the coefficients kept.  The
 * coefficient itself is computed without a table or a division.
 */
void mldsa_sample_eta(mldsa_poly *a, const mldsa_params *P,
                      const uint8_t rhop[MLDSA_CRHBYTES], uint16_t nonce)
{
	uint8_t seed[MLDSA_CRHBYTES + 2];
	uint8_t buf[2 * QSTP_SHAKE256_RATE];
	qstp_keccak k;
	memcpy(seed, rhop, MLDSA_CRHBYTES);
	seed[MLDSA_CRHBYTES] = (uint8_t)nonce;
	seed[MLDSA_CRHBYTES + 1] = (uint8_t)(nonce >> 8);
	qstp_shake256_init(&k);
	qstp_keccak_absorb(&k, seed, sizeof seed);
	/* eta 2 needs about 137 bytes, eta 4 about 228 */
	size_t len = P->eta == 2 ? QSTP_SHAKE256_RATE : 2 * QSTP_SHAKE256_RATE;
	const uint32_t limit = P->eta == 2 ? 15 : 9;
	qstp_keccak_squeeze(&k, buf, len);
	unsigned n = 0;
	for (;;) {
		for (size_t i = 0; i < len && n < MLDSA_N; i++) {
			for (unsigned half = 0; half < 2 && n < MLDSA_N; half++) {
				uint32_t b = half ? (uint32_t)buf[i] >> 4 : (uint32_t)buf[i] & 15u;
				uint32_t ok = (b - limit) >> 31; /* 1 iff b < limit */
				QSTP_CT_PUBLIC(&ok, sizeof ok);
				if (!ok)
					continue;
				int32_t v;
				if (P->eta == 2) {
					/* b mod 5 for b < 15: b - 5 floor(b * 205 / 1024) */
					uint32_t q5 = (b * 205u) >> 10;
					v = 2 - (int32_t)(b - 5u * q5);
				} else {
					v = 4 - (int32_t)b;
				}
				a->c[n++] = v;
			}
		}
		if (n == MLDSA_N)
			break;
		len = QSTP_SHAKE256_RATE;
		qstp_keccak_squeeze(&k, buf, len);
	}
	qstp_wipe(buf, sizeof buf);
	qstp_wipe(seed, sizeof seed);
	qstp_keccak_wipe(&k);
}

/* Alg. 34 ExpandMask for one polynomial: BitUnpack(v, gamma1 - 1, gamma1). */
void mldsa_sample_mask(mldsa_poly *a, const mldsa_params *P,
                       const uint8_t rhopp[MLDSA_CRHBYTES], uint16_t nonce)
{
	uint8_t seed[MLDSA_CRHBYTES + 2];
	uint8_t buf[MLDSA_POLYZ_MAX];
	memcpy(seed, rhopp, MLDSA_CRHBYTES);
	seed[MLDSA_CRHBYTES] = (uint8_t)nonce;
	seed[MLDSA_CRHBYTES + 1] = (uint8_t)(nonce >> 8);
	qstp_shake256(buf, P->z_packed, seed, sizeof seed);
	mldsa_unpack_z_bytes(a, P, buf);
	qstp_wipe(buf, sizeof buf);
	qstp_wipe(seed, sizeof seed);
}

/*
 * Alg. 29 SampleInBall.  In signing the challenge is secret until the
 * attempt is accepted, so the swap c[i] = c[j], c[j] = sign runs over every
 * position with masks instead of indexing by j.  The index byte's accept or
 * reject (j > i) is declassified: the bytes are uniform and independent, and
 * a rejected byte is discarded, so the pattern says nothing about the
 * accepted indices or the signs.
 */
void mldsa_sample_in_ball(mldsa_poly *c, const mldsa_params *P, const uint8_t *ctilde)
{
	uint8_t buf[QSTP_SHAKE256_RATE];
	int8_t cc[MLDSA_N];
	qstp_keccak k;
	qstp_shake256_init(&k);
	qstp_keccak_absorb(&k, ctilde, P->ctilde_bytes);
	qstp_keccak_squeeze(&k, buf, sizeof buf);
	uint64_t signs = 0;
	for (unsigned i = 0; i < 8; i++)
		signs |= (uint64_t)buf[i] << (8 * i);
	size_t pos = 8;
	memset(cc, 0, sizeof cc);
	for (unsigned i = MLDSA_N - P->tau; i < MLDSA_N; i++) {
		uint32_t j;
		for (;;) {
			if (pos == sizeof buf) {
				qstp_keccak_squeeze(&k, buf, sizeof buf);
				pos = 0;
			}
			j = buf[pos++];
			uint32_t ok = (i - j) >> 31 ^ 1u; /* 1 iff j <= i */
			QSTP_CT_PUBLIC(&ok, sizeof ok);
			if (ok)
				break;
		}
		int8_t s = (int8_t)(1 - 2 * (int)(signs & 1));
		signs >>= 1;
		/* v = c[j] */
		int8_t v = 0;
		for (unsigned t = 0; t < MLDSA_N; t++) {
			int8_t m = (int8_t)-(int8_t)(((t ^ j) - 1u) >> 31); /* -1 iff t == j */
			v |= (int8_t)(cc[t] & m);
		}
		/* c[i] = v; then c[j] = s (j <= i, so j == i leaves s) */
		cc[i] = v;
		for (unsigned t = 0; t < MLDSA_N; t++) {
			int8_t m = (int8_t)-(int8_t)(((t ^ j) - 1u) >> 31);
			cc[t] = (int8_t)((cc[t] & ~m) | (s & m));
		}
	}
	for (unsigned t = 0; t < MLDSA_N; t++)
		c->c[t] = cc[t];
	qstp_wipe(buf, sizeof buf);
	qstp_wipe(cc, sizeof cc);
	qstp_keccak_wipe(&k);
}
