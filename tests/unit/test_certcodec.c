/* Configuration-set table, certificate / key-file codec, text armour and
 * describe: expected values are PROTOCOL.md's numbers or were computed
 * outside this code (Python hashlib/base64) from the fixed fields below. */
#include "test.h"

#include "qstp/cert.h"
#include "qstp/config.h"
#include "qstp/errors.h"

/* PROTOCOL.md 2.1 and 2.3.7, typed from the spec's tables: per set the
 * scheme names, S (signed hash field), V, SK, the KEM's ek / dk / ct, and
 * the four serialized sizes. */
static const struct {
	uint8_t id;
	const char *name, *sig;
	size_t s, v, sk, ek, dk, ct;
	size_t root, server, rootkey, serverkey;
} sizes[] = {
	{ 0x01, "dilithium-s1_kyber-s1_rcs-256_sha3-256", "ML-DSA-44", 2452, 1312, 2560,
	  800, 1632, 768, 3830, 3846, 3938, 3970 },
	{ 0x02, "dilithium-s3_kyber-s3_rcs-256_sha3-256", "ML-DSA-65", 3341, 1952, 4032,
	  1184, 2400, 1088, 5359, 5375, 6050, 6082 },
	{ 0x03, "dilithium-s5_kyber-s5_rcs-256_sha3-256", "ML-DSA-87", 4659, 2592, 4896,
	  1568, 3168, 1568, 7317, 7333, 7554, 7586 },
	{ 0x04, "dilithium-s5_kyber-s6_rcs-256_sha3-256", "ML-DSA-87", 4659, 2592, 4896,
	  1952, 3936, 1920, 7317, 7333, 7554, 7586 },
	{ 0x05, "dilithium-s1_mceliece-s1_rcs-256_sha3-256", "ML-DSA-44", 2452, 1312, 2560,
	  261120, 6492, 128, 3830, 3846, 3938, 3970 },
	{ 0x06, "dilithium-s3_mceliece-s3_rcs-256_sha3-256", "ML-DSA-65", 3341, 1952, 4032,
	  524160, 13608, 188, 5359, 5375, 6050, 6082 },
	{ 0x07, "dilithium-s5_mceliece-s5_rcs-256_sha3-256", "ML-DSA-87", 4659, 2592, 4896,
	  1044992, 13932, 240, 7317, 7333, 7554, 7586 },
	{ 0x08, "dilithium-s5_mceliece-s6_rcs-256_sha3-256", "ML-DSA-87", 4659, 2592, 4896,
	  1047319, 13948, 226, 7317, 7333, 7554, 7586 },
	{ 0x09, "dilithium-s5_mceliece-s7_rcs-256_sha3-256", "ML-DSA-87", 4659, 2592, 4896,
	  1357824, 14120, 240, 7317, 7333, 7554, 7586 },
	{ 0x0A, "sphincs-s1_mceliece-s1_rcs-256_sha3-256", "SLH-DSA-SHAKE-128s", 7888, 32, 64,
	  261120, 6492, 128, 7986, 8002, 162, 194 },
	{ 0x0B, "sphincs-s3_mceliece-s3_rcs-256_sha3-256", "SLH-DSA-SHAKE-192s", 16256, 48, 96,
	  524160, 13608, 188, 16370, 16386, 210, 242 },
	{ 0x0C, "sphincs-s5_mceliece-s5_rcs-256_sha3-256", "SLH-DSA-SHAKE-256s", 29824, 64, 128,
	  1044992, 13932, 240, 29954, 29970, 258, 290 },
	{ 0x0D, "sphincs-s5_mceliece-s6_rcs-256_sha3-256", "SLH-DSA-SHAKE-256s", 29824, 64, 128,
	  1047319, 13948, 226, 29954, 29970, 258, 290 },
	{ 0x0E, "sphincs-s5_mceliece-s7_rcs-256_sha3-256", "SLH-DSA-SHAKE-256s", 29824, 64, 128,
	  1357824, 14120, 240, 29954, 29970, 258, 290 },
};

TEST(config_table_sizes)
{
	CHECK_EQ(sizeof sizes / sizeof sizes[0], 14);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		const qstp_config_set *cs = qstp_config_known(sizes[i].id);
		int supported = sizes[i].id <= 0x03; /* this build: ML-DSA + ML-KEM only */
		CHECK(cs != NULL);
		CHECK_EQ(cs->id, sizes[i].id);
		CHECK(strcmp(cs->name, sizes[i].name) == 0);
		CHECK(strcmp(cs->sig_name, sizes[i].sig) == 0);
		CHECK_EQ(cs->supported, supported);
		CHECK(qstp_config_get(sizes[i].id) == (supported ? cs : NULL));
		CHECK(qstp_config_by_name(sizes[i].name) == (supported ? cs : NULL));
		CHECK_EQ(cs->sig_bytes + 32, sizes[i].s);
		CHECK_EQ(cs->sig_pk_bytes, sizes[i].v);
		CHECK_EQ(cs->sig_sk_bytes, sizes[i].sk);
		CHECK_EQ(cs->kem_ek_bytes, sizes[i].ek);
		CHECK_EQ(cs->kem_dk_bytes, sizes[i].dk);
		CHECK_EQ(cs->kem_ct_bytes, sizes[i].ct);
		/* The certificate structures hold every known set ... */
		CHECK(cs->sig_bytes + 32 <= QSTP_SIG_FIELD_MAX_BYTES);
		CHECK(cs->sig_bytes <= QSTP_SIG_MAX_BYTES);
		CHECK(cs->sig_pk_bytes <= QSTP_SIG_PK_MAX_BYTES);
		CHECK(cs->sig_sk_bytes <= QSTP_SIG_SK_MAX_BYTES);
		/* ... the protocol's KEM buffers every supported one. */
		if (supported) {
			CHECK(cs->kem_ek_bytes <= QSTP_KEM_EK_MAX_BYTES);
			CHECK(cs->kem_dk_bytes <= QSTP_KEM_DK_MAX_BYTES);
			CHECK(cs->kem_ct_bytes <= QSTP_KEM_CT_MAX_BYTES);
			CHECK(cs->sig_level == 44 || cs->sig_level == 65 || cs->sig_level == 87);
			CHECK(cs->kem_k >= 2 && cs->kem_k <= 4);
		}
		CHECK_EQ(qstp_root_cert_size(cs->id), sizes[i].root);
		CHECK_EQ(qstp_server_cert_size(cs->id), sizes[i].server);
		CHECK_EQ(qstp_root_key_size(cs->id), sizes[i].rootkey);
		CHECK_EQ(qstp_server_key_size(cs->id), sizes[i].serverkey);
	}
	/* The maxima are reached (not merely bounds). */
	CHECK_EQ(QSTP_SIG_FIELD_MAX_BYTES, 29824);
	CHECK_EQ(QSTP_SIG_PK_MAX_BYTES, 2592);
	CHECK_EQ(QSTP_SIG_SK_MAX_BYTES, 4896);
	CHECK_EQ(QSTP_KEM_EK_MAX_BYTES, 1568);
	/* Unknown ids: no set, no sizes. */
	static const uint8_t unknown[] = { 0x00, 0x0F, 0x10, 0x80, 0xFF };
	for (size_t i = 0; i < sizeof unknown; i++) {
		CHECK(qstp_config_known(unknown[i]) == NULL);
		CHECK(qstp_config_get(unknown[i]) == NULL);
		CHECK_EQ(qstp_root_cert_size(unknown[i]), 0);
		CHECK_EQ(qstp_server_cert_size(unknown[i]), 0);
		CHECK_EQ(qstp_root_key_size(unknown[i]), 0);
		CHECK_EQ(qstp_server_key_size(unknown[i]), 0);
	}
	CHECK(qstp_config_by_name("dilithium-s5_kyber-s7_rcs-256_sha3-256") == NULL);
	CHECK(qstp_config_by_name("") == NULL);
	CHECK(qstp_config_by_name(NULL) == NULL);
	CHECK_EQ(QSTP_SET_DEFAULT, 3);
	CHECK_EQ(QSTP_SET_KNOWN_MAX, 0x0E);
}

/* The decoders' "truncated or extended is a length error" rests on this:
 * within one form, two known sets' sizes are equal or at least 2 apart. */
TEST(sizes_never_one_apart)
{
	size_t (*const form[4])(uint8_t) = { qstp_root_cert_size, qstp_server_cert_size,
	                                     qstp_root_key_size, qstp_server_key_size };
	for (int f = 0; f < 4; f++)
		for (uint8_t a = 1; a <= QSTP_SET_KNOWN_MAX; a++)
			for (uint8_t b = 1; b <= QSTP_SET_KNOWN_MAX; b++)
				CHECK(form[f](a) + 1 != form[f](b));
}

TEST(config_field_default)
{
	/* PROTOCOL.md 2.2, byte for byte. */
	uint8_t f[42], want[42];
	CHECK_EQ(test_hex_decode(want, 42, "64696C69746869756D2D73355F6B796265722D73355F7263732D"
	                                   "3235365F736861332D32353600000000"), 42);
	memset(f, 0xAA, sizeof f);
	qstp_config_field(f, qstp_config_get(3));
	CHECK_MEM(f, want, 42);
}

/* Fixed set-1 root certificate: csig 0x11.., verkey 0x22.., issuer
 * "unit-test-root", serial 00..0f, 2000-02-29 to 2099-12-31T23:59:59Z. */
static void fixed_root(qstp_root_cert *c)
{
	memset(c, 0, sizeof *c);
	c->set = 1;
	c->version = 1;
	memset(c->csig, 0x11, 2452);
	memset(c->verkey, 0x22, 1312);
	memcpy(c->issuer, "unit-test-root", 14);
	for (int i = 0; i < 16; i++)
		c->serial[i] = (uint8_t)i;
	c->valid_from = 951782400;
	c->valid_to = 4102444799;
}

TEST(root_hash_and_fingerprint_independent)
{
	static qstp_root_cert c;
	static uint8_t bin[3830];
	uint8_t h[32], want[32];
	static char text[2048];

	fixed_root(&c);
	qstp_root_cert_hash(h, &c);
	test_hex_decode(want, 32, "a0ac9c08ae4e9bd868b4405182feca7db9414429168f84e75fbd6602acbe868e");
	CHECK_MEM(h, want, 32);
	CHECK_EQ(qstp_root_cert_encode(bin, sizeof bin, &c), 0);
	CHECK_EQ(bin[3828], 1);
	CHECK_EQ(bin[3812], 0x00); /* valid_from LE64: 951782400 = 0x38BB0C00 */
	CHECK_EQ(bin[3813], 0x0C);
	CHECK_EQ(bin[3814], 0xBB);
	CHECK_EQ(bin[3815], 0x38);
	CHECK(qstp_root_cert_describe(text, sizeof text, &c) > 0);
	CHECK(strstr(text, "unit-test-root") != NULL);
	CHECK(strstr(text, "000102030405060708090a0b0c0d0e0f") != NULL);
	CHECK(strstr(text, "2000-02-29T00:00:00Z") != NULL);
	CHECK(strstr(text, "2099-12-31T23:59:59Z") != NULL);
	CHECK(strstr(text, "ML-DSA-44") != NULL);
	CHECK(strstr(text, "443179c737c75aede44184c3331b989530feb55bb4b6f9801c6894f4876b12aa") != NULL);
	/* Too small a buffer is an error, never a silent truncation. */
	CHECK_EQ(qstp_root_cert_describe(text, 40, &c), QSTP_ERR_BUFFER_TOO_SMALL);
}

TEST(describe_epoch)
{
	static qstp_server_cert c;
	static char text[2048];
	memset(&c, 0, sizeof c);
	c.set = 2;
	c.version = 1;
	c.valid_from = 0;
	c.valid_to = 1709251199; /* 2024-02-29T23:59:59Z */
	memset(c.rootser, 0xAB, 16);
	CHECK(qstp_server_cert_describe(text, sizeof text, &c) > 0);
	CHECK(strstr(text, "1970-01-01T00:00:00Z") != NULL);
	CHECK(strstr(text, "2024-02-29T23:59:59Z") != NULL);
	CHECK(strstr(text, "abababababababababababababababab") != NULL);
	CHECK(strstr(text, "ML-DSA-65") != NULL);
}

TEST(armor_known_text)
{
	static qstp_root_cert c;
	static uint8_t bin[3830], back[4096];
	static char text[8192];
	size_t n;
	int kind, len;
	const char *first = "-----BEGIN QSTP ROOT CERTIFICATE-----\n"
	                    "ERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERER\n";
	const char *last = "\nAAAAAAABAgMEBQYHCAkKCwwNDg8ADLs4AAAAAP9WhvQAAAAAAQE=\n"
	                   "-----END QSTP ROOT CERTIFICATE-----\n";

	fixed_root(&c);
	CHECK_EQ(qstp_root_cert_encode(bin, sizeof bin, &c), 0);
	CHECK(qstp_armor_size(sizeof bin) <= sizeof text);
	len = qstp_armor_encode(text, sizeof text, bin, sizeof bin, 0);
	CHECK(len > 0);
	CHECK_EQ((size_t)len, strlen(text));
	CHECK(strncmp(text, first, strlen(first)) == 0);
	CHECK(strcmp(text + len - strlen(last), last) == 0);
	/* 5108 base64 characters: 79 full lines and one of 52. */
	CHECK_EQ((size_t)len, strlen("-----BEGIN QSTP ROOT CERTIFICATE-----\n") + 5108 + 80 +
	                              strlen("-----END QSTP ROOT CERTIFICATE-----\n"));
	CHECK_EQ(qstp_cert_unarmor(back, sizeof back, &n, &kind, (const uint8_t *)text,
	                           (size_t)len), 0);
	CHECK_EQ(kind, 1);
	CHECK_EQ(n, sizeof bin);
	CHECK_MEM(back, bin, sizeof bin);
	/* Raw binary passes through, its kind known from the size. */
	CHECK_EQ(qstp_cert_unarmor(back, sizeof back, &n, &kind, bin, sizeof bin), 0);
	CHECK_EQ(kind, 1);
	CHECK_EQ(n, sizeof bin);
	/* Without the final LF it is still accepted. */
	CHECK_EQ(qstp_cert_unarmor(back, sizeof back, &n, &kind, (const uint8_t *)text,
	                           (size_t)len - 1), 0);
}

/* Numbered bad armour: each must fail with QSTP_ERR_CERT_ARMOR. */
TEST(armor_bad_table)
{
	static const char *bad[] = {
		/* 1 bad base64 character */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAAA*\n-----END QSTP ROOT CERTIFICATE-----\n",
		/* 2 wrong banner */
		"-----BEGIN QSTP ROUTE CERTIFICATE-----\nAAAA\n-----END QSTP ROUTE CERTIFICATE-----\n",
		/* 3 END banner of the other kind */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAAAA\n-----END QSTP SERVER CERTIFICATE-----\n",
		/* 4 trailing junk after END */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAAAA\n-----END QSTP ROOT CERTIFICATE-----\nx",
		/* 5 two LFs after END */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAAAA\n-----END QSTP ROOT CERTIFICATE-----\n\n",
		/* 6 no END */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAAAA\n",
		/* 7 empty body */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\n-----END QSTP ROOT CERTIFICATE-----\n",
		/* 8 length not a multiple of 4 */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAAAAA\n-----END QSTP ROOT CERTIFICATE-----\n",
		/* 9 padding in the middle */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAA==AAAA\n-----END QSTP ROOT CERTIFICATE-----\n",
		/* 10 non-zero pad bits ("AB==" has bits set the padding drops) */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAB==\n-----END QSTP ROOT CERTIFICATE-----\n",
		/* 11 a short line that is not the last */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAAAA\nAAAA\n-----END QSTP ROOT CERTIFICATE-----\n",
		/* 12 CRLF line ends */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\r\nAAAA\r\n-----END QSTP ROOT CERTIFICATE-----\r\n",
		/* 13 whitespace inside a line */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\nAA AA\n-----END QSTP ROOT CERTIFICATE-----\n",
		/* 14 a line longer than 64 characters */
		"-----BEGIN QSTP ROOT CERTIFICATE-----\n"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
		"-----END QSTP ROOT CERTIFICATE-----\n",
		/* 15 leading junk before BEGIN is not armour, and BEGIN without a type */
		"-----BEGIN \nAAAA\n-----END \n",
	};
	static uint8_t out[256];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = 99;
		int kind = 99;
		int e = qstp_cert_unarmor(out, sizeof out, &n, &kind, (const uint8_t *)bad[i],
		                          strlen(bad[i]));
		if (e != QSTP_ERR_CERT_ARMOR)
			fprintf(stderr, "bad armour %zu: got %d\n", i + 1, e);
		CHECK_EQ(e, QSTP_ERR_CERT_ARMOR);
		CHECK_EQ(n, 0);
		CHECK_EQ(kind, 0);
	}
	/* And the good forms of the same shapes decode. */
	{
		const char *good = "-----BEGIN QSTP SERVER CERTIFICATE-----\nAA==\n"
		                   "-----END QSTP SERVER CERTIFICATE-----\n";
		size_t n;
		int kind;
		CHECK_EQ(qstp_cert_unarmor(out, sizeof out, &n, &kind, (const uint8_t *)good,
		                           strlen(good)), 0);
		CHECK_EQ(n, 1);
		CHECK_EQ(out[0], 0);
		CHECK_EQ(kind, 2);
	}
}

TEST(decode_rejects_shapes)
{
	static qstp_root_cert c, d;
	static uint8_t bin[3831];

	fixed_root(&c);
	CHECK_EQ(qstp_root_cert_encode(bin, 3830, &c), 0);
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), 0);
	/* Truncated and extended by one byte. */
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3829), QSTP_ERR_CERT_LENGTH);
	bin[3830] = 0;
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3831), QSTP_ERR_CERT_LENGTH);
	CHECK_EQ(d.set, 0); /* zeroed on error */
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 0), QSTP_ERR_CERT_LENGTH);
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 1), QSTP_ERR_CERT_LENGTH);
	/* Unknown algorithm byte; a known one on the wrong size. */
	bin[3828] = 0x0F;
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ALGORITHM);
	bin[3828] = 0xFF;
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ALGORITHM);
	bin[3828] = 0x0A;
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ALGORITHM);
	bin[3828] = 0x04;
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ALGORITHM);
	bin[3828] = 0x00;
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ALGORITHM);
	bin[3828] = 0x03;
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ALGORITHM);
	bin[3828] = 0x01;
	/* Version. */
	bin[3829] = 0x02;
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_VERSION);
	bin[3829] = 0x01;
	/* Issuer of 32 characters (byte 31 not NUL), bytes after the NUL, control chars. */
	memset(bin + 3764, 'a', 32);
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ISSUER);
	memset(bin + 3764 + 31, 0, 1);
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), 0); /* 31 characters is fine */
	memcpy(bin + 3764, "ab\0c", 4);
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ISSUER);
	memcpy(bin + 3764, "ab\nc", 4);
	CHECK_EQ(qstp_root_cert_decode(&d, bin, 3830), QSTP_ERR_CERT_ISSUER);
	/* A root certificate is not a server certificate (sizes differ). */
	fixed_root(&c);
	CHECK_EQ(qstp_root_cert_encode(bin, 3830, &c), 0);
	{
		static qstp_server_cert s;
		CHECK_EQ(qstp_server_cert_decode(&s, bin, 3830), QSTP_ERR_CERT_LENGTH);
	}
}

TEST(keyfile_wrong_set_and_schash)
{
	static qstp_secret_key k, d;
	static uint8_t bin[7586];
	size_t n = qstp_server_key_size(3);

	memset(&k, 0, sizeof k);
	k.set = 3;
	k.version = 1;
	k.is_server = 1;
	memcpy(k.issuer, "srv", 3);
	memset(k.sigkey, 0x33, 4896);
	memset(k.verkey, 0x44, 2592);
	k.valid_to = 1;
	CHECK_EQ(qstp_secret_key_encode(bin, sizeof bin, &k), 0);
	for (size_t i = 32; i < 64; i++)
		CHECK_EQ(bin[i], 0); /* schash written as zeros */
	memset(bin + 32, 0xEE, 32); /* and ignored on read */
	CHECK_EQ(qstp_secret_key_decode(&d, bin, n, 1), 0);
	CHECK_EQ(d.set, 3);
	CHECK_EQ(d.is_server, 1);
	CHECK_MEM(d.sigkey, k.sigkey, 4896);
	/* Read as a root key file: wrong size for a root file of any set. */
	CHECK_EQ(qstp_secret_key_decode(&d, bin, n, 0), QSTP_ERR_CERT_LENGTH);
	/* Key file of the wrong set: set 3 bytes labelled set 1. */
	bin[n - 2] = 1;
	CHECK_EQ(qstp_secret_key_decode(&d, bin, n, 1), QSTP_ERR_CERT_ALGORITHM);
	/* Set 0x09 (ML-DSA-87 too) has this very size: it decodes, as set 9. */
	bin[n - 2] = 9;
	CHECK_EQ(qstp_secret_key_decode(&d, bin, n, 1), 0);
	CHECK_EQ(d.set, 9);
	/* SLH-DSA-SHAKE-128s (0x0A) has another size; 0x0F is no set at all. */
	bin[n - 2] = 0x0A;
	CHECK_EQ(qstp_secret_key_decode(&d, bin, n, 1), QSTP_ERR_CERT_ALGORITHM);
	bin[n - 2] = 0x0F;
	CHECK_EQ(qstp_secret_key_decode(&d, bin, n, 1), QSTP_ERR_CERT_ALGORITHM);
	CHECK_EQ(d.set, 0);
	uint8_t zero[sizeof d.sigkey];
	memset(zero, 0, sizeof zero);
	CHECK_MEM(d.sigkey, zero, sizeof zero); /* wiped on error */
	/* Encoder refuses a too-small buffer and an unknown set. */
	CHECK_EQ(qstp_secret_key_encode(bin, n - 1, &k), QSTP_ERR_BUFFER_TOO_SMALL);
	k.set = 0x0F;
	CHECK_EQ(qstp_secret_key_encode(bin, sizeof bin, &k), QSTP_ERR_CERT_ALGORITHM);
	k.set = 0;
	CHECK_EQ(qstp_secret_key_encode(bin, sizeof bin, &k), QSTP_ERR_CERT_ALGORITHM);
}

/* Fixed set-0x0A (SLH-DSA-SHAKE-128s) root and server certificates: csig
 * 0x5A.. / 0x6B.., verkeys 00..1f and ff..e0, serials a0..af and b0..bf. */
static void fixed_slh(qstp_root_cert *r, qstp_server_cert *s)
{
	memset(r, 0, sizeof *r);
	r->set = 0x0A;
	r->version = 1;
	memset(r->csig, 0x5A, 7888);
	for (int i = 0; i < 32; i++)
		r->verkey[i] = (uint8_t)i;
	memcpy(r->issuer, "slh-root", 8);
	for (int i = 0; i < 16; i++)
		r->serial[i] = (uint8_t)(0xA0 + i);
	r->valid_from = 1700000000;
	r->valid_to = 1800000000;

	memset(s, 0, sizeof *s);
	s->set = 0x0A;
	s->version = 1;
	memset(s->csig, 0x6B, 7888);
	for (int i = 0; i < 32; i++)
		s->verkey[i] = (uint8_t)(0xFF - i);
	memcpy(s->issuer, "slh-server", 10);
	for (int i = 0; i < 16; i++)
		s->serial[i] = (uint8_t)(0xB0 + i);
	memcpy(s->rootser, r->serial, 16);
	s->valid_from = 1700000100;
	s->valid_to = 1750000000;
}

/* A set this build cannot sign or verify still encodes, decodes and hashes:
 * offsets from PROTOCOL.md 4.1 / 4.2 (SLH-DSA-SHAKE-128s rows), hashes and
 * the whole-file SHA3-256 computed with Python hashlib. */
TEST(slh_dsa_certificate_round_trip)
{
	static qstp_root_cert r, r2;
	static qstp_server_cert s, s2;
	static uint8_t rb[7987], sb[8003];
	static char text[2048];
	uint8_t h[32], want[32];

	fixed_slh(&r, &s);
	qstp_root_cert_hash(h, &r);
	test_hex_decode(want, 32, "4b4e073157dd609a1767cdfb627beaf7dd686b8360e6744eabc3af0783c71ac9");
	CHECK_MEM(h, want, 32);
	qstp_server_cert_hash(h, &s);
	test_hex_decode(want, 32, "565b76152f3a858f20f38130175ebe38b9334175025cdd636d9e8ea50ee70dbe");
	CHECK_MEM(h, want, 32);
	qstp_sch0(h, &r, &s);
	test_hex_decode(want, 32, "ced09e6baa29190abbaa1a5d041ef8b86ed1dddbd18b4a834a7b1dc96830319c");
	CHECK_MEM(h, want, 32);

	/* Root: csig 0, verkey 7888, issuer 7920, serial 7952, valid_from 7968,
	 * valid_to 7976, algorithm 7984, version 7985, size 7986. */
	CHECK_EQ(qstp_root_cert_encode(rb, 7985, &r), QSTP_ERR_BUFFER_TOO_SMALL);
	CHECK_EQ(qstp_root_cert_encode(rb, 7986, &r), 0);
	CHECK_EQ(rb[7887], 0x5A);
	CHECK_EQ(rb[7888], 0x00);
	CHECK_EQ(rb[7919], 0x1F);
	CHECK(memcmp(rb + 7920, "slh-root", 8) == 0);
	CHECK_EQ(rb[7952], 0xA0);
	CHECK_EQ(rb[7968], 0x00); /* 1700000000 = 0x6553F100 */
	CHECK_EQ(rb[7969], 0xF1);
	CHECK_EQ(rb[7971], 0x65);
	CHECK_EQ(rb[7984], 0x0A);
	CHECK_EQ(rb[7985], 0x01);
	CHECK_EQ(qstp_root_cert_decode(&r2, rb, 7986), 0);
	CHECK_EQ(r2.set, 0x0A);
	CHECK_MEM(r2.csig, r.csig, 7888);
	CHECK_MEM(r2.verkey, r.verkey, 32);
	CHECK_MEM(r2.issuer, r.issuer, 32);
	CHECK_MEM(r2.serial, r.serial, 16);
	CHECK_EQ(r2.valid_from, r.valid_from);
	CHECK_EQ(r2.valid_to, r.valid_to);
	CHECK(qstp_root_cert_describe(text, sizeof text, &r2) > 0);
	CHECK(strstr(text, "SLH-DSA-SHAKE-128s") != NULL);
	CHECK(strstr(text, "not supported") != NULL);
	CHECK(strstr(text, "86e242745d6fed21b47a0082653037c3d80d955d2b1480d9328b2b3a779ce667") != NULL);

	/* Server: rootser at 7968, algorithm 8000, size 8002. */
	CHECK_EQ(qstp_server_cert_encode(sb, 8002, &s), 0);
	CHECK_EQ(sb[7952], 0xB0);
	CHECK_EQ(sb[7968], 0xA0);
	CHECK_EQ(sb[8000], 0x0A);
	CHECK_EQ(qstp_server_cert_decode(&s2, sb, 8002), 0);
	CHECK_MEM(s2.csig, s.csig, 7888);
	CHECK_MEM(s2.rootser, s.rootser, 16);
	CHECK_EQ(s2.valid_to, s.valid_to);

	/* Strictness: one byte short or long, an unknown id, a known id of
	 * another size, a root read as a server certificate. */
	sb[8002] = 0;
	CHECK_EQ(qstp_server_cert_decode(&s2, sb, 8001), QSTP_ERR_CERT_LENGTH);
	CHECK_EQ(qstp_server_cert_decode(&s2, sb, 8003), QSTP_ERR_CERT_LENGTH);
	CHECK_EQ(qstp_root_cert_decode(&r2, rb, 7985), QSTP_ERR_CERT_LENGTH);
	CHECK_EQ(s2.set, 0);
	CHECK_EQ(qstp_server_cert_decode(&s2, rb, 7986), QSTP_ERR_CERT_LENGTH);
	rb[7984] = 0x0F;
	CHECK_EQ(qstp_root_cert_decode(&r2, rb, 7986), QSTP_ERR_CERT_ALGORITHM);
	rb[7984] = 0x0B;
	CHECK_EQ(qstp_root_cert_decode(&r2, rb, 7986), QSTP_ERR_CERT_ALGORITHM);
	rb[7984] = 0x00;
	CHECK_EQ(qstp_root_cert_decode(&r2, rb, 7986), QSTP_ERR_CERT_ALGORITHM);
}

/* The largest form: set 0x0C (SLH-DSA-SHAKE-256s) certificates of 29954 /
 * 29970 bytes fill the structures' csig exactly; its 0x0D / 0x0E twins have
 * the same size and are told apart by the algorithm byte alone. */
TEST(slh_dsa_256s_largest_and_twins)
{
	static qstp_root_cert r, r2;
	static qstp_server_cert s, s2;
	static uint8_t rb[29954], sb[29970];

	fixed_slh(&r, &s);
	r.set = s.set = 0x0C;
	memset(r.csig, 0xC3, sizeof r.csig);
	memset(s.csig, 0x3C, sizeof s.csig);
	CHECK_EQ(sizeof r.csig, 29824);
	for (int i = 32; i < 64; i++) {
		r.verkey[i] = (uint8_t)i;
		s.verkey[i] = (uint8_t)~i;
	}
	CHECK_EQ(qstp_root_cert_encode(rb, sizeof rb, &r), 0);
	CHECK_EQ(rb[29823], 0xC3);
	CHECK_EQ(rb[29887], 63); /* last verkey byte */
	CHECK_EQ(rb[29952], 0x0C);
	CHECK_EQ(qstp_root_cert_decode(&r2, rb, sizeof rb), 0);
	CHECK_MEM(r2.csig, r.csig, 29824);
	CHECK_MEM(r2.verkey, r.verkey, 64);
	CHECK_EQ(qstp_server_cert_encode(sb, sizeof sb, &s), 0);
	CHECK_EQ(sb[29968], 0x0C);
	CHECK_EQ(qstp_server_cert_decode(&s2, sb, sizeof sb), 0);
	CHECK_MEM(s2.csig, s.csig, 29824);
	rb[29952] = 0x0E;
	CHECK_EQ(qstp_root_cert_decode(&r2, rb, sizeof rb), 0);
	CHECK_EQ(r2.set, 0x0E);
	rb[29952] = 0x0A;
	CHECK_EQ(qstp_root_cert_decode(&r2, rb, sizeof rb), QSTP_ERR_CERT_ALGORITHM);
}

/* Key files of an SLH-DSA set: 4.5 offsets (192s: root sigkey 48, verkey
 * 144, valid_from 192, size 210; server sigkey 80, size 242). */
TEST(slh_dsa_keyfile_round_trip)
{
	static qstp_secret_key k, d;
	static uint8_t bin[243];

	memset(&k, 0, sizeof k);
	k.set = 0x0B;
	k.version = 1;
	memcpy(k.issuer, "slh", 3);
	memset(k.serial, 0x77, 16);
	memset(k.sigkey, 0x88, 96);
	memset(k.verkey, 0x99, 48);
	k.valid_from = 5;
	k.valid_to = 6;
	CHECK_EQ(qstp_secret_key_encode(bin, 210, &k), 0);
	CHECK_EQ(bin[47], 0x77);
	CHECK_EQ(bin[48], 0x88);
	CHECK_EQ(bin[143], 0x88);
	CHECK_EQ(bin[144], 0x99);
	CHECK_EQ(bin[192], 5);
	CHECK_EQ(bin[208], 0x0B);
	CHECK_EQ(qstp_secret_key_decode(&d, bin, 210, 0), 0);
	CHECK_MEM(d.sigkey, k.sigkey, 96);
	CHECK_EQ(d.valid_to, 6);
	CHECK_EQ(qstp_secret_key_decode(&d, bin, 209, 0), QSTP_ERR_CERT_LENGTH);
	k.is_server = 1;
	CHECK_EQ(qstp_secret_key_encode(bin, 242, &k), 0);
	CHECK_EQ(bin[80], 0x88);
	CHECK_EQ(bin[240], 0x0B);
	CHECK_EQ(qstp_secret_key_decode(&d, bin, 242, 1), 0);
	CHECK_EQ(d.is_server, 1);
	bin[242] = 0;
	CHECK_EQ(qstp_secret_key_decode(&d, bin, 243, 1), QSTP_ERR_CERT_LENGTH);
	qstp_key_wipe(&k);
	qstp_key_wipe(&d);
}

/* Decoding is not supporting: every operation that signs or verifies
 * refuses a set-0x0A certificate with the algorithm error. */
TEST(slh_dsa_verify_and_generate_refused)
{
	static qstp_root_cert r;
	static qstp_server_cert s;
	static qstp_secret_key k;
	uint8_t h[32];

	fixed_slh(&r, &s);
	/* csig = zero signature || the correct hash: only support is missing. */
	memset(r.csig, 0, 7856);
	qstp_root_cert_hash(h, &r);
	memcpy(r.csig + 7856, h, 32);
	memset(s.csig, 0, 7856);
	qstp_server_cert_hash(h, &s);
	memcpy(s.csig + 7856, h, 32);
	CHECK_EQ(qstp_cert_verify(&r, &s, 0x0A, 1700000200), QSTP_ERR_CERT_ALGORITHM);
	CHECK_EQ(qstp_cert_verify(&r, &s, 0, 1700000200), QSTP_ERR_CERT_ALGORITHM);
	CHECK_EQ(qstp_cert_verify_nosig(&r, &s, 0x0A, 1700000200), QSTP_ERR_CERT_ALGORITHM);
	CHECK_EQ(qstp_root_cert_verify(&r, 0x0A, 1700000200), QSTP_ERR_CERT_ALGORITHM);
	CHECK_EQ(qstp_root_generate(&r, &k, 0x0A, "x", 30, 1700000000, NULL, NULL),
	         QSTP_ERR_CERT_ALGORITHM);
	CHECK_EQ(qstp_server_generate(&s, &k, 0x04, "x", 30, 1700000000, NULL, NULL),
	         QSTP_ERR_CERT_ALGORITHM);
	fixed_slh(&r, &s);
	memset(&k, 0, sizeof k);
	k.set = 0x0A;
	k.version = 1;
	memcpy(k.serial, r.serial, 16);
	memcpy(k.verkey, r.verkey, 32);
	CHECK_EQ(qstp_root_sign(&s, &r, &k), QSTP_ERR_CERT_ALGORITHM);
	k.is_server = 1;
	memcpy(k.serial, s.serial, 16);
	memcpy(k.verkey, s.verkey, 32);
	CHECK_EQ(qstp_server_key_matches(&k, &s), QSTP_ERR_CERT_ALGORITHM);
	qstp_key_wipe(&k);
}
