/*
 * ML-DSA public interface (include/qstp/mldsa.h): parameter lookup, exact
 * length checks, the pure/context wrapper (FIPS 204 Alg. 2, 3), the
 * internal and external-mu interfaces, and QSTP's attached form
 * (PROTOCOL.md 2.3.6).
 */
#include <string.h>

#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/mldsa.h"
#include "qstp/util.h"
#include "../ct.h"
#include "core.h"
#include "pack.h"

static const uint8_t zero_rnd[QSTP_MLDSA_RND_BYTES];

int qstp_mldsa_keypair_derand(qstp_mldsa_param p, uint8_t *pk, uint8_t *sk,
                              const uint8_t seed[static 32])
{
	const mldsa_params *P = mldsa_params_get(p);
	if (P == NULL || pk == NULL || sk == NULL)
		return QSTP_ERR_INVALID_ARG;
	return mldsa_keygen(P, pk, sk, seed);
}

int qstp_mldsa_keypair(qstp_mldsa_param p, uint8_t *pk, uint8_t *sk)
{
	uint8_t seed[QSTP_MLDSA_SEED_BYTES];
	const mldsa_params *P = mldsa_params_get(p);
	int r;
	if (P == NULL || pk == NULL || sk == NULL)
		return QSTP_ERR_INVALID_ARG;
	if ((r = qstp_randombytes(seed, sizeof seed)) != 0)
		goto out;
	r = mldsa_keygen(P, pk, sk, seed);
out:
	if (r != 0) {
		memset(pk, 0, P->pk_bytes);
		memset(sk, 0, P->sk_bytes);
	}
	qstp_wipe(seed, sizeof seed);
	return r;
}

/* mu for pure ML-DSA: H(tr || 0 || |ctx| || ctx || M, 64) (Alg. 2 step 10 with Alg. 7 step 6). */
static void pure_mu(uint8_t mu[MLDSA_CRHBYTES], const uint8_t tr[MLDSA_TRBYTES],
                    const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t msglen)
{
	uint8_t pre[2] = { 0, (uint8_t)ctxlen };
	mldsa_mu(mu, tr, pre, sizeof pre, ctx, ctxlen, msg, msglen);
}

static const uint8_t *sk_tr(const uint8_t *sk)
{
	return sk + 2 * MLDSA_SEEDBYTES;
}

int qstp_mldsa_sign(qstp_mldsa_param p, uint8_t *sig, const uint8_t *msg, size_t msglen,
                    const uint8_t *ctx, size_t ctxlen, const uint8_t *sk, const uint8_t *rnd)
{
	uint8_t mu[MLDSA_CRHBYTES];
	const mldsa_params *P = mldsa_params_get(p);
	int r;
	if (P == NULL || sig == NULL || sk == NULL || (msg == NULL && msglen != 0) ||
	    (ctx == NULL && ctxlen != 0))
		return QSTP_ERR_INVALID_ARG;
	if (ctxlen > 255) {
		memset(sig, 0, P->sig_bytes);
		return QSTP_ERR_MLDSA_CONTEXT;
	}
	pure_mu(mu, sk_tr(sk), ctx, ctxlen, msg, msglen);
	r = mldsa_sign_mu(P, sig, mu, sk, rnd ? rnd : zero_rnd);
	qstp_wipe(mu, sizeof mu);
	return r;
}

int qstp_mldsa_verify(qstp_mldsa_param p, const uint8_t *sig, size_t siglen, const uint8_t *msg,
                      size_t msglen, const uint8_t *ctx, size_t ctxlen, const uint8_t *pk)
{
	const mldsa_params *P = mldsa_params_get(p);
	if (P == NULL || sig == NULL || pk == NULL || (msg == NULL && msglen != 0) ||
	    (ctx == NULL && ctxlen != 0))
		return QSTP_ERR_INVALID_ARG;
	if (siglen != P->sig_bytes)
		return QSTP_ERR_MLDSA_SIG_LENGTH;
	if (ctxlen > 255)
		return QSTP_ERR_MLDSA_CONTEXT;
	/* pure ML-DSA's prefix 0 || |ctx| (Alg. 3 step 5); tr = H(pk) and mu
	 * are computed inside, tr alongside ExpandA */
	const uint8_t pre[2] = { 0, (uint8_t)ctxlen };
	return mldsa_verify_msg(P, sig, pk, pre, sizeof pre, ctx, ctxlen, msg, msglen);
}

int qstp_mldsa_sign_mu(qstp_mldsa_param p, uint8_t *sig, const uint8_t mu[static 64],
                       const uint8_t *sk, const uint8_t *rnd)
{
	const mldsa_params *P = mldsa_params_get(p);
	if (P == NULL || sig == NULL || sk == NULL)
		return QSTP_ERR_INVALID_ARG;
	return mldsa_sign_mu(P, sig, mu, sk, rnd ? rnd : zero_rnd);
}

int qstp_mldsa_verify_mu(qstp_mldsa_param p, const uint8_t *sig, size_t siglen,
                         const uint8_t mu[static 64], const uint8_t *pk)
{
	const mldsa_params *P = mldsa_params_get(p);
	if (P == NULL || sig == NULL || pk == NULL)
		return QSTP_ERR_INVALID_ARG;
	if (siglen != P->sig_bytes)
		return QSTP_ERR_MLDSA_SIG_LENGTH;
	return mldsa_verify_mu(P, sig, mu, pk);
}

int qstp_mldsa_sign_internal(qstp_mldsa_param p, uint8_t *sig, const uint8_t *mprime,
                             size_t mlen, const uint8_t *sk, const uint8_t *rnd)
{
	uint8_t mu[MLDSA_CRHBYTES];
	const mldsa_params *P = mldsa_params_get(p);
	int r;
	if (P == NULL || sig == NULL || sk == NULL || (mprime == NULL && mlen != 0))
		return QSTP_ERR_INVALID_ARG;
	mldsa_mu(mu, sk_tr(sk), NULL, 0, NULL, 0, mprime, mlen);
	r = mldsa_sign_mu(P, sig, mu, sk, rnd ? rnd : zero_rnd);
	qstp_wipe(mu, sizeof mu);
	return r;
}

int qstp_mldsa_verify_internal(qstp_mldsa_param p, const uint8_t *sig, size_t siglen,
                               const uint8_t *mprime, size_t mlen, const uint8_t *pk)
{
	const mldsa_params *P = mldsa_params_get(p);
	if (P == NULL || sig == NULL || pk == NULL || (mprime == NULL && mlen != 0))
		return QSTP_ERR_INVALID_ARG;
	if (siglen != P->sig_bytes)
		return QSTP_ERR_MLDSA_SIG_LENGTH;
	return mldsa_verify_msg(P, sig, pk, NULL, 0, NULL, 0, mprime, mlen);
}

int qstp_mldsa_sign_attached(qstp_mldsa_param p, uint8_t *sm, const uint8_t *msg, size_t msglen,
                             const uint8_t *sk, const uint8_t *rnd)
{
	const mldsa_params *P = mldsa_params_get(p);
	int r;
	if (P == NULL || sm == NULL || sk == NULL || (msg == NULL && msglen != 0))
		return QSTP_ERR_INVALID_ARG;
	/* memmove: msg may already sit at sm + sig_bytes (in place) */
	if (msglen)
		memmove(sm + P->sig_bytes, msg, msglen);
	r = qstp_mldsa_sign(p, sm, sm + P->sig_bytes, msglen, NULL, 0, sk, rnd);
	if (r != 0)
		memset(sm, 0, P->sig_bytes + msglen);
	return r;
}

int qstp_mldsa_open(qstp_mldsa_param p, const uint8_t **msg, size_t *msglen, const uint8_t *sm,
                    size_t smlen, const uint8_t *pk)
{
	const mldsa_params *P = mldsa_params_get(p);
	int r;
	if (msg != NULL)
		*msg = NULL;
	if (msglen != NULL)
		*msglen = 0;
	if (P == NULL || msg == NULL || msglen == NULL || sm == NULL || pk == NULL)
		return QSTP_ERR_INVALID_ARG;
	if (smlen < P->sig_bytes)
		return QSTP_ERR_MLDSA_SIG_LENGTH;
	r = qstp_mldsa_verify(p, sm, P->sig_bytes, sm + P->sig_bytes, smlen - P->sig_bytes, NULL,
	                      0, pk);
	if (r == 0) {
		*msg = sm + P->sig_bytes;
		*msglen = smlen - P->sig_bytes;
	}
	return r;
}

int qstp_mldsa_pk_check(qstp_mldsa_param p, const uint8_t *pk, size_t pklen)
{
	const mldsa_params *P = mldsa_params_get(p);
	if (P == NULL || pk == NULL)
		return QSTP_ERR_INVALID_ARG;
	/* every 10-bit t1 value is valid: the length is the whole check */
	return pklen == P->pk_bytes ? 0 : QSTP_ERR_MLDSA_KEY_LENGTH;
}

int qstp_mldsa_sk_check(qstp_mldsa_param p, const uint8_t *sk, size_t sklen)
{
	const mldsa_params *P = mldsa_params_get(p);
	if (P == NULL || sk == NULL)
		return QSTP_ERR_INVALID_ARG;
	if (sklen != P->sk_bytes)
		return QSTP_ERR_MLDSA_KEY_LENGTH;
	return mldsa_check_sk_eta(P, sk) == 0 ? 0 : QSTP_ERR_INVALID_ARG;
}
