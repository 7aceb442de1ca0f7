/*
 * ML-KEM (FIPS 203 6 and 7): KeyGen_internal (Alg. 16), Encaps_internal
 * (Alg. 17), Decaps_internal (Alg. 18) with the input checks of 7.2 and 7.3,
 * and the randomised forms (Alg. 19, 20) on qstp_randombytes.
 *
 * dk layout (Alg. 16 line 3): dk_pke (384k) || ek (384k + 32) || H(ek) || z.
 */
#include <string.h>

#include "mlkem_internal.h"
#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/util.h"
#include "../ct.h"
#include "../wipe.h"

/* FIPS 203 Table 2 and the sizes of Table 3. */
static const mlkem_params params[3] = {
	{ 2, 3, 2, 10, 4, QSTP_MLKEM512_EK_BYTES, QSTP_MLKEM512_DK_BYTES, QSTP_MLKEM512_CT_BYTES },
	{ 3, 2, 2, 10, 4, QSTP_MLKEM768_EK_BYTES, QSTP_MLKEM768_DK_BYTES, QSTP_MLKEM768_CT_BYTES },
	{ 4, 2, 2, 11, 5, QSTP_MLKEM1024_EK_BYTES, QSTP_MLKEM1024_DK_BYTES,
	  QSTP_MLKEM1024_CT_BYTES },
};

const mlkem_params *mlkem_params_get(qstp_mlkem_param p)
{
	switch (p) {
	case QSTP_MLKEM_512:
		return &params[0];
	case QSTP_MLKEM_768:
		return &params[1];
	case QSTP_MLKEM_1024:
		return &params[2];
	}
	return NULL;
}

size_t qstp_mlkem_ek_bytes(qstp_mlkem_param p)
{
	const mlkem_params *prm = mlkem_params_get(p);
	return prm ? prm->ek_bytes : 0;
}

size_t qstp_mlkem_dk_bytes(qstp_mlkem_param p)
{
	const mlkem_params *prm = mlkem_params_get(p);
	return prm ? prm->dk_bytes : 0;
}

size_t qstp_mlkem_ct_bytes(qstp_mlkem_param p)
{
	const mlkem_params *prm = mlkem_params_get(p);
	return prm ? prm->ct_bytes : 0;
}

int qstp_mlkem_keypair_derand(qstp_mlkem_param p, uint8_t *ek, uint8_t *dk,
                              const uint8_t d[static 32], const uint8_t z[static 32])
{
	const mlkem_params *prm = mlkem_params_get(p);
	if (prm == NULL)
		return QSTP_ERR_INVALID_ARG;
	const size_t pke = prm->k * MLKEM_POLY_BYTES;

	/* Alg. 16: (ek, dk_pke) = K-PKE.KeyGen(d); dk = dk_pke || ek || H(ek) || z. */
	mlkem_kpke_keygen(prm, ek, dk, d);
	memcpy(dk + pke, ek, prm->ek_bytes);
	qstp_sha3_256(dk + pke + prm->ek_bytes, ek, prm->ek_bytes);
	memcpy(dk + pke + prm->ek_bytes + 32, z, 32);
	return 0;
}

int qstp_mlkem_keypair(qstp_mlkem_param p, uint8_t *ek, uint8_t *dk)
{
	uint8_t dz[64];
	int r;
	if (mlkem_params_get(p) == NULL)
		return QSTP_ERR_INVALID_ARG;
	if ((r = qstp_randombytes(dz, sizeof dz)) != 0) {
		memset(ek, 0, qstp_mlkem_ek_bytes(p));
		memset(dk, 0, qstp_mlkem_dk_bytes(p));
		goto out;
	}
	r = qstp_mlkem_keypair_derand(p, ek, dk, dz, dz + 32);
out:
	qstp_wipe(dz, sizeof dz);
	return r;
}

/* 7.2: ek = ByteEncode_12(ByteDecode_12(ek)) for the 384k-byte prefix. */
static int check_ek(const mlkem_params *prm, const uint8_t *ek)
{
	for (unsigned i = 0; i < prm->k; i++)
		if (!mlkem_poly_bytes_reduced(ek + i * MLKEM_POLY_BYTES))
			return QSTP_ERR_MLKEM_EK_INVALID;
	return 0;
}

/* 7.3: H(dk[384k : 768k + 32]) = dk[768k + 32 : 768k + 64]. */
static int check_dk(const mlkem_params *prm, const uint8_t *dk)
{
	const size_t pke = prm->k * MLKEM_POLY_BYTES;
	uint8_t h[32];
	qstp_sha3_256(h, dk + pke, prm->ek_bytes);
	int ok = qstp_ct_eq(h, dk + pke + prm->ek_bytes, 32);
	/* Whether a key is well formed is public (the caller is told). */
	QSTP_CT_PUBLIC(&ok, sizeof ok);
	return ok ? 0 : QSTP_ERR_MLKEM_DK_INVALID;
}

int qstp_mlkem_check_ek(qstp_mlkem_param p, const uint8_t *ek)
{
	const mlkem_params *prm = mlkem_params_get(p);
	return prm == NULL ? QSTP_ERR_INVALID_ARG : check_ek(prm, ek);
}

int qstp_mlkem_check_dk(qstp_mlkem_param p, const uint8_t *dk)
{
	const mlkem_params *prm = mlkem_params_get(p);
	return prm == NULL ? QSTP_ERR_INVALID_ARG : check_dk(prm, dk);
}

int qstp_mlkem_encaps_derand(qstp_mlkem_param p, uint8_t *ct, uint8_t ss[static 32],
                             const uint8_t *ek, const uint8_t m[static 32])
{
	const mlkem_params *prm = mlkem_params_get(p);
	uint8_t mh[64], kr[64]; /* m || H(ek); K || r */
	int r;
	if (prm == NULL)
		return QSTP_ERR_INVALID_ARG;
	if ((r = check_ek(prm, ek)) != 0) {
		memset(ct, 0, prm->ct_bytes);
		memset(ss, 0, 32);
		return r;
	}
	/* Alg. 17: (K, r) = G(m || H(ek)); c = K-PKE.Encrypt(ek, m, r). */
	memcpy(mh, m, 32);
	qstp_sha3_256(mh + 32, ek, prm->ek_bytes);
	qstp_sha3_512(kr, mh, sizeof mh);
	mlkem_kpke_encrypt(prm, ct, ek, m, kr + 32);
	memcpy(ss, kr, 32);
	qstp_wipe(mh, sizeof mh);
	qstp_wipe(kr, sizeof kr);
	return 0;
}

int qstp_mlkem_encaps(qstp_mlkem_param p, uint8_t *ct, uint8_t ss[static 32], const uint8_t *ek)
{
	uint8_t m[32];
	int r;
	if (mlkem_params_get(p) == NULL)
		return QSTP_ERR_INVALID_ARG;
	if ((r = qstp_randombytes(m, sizeof m)) != 0) {
		memset(ct, 0, qstp_mlkem_ct_bytes(p));
		memset(ss, 0, 32);
		goto out;
	}
	r = qstp_mlkem_encaps_derand(p, ct, ss, ek, m);
out:
	qstp_wipe(m, sizeof m);
	return r;
}

int qstp_mlkem_decaps(qstp_mlkem_param p, uint8_t ss[static 32], const uint8_t *ct,
                      const uint8_t *dk)
{
	const mlkem_params *prm = mlkem_params_get(p);
	uint8_t mh[64], kr[64], kbar[32]; /* m' || h; K' || r' */
	uint8_t cmp[QSTP_MLKEM1024_CT_BYTES];
	qstp_keccak j;
	int r;
	if (prm == NULL)
		return QSTP_ERR_INVALID_ARG;
	const size_t pke = prm->k * MLKEM_POLY_BYTES;
	const uint8_t *ek = dk + pke, *h = ek + prm->ek_bytes, *z = h + 32;

	/* ek and H(ek) inside dk are the public key: the re-encryption may
	 * sample its matrix from rho in ek. */
	QSTP_CT_PUBLIC(ek, prm->ek_bytes + 32);
	if ((r = check_dk(prm, dk)) != 0) {
		memset(ss, 0, 32);
		return r;
	}
	/* Alg. 18 line 7: m' = K-PKE.Decrypt(dk_pke, c). */
	mlkem_kpke_decrypt(prm, mh, dk, ct);
	/* Line 8: (K', r') = G(m' || h). */
	memcpy(mh + 32, h, 32);
	qstp_sha3_512(kr, mh, sizeof mh);
	/* Line 9: K_bar = J(z || c). */
	qstp_shake256_init(&j);
	qstp_keccak_absorb(&j, z, 32);
	qstp_keccak_absorb(&j, ct, prm->ct_bytes);
	qstp_keccak_squeeze(&j, kbar, sizeof kbar);
	/* Line 10: c' = K-PKE.Encrypt(ek, m', r'). */
	mlkem_kpke_encrypt(prm, cmp, ek, mh, kr + 32);
	/* Lines 11-13: K' if c = c', else K_bar; compare and select without
	 * branching on the outcome. */
	uint8_t fail = qstp_ct_neq_bytes(ct, cmp, prm->ct_bytes);
	memcpy(ss, kr, 32);
	qstp_ct_cmov(ss, kbar, 32, fail);

	qstp_wipe(mh, sizeof mh);
	qstp_wipe(kr, sizeof kr);
	qstp_wipe(kbar, sizeof kbar);
	qstp_wipe(cmp, sizeof cmp);
	qstp_keccak_wipe(&j);
	return 0;
}
