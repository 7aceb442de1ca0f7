/*
 * SP 800-185 (cSHAKE, KMAC) and the rate-72 cSHAKE: KMAC against values from
 * outside this code (OpenSSL 3.0.19 `openssl mac KMAC-128/KMAC-256`, run
 * 2026-11-25, and for the empty keys OpenSSL refuses, the from-the-standard
 * model tests/unit/kmac_model.py, itself checked against those OpenSSL
 * values), one bit-oriented ACVP case, and the streaming property: every
 * split of absorb and squeeze equals the one-shot result.
 */
#include "test.h"

#include "qstp/keccak.h"

static void hex(uint8_t *out, size_t n, const char *h)
{
	if (test_hex_decode(out, n, h) != (int)n)
		abort();
}

static void pattern(uint8_t *p, size_t n, unsigned mul, unsigned add)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * mul + add);
}

static uint8_t k300[300], m1500[1500], m200[200], c200[200];

static void inputs(void)
{
	pattern(k300, sizeof k300, 13, 1);
	pattern(m1500, sizeof m1500, 7, 3);
	pattern(m200, sizeof m200, 1, 0);
	for (size_t i = 0; i < sizeof c200; i++)
		c200[i] = (uint8_t)('A' + i % 26);
}

/* KMAC of one key, message, customisation; 128 or 256; fixed L or XOF. */
static void kmac(int bits, int xof, uint8_t *out, size_t outlen, const uint8_t *key, size_t keylen,
                 const uint8_t *msg, size_t msglen, const uint8_t *s, size_t slen)
{
	qstp_keccak k;
	if (bits == 128)
		qstp_kmac128_init(&k, key, keylen, s, slen);
	else
		qstp_kmac256_init(&k, key, keylen, s, slen);
	qstp_keccak_absorb(&k, msg, msglen);
	if (xof) {
		qstp_kmac_final_xof(&k);
		qstp_keccak_squeeze(&k, out, outlen);
		qstp_keccak_wipe(&k);
	} else {
		qstp_kmac_final(&k, out, outlen);
	}
}

/* openssl mac -macopt hexkey:00010203 -macopt size:32 -in <bytes 0..199> KMAC-256 */
TEST(kmac256_short_key_openssl)
{
	static const uint8_t key[4] = { 0, 1, 2, 3 };
	uint8_t got[32], want[32];
	inputs();
	hex(want, 32, "75FB49414D8FAA1212BBC01E05122737047176C7568F82A6168A3CFC9601CE7F");
	kmac(256, 0, got, 32, key, 4, m200, 200, NULL, 0);
	CHECK_MEM(got, want, 32);
}

/* 300-byte key (more than one 136-byte block of bytepad), 1500-byte message,
 * empty customisation, L = 512 (OpenSSL). */
TEST(kmac256_long_key_openssl)
{
	uint8_t got[64], want[64];
	inputs();
	hex(want, 64, "8C7B8AC5C7598A691EE2DC95EF08614A0192E559D4C9B528DD1B3A5970D86817"
	              "1F2F7DD64FDC8C5FE937D327DEE8E6C44F77BD618E2ABA73AC16E34CE1653A96");
	kmac(256, 0, got, 64, k300, 300, m1500, 1500, NULL, 0);
	CHECK_MEM(got, want, 64);
}

/* KMACXOF256, long key, 200-letter customisation, 100 output bytes (OpenSSL,
 * -macopt xof:1). */
TEST(kmacxof256_long_key_long_custom_openssl)
{
	uint8_t got[100], want[100];
	inputs();
	hex(want, 100, "8EFAE9078E2B0F0493593BE8A3480640BAF8F673D60EF25DED2166763C24613F"
	               "E3D238544A37A700F806A8752899CFD419BB35D1EA721746FA3F3A753FE9B917"
	               "3F8FFEA304302BBB7BF488F42FB62BFBD81E0B48C0B67EBF5D97E8005D60A581"
	               "B768E5A7");
	kmac(256, 1, got, 100, k300, 300, m1500, 1500, c200, 200);
	CHECK_MEM(got, want, 100);
}

/* KMAC128, long key, long customisation, empty message (OpenSSL). */
TEST(kmac128_long_key_long_custom_empty_msg_openssl)
{
	uint8_t got[32], want[32];
	inputs();
	hex(want, 32, "5AE03360DFBAFFD3D53E2F6802379F43C3996767B24B419A2E60B1E096AFFE5D");
	kmac(128, 0, got, 32, k300, 300, NULL, 0, c200, 200);
	CHECK_MEM(got, want, 32);
}

/* Empty keys (kmac_model.py). */
TEST(kmac_empty_key_model)
{
	uint8_t got[64], want[64];
	inputs();
	hex(want, 32, "0B002C51EC240A9AE0E9399CECB6A6A136452522342F7E6C17C62B8CD51F583B");
	kmac(256, 0, got, 32, NULL, 0, NULL, 0, NULL, 0);
	CHECK_MEM(got, want, 32);
	hex(want, 64, "95689A8BCF75C8032F5E70C9052453C1975577BCA404A54CFFA9C73A54908050"
	              "28432EC4A50BD8CDCEE088F0A57AE45EA02DBF5C2D3CB9A02FBF0B5603E49C20");
	kmac(256, 0, got, 64, NULL, 0, m200, 200, c200, 200);
	CHECK_MEM(got, want, 64);
	hex(want, 48, "FACECA18610ECE3C1EF34F208A8B03C92AC8AD8E5B10FB5E6B54632FC541DF84"
	              "0E07B0041FE4218E1B86DE89717B8CB4");
	kmac(128, 1, got, 48, NULL, 0, (const uint8_t *)"abc", 3, NULL, 0);
	CHECK_MEM(got, want, 48);
}

/* A KMAC output depends on L (right_encode(L)); the XOF form does not: its
 * shorter outputs are prefixes of longer ones. */
TEST(kmac_length_binding)
{
	uint8_t a[64], b[32];
	inputs();
	kmac(256, 0, a, 64, k300, 32, m200, 50, NULL, 0);
	kmac(256, 0, b, 32, k300, 32, m200, 50, NULL, 0);
	CHECK(memcmp(a, b, 32) != 0);
	kmac(256, 1, a, 64, k300, 32, m200, 50, NULL, 0);
	kmac(256, 1, b, 32, k300, 32, m200, 50, NULL, 0);
	CHECK_MEM(a, b, 32);
}

/* ACVP KMAC-256-1.0 tgId 1 tcId 77 (KMACXOF256): a 1070-bit key and a 142-bit
 * message; the key's last byte is absorbed as written (see keccak.h). */
TEST(kmac256_bit_key_acvp)
{
	static const char *key_hex =
		"F62CF0D42829D1E5CF7A9F429A4EF2F0D8E144F8A30536326FBC76BA4815F842F83FE0D8D778050E"
		"6F9A74BE5BF20AE46519DE8687F65FD709C44C2D34417C4438FB30A533580EB76BCCEF02D83FF6BF"
		"EDAEFFC45A353A28E51030E23370DB5E9950FE52ADF89364E234BBC22344EB3AA6839E13A019953B"
		"4DDEA1C6BCF0EC278F1247C37A9C";
	static const char *s =
		"A=wF[8UdldkW1g{!?m-0F{{t8RWY`:O&M[^H0/t3zAvNc0gL5glYpc D@$/)_{$R4e+S)Sp0xy5%&L1(k,DxMu5iZ9(-";
	uint8_t key[134], msg[18], got[48], want[48];
	hex(key, sizeof key, key_hex);
	hex(msg, sizeof msg, "A323C576F7738829824A6DAED1C88E44FE20");
	hex(want, 48, "5B090EE85EE1B061BA23C85348AF5C0ECD06A9148E9413B00EA27DE47130D0E8"
	              "C3567E1AC522C3074B9D65B17AC7BD50");
	msg[17] = (uint8_t)(msg[17] >> 2); /* 142 bits: the top 6 bits of the last byte */
	qstp_keccak k;
	uint8_t enc[9];
	qstp_keccak_init(&k, QSTP_SHAKE256_RATE, 0x04);
	qstp_keccak_absorb_bytepad2(&k, (const uint8_t *)"KMAC", 4, (const uint8_t *)s, strlen(s));
	qstp_keccak_absorb_bytepad2_bits(&k, key, 1070, NULL, 0);
	qstp_keccak_absorb_bits(&k, msg, 142);
	qstp_keccak_absorb(&k, enc, qstp_right_encode(enc, 0));
	qstp_keccak_squeeze(&k, got, 48);
	CHECK_MEM(got, want, 48);
}

/* With a whole number of bytes the bit-string prefix is the byte prefix. */
TEST(bytepad2_bits_whole_bytes)
{
	uint8_t a[64], b[64];
	inputs();
	for (size_t n = 0; n <= 300; n += 23) {
		qstp_keccak x, y;
		qstp_keccak_init(&x, QSTP_SHAKE128_RATE, 0x04);
		qstp_keccak_init(&y, QSTP_SHAKE128_RATE, 0x04);
		qstp_keccak_absorb_bytepad2(&x, k300, n, c200, n % 50);
		qstp_keccak_absorb_bytepad2_bits(&y, k300, 8 * (uint64_t)n, c200, n % 50);
		qstp_keccak_squeeze(&x, a, sizeof a);
		qstp_keccak_squeeze(&y, b, sizeof b);
		CHECK_MEM(a, b, sizeof a);
	}
}

/* --- streaming: every two-way split of input and output equals one-shot --- */

enum { V_CSHAKE128, V_CSHAKE256, V_R72, V_R72_EMPTY, V_KMAC128, V_KMAC256, V_KMACXOF256, NV };

static void init_v(qstp_keccak *k, int v)
{
	switch (v) {
	case V_CSHAKE128: qstp_cshake128_init(k, (const uint8_t *)"fn", 2, c200, 13); break;
	case V_CSHAKE256: qstp_cshake256_init(k, NULL, 0, c200, 150); break;
	case V_R72: qstp_cshake_r72_init(k, k300, 42, c200, 32); break;
	case V_R72_EMPTY: qstp_cshake_r72_init(k, NULL, 0, NULL, 0); break;
	case V_KMAC128: qstp_kmac128_init(k, k300, 200, c200, 7); break;
	default: qstp_kmac256_init(k, k300, 32, NULL, 0); break;
	}
}

/* Finishes v's context into out[0..n) in one squeeze or, split at ocut, two. */
static void finish_v(qstp_keccak *k, int v, uint8_t *out, size_t n, size_t ocut)
{
	if (v == V_KMAC128 || v == V_KMAC256) {
		qstp_kmac_final(k, out, n); /* one output: L is bound into it */
		return;
	}
	if (v == V_KMACXOF256)
		qstp_kmac_final_xof(k);
	qstp_keccak_squeeze(k, out, ocut);
	qstp_keccak_squeeze(k, out + ocut, n - ocut);
	qstp_keccak_wipe(k);
}

TEST(sp800_185_incremental_equals_oneshot)
{
	static uint8_t one[400], two[400];
	inputs();
	for (int v = 0; v < NV; v++) {
		for (size_t len = 0; len <= 700; len += (len < 180 ? 1 : 41)) {
			const uint8_t *in = m1500;
			qstp_keccak a;
			init_v(&a, v);
			qstp_keccak_absorb(&a, in, len);
			finish_v(&a, v, one, sizeof one, sizeof one);
			for (size_t cut = 0; cut <= len; cut += (len < 30 ? 1 : 11)) {
				qstp_keccak b;
				init_v(&b, v);
				qstp_keccak_absorb(&b, in, cut);
				qstp_keccak_absorb(&b, in + cut, len - cut);
				finish_v(&b, v, two, sizeof two, (cut * 7) % sizeof two);
				CHECK_MEM(two, one, sizeof one);
			}
		}
	}
}

/* Three-way splits of the output, including empty pieces, for the XOFs. */
TEST(sp800_185_squeeze_three_way)
{
	static uint8_t one[500], two[500];
	inputs();
	int xofs[] = { V_CSHAKE128, V_CSHAKE256, V_R72, V_KMACXOF256 };
	for (size_t i = 0; i < sizeof xofs / sizeof xofs[0]; i++) {
		int v = xofs[i];
		qstp_keccak a;
		init_v(&a, v);
		qstp_keccak_absorb(&a, m1500, 333);
		finish_v(&a, v, one, sizeof one, 0);
		for (size_t c1 = 0; c1 <= sizeof one; c1 += 17) {
			for (size_t c2 = c1; c2 <= sizeof one; c2 += 29) {
				qstp_keccak b;
				init_v(&b, v);
				qstp_keccak_absorb(&b, m1500, 333);
				if (v == V_KMACXOF256)
					qstp_kmac_final_xof(&b);
				qstp_keccak_squeeze(&b, two, c1);
				qstp_keccak_squeeze(&b, two + c1, c2 - c1);
				qstp_keccak_squeeze(&b, two + c2, sizeof two - c2);
				CHECK_MEM(two, one, sizeof one);
			}
		}
	}
}

/* Bit-oriented absorb in pieces of every size 1..13 bits equals one call. */
TEST(absorb_bits_any_split)
{
	uint8_t one[64], two[64], packed[64];
	inputs();
	/* 300 message bits in FIPS 202 order (byte i holds bits 8i..8i+7). */
	const uint64_t nbits = 300;
	qstp_keccak a;
	qstp_cshake256_init(&a, NULL, 0, c200, 5);
	qstp_keccak_absorb_bits(&a, m200, nbits);
	qstp_keccak_squeeze(&a, one, sizeof one);
	for (unsigned piece = 1; piece <= 13; piece++) {
		qstp_keccak b;
		qstp_cshake256_init(&b, NULL, 0, c200, 5);
		for (uint64_t pos = 0; pos < nbits; pos += piece) {
			uint64_t n = nbits - pos < piece ? nbits - pos : piece;
			memset(packed, 0, sizeof packed);
			for (uint64_t j = 0; j < n; j++) {
				uint64_t bit = pos + j;
				if ((m200[bit / 8] >> (bit % 8)) & 1)
					packed[j / 8] |= (uint8_t)(1u << (j % 8));
			}
			qstp_keccak_absorb_bits(&b, packed, n);
		}
		qstp_keccak_squeeze(&b, two, sizeof two);
		CHECK_MEM(two, one, sizeof one);
	}
}
