/*
 * libFuzzer harness: root and server secret key file decoders.  An accepted
 * file must re-encode to the same bytes (the server file's schash, which
 * readers ignore, re-encodes as zeros), and a failed decode must leave the
 * structure zeroed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qstp/cert.h"

enum { SCHASH_OFFSET = 32, SCHASH_BYTES = 32 };

static uint8_t enc[65536];

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= b[i];
	return d == 0;
}

static void check(const uint8_t *in, size_t len, int is_server)
{
	static qstp_secret_key k;
	size_t want;

	if (qstp_secret_key_decode(&k, in, len, is_server) != 0) {
		if (!all_zero(&k, sizeof k))
			abort();
		return;
	}
	want = is_server ? qstp_server_key_size(k.set) : qstp_root_key_size(k.set);
	if (want != len || qstp_secret_key_encode(enc, sizeof enc, &k) != 0)
		abort();
	for (size_t i = 0; i < len; i++) {
		int in_schash = is_server && i >= SCHASH_OFFSET && i < SCHASH_OFFSET + SCHASH_BYTES;
		if (enc[i] != (in_schash ? 0 : in[i]))
			abort();
	}
	qstp_key_wipe(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, 0);
	check(data, size, 1);
	return 0;
}
