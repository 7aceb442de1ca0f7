/*
 * Prepared ML-DSA keys: signing with a prepared secret key gives the very
 * bytes qstp_mldsa_sign gives (same key, message, context, rnd; the plain
 * path is the one the ACVP files check), verification with a prepared
 * public key accepts exactly what qstp_mldsa_verify accepts (valid
 * signatures, and flipped bits of signature and message rejected), for
 * every set; wrong lengths and contexts give the plain path's errors.
 */
#include "test.h"

#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/mldsa.h"

static const qstp_mldsa_param sets[] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
#define NSETS (sizeof sets / sizeof sets[0])

struct fixture {
	uint8_t pk[QSTP_MLDSA87_PK_BYTES], sk[QSTP_MLDSA87_SK_BYTES];
	uint8_t sig[QSTP_MLDSA87_SIG_BYTES], sig2[QSTP_MLDSA87_SIG_BYTES];
	qstp_mldsa_prepared_sk psk;
	qstp_mldsa_prepared_pk ppk;
};

static struct fixture *setup(qstp_mldsa_param p)
{
	uint8_t seed[32];
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL)
		abort();
	qstp_shake128(seed, sizeof seed, (const uint8_t *)"prepared", 8);
	seed[0] ^= (uint8_t)p;
	if (qstp_mldsa_keypair_derand(p, f->pk, f->sk, seed) != 0 ||
	    qstp_mldsa_prepare_sk(p, &f->psk, f->sk) != 0 ||
	    qstp_mldsa_prepare_pk(p, &f->ppk, f->pk) != 0)
		abort();
	return f;
}

static void teardown(struct fixture *f)
{
	qstp_mldsa_prepared_sk_wipe(&f->psk);
	free(f);
}

TEST(sign_prepared_equals_plain_sign)
{
	static const uint8_t ctx[3] = { 'a', 'b', 'c' };
	for (size_t i = 0; i < NSETS; i++) {
		struct fixture *f = setup(sets[i]);
		size_t n = qstp_mldsa_sig_bytes(sets[i]);
		for (unsigned m = 0; m < 6; m++) {
			uint8_t msg[40], rnd[32];
			qstp_shake128(msg, sizeof msg, (const uint8_t *)&m, sizeof m);
			qstp_shake256(rnd, sizeof rnd, (const uint8_t *)&m, sizeof m);
			const uint8_t *r = (m & 1) ? rnd : NULL;
			const uint8_t *c = (m & 2) ? ctx : NULL;
			size_t cl = (m & 2) ? sizeof ctx : 0;
			CHECK_EQ(qstp_mldsa_sign(sets[i], f->sig, msg, sizeof msg, c, cl, f->sk, r), 0);
			CHECK_EQ(qstp_mldsa_sign_prepared(f->sig2, msg, sizeof msg, c, cl, &f->psk, r), 0);
			CHECK_MEM(f->sig2, f->sig, n);
			CHECK_EQ(qstp_mldsa_verify(sets[i], f->sig2, n, msg, sizeof msg, c, cl, f->pk), 0);
		}
		teardown(f);
	}
}

TEST(verify_prepared_accepts_and_rejects_like_plain)
{
	for (size_t i = 0; i < NSETS; i++) {
		struct fixture *f = setup(sets[i]);
		size_t n = qstp_mldsa_sig_bytes(sets[i]);
		uint8_t msg[32];
		memset(msg, 0x5a, sizeof msg);
		CHECK_EQ(qstp_mldsa_sign(sets[i], f->sig, msg, sizeof msg, NULL, 0, f->sk, NULL), 0);
		CHECK_EQ(qstp_mldsa_verify_prepared(f->sig, n, msg, sizeof msg, NULL, 0, &f->ppk), 0);
		/* a bit flipped every 37 bytes of the signature, and in each message byte */
		for (size_t b = 0; b < n; b += 37) {
			f->sig[b] ^= (uint8_t)(1u << (b % 8));
			int plain = qstp_mldsa_verify(sets[i], f->sig, n, msg, sizeof msg, NULL, 0, f->pk);
			int prep = qstp_mldsa_verify_prepared(f->sig, n, msg, sizeof msg, NULL, 0, &f->ppk);
			f->sig[b] ^= (uint8_t)(1u << (b % 8));
			CHECK(plain != 0);
			CHECK_EQ(prep, plain);
		}
		for (size_t b = 0; b < sizeof msg; b++) {
			msg[b] ^= 0x80;
			CHECK_EQ(qstp_mldsa_verify_prepared(f->sig, n, msg, sizeof msg, NULL, 0, &f->ppk),
			         QSTP_ERR_MLDSA_VERIFY);
			msg[b] ^= 0x80;
		}
		/* a context the signature was not made with */
		CHECK_EQ(qstp_mldsa_verify_prepared(f->sig, n, msg, sizeof msg,
		                                    (const uint8_t *)"x", 1, &f->ppk),
		         QSTP_ERR_MLDSA_VERIFY);
		teardown(f);
	}
}

TEST(prepared_lengths_and_arguments)
{
	struct fixture *f = setup(QSTP_MLDSA_65);
	uint8_t msg[1] = { 1 }, ctx[256] = { 0 };
	size_t n = QSTP_MLDSA65_SIG_BYTES;
	CHECK_EQ(qstp_mldsa_sign_prepared(f->sig, msg, 1, NULL, 0, &f->psk, NULL), 0);
	CHECK_EQ(qstp_mldsa_verify_prepared(f->sig, n - 1, msg, 1, NULL, 0, &f->ppk),
	         QSTP_ERR_MLDSA_SIG_LENGTH);
	CHECK_EQ(qstp_mldsa_verify_prepared(f->sig, n + 1, msg, 1, NULL, 0, &f->ppk),
	         QSTP_ERR_MLDSA_SIG_LENGTH);
	CHECK_EQ(qstp_mldsa_sign_prepared(f->sig, msg, 1, ctx, 256, &f->psk, NULL),
	         QSTP_ERR_MLDSA_CONTEXT);
	CHECK_EQ(qstp_mldsa_prepare_sk((qstp_mldsa_param)50, &f->psk, f->sk), QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mldsa_prepare_pk(QSTP_MLDSA_65, &f->ppk, NULL), QSTP_ERR_INVALID_ARG);
	teardown(f);
}
