/* Configuration-set table, certificate / key-file codec, text armour and
 * describe: expected values are PROTOCOL.md's numbers or were computed
 * outside this code (Python hashlib/base64) from the fixed fields below. */
#include "test.h"

#include "qstp/cert.h"
#include "qstp/config.h"
#include "qstp/errors.h"

/* PROTOCOL.md 2.3.7: sizes per set. */
static const struct {
	uint8_t id;
	size_t root, server, rootkey, serverkey, s, v, sk;
} sizes[] = {
	{ 1, 3830, 3846, 3938, 3970, 2452, 1312, 2560 },
	{ 2, 5359, 5375, 6050, 6082, 3341, 1952, 4032 },
	{ 3, 7317, 7333, 7554, 7586, 4659, 2592, 4896 },
};

TEST(config_table_sizes)
{
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		const qstp_config_set *cs = qstp_config_get(sizes[i].id);
		CHECK(cs != NULL);
		CHECK_EQ(cs->id, sizes[i].id);
		CHECK_EQ(cs->sig_bytes + 32, sizes[i].s);
		CHECK_EQ(cs->sig_pk_bytes, sizes[i].v);
		CHECK_EQ(cs->sig_sk_bytes, sizes[i].sk);
		CHECK(cs->sig_bytes + 32 <= QSTP_SIG_FIELD_MAX_BYTES);
		CHECK(cs->sig_pk_bytes <= QSTP_SIG_PK_MAX_BYTES);
		CHECK(cs->sig_sk_bytes <= QSTP_SIG_SK_MAX_BYTES);
		CHECK(cs->kem_ek_bytes <= QSTP_KEM_EK_MAX_BYTES);
		CHECK(cs->kem_dk_bytes <= QSTP_KEM_DK_MAX_BYTES);
		CHECK(cs->kem_ct_bytes <= QSTP_KEM_CT_MAX_BYTES);
		CHECK_EQ(qstp_root_cert_size(cs->id), sizes[i].root);
		CHECK_EQ(qstp_server_cert_size(cs->id), sizes[i].server);
		CHECK_EQ(qstp_root_key_size(cs->id), sizes[i].rootkey);
		CHECK_EQ(qstp_server_key_size(cs->id), sizes[i].serverkey);
		CHECK(qstp_config_by_name(cs->name) == cs);
	}
	/* 2.3.7 KEM sizes of the default set. */
	CHECK_EQ(qstp_config_get(3)->kem_ek_bytes, 1568);
	CHECK_EQ(qstp_config_get(3)->kem_ct_bytes, 1568);
	CHECK_EQ(qstp_config_get(1)->kem_ct_bytes, 768);
	CHECK_EQ(qstp_config_get(2)->kem_ek_bytes, 1184);
	CHECK(qstp_config_get(0) == NULL);
	CHECK(qstp_config_get(4) == NULL);
	CHECK(qstp_config_get(0x0E) == NULL);
	CHECK_EQ(qstp_root_cert_size(4), 0);
	CHECK(qstp_config_by_name("dilithium-s5_kyber-s6_rcs-256_sha3-256") == NULL);
	CHECK(qstp_config_by_name("") == NULL);
	CHECK_EQ(QSTP_SET_DEFAULT, 3);
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
	/* Unknown algorithm byte; a supported one on the wrong size. */
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
	bin[n - 2] = 9;
	CHECK_EQ(qstp_secret_key_decode(&d, bin, n, 1), QSTP_ERR_CERT_ALGORITHM);
	CHECK_EQ(d.set, 0);
	uint8_t zero[sizeof d.sigkey];
	memset(zero, 0, sizeof zero);
	CHECK_MEM(d.sigkey, zero, sizeof zero); /* wiped on error */
	/* Encoder refuses a too-small buffer and an unknown set. */
	CHECK_EQ(qstp_secret_key_encode(bin, n - 1, &k), QSTP_ERR_BUFFER_TOO_SMALL);
	k.set = 7;
	CHECK_EQ(qstp_secret_key_encode(bin, sizeof bin, &k), QSTP_ERR_CERT_ALGORITHM);
}
