/*
 * ML-DSA key generation, signing and verification (FIPS 204 Alg. 6, 7, 8).
 *
 * Signing is constant time in the key, the message representative and the
 * randomness except for declassified values, each commented where it
 * happens: the accept/reject decision of each attempt (FIPS 204 makes the
 * number of attempts public), the rejection decisions inside the samplers
 * (sample.c), and the signature once it is accepted for output.
 */
#include "core.h"

#include <string.h>

#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "../ct.h"
#include "expand_a_tr.h"
#include "fused.h"
#include "pack.h"
#include "pack_avx2.h"
#include "poly.h"
#include "sample.h"

/* Attempts before giving up.  Each attempt is accepted with probability
 * about 1/4.3 or better, so 814 failures in a row has probability < 2^-280;
 * the bound keeps kappa + l - 1 far below 2^16 (Alg. 34's 2-byte counter). */
#define MLDSA_MAX_ATTEMPTS 814

void mldsa_mu(uint8_t mu[MLDSA_CRHBYTES], const uint8_t tr[MLDSA_TRBYTES], const uint8_t *pre,
              size_t prelen, const uint8_t *ctx, size_t ctxlen, const uint8_t *msg, size_t msglen)
{
	qstp_keccak k;
	qstp_shake256_init(&k);
	qstp_keccak_absorb(&k, tr, MLDSA_TRBYTES);
	if (prelen)
		qstp_keccak_absorb(&k, pre, prelen);
	if (ctxlen)
		qstp_keccak_absorb(&k, ctx, ctxlen);
	if (msglen)
		qstp_keccak_absorb(&k, msg, msglen);
	qstp_keccak_squeeze(&k, mu, MLDSA_CRHBYTES);
	qstp_keccak_wipe(&k);
}

int mldsa_keygen(const mldsa_params *P, uint8_t *pk, uint8_t *sk,
                 const uint8_t seed[MLDSA_SEEDBYTES])
{
	uint8_t in[MLDSA_SEEDBYTES + 2];
	uint8_t seeds[2 * MLDSA_SEEDBYTES + MLDSA_CRHBYTES]; /* rho || rho' || K */
	uint8_t tr[MLDSA_TRBYTES];
	mldsa_poly s1[MLDSA_LMAX], s1hat[MLDSA_LMAX], s2[MLDSA_KMAX];
	mldsa_poly t1[MLDSA_KMAX], t0[MLDSA_KMAX], t;
	mldsa_poly A[MLDSA_KMAX * MLDSA_LMAX];
	const uint8_t *rho = seeds, *rhop = seeds + MLDSA_SEEDBYTES;
	const uint8_t *key = seeds + MLDSA_SEEDBYTES + MLDSA_CRHBYTES;

	/* Alg. 6 step 1: (rho, rho', K) = H(xi || k || l, 128) */
	memcpy(in, seed, MLDSA_SEEDBYTES);
	in[MLDSA_SEEDBYTES] = (uint8_t)P->k;
	in[MLDSA_SEEDBYTES + 1] = (uint8_t)P->l;
	qstp_shake256(seeds, sizeof seeds, in, sizeof in);
	/* rho seeds the public matrix and is part of the public key */
	QSTP_CT_PUBLIC(seeds, MLDSA_SEEDBYTES);

	mldsa_expand_s(s1, s2, P, rhop);
	mldsa_expand_a(A, P, rho);
	for (unsigned i = 0; i < P->l; i++) {
		s1hat[i] = s1[i];
		mldsa_ntt(&s1hat[i]);
	}

	/* t = NTT^-1(A_hat o NTT(s1)) + s2 */
	for (unsigned i = 0; i < P->k; i++) {
		mldsa_row_pointwise(&t, &A[i * P->l], s1hat, P->l);
		mldsa_invntt_tomont(&t);
		mldsa_fused_t(&t1[i], &t0[i], &t, &s2[i]);
		/* t1 is the public key */
		QSTP_CT_PUBLIC(&t1[i], sizeof t1[i]);
	}

	mldsa_pack_pk(pk, P, rho, t1);
	qstp_shake256(tr, sizeof tr, pk, P->pk_bytes);
	mldsa_pack_sk(sk, P, rho, key, tr, s1, s2, t0);

	qstp_wipe(in, sizeof in);
	qstp_wipe(seeds, sizeof seeds);
	qstp_wipe(s1, sizeof s1);
	qstp_wipe(s1hat, sizeof s1hat);
	qstp_wipe(s2, sizeof s2);
	qstp_wipe(t0, sizeof t0);
	qstp_wipe(&t, sizeof t);
	return 0;
}

/* Everything secret Sign_internal keeps across attempts, in one struct so
 * that one wipe covers it.  A_hat (public: it is expanded from rho, which is
 * in the public key) is only pointed to, so the wipe skips its 56 KiB. */
struct sign_state {
	/* The expanded key (mldsa_sign_key), NTT domain: A; s1[j] holds
	 * s1[j] + 2^11 s2[j] (fused.h), s2 only s2[l..k-1]; t0. */
	const mldsa_poly *A, *s1, *s2, *t0;
	mldsa_poly y[MLDSA_LMAX], z[MLDSA_LMAX], w[MLDSA_KMAX], h[MLDSA_KMAX];
	mldsa_poly c, t, r, r1;
	uint8_t rhopp[MLDSA_CRHBYTES];
	uint8_t ctilde[MLDSA_CTILDE_MAX];
	uint8_t w1buf[MLDSA_KMAX * MLDSA_W1_PACKED_MAX];
	/* ExpandMask output made four at a time: ycache[i] has nonce
	 * ycache_first + i (i < ycache_n), so the spare lanes of an attempt's
	 * last four-way batch serve the next attempt. */
	mldsa_poly ycache[4];
	unsigned ycache_first, ycache_n;
};

/* y[0..l-1] = ExpandMask(rho'', kappa) (Alg. 7 step 11) through the cache.
 * The nonces are public (the attempt counter); the polynomials are secret
 * and wiped with the state. */
static void get_mask(struct sign_state *s, const mldsa_params *P, unsigned kappa)
{
	for (unsigned j = 0; j < P->l; j++) {
		unsigned nonce = kappa + j;
		if (nonce < s->ycache_first || nonce - s->ycache_first >= s->ycache_n) {
			mldsa_expand_mask_n(s->ycache, P, s->rhopp, nonce, 4);
			s->ycache_first = nonce;
			s->ycache_n = 4;
		}
		s->y[j] = s->ycache[nonce - s->ycache_first];
	}
}

/* Runs one attempt with counter kappa; returns 1 if the candidate in s
 * (ctilde, z, h) is to be rejected, 0 if accepted.  The return value is the
 * only declassified result. */
static unsigned sign_attempt(struct sign_state *s, const mldsa_params *P,
                             const uint8_t mu[MLDSA_CRHBYTES], unsigned kappa)
{
	const unsigned k = P->k, l = P->l;
	uint32_t reject = 0;
	unsigned hints = 0;

	/* Alg. 7 step 11: y = ExpandMask(rho'', kappa); w = NTT^-1(A_hat o NTT(y)) */
	get_mask(s, P, kappa);
	for (unsigned j = 0; j < l; j++) {
		s->z[j] = s->y[j];
		mldsa_ntt(&s->z[j]);
	}
	for (unsigned i = 0; i < k; i++) {
		mldsa_row_pointwise(&s->w[i], &s->A[i * l], s->z, l);
		mldsa_invntt_tomont(&s->w[i]);
		/* steps 13-15: w1 = HighBits(w), ctilde = H(mu || w1Encode(w1)) */
		mldsa_fused_w1(&s->t, &s->w[i], P->gamma2);
		mldsa_pack_w1_fast(s->w1buf + i * P->w1_packed, P, &s->t);
	}
	{
		qstp_keccak hk;
		qstp_shake256_init(&hk);
		qstp_keccak_absorb(&hk, mu, MLDSA_CRHBYTES);
		qstp_keccak_absorb(&hk, s->w1buf, k * P->w1_packed);
		qstp_keccak_squeeze(&hk, s->ctilde, P->ctilde_bytes);
		qstp_keccak_wipe(&hk);
	}
	/* step 16-17: c = SampleInBall(ctilde), c_hat = NTT(c) */
	mldsa_sample_in_ball(&s->c, P, s->ctilde);
	mldsa_ntt(&s->c);

	for (unsigned i = 0; i < k; i++) {
		if (i < l) {
			/* <<c s1[i]>> and <<c s2[i]>> from one product with
			 * s1[i] + 2^11 s2[i] (fused.h); steps 18-20: z = y +
			 * <<c s1>> */
			mldsa_pointwise_invntt(&s->t, &s->c, &s->s1[i]);
			mldsa_fused_split(&s->z[i], &s->t, &s->t);
			reject |= mldsa_fused_z(&s->z[i], &s->y[i], P->gamma1 - P->beta);
		} else {
			mldsa_pointwise_invntt(&s->t, &s->c, &s->s2[i]);
		}
		/* r = w - <<c s2>> (standard); step 21: r0 = LowBits(r) */
		reject |= mldsa_fused_r(&s->r, &s->r1, &s->w[i], &s->t, P->gamma2,
		                        P->gamma2 - P->beta);
		/* steps 25-26: ct0 = <<c t0>>, h = MakeHint(-ct0, w - cs2 + ct0),
		 * i.e. HighBits(r + ct0) != HighBits(r) */
		mldsa_pointwise_invntt(&s->t, &s->c, &s->t0[i]);
		unsigned nh;
		reject |= mldsa_fused_hint(&s->h[i], &nh, &s->t, &s->r, &s->r1, P->gamma2);
		hints += nh;
	}
	/* step 28: too many hints */
	reject |= (uint32_t)(P->omega - hints) >> 31;
	reject = qstp_value_barrier_u32(reject);
	/* FIPS 204 3.6.3 / the Fiat-Shamir-with-aborts proof: whether an
	 * attempt is rejected is public (the attempt count is observable
	 * anyway); nothing about which check failed is revealed. */
	QSTP_CT_PUBLIC(&reject, sizeof reject);
	return reject;
}

void mldsa_sign_key_init(const mldsa_params *P, mldsa_sign_key *x, const uint8_t *sk)
{
	uint8_t tr[MLDSA_TRBYTES];
	mldsa_unpack_sk(x->rho, x->key, tr, x->s1, x->s2, x->t0, P, sk);
	qstp_wipe(tr, sizeof tr);
	/* rho is the public matrix seed (it is in the public key) */
	QSTP_CT_PUBLIC(x->rho, sizeof x->rho);
	/* s1[j] becomes NTT(s1[j] + 2^11 s2[j]) (fused.h; l <= k in every
	 * set), s2[i] for i >= l and t0 go to the NTT domain as they are */
	for (unsigned j = 0; j < P->l; j++) {
		mldsa_pair_s(&x->s1[j], &x->s1[j], &x->s2[j]);
		mldsa_ntt(&x->s1[j]);
	}
	for (unsigned i = P->l; i < P->k; i++)
		mldsa_ntt(&x->s2[i]);
	for (unsigned i = 0; i < P->k; i++)
		mldsa_ntt(&x->t0[i]);
	mldsa_expand_a(x->A, P, x->rho);
}

/* The secret parts of an expanded key; A_hat and rho are public (56 KiB of
 * A need no wipe). */
static void sign_key_wipe_secrets(mldsa_sign_key *x)
{
	qstp_wipe(x->s1, sizeof x->s1);
	qstp_wipe(x->s2, sizeof x->s2);
	qstp_wipe(x->t0, sizeof x->t0);
	qstp_wipe(x->key, sizeof x->key);
}

int mldsa_sign_mu(const mldsa_params *P, uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                  const uint8_t *sk, const uint8_t rnd[32])
{
	mldsa_sign_key x;
	mldsa_sign_key_init(P, &x, sk);
	int r = mldsa_sign_mu_key(P, sig, mu, &x, rnd);
	sign_key_wipe_secrets(&x);
	return r;
}

int mldsa_sign_mu_key(const mldsa_params *P, uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                      const mldsa_sign_key *x, const uint8_t rnd[32])
{
	struct sign_state s;
	int r = QSTP_ERR_MLDSA_SIGN_FAILED;

	s.A = x->A;
	s.s1 = x->s1;
	s.s2 = x->s2;
	s.t0 = x->t0;
	s.ycache_first = 0;
	s.ycache_n = 0;

	/* step 7: rho'' = H(K || rnd || mu, 64) */
	{
		qstp_keccak hk;
		qstp_shake256_init(&hk);
		qstp_keccak_absorb(&hk, x->key, MLDSA_SEEDBYTES);
		qstp_keccak_absorb(&hk, rnd, 32);
		qstp_keccak_absorb(&hk, mu, MLDSA_CRHBYTES);
		qstp_keccak_squeeze(&hk, s.rhopp, MLDSA_CRHBYTES);
		qstp_keccak_wipe(&hk);
	}

	for (unsigned attempt = 0; attempt < MLDSA_MAX_ATTEMPTS; attempt++) {
		if (sign_attempt(&s, P, mu, attempt * P->l))
			continue;
		/* accepted: the signature (ctilde, z, h) is the output, public */
		QSTP_CT_PUBLIC(s.ctilde, sizeof s.ctilde);
		QSTP_CT_PUBLIC(s.z, sizeof s.z);
		QSTP_CT_PUBLIC(s.h, sizeof s.h);
		mldsa_pack_sig_fast(sig, P, s.ctilde, s.z, s.h);
		r = 0;
		goto out;
	}
	memset(sig, 0, P->sig_bytes);
out:
	qstp_wipe(&s, sizeof s);
	return r;
}

void mldsa_verify_key_init(const mldsa_params *P, mldsa_verify_key *x, const uint8_t *pk)
{
	uint8_t rho[MLDSA_SEEDBYTES];
	mldsa_unpack_pk(rho, x->t1, P, pk);
	/* NTT(t1 2^d), the form Alg. 8 step 9 uses */
	for (unsigned i = 0; i < P->k; i++) {
		mldsa_poly_shiftl(&x->t1[i]);
		mldsa_ntt(&x->t1[i]);
	}
	mldsa_expand_a(x->A, P, rho);
}

/* Verify_internal (Alg. 8) steps 6-13 on an expanded public key: A_hat and
 * t1h = NTT(t1 2^d). */
static int verify_core(const mldsa_params *P, const uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                       const mldsa_poly *A, const mldsa_poly *t1h)
{
	uint8_t ctilde[MLDSA_CTILDE_MAX], ctilde2[MLDSA_CTILDE_MAX];
	uint8_t w1buf[MLDSA_KMAX * MLDSA_W1_PACKED_MAX];
	mldsa_poly z[MLDSA_LMAX], h[MLDSA_KMAX], c, w, t;
	const unsigned k = P->k, l = P->l;

	if (mldsa_unpack_sig(ctilde, z, h, P, sig) != 0)
		return QSTP_ERR_MLDSA_VERIFY;
	for (unsigned j = 0; j < l; j++) {
		if (mldsa_poly_exceeds(&z[j], P->gamma1 - P->beta))
			return QSTP_ERR_MLDSA_VERIFY;
	}
	mldsa_sample_in_ball(&c, P, ctilde);
	mldsa_ntt(&c);
	for (unsigned j = 0; j < l; j++)
		mldsa_ntt(&z[j]);
	/* w'_approx = NTT^-1(A_hat o NTT(z) - NTT(c) o NTT(t1 2^d)); w1' = UseHint */
	for (unsigned i = 0; i < k; i++) {
		mldsa_row_pointwise_sub(&w, &A[i * l], z, l, &c, &t1h[i]);
		mldsa_invntt_tomont(&w);
		mldsa_fused_use_hint(&t, &w, &h[i], P->gamma2);
		mldsa_pack_w1_fast(w1buf + i * P->w1_packed, P, &t);
	}
	qstp_keccak hk;
	qstp_shake256_init(&hk);
	qstp_keccak_absorb(&hk, mu, MLDSA_CRHBYTES);
	qstp_keccak_absorb(&hk, w1buf, k * P->w1_packed);
	qstp_keccak_squeeze(&hk, ctilde2, P->ctilde_bytes);
	return qstp_ct_eq(ctilde, ctilde2, P->ctilde_bytes) ? 0 : QSTP_ERR_MLDSA_VERIFY;
}

/* Verify_internal with mu either given (mu_given) or computed here from
 * tr = H(pk), which then comes out of the ExpandA run (expand_a_tr.c), and
 * the message parts m. */
struct msg_parts {
	const uint8_t *pre, *ctx, *msg;
	size_t prelen, ctxlen, msglen;
};

static int verify(const mldsa_params *P, const uint8_t *sig, const uint8_t *pk,
                  const uint8_t *mu_given, const struct msg_parts *m)
{
	uint8_t rho[MLDSA_SEEDBYTES], tr[MLDSA_TRBYTES], mu[MLDSA_CRHBYTES];
	mldsa_poly A[MLDSA_KMAX * MLDSA_LMAX], t1h[MLDSA_KMAX];

	mldsa_unpack_pk(rho, t1h, P, pk);
	for (unsigned i = 0; i < P->k; i++) {
		mldsa_poly_shiftl(&t1h[i]);
		mldsa_ntt(&t1h[i]);
	}
	if (mu_given != NULL) {
		memcpy(mu, mu_given, sizeof mu);
		mldsa_expand_a(A, P, rho);
	} else {
		mldsa_expand_a_tr(A, tr, P, rho, pk);
		mldsa_mu(mu, tr, m->pre, m->prelen, m->ctx, m->ctxlen, m->msg, m->msglen);
	}
	return verify_core(P, sig, mu, A, t1h);
}

int mldsa_verify_mu_key(const mldsa_params *P, const uint8_t *sig,
                        const uint8_t mu[MLDSA_CRHBYTES], const mldsa_verify_key *x)
{
	return verify_core(P, sig, mu, x->A, x->t1);
}

int mldsa_verify_mu(const mldsa_params *P, const uint8_t *sig, const uint8_t mu[MLDSA_CRHBYTES],
                    const uint8_t *pk)
{
	return verify(P, sig, pk, mu, NULL);
}

int mldsa_verify_msg(const mldsa_params *P, const uint8_t *sig, const uint8_t *pk,
                     const uint8_t *pre, size_t prelen, const uint8_t *ctx, size_t ctxlen,
                     const uint8_t *msg, size_t msglen)
{
	const struct msg_parts m = { pre, ctx, msg, prelen, ctxlen, msglen };
	return verify(P, sig, pk, NULL, &m);
}
