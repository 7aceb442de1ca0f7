/*
 * ML-KEM (FIPS 203 6 and 7): KeyGen_internal (Alg. 16), Encaps_internal
 * (Alg. 17), Decaps_internal (Alg. 18) with the input checks of 7.2 and 7.3,
 * and the randomised forms (Alg. 19, 20) on qstp_randombytes.
 *
 * dk layout (Alg. 16 line 3): dk_pke (384k) || ek (384k + 32) || H(ek) || z.
 */
#include <stdint.h>
#include <string.h>

#include "mlkem_internal.h"
#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/util.h"
#include "../ct.h"
#include "../keccak4x.h"
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

/* The expanded key's layout inside its opaque storage: this header, then
 * the k*k polynomials of A_hat^T at the first 32-byte boundary after it. */
typedef struct expanded_hdr {
	uint32_t k;
	uint8_t rho[32];
} expanded_hdr;

_Static_assert(sizeof(expanded_hdr) + 31 + MLKEM_K_MAX * MLKEM_K_MAX * sizeof(mlkem_poly) <=
                       sizeof(qstp_mlkem_expanded),
               "QSTP_MLKEM_EXPANDED_BYTES too small");

static mlkem_poly *expanded_at(const qstp_mlkem_expanded *x)
{
	uintptr_t a = (uintptr_t)x + sizeof(expanded_hdr);
	return (mlkem_poly *)((a + 31) & ~(uintptr_t)31);
}

/* --- hashing several inputs in one pass ---------------------------------- */

/* One 32-byte hash at rate 136: SHA3-256 (ds 0x06) or SHAKE256 (0x1F). */
typedef struct hjob {
	const uint8_t *in;
	size_t len;
	uint8_t ds;
	uint8_t *out;
} hjob;

/* Runs n (1..4) hash jobs: in one pass of the four-way Keccak when it is
 * vectorised and all inputs have the same number of whole 136-byte blocks,
 * otherwise one by one.  Unused lanes repeat job 0. */
static void hash_jobs(const hjob *j, unsigned n)
{
	int together = n > 1 && qstp_keccak4x_is_wide();
	for (unsigned i = 1; i < n; i++)
		together = together && j[i].len / QSTP_SHA3_256_RATE == j[0].len / QSTP_SHA3_256_RATE;
	if (together) {
		qstp_keccak4x st;
		uint8_t out[4][QSTP_SHA3_256_RATE];
		uint8_t ds[4];
		const uint8_t *in[4];
		size_t len[4];
		uint8_t *o[4] = { out[0], out[1], out[2], out[3] };
		for (unsigned i = 0; i < 4; i++) {
			const hjob *x = &j[i < n ? i : 0];
			ds[i] = x->ds;
			in[i] = x->in;
			len[i] = x->len;
		}
		qstp_keccak4x_absorb_once_var(&st, QSTP_SHA3_256_RATE, ds, in, len);
		qstp_keccak4x_squeezeblocks(&st, QSTP_SHA3_256_RATE, o, 1);
		for (unsigned i = 0; i < n; i++)
			memcpy(j[i].out, out[i], 32);
		qstp_keccak4x_wipe(&st);
		qstp_wipe(out, sizeof out);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		if (j[i].ds == 0x06)
			qstp_sha3_256(j[i].out, j[i].in, j[i].len);
		else
			qstp_shake256(j[i].out, 32, j[i].in, j[i].len);
	}
}

/* pre || x into buf (QSTP_MLKEM_TH_PRE_MAX + 1568 bytes) as a SHA3-256 job. */
static hjob th_job(uint8_t *buf, qstp_mlkem_th *th, const uint8_t *x, size_t xlen)
{
	hjob j = { buf, th->prelen + xlen, 0x06, th->out };
	if (th->prelen)
		memcpy(buf, th->pre, th->prelen);
	memcpy(buf + th->prelen, x, xlen);
	return j;
}

enum { TH_BUF = QSTP_MLKEM_TH_PRE_MAX + QSTP_MLKEM1024_EK_BYTES };
_Static_assert(QSTP_MLKEM1024_CT_BYTES <= QSTP_MLKEM1024_EK_BYTES, "TH_BUF");

static int keypair(const mlkem_params *prm, uint8_t *ek, uint8_t *dk, const uint8_t d[32],
                   const uint8_t z[32], mlkem_poly *at, qstp_mlkem_th *th)
{
	const size_t pke = prm->k * MLKEM_POLY_BYTES;
	uint8_t buf[TH_BUF];
	hjob j[2] = { { ek, prm->ek_bytes, 0x06, dk + pke + prm->ek_bytes } };

	/* Alg. 16: (ek, dk_pke) = K-PKE.KeyGen(d); dk = dk_pke || ek || H(ek) || z. */
	mlkem_kpke_keygen(prm, ek, dk, d, at);
	memcpy(dk + pke, ek, prm->ek_bytes);
	if (th != NULL)
		j[1] = th_job(buf, th, ek, prm->ek_bytes);
	hash_jobs(j, th != NULL ? 2 : 1);
	memcpy(dk + pke + prm->ek_bytes + 32, z, 32);
	return 0;
}

int qstp_mlkem_keypair_derand(qstp_mlkem_param p, uint8_t *ek, uint8_t *dk,
                              const uint8_t d[static 32], const uint8_t z[static 32])
{
	const mlkem_params *prm = mlkem_params_get(p);
	if (prm == NULL)
		return QSTP_ERR_INVALID_ARG;
	return keypair(prm, ek, dk, d, z, NULL, NULL);
}

int qstp_mlkem_keypair_derand_expanded(qstp_mlkem_param p, uint8_t *ek, uint8_t *dk,
                                       const uint8_t d[static 32], const uint8_t z[static 32],
                                       qstp_mlkem_expanded *x, qstp_mlkem_th *th)
{
	const mlkem_params *prm = mlkem_params_get(p);
	expanded_hdr hd;
	if (prm == NULL || (th != NULL && th->prelen > QSTP_MLKEM_TH_PRE_MAX))
		return QSTP_ERR_INVALID_ARG;
	keypair(prm, ek, dk, d, z, expanded_at(x), th);
	hd.k = prm->k;
	memcpy(hd.rho, ek + prm->k * MLKEM_POLY_BYTES, 32);
	memcpy(x, &hd, sizeof hd);
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

/* 7.3: H(dk[384k : 768k + 32]) = dk[768k + 32 : 768k + 64], given the
 * hash of the embedded ek. */
static int check_dk_hash(const mlkem_params *prm, const uint8_t *dk, const uint8_t h[32])
{
	const size_t pke = prm->k * MLKEM_POLY_BYTES;
	int ok = qstp_ct_eq(h, dk + pke + prm->ek_bytes, 32);
	/* Whether a key is well formed is public (the caller is told). */
	QSTP_CT_PUBLIC(&ok, sizeof ok);
	return ok ? 0 : QSTP_ERR_MLKEM_DK_INVALID;
}

static int check_dk(const mlkem_params *prm, const uint8_t *dk)
{
	uint8_t h[32];
	qstp_sha3_256(h, dk + prm->k * MLKEM_POLY_BYTES, prm->ek_bytes);
	return check_dk_hash(prm, dk, h);
}

/* H(ek) for the 7.3 check and K_bar = J(z || c) (Alg. 18 line 9) are
 * independent: with the AVX2 four-way Keccak they share one pass (the two
 * inputs have the same number of whole 136-byte blocks for every set), and
 * so does a transcript hash over c when asked for. */
static void hash_ek_and_j(const mlkem_params *prm, uint8_t hek[32], uint8_t kbar[32],
                          const uint8_t *ek, const uint8_t *z, const uint8_t *ct,
                          qstp_mlkem_th *th)
{
	uint8_t zc[32 + QSTP_MLKEM1024_CT_BYTES], buf[TH_BUF];
	hjob j[3] = { { ek, prm->ek_bytes, 0x06, hek }, { zc, 32 + prm->ct_bytes, 0x1F, kbar } };
	memcpy(zc, z, 32);
	memcpy(zc + 32, ct, prm->ct_bytes);
	if (th != NULL)
		j[2] = th_job(buf, th, ct, prm->ct_bytes);
	hash_jobs(j, th != NULL ? 3 : 2);
	qstp_wipe(zc, sizeof zc);
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

static int encaps(const mlkem_params *prm, uint8_t *ct, uint8_t ss[32], const uint8_t *ek,
                  const uint8_t m[32], qstp_mlkem_th *th)
{
	uint8_t mh[64], kr[64], buf[TH_BUF]; /* m || H(ek); K || r */
	hjob j[2] = { { ek, prm->ek_bytes, 0x06, mh + 32 } };
	int r;
	/* H(ek) (and the transcript hash) first: both are public. */
	if (th != NULL)
		j[1] = th_job(buf, th, ek, prm->ek_bytes);
	hash_jobs(j, th != NULL ? 2 : 1);
	if ((r = check_ek(prm, ek)) != 0) {
		memset(ct, 0, prm->ct_bytes);
		memset(ss, 0, 32);
		return r;
	}
	/* Alg. 17: (K, r) = G(m || H(ek)); c = K-PKE.Encrypt(ek, m, r). */
	memcpy(mh, m, 32);
	qstp_sha3_512(kr, mh, sizeof mh);
	mlkem_kpke_encrypt(prm, ct, ek, m, kr + 32, NULL);
	memcpy(ss, kr, 32);
	qstp_wipe(mh, sizeof mh);
	qstp_wipe(kr, sizeof kr);
	return 0;
}

int qstp_mlkem_encaps_derand(qstp_mlkem_param p, uint8_t *ct, uint8_t ss[static 32],
                             const uint8_t *ek, const uint8_t m[static 32])
{
	const mlkem_params *prm = mlkem_params_get(p);
	if (prm == NULL)
		return QSTP_ERR_INVALID_ARG;
	return encaps(prm, ct, ss, ek, m, NULL);
}

int qstp_mlkem_encaps_derand_th(qstp_mlkem_param p, uint8_t *ct, uint8_t ss[static 32],
                                const uint8_t *ek, const uint8_t m[static 32], qstp_mlkem_th *th)
{
	const mlkem_params *prm = mlkem_params_get(p);
	if (prm == NULL || th == NULL || th->prelen > QSTP_MLKEM_TH_PRE_MAX)
		return QSTP_ERR_INVALID_ARG;
	return encaps(prm, ct, ss, ek, m, th);
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

int qstp_mlkem_expand_dk(qstp_mlkem_param p, qstp_mlkem_expanded *x, const uint8_t *dk)
{
	const mlkem_params *prm = mlkem_params_get(p);
	expanded_hdr hd;
	if (prm == NULL)
		return QSTP_ERR_INVALID_ARG;
	const uint8_t *rho = dk + 2 * prm->k * MLKEM_POLY_BYTES; /* inside dk's ek */
	QSTP_CT_PUBLIC(rho, 32);
	mlkem_gen_matrix(expanded_at(x), rho, 1, prm->k);
	hd.k = prm->k;
	memcpy(hd.rho, rho, 32);
	memcpy(x, &hd, sizeof hd);
	return 0;
}

/* Alg. 18 after the 7.3 check; at: A_hat^T of dk's ek, or NULL. */
static int decaps(const mlkem_params *prm, uint8_t ss[32], const uint8_t *ct, const uint8_t *dk,
                  const mlkem_poly *at, qstp_mlkem_th *th)
{
	uint8_t mh[64], kr[64], kbar[32], hek[32]; /* m' || h; K' || r' */
	uint8_t cmp[QSTP_MLKEM1024_CT_BYTES];
	int r;
	const size_t pke = prm->k * MLKEM_POLY_BYTES;
	const uint8_t *ek = dk + pke, *h = ek + prm->ek_bytes, *z = h + 32;

	/* Line 9 ahead of time: K_bar = J(z || c), with H(ek) for 7.3. */
	hash_ek_and_j(prm, hek, kbar, ek, z, ct, th);
	if ((r = check_dk_hash(prm, dk, hek)) != 0) {
		memset(ss, 0, 32);
		goto out;
	}
	/* Alg. 18 line 7: m' = K-PKE.Decrypt(dk_pke, c). */
	mlkem_kpke_decrypt(prm, mh, dk, ct);
	/* Line 8: (K', r') = G(m' || h). */
	memcpy(mh + 32, h, 32);
	qstp_sha3_512(kr, mh, sizeof mh);
	/* Line 10: c' = K-PKE.Encrypt(ek, m', r'). */
	mlkem_kpke_encrypt(prm, cmp, ek, mh, kr + 32, at);
	/* Lines 11-13: K' if c = c', else K_bar; compare and select without
	 * branching on the outcome. */
	uint8_t fail = qstp_ct_neq_bytes(ct, cmp, prm->ct_bytes);
	memcpy(ss, kr, 32);
	qstp_ct_cmov(ss, kbar, 32, fail);
out:
	qstp_wipe(mh, sizeof mh);
	qstp_wipe(kr, sizeof kr);
	qstp_wipe(kbar, sizeof kbar);
	qstp_wipe(cmp, sizeof cmp);
	return r;
}

int qstp_mlkem_decaps(qstp_mlkem_param p, uint8_t ss[static 32], const uint8_t *ct,
                      const uint8_t *dk)
{
	const mlkem_params *prm = mlkem_params_get(p);
	if (prm == NULL)
		return QSTP_ERR_INVALID_ARG;
	/* ek and H(ek) inside dk are the public key: the re-encryption may
	 * sample its matrix from rho in ek. */
	QSTP_CT_PUBLIC(dk + prm->k * MLKEM_POLY_BYTES, prm->ek_bytes + 32);
	return decaps(prm, ss, ct, dk, NULL, NULL);
}

int qstp_mlkem_decaps_expanded(qstp_mlkem_param p, uint8_t ss[static 32], const uint8_t *ct,
                               const uint8_t *dk, const qstp_mlkem_expanded *x, qstp_mlkem_th *th)
{
	const mlkem_params *prm = mlkem_params_get(p);
	expanded_hdr hd;
	if (prm == NULL || (th != NULL && th->prelen > QSTP_MLKEM_TH_PRE_MAX)) {
		memset(ss, 0, 32);
		return QSTP_ERR_INVALID_ARG;
	}
	const uint8_t *ek = dk + prm->k * MLKEM_POLY_BYTES;
	/* As in qstp_mlkem_decaps: ek and H(ek) are public, and so is the
	 * matrix, a function of rho; whether it is this ek's is public too. */
	QSTP_CT_PUBLIC(ek, prm->ek_bytes + 32);
	memcpy(&hd, x, sizeof hd);
	if (hd.k != prm->k || memcmp(hd.rho, ek + prm->k * MLKEM_POLY_BYTES, 32) != 0) {
		memset(ss, 0, 32);
		return QSTP_ERR_INVALID_ARG;
	}
	return decaps(prm, ss, ct, dk, expanded_at(x), th);
}
