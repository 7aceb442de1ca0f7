/* Certificates with real ML-DSA keys: generate / sign / verify round trips
 * for sets 1-3, and a numbered table of bad certificates and key files, each
 * with the exact error it must produce (PROTOCOL.md 4, 12b, 12h). */
#include "test.h"

#include "qstp/cert.h"
#include "qstp/config.h"
#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/mldsa.h"

enum { NOW0 = 1800000000, DAY = 86400 };

/* Deterministic test randomness: SHAKE256(tag || counter); fails from call
 * fail_at on (0: never). */
typedef struct trng {
	uint8_t tag;
	unsigned calls, fail_at;
} trng;

static int test_rng(void *ctx, uint8_t *out, size_t n)
{
	trng *r = ctx;
	uint8_t in[5] = { r->tag, (uint8_t)r->calls, (uint8_t)(r->calls >> 8), 0, 0 };
	r->calls++;
	if (r->fail_at != 0 && r->calls >= r->fail_at) {
		memset(out, 0, n);
		return QSTP_ERR_RANDOM;
	}
	qstp_shake256(out, n, in, sizeof in);
	return 0;
}

/* One root and one server signed by it, plus a second root. */
typedef struct pki {
	uint8_t set;
	qstp_root_cert root, root2;
	qstp_secret_key rkey, rkey2, skey;
	qstp_server_cert srv;
} pki;

static pki P; /* large: static */

static int make_pki(pki *p, uint8_t set)
{
	trng a = { 1, 0, 0 }, b = { 2, 0, 0 }, c = { 3, 0, 0 };
	int e;
	p->set = set;
	if ((e = qstp_root_generate(&p->root, &p->rkey, set, "example_root.qrr", 730, NOW0,
	                            test_rng, &a)) != 0 ||
	    (e = qstp_root_generate(&p->root2, &p->rkey2, set, "other_root.qrr", 730, NOW0,
	                            test_rng, &b)) != 0 ||
	    (e = qstp_server_generate(&p->srv, &p->skey, set, "example_host.qrc", 365, NOW0 + 100,
	                              test_rng, &c)) != 0)
		return e;
	return qstp_root_sign(&p->srv, &p->root, &p->rkey);
}

/* Re-signs a server certificate as it stands, without the root_sign checks
 * and clamping, to build validly signed bad certificates. */
static int resign(qstp_server_cert *c, const qstp_secret_key *k)
{
	const qstp_config_set *cs = qstp_config_get(k->set);
	uint8_t h[32];
	qstp_server_cert_hash(h, c);
	return qstp_mldsa_sign_attached((qstp_mldsa_param)cs->sig_level, c->csig, h, 32, k->sigkey,
	                                NULL);
}

static int resign_root(qstp_root_cert *c, const qstp_secret_key *k)
{
	const qstp_config_set *cs = qstp_config_get(k->set);
	uint8_t h[32];
	qstp_root_cert_hash(h, c);
	return qstp_mldsa_sign_attached((qstp_mldsa_param)cs->sig_level, c->csig, h, 32, k->sigkey,
	                                NULL);
}

TEST(roundtrip_sets_1_2_3)
{
	static uint8_t bin[8192], bin2[8192], kf[8192];
	static char text[16384];
	static qstp_root_cert r;
	static qstp_server_cert s;
	static qstp_secret_key k;

	for (uint8_t set = 1; set <= 3; set++) {
		const qstp_config_set *cs = qstp_config_get(set);
		size_t rn = qstp_root_cert_size(set), sn = qstp_server_cert_size(set);
		size_t n;
		int kind, len;

		CHECK_EQ(make_pki(&P, set), 0);
		CHECK_EQ(qstp_cert_verify(&P.root, &P.srv, set, NOW0 + 200), 0);
		CHECK_EQ(qstp_cert_verify(&P.root, &P.srv, 0, NOW0 + 200), 0);
		CHECK_EQ(qstp_root_cert_verify(&P.root, set, NOW0 + 200), 0);
		CHECK_EQ(qstp_root_cert_verify(&P.root2, set, NOW0), 0);
		CHECK_MEM(P.srv.rootser, P.root.serial, 16);
		CHECK_EQ(P.srv.valid_to, (uint64_t)NOW0 + 100 + 365ull * DAY);
		CHECK_EQ(P.root.valid_to, (uint64_t)NOW0 + 730ull * DAY);
		/* The signatures are genuine ML-DSA over the hash (attached form). */
		{
			const uint8_t *m;
			size_t ml;
			CHECK_EQ(qstp_mldsa_open((qstp_mldsa_param)cs->sig_level, &m, &ml, P.srv.csig,
			                         cs->sig_bytes + 32, P.root.verkey), 0);
			CHECK_EQ(ml, 32);
		}

		/* Binary round trips. */
		CHECK_EQ(qstp_root_cert_encode(bin, rn, &P.root), 0);
		CHECK_EQ(qstp_root_cert_decode(&r, bin, rn), 0);
		CHECK_EQ(qstp_root_cert_encode(bin2, rn, &r), 0);
		CHECK_MEM(bin2, bin, rn);
		CHECK_EQ(qstp_server_cert_encode(bin, sn, &P.srv), 0);
		CHECK_EQ(qstp_server_cert_decode(&s, bin, sn), 0);
		CHECK_EQ(qstp_server_cert_encode(bin2, sn, &s), 0);
		CHECK_MEM(bin2, bin, sn);
		CHECK_EQ(qstp_cert_verify(&r, &s, set, NOW0 + 200), 0);

		/* Armour round trip of the server certificate. */
		len = qstp_armor_encode(text, sizeof text, bin, sn, 1);
		CHECK(len > 0);
		CHECK_EQ(qstp_cert_unarmor(bin2, sizeof bin2, &n, &kind, (const uint8_t *)text,
		                           (size_t)len), 0);
		CHECK_EQ(kind, 2);
		CHECK_EQ(n, sn);
		CHECK_MEM(bin2, bin, sn);

		/* Key files. */
		CHECK_EQ(qstp_secret_key_encode(kf, qstp_root_key_size(set), &P.rkey), 0);
		CHECK_EQ(qstp_secret_key_decode(&k, kf, qstp_root_key_size(set), 0), 0);
		CHECK_MEM(k.sigkey, P.rkey.sigkey, cs->sig_sk_bytes);
		CHECK_MEM(k.serial, P.root.serial, 16);
		CHECK_EQ(qstp_secret_key_encode(kf, qstp_server_key_size(set), &P.skey), 0);
		CHECK_EQ(qstp_secret_key_decode(&k, kf, qstp_server_key_size(set), 1), 0);
		CHECK_MEM(k.verkey, P.srv.verkey, cs->sig_pk_bytes);
		CHECK_MEM(k.serial, P.srv.serial, 16);
		/* A root key read back from its file signs certificates that verify. */
		CHECK_EQ(qstp_secret_key_encode(kf, qstp_root_key_size(set), &P.rkey), 0);
		CHECK_EQ(qstp_secret_key_decode(&k, kf, qstp_root_key_size(set), 0), 0);
		s = P.srv;
		memset(s.csig, 0, sizeof s.csig);
		CHECK_EQ(qstp_root_sign(&s, &P.root, &k), 0);
		CHECK_EQ(qstp_cert_verify(&P.root, &s, set, NOW0 + 200), 0);
		qstp_key_wipe(&k);

		CHECK(qstp_server_cert_describe(text, sizeof text, &s) > 0);
		CHECK(strstr(text, "example_host.qrc") != NULL);
		CHECK(strstr(text, cs->sig_name) != NULL);
	}
}

TEST(root_sign_clamps_valid_to)
{
	trng a = { 9, 0, 0 };
	CHECK_EQ(make_pki(&P, 1), 0);
	CHECK_EQ(qstp_server_generate(&P.srv, &P.skey, 1, "long_lived", 730, NOW0 + 5 * DAY,
	                              test_rng, &a), 0);
	CHECK(P.srv.valid_to > P.root.valid_to);
	CHECK_EQ(qstp_root_sign(&P.srv, &P.root, &P.rkey), 0);
	CHECK_EQ(P.srv.valid_to, P.root.valid_to);
	CHECK_EQ(qstp_cert_verify(&P.root, &P.srv, 1, P.root.valid_to), 0);
}

/* The numbered table: a bad certificate (or operation) and its exact error. */
TEST(bad_certificates_table)
{
	static qstp_root_cert r, r2;
	static qstp_server_cert s, s2;
	static qstp_secret_key k2;
	static uint8_t rb[8192], sb[8192];
	const uint8_t set = 3;
	const uint64_t now = NOW0 + 200;
	const qstp_config_set *cs = qstp_config_get(set);
	const size_t S = cs->sig_bytes + 32, V = cs->sig_pk_bytes;
	const size_t rn = qstp_root_cert_size(set), sn = qstp_server_cert_size(set);

	CHECK_EQ(make_pki(&P, set), 0);
#define CASE(num, expr, want)                                                        \
	do {                                                                         \
		int got_ = (expr);                                                   \
		if (got_ != (want))                                                  \
			fprintf(stderr, "case %d: got %s\n", num, qstp_strerror(got_));  \
		CHECK_EQ(got_, want);                                                \
	} while (0)

	/* 1-4: validity windows (12b.3). */
	CASE(1, qstp_cert_verify(&P.root, &P.srv, set, P.srv.valid_to + 1), QSTP_ERR_CERT_EXPIRED);
	CASE(2, qstp_cert_verify(&P.root, &P.srv, set, NOW0 + 50), QSTP_ERR_CERT_NOT_YET_VALID);
	CASE(3, qstp_cert_verify(&P.root, &P.srv, set, P.root.valid_to + 1), QSTP_ERR_CERT_EXPIRED);
	CASE(4, qstp_cert_verify(&P.root, &P.srv, set, NOW0 - 1), QSTP_ERR_CERT_NOT_YET_VALID);
	CASE(5, qstp_cert_verify(&P.root, &P.srv, set, P.srv.valid_to), 0); /* inclusive */

	/* 6: signed by another root. */
	s = P.srv;
	CHECK_EQ(qstp_root_sign(&s, &P.root2, &P.rkey2), 0);
	CASE(6, qstp_cert_verify(&P.root, &s, set, now), QSTP_ERR_CERT_SIGNATURE);
	/* 7: a root whose self-signature is another root's. */
	r = P.root;
	memcpy(r.csig, P.root2.csig, S);
	CASE(7, qstp_cert_verify(&r, &P.srv, set, now), QSTP_ERR_CERT_SIGNATURE);
	CASE(8, qstp_root_cert_verify(&r, set, now), QSTP_ERR_CERT_SIGNATURE);

	/* 9-10: wrong algorithm (configured set differs; both certificates are
	 * otherwise fine), in the structure and in the bytes. */
	CASE(9, qstp_cert_verify(&P.root, &P.srv, 1, now), QSTP_ERR_CERT_ALGORITHM);
	CHECK_EQ(qstp_server_cert_encode(sb, sn, &P.srv), 0);
	sb[sn - 2] = 2;
	CASE(10, qstp_server_cert_decode(&s, sb, sn), QSTP_ERR_CERT_ALGORITHM);

	/* 11-13: wrong version, in the bytes and validly signed. */
	CHECK_EQ(qstp_server_cert_encode(sb, sn, &P.srv), 0);
	sb[sn - 1] = 2;
	CASE(11, qstp_server_cert_decode(&s, sb, sn), QSTP_ERR_CERT_VERSION);
	s = P.srv;
	s.version = 2;
	CHECK_EQ(resign(&s, &P.rkey), 0);
	CASE(12, qstp_cert_verify(&P.root, &s, set, now), QSTP_ERR_CERT_VERSION);
	r = P.root;
	r.version = 0;
	CHECK_EQ(resign_root(&r, &P.rkey), 0);
	CASE(13, qstp_root_cert_verify(&r, set, now), QSTP_ERR_CERT_VERSION);

	/* 14-15: rootser wrong; outliving the root (both validly signed). */
	s = P.srv;
	s.rootser[5] ^= 1;
	CHECK_EQ(resign(&s, &P.rkey), 0);
	CASE(14, qstp_cert_verify(&P.root, &s, set, now), QSTP_ERR_CERT_ROOT_SERIAL);
	s = P.srv;
	s.valid_to = P.root.valid_to + 1;
	CHECK_EQ(resign(&s, &P.rkey), 0);
	CASE(15, qstp_cert_verify(&P.root, &s, set, now), QSTP_ERR_CERT_OUTLIVES_ROOT);

	/* 16-17: truncated and extended by one byte. */
	CHECK_EQ(qstp_server_cert_encode(sb, sn, &P.srv), 0);
	CHECK_EQ(qstp_root_cert_encode(rb, rn, &P.root), 0);
	CASE(16, qstp_server_cert_decode(&s, sb, sn - 1), QSTP_ERR_CERT_LENGTH);
	CASE(17, qstp_server_cert_decode(&s, sb, sn + 1), QSTP_ERR_CERT_LENGTH);
	CASE(16, qstp_root_cert_decode(&r, rb, rn - 1), QSTP_ERR_CERT_LENGTH);
	CASE(17, qstp_root_cert_decode(&r, rb, rn + 1), QSTP_ERR_CERT_LENGTH);

	/* 18: every field of the server certificate tampered (one bit), after
	 * signing.  The signature covers the hash in csig, so damage to csig is a
	 * signature failure; damage elsewhere leaves a valid signature over a
	 * hash that no longer matches. */
	{
		static const struct {
			const char *field;
			size_t off;
			int want;
		} f[] = {
			{ "csig.signature", 0, QSTP_ERR_CERT_SIGNATURE },
			{ "csig.hash", 0, QSTP_ERR_CERT_SIGNATURE }, /* off = S - 32, below */
			{ "verkey", 0, QSTP_ERR_CERT_HASH },
			{ "issuer", 0, QSTP_ERR_CERT_HASH },
			{ "serial", 0, QSTP_ERR_CERT_HASH },
			{ "rootser", 0, QSTP_ERR_CERT_HASH },
			{ "valid_from", 0, QSTP_ERR_CERT_HASH },
			{ "valid_to", 0, QSTP_ERR_CERT_HASH },
			{ "algorithm", 0, QSTP_ERR_CERT_ALGORITHM },
			{ "version", 0, QSTP_ERR_CERT_VERSION },
		};
		const size_t off[] = { 7, S - 32 + 3, S + 9, S + V + 1, S + V + 32 + 4,
		                       S + V + 48 + 15, S + V + 64 + 1, S + V + 72 + 0,
		                       S + V + 80, S + V + 81 };
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
			int e;
			CHECK_EQ(qstp_server_cert_encode(sb, sn, &P.srv), 0);
			sb[off[i]] ^= 0x01;
			e = qstp_server_cert_decode(&s, sb, sn);
			if (e == 0)
				e = qstp_cert_verify(&P.root, &s, set, now);
			if (e != f[i].want)
				fprintf(stderr, "case 18 (server %s): got %s\n", f[i].field,
				        qstp_strerror(e));
			CHECK_EQ(e, f[i].want);
		}
	}
	/* 19: every field of the root certificate tampered.  The root verifies
	 * itself, so a changed verkey breaks the signature. */
	{
		static const struct {
			const char *field;
			size_t off;
			int want;
		} f[] = {
			{ "csig.signature", 100, QSTP_ERR_CERT_SIGNATURE },
			{ "csig.hash", 0, QSTP_ERR_CERT_SIGNATURE },
			{ "verkey", 0, QSTP_ERR_CERT_SIGNATURE },
			{ "issuer", 0, QSTP_ERR_CERT_HASH },
			{ "serial", 0, QSTP_ERR_CERT_HASH },
			{ "valid_from", 0, QSTP_ERR_CERT_HASH },
			{ "valid_to", 0, QSTP_ERR_CERT_HASH },
			{ "algorithm", 0, QSTP_ERR_CERT_ALGORITHM },
			{ "version", 0, QSTP_ERR_CERT_VERSION },
		};
		const size_t off[] = { 100, S - 1, S + V - 1, S + V + 2, S + V + 32,
		                       S + V + 48 + 2, S + V + 56 + 3, S + V + 64, S + V + 65 };
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
			int e;
			CHECK_EQ(qstp_root_cert_encode(rb, rn, &P.root), 0);
			rb[off[i]] ^= 0x01;
			e = qstp_root_cert_decode(&r, rb, rn);
			if (e == 0)
				e = qstp_cert_verify(&r, &P.srv, set, now);
			if (e != f[i].want)
				fprintf(stderr, "case 19 (root %s): got %s\n", f[i].field,
				        qstp_strerror(e));
			CHECK_EQ(e, f[i].want);
		}
	}

	/* 20-21: issuer of 32 characters refused; 31 accepted. */
	{
		trng a = { 7, 0, 0 };
		const char *i32 = "abcdefghijklmnopqrstuvwxyz012345";
		const char *i31 = "abcdefghijklmnopqrstuvwxyz01234";
		CASE(20, qstp_root_generate(&r2, &k2, set, i32, 30, NOW0, test_rng, &a),
		     QSTP_ERR_CERT_ISSUER);
		CHECK_EQ(r2.set, 0); /* zeroed on error */
		CASE(21, qstp_server_generate(&s2, &k2, set, i31, 30, NOW0, test_rng, &a), 0);
		CASE(20, qstp_server_generate(&s2, &k2, set, "tab\there", 30, NOW0, test_rng, &a),
		     QSTP_ERR_CERT_ISSUER);
		CASE(20, qstp_server_generate(&s2, &k2, set, "", 30, NOW0, test_rng, &a),
		     QSTP_ERR_CERT_ISSUER);
	}

	/* 22: key of the wrong set, or not this root's key, cannot sign. */
	{
		static pki Q;
		CHECK_EQ(make_pki(&Q, 1), 0);
		s = P.srv;
		CASE(22, qstp_root_sign(&s, &P.root, &Q.rkey), QSTP_ERR_CERT_ALGORITHM);
		CASE(23, qstp_root_sign(&s, &P.root, &P.rkey2), QSTP_ERR_CERT_KEY_MISMATCH);
		CASE(24, qstp_root_sign(&s, &P.root, &P.skey), QSTP_ERR_CERT_KEY_MISMATCH);
		CHECK(memcmp(&s, &P.srv, sizeof s) == 0); /* untouched on error */
		/* A set-1 certificate against a set-3 root. */
		CASE(25, qstp_cert_verify(&P.root, &Q.srv, set, now), QSTP_ERR_CERT_ALGORITHM);
	}

	/* 26-27: days out of range; the random source failing. */
	{
		trng a = { 8, 0, 0 }, bad = { 8, 0, 2 };
		CASE(26, qstp_server_generate(&s2, &k2, set, "x", QSTP_CERT_DAYS_MAX + 1, NOW0,
		                              test_rng, &a), QSTP_ERR_CERT_VALIDITY);
		CASE(27, qstp_server_generate(&s2, &k2, set, "x", 10, NOW0, test_rng, &bad),
		     QSTP_ERR_RANDOM);
		uint8_t zero[sizeof k2.sigkey];
		memset(zero, 0, sizeof zero);
		CHECK_MEM(k2.sigkey, zero, sizeof zero);
		CHECK_EQ(s2.set, 0);
	}
	/* 28-30: a server key file and its certificate belong together. */
	CASE(28, qstp_server_key_matches(&P.skey, &P.srv), 0);
	CASE(29, qstp_server_key_matches(&P.rkey, &P.srv), QSTP_ERR_CERT_KEY_MISMATCH);
	k2 = P.skey;
	k2.serial[0] ^= 1;
	CASE(30, qstp_server_key_matches(&k2, &P.srv), QSTP_ERR_CERT_KEY_MISMATCH);
	k2 = P.skey;
	k2.verkey[100] ^= 1;
	CASE(30, qstp_server_key_matches(&k2, &P.srv), QSTP_ERR_CERT_KEY_MISMATCH);
	k2 = P.skey;
	k2.set = 1;
	CASE(30, qstp_server_key_matches(&k2, &P.srv), QSTP_ERR_CERT_ALGORITHM);

#undef CASE
}
