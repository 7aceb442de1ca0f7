/*
 * K-PKE, the CPA-secure encryption scheme inside ML-KEM (FIPS 203 5:
 * Alg. 13 KeyGen, Alg. 14 Encrypt, Alg. 15 Decrypt).  Polynomials live on
 * the stack (at most 16 + 4 + 4 of 512 bytes); every secret one is wiped.
 */
#include <string.h>

#include "mlkem_internal.h"
#include "qstp/keccak.h"
#include "../ct.h"
#include "../wipe.h"

void mlkem_kpke_keygen(const mlkem_params *prm, uint8_t *ek, uint8_t *dk,
                       const uint8_t d[32], mlkem_poly *at_out)
{
	const unsigned k = prm->k;
	uint8_t in[33], rs[64]; /* d || k; rho || sigma */
	mlkem_poly a[MLKEM_K_MAX * MLKEM_K_MAX], s[MLKEM_K_MAX], e[MLKEM_K_MAX], t;
	mlkem_poly *noise[2 * MLKEM_K_MAX];
	unsigned eta[2 * MLKEM_K_MAX];

	/* Alg. 13 line 1: (rho, sigma) = G(d || k). */
	memcpy(in, d, 32);
	in[32] = (uint8_t)k;
	qstp_sha3_512(rs, in, sizeof in);
	const uint8_t *rho = rs, *sigma = rs + 32;
	/* rho is published in ek, so the matrix sampling may depend on it. */
	QSTP_CT_PUBLIC(rs, 32);

	/* Lines 3-7: A_hat[i][j] = SampleNTT(rho || j || i). */
	mlkem_gen_matrix(a, rho, 0, k);

	/* Lines 8-15: s and e from SamplePolyCBD_eta1 with N = 0 .. 2k-1. */
	for (unsigned i = 0; i < k; i++) {
		noise[i] = &s[i];
		noise[k + i] = &e[i];
		eta[i] = eta[k + i] = prm->eta1;
	}
	mlkem_sample_noise(noise, eta, 2 * k, sigma, 0);

	/* Lines 16-18: s_hat, e_hat, t_hat = A_hat s_hat + e_hat. */
	for (unsigned i = 0; i < k; i++) {
		mlkem_poly_ntt(&s[i]);
		mlkem_poly_ntt(&e[i]);
	}
	for (unsigned i = 0; i < k; i++) {
		mlkem_polyvec_basemul_acc(&t, &a[i * k], s, k);
		mlkem_poly_tomont(&t);
		mlkem_poly_add(&t, &e[i]);
		mlkem_poly_canon(&t);
		/* Line 19: ek = ByteEncode_12(t_hat) || rho. */
		mlkem_poly_tobytes(ek + i * MLKEM_POLY_BYTES, &t);
	}
	memcpy(ek + k * MLKEM_POLY_BYTES, rho, 32);
	/* A_hat^T for a later re-encryption (public: it is sampled from rho). */
	if (at_out != NULL)
		for (unsigned i = 0; i < k; i++)
			for (unsigned j = 0; j < k; j++)
				at_out[i * k + j] = a[j * k + i];

	/* Line 20: dk = ByteEncode_12(s_hat). */
	for (unsigned i = 0; i < k; i++) {
		mlkem_poly_canon(&s[i]);
		mlkem_poly_tobytes(dk + i * MLKEM_POLY_BYTES, &s[i]);
	}

	qstp_wipe(in, sizeof in);
	qstp_wipe(rs, sizeof rs);
	qstp_wipe(s, sizeof s);
	qstp_wipe(e, sizeof e);
	qstp_wipe(&t, sizeof t);
}

void mlkem_kpke_encrypt(const mlkem_params *prm, uint8_t *ct, const uint8_t *ek,
                        const uint8_t m[32], const uint8_t r[32], const mlkem_poly *at_in)
{
	const unsigned k = prm->k;
	mlkem_poly atbuf[MLKEM_K_MAX * MLKEM_K_MAX], th[MLKEM_K_MAX], y[MLKEM_K_MAX],
		e1[MLKEM_K_MAX], e2, u, v, mu;
	const mlkem_poly *at = atbuf;
	mlkem_poly *noise[2 * MLKEM_K_MAX + 1];
	unsigned eta[2 * MLKEM_K_MAX + 1];

	/* Alg. 14 lines 2-3: t_hat = ByteDecode_12(ek), rho. */
	for (unsigned i = 0; i < k; i++)
		mlkem_poly_frombytes(&th[i], ek + i * MLKEM_POLY_BYTES);
	/* Lines 4-8, transposed for line 19's A_hat^T (or the caller's copy). */
	if (at_in != NULL)
		at = at_in;
	else
		mlkem_gen_matrix(atbuf, ek + k * MLKEM_POLY_BYTES, 1, k);

	/* Lines 9-17: y (eta1), e1 (eta2), e2 (eta2) with N = 0 .. 2k. */
	for (unsigned i = 0; i < k; i++) {
		noise[i] = &y[i];
		eta[i] = prm->eta1;
		noise[k + i] = &e1[i];
		eta[k + i] = prm->eta2;
	}
	noise[2 * k] = &e2;
	eta[2 * k] = prm->eta2;
	mlkem_sample_noise(noise, eta, 2 * k + 1, r, 0);

	/* Line 18: y_hat = NTT(y). */
	for (unsigned i = 0; i < k; i++)
		mlkem_poly_ntt(&y[i]);

	/* Lines 19, 22: u = NTT^-1(A_hat^T y_hat) + e1; c1 = Compress_du(u). */
	for (unsigned i = 0; i < k; i++) {
		mlkem_polyvec_basemul_acc(&u, &at[i * k], y, k);
		mlkem_poly_invntt_tomont(&u);
		mlkem_poly_add(&u, &e1[i]);
		mlkem_poly_canon(&u);
		mlkem_poly_compress(ct + i * 32 * prm->du, &u, prm->du);
	}

	/* Lines 20-21, 23: v = NTT^-1(t_hat^T y_hat) + e2 + Decompress_1(m). */
	mlkem_polyvec_basemul_acc(&v, th, y, k);
	mlkem_poly_invntt_tomont(&v);
	mlkem_poly_frommsg(&mu, m);
	mlkem_poly_add(&v, &e2);
	mlkem_poly_add(&v, &mu);
	mlkem_poly_canon(&v);
	mlkem_poly_compress(ct + k * 32 * prm->du, &v, prm->dv);

	qstp_wipe(y, sizeof y);
	qstp_wipe(e1, sizeof e1);
	qstp_wipe(&e2, sizeof e2);
	qstp_wipe(&u, sizeof u);
	qstp_wipe(&v, sizeof v);
	qstp_wipe(&mu, sizeof mu);
}

void mlkem_kpke_decrypt(const mlkem_params *prm, uint8_t m[32], const uint8_t *dk,
                        const uint8_t *ct)
{
	const unsigned k = prm->k;
	mlkem_poly u[MLKEM_K_MAX], s[MLKEM_K_MAX], w, v;

	/* Alg. 15 lines 3-4: u' = Decompress_du(c1), v' = Decompress_dv(c2). */
	for (unsigned i = 0; i < k; i++) {
		mlkem_poly_decompress(&u[i], ct + i * 32 * prm->du, prm->du);
		mlkem_poly_ntt(&u[i]);
	}
	mlkem_poly_decompress(&v, ct + k * 32 * prm->du, prm->dv);

	/* Lines 5-6: w = v' - NTT^-1(s_hat^T NTT(u')). */
	for (unsigned i = 0; i < k; i++)
		mlkem_poly_frombytes(&s[i], dk + i * MLKEM_POLY_BYTES);
	mlkem_polyvec_basemul_acc(&w, s, u, k);
	mlkem_poly_invntt_tomont(&w);
	mlkem_poly_sub(&w, &v);
	mlkem_poly_canon(&w);

	/* Line 7: m = ByteEncode_1(Compress_1(w)). */
	mlkem_poly_tomsg(m, &w);

	qstp_wipe(s, sizeof s);
	qstp_wipe(&w, sizeof w);
	qstp_wipe(u, sizeof u);
}
