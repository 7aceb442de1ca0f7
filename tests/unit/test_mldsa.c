/*
 * ML-DSA public interface properties (the known answers are the ACVP files
 * run by qstp-kat): round trips for every set, deterministic and hedged;
 * every flipped bit of signature, message, context and public key rejected;
 * exact lengths; the external-mu and internal interfaces agree with pure
 * ML-DSA through a mu computed here from FIPS 204's definition; the
 * attached form.
 */
#include "test.h"

#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/mldsa.h"

static const qstp_mldsa_param sets[] = { QSTP_MLDSA_44, QSTP_MLDSA_65, QSTP_MLDSA_87 };
#define NSETS (sizeof sets / sizeof sets[0])

struct keys {
	uint8_t pk[QSTP_MLDSA87_PK_BYTES], sk[QSTP_MLDSA87_SK_BYTES];
};

/* Deterministic test bytes: SHAKE128 of a label. */
static void fill(uint8_t *out, size_t n, const char *label, unsigned i)
{
	uint8_t in[64];
	int m = snprintf((char *)in, sizeof in, "%s/%u", label, i);
	qstp_shake128(out, n, in, (size_t)m);
}

static void keys_for(qstp_mldsa_param p, struct keys *k)
{
	uint8_t seed[32];
	fill(seed, 32, "seed", (unsigned)p);
	if (qstp_mldsa_keypair_derand(p, k->pk, k->sk, seed) != 0)
		abort();
}

TEST(sizes)
{
	CHECK_EQ(qstp_mldsa_pk_bytes(QSTP_MLDSA_44), 1312);
	CHECK_EQ(qstp_mldsa_sk_bytes(QSTP_MLDSA_65), 4032);
	CHECK_EQ(qstp_mldsa_sig_bytes(QSTP_MLDSA_87), 4627);
	CHECK_EQ(qstp_mldsa_sig_bytes((qstp_mldsa_param)42), 0);
}

TEST(bad_param)
{
	uint8_t pk[16], sk[16], seed[32] = { 0 }, sig[16];
	CHECK_EQ(qstp_mldsa_keypair_derand((qstp_mldsa_param)42, pk, sk, seed), QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mldsa_sign((qstp_mldsa_param)0, sig, NULL, 0, NULL, 0, sk, NULL),
	         QSTP_ERR_INVALID_ARG);
	CHECK_EQ(qstp_mldsa_verify((qstp_mldsa_param)0, sig, 16, NULL, 0, NULL, 0, pk),
	         QSTP_ERR_INVALID_ARG);
}

TEST(keypair_derand_reproducible_and_random_differs)
{
	static struct keys a, b, c;
	uint8_t seed[32];
	fill(seed, 32, "kp", 1);
	CHECK_EQ(qstp_mldsa_keypair_derand(QSTP_MLDSA_87, a.pk, a.sk, seed), 0);
	CHECK_EQ(qstp_mldsa_keypair_derand(QSTP_MLDSA_87, b.pk, b.sk, seed), 0);
	CHECK_MEM(a.pk, b.pk, QSTP_MLDSA87_PK_BYTES);
	CHECK_MEM(a.sk, b.sk, QSTP_MLDSA87_SK_BYTES);
	CHECK_EQ(qstp_mldsa_keypair(QSTP_MLDSA_87, c.pk, c.sk), 0);
	CHECK(memcmp(a.pk, c.pk, QSTP_MLDSA87_PK_BYTES) != 0);
	/* sk = rho || K || tr || ...: rho is the first 32 bytes of pk */
	CHECK_MEM(c.sk, c.pk, 32);
}

TEST(round_trip_all_sets)
{
	static struct keys k;
	uint8_t sig[QSTP_MLDSA87_SIG_BYTES], sig2[QSTP_MLDSA87_SIG_BYTES];
	uint8_t msg[100], ctx[255], rnd[32];
	for (size_t s = 0; s < NSETS; s++) {
		qstp_mldsa_param p = sets[s];
		size_t n = qstp_mldsa_sig_bytes(p);
		keys_for(p, &k);
		for (unsigned i = 0; i < 4; i++) {
			size_t mlen = i * 33 % sizeof msg, clen = i == 3 ? 255 : i * 7;
			fill(msg, sizeof msg, "msg", i);
			fill(ctx, sizeof ctx, "ctx", i);
			fill(rnd, sizeof rnd, "rnd", i);
			/* deterministic: same signature twice */
			CHECK_EQ(qstp_mldsa_sign(p, sig, msg, mlen, ctx, clen, k.sk, NULL), 0);
			CHECK_EQ(qstp_mldsa_sign(p, sig2, msg, mlen, ctx, clen, k.sk, NULL), 0);
			CHECK_MEM(sig, sig2, n);
			CHECK_EQ(qstp_mldsa_verify(p, sig, n, msg, mlen, ctx, clen, k.pk), 0);
			/* hedged: a different signature that verifies too */
			CHECK_EQ(qstp_mldsa_sign(p, sig2, msg, mlen, ctx, clen, k.sk, rnd), 0);
			CHECK(memcmp(sig, sig2, n) != 0);
			CHECK_EQ(qstp_mldsa_verify(p, sig2, n, msg, mlen, ctx, clen, k.pk), 0);
			/* and not under another context length */
			CHECK_EQ(qstp_mldsa_verify(p, sig2, n, msg, mlen, ctx, clen ? clen - 1 : 1, k.pk),
			         QSTP_ERR_MLDSA_VERIFY);
		}
	}
}

/* One bit in every byte of the signature, for every set, plus every bit of
 * ctilde and of the hint encoding (the last omega + k bytes) for ML-DSA-87,
 * the QSTP default.  (All 37016 bits of an ML-DSA-87 signature take too
 * long under valgrind; the z bytes are covered one bit each.) */
TEST(flipped_signature_bits_rejected)
{
	static struct keys k;
	static uint8_t sig[QSTP_MLDSA87_SIG_BYTES];
	const uint8_t msg[32] = { 1, 2, 3 };
	for (size_t s = 0; s < NSETS; s++) {
		qstp_mldsa_param p = sets[s];
		size_t n = qstp_mldsa_sig_bytes(p);
		keys_for(p, &k);
		CHECK_EQ(qstp_mldsa_sign(p, sig, msg, sizeof msg, NULL, 0, k.sk, NULL), 0);
		CHECK_EQ(qstp_mldsa_verify(p, sig, n, msg, sizeof msg, NULL, 0, k.pk), 0);
		for (size_t i = 0; i < n; i++) {
			for (unsigned b = 0; b < 8; b++) {
				int all = p == QSTP_MLDSA_87 && (i < 64 || i >= n - 75 - 8);
				if (!all && b != i % 8)
					continue;
				sig[i] ^= (uint8_t)(1u << b);
				int r = qstp_mldsa_verify(p, sig, n, msg, sizeof msg, NULL, 0, k.pk);
				sig[i] ^= (uint8_t)(1u << b);
				if (r != QSTP_ERR_MLDSA_VERIFY)
					fprintf(stderr, "set %d byte %zu bit %u accepted\n", (int)p, i, b);
				CHECK_EQ(r, QSTP_ERR_MLDSA_VERIFY);
			}
		}
	}
}

TEST(flipped_message_context_pk_bits_rejected)
{
	static struct keys k;
	uint8_t sig[QSTP_MLDSA87_SIG_BYTES], msg[32], ctx[8];
	for (size_t s = 0; s < NSETS; s++) {
		qstp_mldsa_param p = sets[s];
		size_t n = qstp_mldsa_sig_bytes(p), pkn = qstp_mldsa_pk_bytes(p);
		keys_for(p, &k);
		fill(msg, sizeof msg, "m", 0);
		fill(ctx, sizeof ctx, "c", 0);
		CHECK_EQ(qstp_mldsa_sign(p, sig, msg, sizeof msg, ctx, sizeof ctx, k.sk, NULL), 0);
		for (size_t i = 0; i < 8 * sizeof msg; i++) {
			msg[i / 8] ^= (uint8_t)(1u << (i % 8));
			CHECK_EQ(qstp_mldsa_verify(p, sig, n, msg, sizeof msg, ctx, sizeof ctx, k.pk),
			         QSTP_ERR_MLDSA_VERIFY);
			msg[i / 8] ^= (uint8_t)(1u << (i % 8));
		}
		for (size_t i = 0; i < 8 * sizeof ctx; i++) {
			ctx[i / 8] ^= (uint8_t)(1u << (i % 8));
			CHECK_EQ(qstp_mldsa_verify(p, sig, n, msg, sizeof msg, ctx, sizeof ctx, k.pk),
			         QSTP_ERR_MLDSA_VERIFY);
			ctx[i / 8] ^= (uint8_t)(1u << (i % 8));
		}
		/* one bit in every byte of the public key (rho, then t1) */
		for (size_t i = 0; i < pkn; i++) {
			k.pk[i] ^= (uint8_t)(1u << (i % 8));
			CHECK_EQ(qstp_mldsa_verify(p, sig, n, msg, sizeof msg, ctx, sizeof ctx, k.pk),
			         QSTP_ERR_MLDSA_VERIFY);
			k.pk[i] ^= (uint8_t)(1u << (i % 8));
		}
		CHECK_EQ(qstp_mldsa_verify(p, sig, n, msg, sizeof msg, ctx, sizeof ctx, k.pk), 0);
	}
}

TEST(wrong_lengths_rejected)
{
	static struct keys k;
	static uint8_t sig[QSTP_MLDSA87_SIG_BYTES + 1];
	const uint8_t msg[4] = { 9 }, ctx[256] = { 0 };
	for (size_t s = 0; s < NSETS; s++) {
		qstp_mldsa_param p = sets[s];
		size_t n = qstp_mldsa_sig_bytes(p), pkn = qstp_mldsa_pk_bytes(p);
		size_t skn = qstp_mldsa_sk_bytes(p);
		uint8_t mu[64] = { 0 };
		keys_for(p, &k);
		CHECK_EQ(qstp_mldsa_sign(p, sig, msg, sizeof msg, NULL, 0, k.sk, NULL), 0);
		const size_t bad[] = { 0, 1, n - 1, n + 1, QSTP_MLDSA87_SIG_BYTES + 1 };
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			if (bad[i] == n)
				continue;
			CHECK_EQ(qstp_mldsa_verify(p, sig, bad[i], msg, sizeof msg, NULL, 0, k.pk),
			         QSTP_ERR_MLDSA_SIG_LENGTH);
			CHECK_EQ(qstp_mldsa_verify_mu(p, sig, bad[i], mu, k.pk), QSTP_ERR_MLDSA_SIG_LENGTH);
			CHECK_EQ(qstp_mldsa_verify_internal(p, sig, bad[i], msg, sizeof msg, k.pk),
			         QSTP_ERR_MLDSA_SIG_LENGTH);
		}
		CHECK_EQ(qstp_mldsa_pk_check(p, k.pk, pkn), 0);
		CHECK_EQ(qstp_mldsa_pk_check(p, k.pk, pkn - 1), QSTP_ERR_MLDSA_KEY_LENGTH);
		CHECK_EQ(qstp_mldsa_pk_check(p, k.pk, pkn + 1), QSTP_ERR_MLDSA_KEY_LENGTH);
		CHECK_EQ(qstp_mldsa_pk_check(p, k.pk, 0), QSTP_ERR_MLDSA_KEY_LENGTH);
		CHECK_EQ(qstp_mldsa_sk_check(p, k.sk, skn), 0);
		CHECK_EQ(qstp_mldsa_sk_check(p, k.sk, skn - 1), QSTP_ERR_MLDSA_KEY_LENGTH);
		CHECK_EQ(qstp_mldsa_sk_check(p, k.sk, skn + 1), QSTP_ERR_MLDSA_KEY_LENGTH);
		/* a context of 256 bytes is refused, and the signature zeroed */
		CHECK_EQ(qstp_mldsa_sign(p, sig, msg, sizeof msg, ctx, 256, k.sk, NULL),
		         QSTP_ERR_MLDSA_CONTEXT);
		for (size_t i = 0; i < n; i++)
			CHECK_EQ(sig[i], 0);
		CHECK_EQ(qstp_mldsa_verify(p, sig, n, msg, sizeof msg, ctx, 256, k.pk),
		         QSTP_ERR_MLDSA_CONTEXT);
	}
}

/* The first s1 coefficient is stored as eta - c in 3 (eta 2) or 4 (eta 4)
 * bits; stored values above 2 eta are not a valid key. */
TEST(sk_check_rejects_out_of_range_coefficient)
{
	static struct keys k;
	keys_for(QSTP_MLDSA_87, &k);
	k.sk[128] |= 7; /* eta 2: stored value 7 > 4 */
	CHECK_EQ(qstp_mldsa_sk_check(QSTP_MLDSA_87, k.sk, QSTP_MLDSA87_SK_BYTES),
	         QSTP_ERR_INVALID_ARG);
	keys_for(QSTP_MLDSA_65, &k);
	k.sk[128] |= 15; /* eta 4: stored value 15 > 8 */
	CHECK_EQ(qstp_mldsa_sk_check(QSTP_MLDSA_65, k.sk, QSTP_MLDSA65_SK_BYTES),
	         QSTP_ERR_INVALID_ARG);
}

/* mu = SHAKE256(SHAKE256(pk, 64) || 0 || |ctx| || ctx || M, 64), computed
 * here with the Keccak API from FIPS 204 Alg. 2 and 7, must give the same
 * signature through sign_mu, and M' = 0 || |ctx| || ctx || M the same
 * through sign_internal. */
TEST(external_mu_and_internal_match_pure)
{
	static struct keys k;
	uint8_t sig[QSTP_MLDSA87_SIG_BYTES], sig2[QSTP_MLDSA87_SIG_BYTES];
	uint8_t tr[64], mu[64], msg[50], ctx[5], mprime[2 + sizeof ctx + sizeof msg];
	for (size_t s = 0; s < NSETS; s++) {
		qstp_mldsa_param p = sets[s];
		size_t n = qstp_mldsa_sig_bytes(p);
		keys_for(p, &k);
		fill(msg, sizeof msg, "mu-msg", 0);
		fill(ctx, sizeof ctx, "mu-ctx", 0);
		mprime[0] = 0;
		mprime[1] = sizeof ctx;
		memcpy(mprime + 2, ctx, sizeof ctx);
		memcpy(mprime + 2 + sizeof ctx, msg, sizeof msg);
		qstp_shake256(tr, 64, k.pk, qstp_mldsa_pk_bytes(p));
		qstp_keccak h;
		qstp_shake256_init(&h);
		qstp_keccak_absorb(&h, tr, 64);
		qstp_keccak_absorb(&h, mprime, sizeof mprime);
		qstp_keccak_squeeze(&h, mu, 64);

		CHECK_EQ(qstp_mldsa_sign(p, sig, msg, sizeof msg, ctx, sizeof ctx, k.sk, NULL), 0);
		CHECK_EQ(qstp_mldsa_sign_mu(p, sig2, mu, k.sk, NULL), 0);
		CHECK_MEM(sig, sig2, n);
		CHECK_EQ(qstp_mldsa_sign_internal(p, sig2, mprime, sizeof mprime, k.sk, NULL), 0);
		CHECK_MEM(sig, sig2, n);
		CHECK_EQ(qstp_mldsa_verify_mu(p, sig, n, mu, k.pk), 0);
		CHECK_EQ(qstp_mldsa_verify_internal(p, sig, n, mprime, sizeof mprime, k.pk), 0);
		mu[63] ^= 1;
		CHECK_EQ(qstp_mldsa_verify_mu(p, sig, n, mu, k.pk), QSTP_ERR_MLDSA_VERIFY);
		/* internal M' without the prefix is a different message */
		CHECK_EQ(qstp_mldsa_verify_internal(p, sig, n, msg, sizeof msg, k.pk),
		         QSTP_ERR_MLDSA_VERIFY);
	}
}

TEST(attached_sign_and_open)
{
	static struct keys k;
	static uint8_t sm[QSTP_MLDSA87_SIG_BYTES + 32], sm2[QSTP_MLDSA87_SIG_BYTES + 32];
	uint8_t msg[32], sig[QSTP_MLDSA87_SIG_BYTES];
	const uint8_t *m;
	size_t mlen;
	for (size_t s = 0; s < NSETS; s++) {
		qstp_mldsa_param p = sets[s];
		size_t n = qstp_mldsa_sig_bytes(p);
		keys_for(p, &k);
		fill(msg, sizeof msg, "att", 0);
		CHECK_EQ(qstp_mldsa_sign_attached(p, sm, msg, sizeof msg, k.sk, NULL), 0);
		/* sm = signature (empty context, deterministic) || message */
		CHECK_EQ(qstp_mldsa_sign(p, sig, msg, sizeof msg, NULL, 0, k.sk, NULL), 0);
		CHECK_MEM(sm, sig, n);
		CHECK_MEM(sm + n, msg, sizeof msg);
		CHECK_EQ(qstp_mldsa_open(p, &m, &mlen, sm, n + sizeof msg, k.pk), 0);
		CHECK(m == sm + n);
		CHECK_EQ(mlen, sizeof msg);
		/* in place: the message already sits after the signature slot */
		memcpy(sm2 + n, msg, sizeof msg);
		CHECK_EQ(qstp_mldsa_sign_attached(p, sm2, sm2 + n, sizeof msg, k.sk, NULL), 0);
		CHECK_MEM(sm2, sm, n + sizeof msg);
		/* tampering with the trailing message fails and returns nothing */
		sm[n + 31] ^= 0x80;
		CHECK_EQ(qstp_mldsa_open(p, &m, &mlen, sm, n + sizeof msg, k.pk), QSTP_ERR_MLDSA_VERIFY);
		CHECK(m == NULL);
		CHECK_EQ(mlen, 0);
		/* too short to hold a signature */
		CHECK_EQ(qstp_mldsa_open(p, &m, &mlen, sm, n - 1, k.pk), QSTP_ERR_MLDSA_SIG_LENGTH);
		/* a signature over the empty message opens to an empty message */
		CHECK_EQ(qstp_mldsa_sign_attached(p, sm, NULL, 0, k.sk, NULL), 0);
		CHECK_EQ(qstp_mldsa_open(p, &m, &mlen, sm, n, k.pk), 0);
		CHECK_EQ(mlen, 0);
	}
}
