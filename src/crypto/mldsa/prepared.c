/*
 * Prepared ML-DSA keys (include/qstp/mldsa.h): the key-only part of
 * Sign_internal / Verify_internal done once (sign.c's mldsa_*_key_init),
 * then pure ML-DSA signing and verification on it.
 */
#include <string.h>

#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/mldsa.h"
#include "qstp/util.h"
#include "../ct.h"
#include "core.h"

static const uint8_t zero_rnd[QSTP_MLDSA_RND_BYTES];

struct prepared_sk {
	mldsa_sign_key key;
	uint8_t tr[MLDSA_TRBYTES];
	const mldsa_params *P;
};

struct prepared_pk {
	mldsa_verify_key key;
	uint8_t tr[MLDSA_TRBYTES];
	const mldsa_params *P;
};

_Static_assert(sizeof(struct prepared_sk) <= sizeof(qstp_mldsa_prepared_sk), "prepared sk size");
_Static_assert(sizeof(struct prepared_pk) <= sizeof(qstp_mldsa_prepared_pk), "prepared pk size");
_Static_assert(_Alignof(struct prepared_sk) <= _Alignof(qstp_mldsa_prepared_sk), "alignment");
_Static_assert(_Alignof(struct prepared_pk) <= _Alignof(qstp_mldsa_prepared_pk), "alignment");

/* mu for pure ML-DSA: H(tr || 0 || |ctx| || ctx || M, 64) (Alg. 2 step 10, Alg. 7 step 6). */
static void pure_mu(uint8_t mu[MLDSA_CRHBYTES], const uint8_t tr[MLDSA_TRBYTES],
                    const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t msglen)
{
	uint8_t pre[2] = { 0, (uint8_t)ctxlen };
	mldsa_mu(mu, tr, pre, sizeof pre, ctx, ctxlen, msg, msglen);
}

int qstp_mldsa_prepare_sk(qstp_mldsa_param p, qstp_mldsa_prepared_sk *x, const uint8_t *sk)
{
	const mldsa_params *P = mldsa_params_get(p);
	struct prepared_sk *k = (struct prepared_sk *)x;
	if (P == NULL || x == NULL || sk == NULL)
		return QSTP_ERR_INVALID_ARG;
	mldsa_sign_key_init(P, &k->key, sk);
	/* sk stores tr = H(pk, 64) after rho and K (FIPS 204 Alg. 24) */
	memcpy(k->tr, sk + 2 * MLDSA_SEEDBYTES, MLDSA_TRBYTES);
	k->P = P;
	return 0;
}

int qstp_mldsa_prepare_pk(qstp_mldsa_param p, qstp_mldsa_prepared_pk *x, const uint8_t *pk)
{
	const mldsa_params *P = mldsa_params_get(p);
	struct prepared_pk *k = (struct prepared_pk *)x;
	if (P == NULL || x == NULL || pk == NULL)
		return QSTP_ERR_INVALID_ARG;
	mldsa_verify_key_init(P, &k->key, pk);
	qstp_shake256(k->tr, sizeof k->tr, pk, P->pk_bytes);
	k->P = P;
	return 0;
}

void qstp_mldsa_prepared_sk_wipe(qstp_mldsa_prepared_sk *x)
{
	if (x != NULL)
		qstp_wipe(x, sizeof *x);
}

int qstp_mldsa_sign_prepared(uint8_t *sig, const uint8_t *msg, size_t msglen, const uint8_t *ctx,
                             size_t ctxlen, const qstp_mldsa_prepared_sk *x, const uint8_t *rnd)
{
	const struct prepared_sk *k = (const struct prepared_sk *)x;
	uint8_t mu[MLDSA_CRHBYTES];
	int r;
	if (x == NULL || k->P == NULL || sig == NULL || (msg == NULL && msglen != 0) ||
	    (ctx == NULL && ctxlen != 0))
		return QSTP_ERR_INVALID_ARG;
	if (ctxlen > 255) {
		memset(sig, 0, k->P->sig_bytes);
		return QSTP_ERR_MLDSA_CONTEXT;
	}
	pure_mu(mu, k->tr, ctx, ctxlen, msg, msglen);
	r = mldsa_sign_mu_key(k->P, sig, mu, &k->key, rnd ? rnd : zero_rnd);
	qstp_wipe(mu, sizeof mu);
	return r;
}

int qstp_mldsa_verify_prepared(const uint8_t *sig, size_t siglen, const uint8_t *msg,
                               size_t msglen, const uint8_t *ctx, size_t ctxlen,
                               const qstp_mldsa_prepared_pk *x)
{
	const struct prepared_pk *k = (const struct prepared_pk *)x;
	uint8_t mu[MLDSA_CRHBYTES];
	if (x == NULL || k->P == NULL || sig == NULL || (msg == NULL && msglen != 0) ||
	    (ctx == NULL && ctxlen != 0))
		return QSTP_ERR_INVALID_ARG;
	if (siglen != k->P->sig_bytes)
		return QSTP_ERR_MLDSA_SIG_LENGTH;
	if (ctxlen > 255)
		return QSTP_ERR_MLDSA_CONTEXT;
	pure_mu(mu, k->tr, ctx, ctxlen, msg, msglen);
	return mldsa_verify_mu_key(k->P, sig, mu, &k->key);
}
