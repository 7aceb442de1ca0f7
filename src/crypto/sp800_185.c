/*
 * SP 800-185: the encodings (2.3), cSHAKE (3), KMAC (4), and the rate-72
 * cSHAKE of the QSTP reference (PROTOCOL.md 9.3, not a NIST function).
 */
#include <string.h>

#include "qstp/keccak.h"

enum { DS_SHAKE = 0x1F, DS_CSHAKE = 0x04 };

/* SP 800-185 2.3.1: left_encode(x) = n || x as n big-endian bytes, n >= 1. */
size_t qstp_left_encode(uint8_t out[static 9], uint64_t x)
{
	size_t n = 1;
	while (n < 8 && (x >> (8 * n)) != 0)
		n++;
	out[0] = (uint8_t)n;
	for (size_t i = 0; i < n; i++)
		out[1 + i] = (uint8_t)(x >> (8 * (n - 1 - i)));
	return n + 1;
}

/* right_encode(x) = x as n big-endian bytes || n. */
size_t qstp_right_encode(uint8_t out[static 9], uint64_t x)
{
	size_t n = 1;
	while (n < 8 && (x >> (8 * n)) != 0)
		n++;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(x >> (8 * (n - 1 - i)));
	out[n] = (uint8_t)n;
	return n + 1;
}

/* Absorbs zeros up to the next multiple of the rate, counted from `start`
 * (the number of bytes absorbed when the bytepad began). */
static void pad_to_rate(qstp_keccak *k, uint64_t absorbed)
{
	static const uint8_t zeros[QSTP_KECCAK_STATE_BYTES];
	uint64_t r = absorbed % k->rate;
	if (r != 0)
		qstp_keccak_absorb(k, zeros, (size_t)(k->rate - r));
}

void qstp_keccak_absorb_bytepad2_bits(qstp_keccak *k, const uint8_t *s1, uint64_t s1bits,
                                      const uint8_t *s2, size_t s2len)
{
	uint8_t enc[9];
	size_t n;
	uint64_t total = 0;

	/* bytepad(X, w) = left_encode(w) || X || zeros to a multiple of w. */
	n = qstp_left_encode(enc, k->rate);
	qstp_keccak_absorb(k, enc, n);
	total += n;
	n = qstp_left_encode(enc, s1bits);
	qstp_keccak_absorb(k, enc, n);
	total += n;
	qstp_keccak_absorb(k, s1, (size_t)(s1bits / 8));
	if (s1bits % 8 != 0) {
		/* The string's last k bits are the high bits of its last byte
		 * and bytepad's zero bits follow them in the same byte (the
		 * ACVP convention: the byte is absorbed as written, masked). */
		uint8_t last = (uint8_t)(s1[s1bits / 8] & (0xFF00u >> (s1bits % 8)));
		qstp_keccak_absorb(k, &last, 1);
	}
	total += (s1bits + 7) / 8;
	if (s2 != NULL) {
		n = qstp_left_encode(enc, (uint64_t)s2len * 8);
		qstp_keccak_absorb(k, enc, n);
		total += n;
		qstp_keccak_absorb(k, s2, s2len);
		total += s2len;
	}
	pad_to_rate(k, total);
}

void qstp_keccak_absorb_bytepad2(qstp_keccak *k, const uint8_t *s1, size_t s1len,
                                 const uint8_t *s2, size_t s2len)
{
	qstp_keccak_absorb_bytepad2_bits(k, s1, (uint64_t)s1len * 8, s2, s2len);
}

static const uint8_t empty[1];

static void cshake_init(qstp_keccak *k, unsigned rate, const uint8_t *n, size_t nlen,
                        const uint8_t *s, size_t slen, int always_prefix)
{
	if (!always_prefix && nlen == 0 && slen == 0) {
		qstp_keccak_init(k, rate, DS_SHAKE); /* SP 800-185 3.3: cSHAKE(X, L, "", "") = SHAKE */
		return;
	}
	qstp_keccak_init(k, rate, DS_CSHAKE);
	qstp_keccak_absorb_bytepad2(k, nlen ? n : empty, nlen, slen ? s : empty, slen);
}

void qstp_cshake128_init(qstp_keccak *k, const uint8_t *n, size_t nlen, const uint8_t *s, size_t slen)
{
	cshake_init(k, QSTP_SHAKE128_RATE, n, nlen, s, slen, 0);
}

void qstp_cshake256_init(qstp_keccak *k, const uint8_t *n, size_t nlen, const uint8_t *s, size_t slen)
{
	cshake_init(k, QSTP_SHAKE256_RATE, n, nlen, s, slen, 0);
}

void qstp_cshake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen,
                    const uint8_t *n, size_t nlen, const uint8_t *s, size_t slen)
{
	qstp_keccak k;
	qstp_cshake256_init(&k, n, nlen, s, slen);
	qstp_keccak_absorb(&k, in, inlen);
	qstp_keccak_squeeze(&k, out, outlen);
	qstp_keccak_wipe(&k);
}

void qstp_cshake_r72_init(qstp_keccak *k, const uint8_t *n, size_t nlen, const uint8_t *s, size_t slen)
{
	cshake_init(k, QSTP_CSHAKE_R72_RATE, n, nlen, s, slen, 1);
}

void qstp_cshake_r72(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen,
                     const uint8_t *n, size_t nlen, const uint8_t *s, size_t slen)
{
	qstp_keccak k;
	qstp_cshake_r72_init(&k, n, nlen, s, slen);
	qstp_keccak_absorb(&k, in, inlen);
	qstp_keccak_squeeze(&k, out, outlen);
	qstp_keccak_wipe(&k);
}

static const uint8_t KMAC_NAME[4] = { 'K', 'M', 'A', 'C' };

static void kmac_init(qstp_keccak *k, unsigned rate, const uint8_t *key, size_t keylen,
                      const uint8_t *s, size_t slen)
{
	/* KMAC = cSHAKE(bytepad(encode_string(K), rate) || X || right_encode(L), L, "KMAC", S) */
	qstp_keccak_init(k, rate, DS_CSHAKE);
	qstp_keccak_absorb_bytepad2(k, KMAC_NAME, sizeof KMAC_NAME, slen ? s : empty, slen);
	qstp_keccak_absorb_bytepad2(k, keylen ? key : empty, keylen, NULL, 0);
}

void qstp_kmac128_init(qstp_keccak *k, const uint8_t *key, size_t keylen, const uint8_t *s, size_t slen)
{
	kmac_init(k, QSTP_SHAKE128_RATE, key, keylen, s, slen);
}

void qstp_kmac256_init(qstp_keccak *k, const uint8_t *key, size_t keylen, const uint8_t *s, size_t slen)
{
	kmac_init(k, QSTP_SHAKE256_RATE, key, keylen, s, slen);
}

void qstp_kmac_final(qstp_keccak *k, uint8_t *out, size_t outlen)
{
	uint8_t enc[9];
	size_t n = qstp_right_encode(enc, (uint64_t)outlen * 8);
	qstp_keccak_absorb(k, enc, n);
	qstp_keccak_squeeze(k, out, outlen);
	qstp_keccak_wipe(k);
}

void qstp_kmac_final_xof(qstp_keccak *k)
{
	uint8_t enc[9];
	size_t n = qstp_right_encode(enc, 0);
	qstp_keccak_absorb(k, enc, n);
	qstp_keccak_finalize(k);
}

void qstp_kmac256(uint8_t *out, size_t outlen, const uint8_t *key, size_t keylen,
                  const uint8_t *in, size_t inlen, const uint8_t *s, size_t slen)
{
	qstp_keccak k;
	qstp_kmac256_init(&k, key, keylen, s, slen);
	qstp_keccak_absorb(&k, in, inlen);
	qstp_kmac_final(&k, out, outlen);
}
