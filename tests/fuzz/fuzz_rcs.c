/*
 * libFuzzer harness for RCS decryption of untrusted bytes (PROTOCOL.md 8.5):
 * input = adlen (1 byte, mod 64) || ad || ciphertext || tag.  A decrypt
 * state with a fixed key must reject it without touching memory it should
 * not (a forgery would abort), and the same bytes taken as plaintext must
 * round-trip through encrypt and decrypt, for RCS-256 and RCS-512.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qstp/errors.h"
#include "qstp/rcs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[64] = { 1, 2, 3 }, nonce[32] = { 4, 5, 6 };
	static qstp_rcs256 e, d;
	static qstp_rcs512 e5, d5;
	uint8_t *buf, *back;

	if (size < 1)
		return 0;
	size_t adlen = data[0] % 64;
	if (adlen > size - 1)
		adlen = size - 1;
	const uint8_t *ad = data + 1, *msg = data + 1 + adlen;
	size_t n = size - 1 - adlen;
	buf = malloc(n + 64);
	back = malloc(n + 64);
	if (buf == NULL || back == NULL)
		abort();

	/* Untrusted ciphertext: exact-size output buffer, must be rejected. */
	qstp_rcs256_init(&d, key, nonce, NULL, 0, 0);
	qstp_rcs256_set_associated(&d, ad, adlen);
	if (qstp_rcs256_decrypt(&d, buf, msg, n) == 0)
		abort();
	qstp_rcs512_init(&d5, key, nonce, NULL, 0, 0);
	qstp_rcs512_set_associated(&d5, ad, adlen);
	if (qstp_rcs512_decrypt(&d5, buf, msg, n) == 0)
		abort();

	/* The bytes as a plaintext: seal and open. */
	qstp_rcs256_init(&e, key, nonce, NULL, 0, 1);
	qstp_rcs256_init(&d, key, nonce, NULL, 0, 0);
	qstp_rcs256_set_associated(&e, ad, adlen);
	qstp_rcs256_encrypt(&e, buf, msg, n);
	qstp_rcs256_set_associated(&d, ad, adlen);
	if (qstp_rcs256_decrypt(&d, back, buf, n + 32) != 0 || memcmp(back, msg, n) != 0)
		abort();
	qstp_rcs512_init(&e5, key, nonce, NULL, 0, 1);
	qstp_rcs512_init(&d5, key, nonce, NULL, 0, 0);
	qstp_rcs512_set_associated(&e5, ad, adlen);
	qstp_rcs512_encrypt(&e5, buf, msg, n);
	qstp_rcs512_set_associated(&d5, ad, adlen);
	if (qstp_rcs512_decrypt(&d5, back, buf, n + 64) != 0 || memcmp(back, msg, n) != 0)
		abort();
	free(buf);
	free(back);
	return 0;
}
