/* The real public-key operations of the handshake: ML-KEM and ML-DSA with
 * randomness from the session's source (PROTOCOL.md 2.3.1, 2.3.4). */
#include "qstp/keccak.h"
#include "qstp/mldsa.h"
#include "qstp/mlkem.h"
#include "session_int.h"

void qstp_kex_th(qstp_mlkem_th *th, const uint8_t *x, size_t n)
{
	qstp_keccak h;
	qstp_sha3_256_init(&h);
	qstp_keccak_absorb(&h, th->pre, th->prelen);
	qstp_keccak_absorb(&h, x, n);
	qstp_sha3_final(&h, th->out);
}

static int real_keypair(void *ctx, const qstp_config_set *cs, uint8_t *ek, uint8_t *dk,
                        qstp_mlkem_expanded *kx, qstp_mlkem_th *th, qstp_random_fn rng,
                        void *rng_ctx)
{
	uint8_t seed[64];
	int r;
	(void)ctx;
	if ((r = rng(rng_ctx, seed, sizeof seed)) == 0)
		r = qstp_mlkem_keypair_derand_expanded((qstp_mlkem_param)cs->kem_k, ek, dk, seed,
		                                       seed + 32, kx, th);
	qstp_wipe(seed, sizeof seed);
	return r;
}

static int real_encaps(void *ctx, const qstp_config_set *cs, uint8_t *ct, uint8_t ss[32],
                       const uint8_t *ek, qstp_mlkem_th *th, qstp_random_fn rng, void *rng_ctx)
{
	uint8_t m[32];
	int r;
	(void)ctx;
	if ((r = rng(rng_ctx, m, sizeof m)) == 0)
		r = qstp_mlkem_encaps_derand_th((qstp_mlkem_param)cs->kem_k, ct, ss, ek, m, th);
	else
		qstp_kex_th(th, ek, cs->kem_ek_bytes);
	qstp_wipe(m, sizeof m);
	return r;
}

static int real_decaps(void *ctx, const qstp_config_set *cs, uint8_t ss[32], const uint8_t *ct,
                       const uint8_t *dk, const qstp_mlkem_expanded *kx, qstp_mlkem_th *th)
{
	int r;
	(void)ctx;
	if (kx != NULL)
		return qstp_mlkem_decaps_expanded((qstp_mlkem_param)cs->kem_k, ss, ct, dk, kx, th);
	r = qstp_mlkem_decaps((qstp_mlkem_param)cs->kem_k, ss, ct, dk);
	qstp_kex_th(th, ct, cs->kem_ct_bytes);
	return r;
}

/* Hedged signing (2.3.4 allows it; verifiers cannot tell).  ctx: the
 * identity's prepared key (session_int.h), else sk. */
static int real_sign(void *ctx, const qstp_config_set *cs, uint8_t *sig, const uint8_t msg[32],
                     const uint8_t *sk, qstp_random_fn rng, void *rng_ctx)
{
	uint8_t rnd[32];
	int r;
	if ((r = rng(rng_ctx, rnd, sizeof rnd)) != 0)
		goto out;
	if (ctx != NULL)
		r = qstp_mldsa_sign_prepared(sig, msg, 32, NULL, 0, ctx, rnd);
	else
		r = qstp_mldsa_sign((qstp_mldsa_param)cs->sig_level, sig, msg, 32, NULL, 0, sk, rnd);
out:
	qstp_wipe(rnd, sizeof rnd);
	return r;
}

static int real_verify(void *ctx, const qstp_config_set *cs, const uint8_t *sig,
                       const uint8_t msg[32], const uint8_t *pk)
{
	if (ctx != NULL)
		return qstp_mldsa_verify_prepared(sig, cs->sig_bytes, msg, 32, NULL, 0, ctx);
	return qstp_mldsa_verify((qstp_mldsa_param)cs->sig_level, sig, cs->sig_bytes, msg, 32, NULL,
	                         0, pk);
}

const qstp_kex_ops qstp_kex_real_ops = {
	real_keypair, real_encaps, real_decaps, real_sign, real_verify,
};
