/*
 * ML-DSA expansions on the four-way Keccak (keccak4x.h): ExpandA (Alg. 32),
 * ExpandS (Alg. 33) and ExpandMask (Alg. 34), four streams per pass.  The
 * streams and rejection rules are those of the one-stream functions in
 * sample.c, which tests/unit/test_mldsa_poly compares these against.  When
 * the count is not a multiple of four, the spare lanes repeat the last
 * stream and their output is dropped.
 */
#include <string.h>

#include "../keccak4x.h"
#include "qstp/util.h"
#include "rej.h"
#include "pack.h"
#include "pack_avx2.h"
#include "sample.h"
#include "rej_avx2.h"
#include "../cpu.h"

typedef unsigned (*rej_fn)(mldsa_poly *a, unsigned n, const uint8_t *buf, size_t len);

static unsigned rej_uniform_ref(mldsa_poly *a, unsigned n, const uint8_t *buf, size_t len)
{
	return mldsa_rej_uniform(a, n, buf, len);
}

void mldsa_expand_a(mldsa_poly *a, const mldsa_params *P, const uint8_t rho[MLDSA_SEEDBYTES])
{
	rej_fn rej = rej_uniform_ref;
#ifdef MLDSA_HAVE_AVX2
	if (qstp_cpu_features() & QSTP_CPU_AVX2)
		rej = mldsa_rej_uniform_avx2;
#endif
	uint8_t seeds[4][MLDSA_SEEDBYTES + 2];
	uint8_t buf[4][MLDSA_EXPAND_A_BLOCKS * QSTP_SHAKE128_RATE];
	const unsigned total = P->k * P->l;
	qstp_keccak4x st;
	mldsa_poly spare;

	for (unsigned e0 = 0; e0 < total; e0 += 4) {
		const uint8_t *in[4];
		uint8_t *out[4];
		mldsa_poly *dst[4];
		unsigned n[4];
		for (unsigned i = 0; i < 4; i++) {
			unsigned e = e0 + i < total ? e0 + i : total - 1;
			memcpy(seeds[i], rho, MLDSA_SEEDBYTES);
			seeds[i][MLDSA_SEEDBYTES] = (uint8_t)(e % P->l);     /* s: column */
			seeds[i][MLDSA_SEEDBYTES + 1] = (uint8_t)(e / P->l); /* r: row */
			in[i] = seeds[i];
			out[i] = buf[i];
			dst[i] = e0 + i < total ? &a[e] : &spare;
		}
		qstp_shake128x4_absorb_once(&st, in, sizeof seeds[0]);
		qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE128_RATE, out, MLDSA_EXPAND_A_BLOCKS);
		unsigned done = 1;
		for (unsigned i = 0; i < 4; i++) {
			n[i] = rej(dst[i], 0, buf[i], sizeof buf[i]);
			done &= n[i] == MLDSA_N;
		}
		while (!done) {
			qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE128_RATE, out, 1);
			done = 1;
			for (unsigned i = 0; i < 4; i++) {
				n[i] = rej(dst[i], n[i], buf[i], QSTP_SHAKE128_RATE);
				done &= n[i] == MLDSA_N;
			}
		}
	}
}

static unsigned rej_eta_ref(mldsa_poly *a, unsigned n, const mldsa_params *P, const uint8_t *buf,
                            size_t len)
{
	return mldsa_rej_eta(a, n, P, buf, len);
}

void mldsa_expand_s(mldsa_poly *s1, mldsa_poly *s2, const mldsa_params *P,
                    const uint8_t rhop[MLDSA_CRHBYTES])
{
	unsigned (*rej)(mldsa_poly *, unsigned, const mldsa_params *, const uint8_t *, size_t) =
		rej_eta_ref;
#ifdef MLDSA_HAVE_AVX2
	if (qstp_cpu_features() & QSTP_CPU_AVX2)
		rej = mldsa_rej_eta_avx2;
#endif
	uint8_t seeds[4][MLDSA_CRHBYTES + 2];
	uint8_t buf[4][MLDSA_EXPAND_S_BLOCKS * QSTP_SHAKE256_RATE];
	const unsigned total = P->k + P->l;
	qstp_keccak4x st;
	mldsa_poly spare;

	for (unsigned e0 = 0; e0 < total; e0 += 4) {
		const uint8_t *in[4];
		uint8_t *out[4];
		mldsa_poly *dst[4];
		unsigned n[4];
		for (unsigned i = 0; i < 4; i++) {
			unsigned e = e0 + i < total ? e0 + i : total - 1;
			memcpy(seeds[i], rhop, MLDSA_CRHBYTES);
			seeds[i][MLDSA_CRHBYTES] = (uint8_t)e; /* nonce r (s1) or r + l (s2) */
			seeds[i][MLDSA_CRHBYTES + 1] = (uint8_t)(e >> 8);
			in[i] = seeds[i];
			out[i] = buf[i];
			dst[i] = e0 + i >= total ? &spare : e < P->l ? &s1[e] : &s2[e - P->l];
		}
		qstp_shake256x4_absorb_once(&st, in, sizeof seeds[0]);
		qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE256_RATE, out, MLDSA_EXPAND_S_BLOCKS);
		unsigned done = 1;
		for (unsigned i = 0; i < 4; i++) {
			n[i] = rej(dst[i], 0, P, buf[i], sizeof buf[i]);
			done &= n[i] == MLDSA_N;
		}
		while (!done) {
			qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE256_RATE, out, 1);
			done = 1;
			for (unsigned i = 0; i < 4; i++) {
				n[i] = rej(dst[i], n[i], P, buf[i], QSTP_SHAKE256_RATE);
				done &= n[i] == MLDSA_N;
			}
		}
	}
	qstp_wipe(seeds, sizeof seeds);
	qstp_wipe(buf, sizeof buf);
	qstp_wipe(&spare, sizeof spare);
	qstp_keccak4x_wipe(&st);
}

void mldsa_expand_mask(mldsa_poly *y, const mldsa_params *P,
                       const uint8_t rhopp[MLDSA_CRHBYTES], unsigned kappa)
{
	mldsa_expand_mask_n(y, P, rhopp, kappa, P->l);
}

void mldsa_expand_mask_n(mldsa_poly *y, const mldsa_params *P,
                         const uint8_t rhopp[MLDSA_CRHBYTES], unsigned first, unsigned count)
{
	uint8_t seeds[4][MLDSA_CRHBYTES + 2];
	uint8_t buf[4][MLDSA_EXPAND_MASK_BLOCKS * QSTP_SHAKE256_RATE];
	qstp_keccak4x st;

	for (unsigned j0 = 0; j0 < count; j0 += 4) {
		const uint8_t *in[4];
		uint8_t *out[4];
		for (unsigned i = 0; i < 4; i++) {
			unsigned j = j0 + i < count ? j0 + i : count - 1;
			memcpy(seeds[i], rhopp, MLDSA_CRHBYTES);
			seeds[i][MLDSA_CRHBYTES] = (uint8_t)(first + j);
			seeds[i][MLDSA_CRHBYTES + 1] = (uint8_t)((first + j) >> 8);
			in[i] = seeds[i];
			out[i] = buf[i];
		}
		qstp_shake256x4_absorb_once(&st, in, sizeof seeds[0]);
		qstp_keccak4x_squeezeblocks(&st, QSTP_SHAKE256_RATE, out, MLDSA_EXPAND_MASK_BLOCKS);
		for (unsigned i = 0; i < 4 && j0 + i < count; i++)
			mldsa_unpack_z_bytes_fast(&y[j0 + i], P, buf[i]);
	}
	qstp_wipe(seeds, sizeof seeds);
	qstp_wipe(buf, sizeof buf);
	qstp_keccak4x_wipe(&st);
}
