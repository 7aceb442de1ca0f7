/*
 * libFuzzer harness: root and server certificate decoders and the text
 * armour.  Properties checked on every input: a decoder that accepts the
 * bytes must re-encode them exactly (the binary forms are canonical), and the
 * description of an accepted certificate must succeed.  Armoured input that
 * unarmours is decoded the same way, and re-armouring it must give back the
 * same text when the input was canonical.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qstp/cert.h"

static uint8_t bin[65536];
static uint8_t enc[65536];
static char text[131072];

static void check_root(const uint8_t *in, size_t len)
{
	static qstp_root_cert c;
	if (qstp_root_cert_decode(&c, in, len) != 0)
		return;
	if (qstp_root_cert_size(c.set) != len || qstp_root_cert_encode(enc, sizeof enc, &c) != 0 ||
	    memcmp(enc, in, len) != 0)
		abort();
	if (qstp_root_cert_describe(text, sizeof text, &c) <= 0)
		abort();
}

static void check_server(const uint8_t *in, size_t len)
{
	static qstp_server_cert c;
	if (qstp_server_cert_decode(&c, in, len) != 0)
		return;
	if (qstp_server_cert_size(c.set) != len ||
	    qstp_server_cert_encode(enc, sizeof enc, &c) != 0 || memcmp(enc, in, len) != 0)
		abort();
	if (qstp_server_cert_describe(text, sizeof text, &c) <= 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n;
	int kind;

	check_root(data, size);
	check_server(data, size);
	if (qstp_cert_unarmor(bin, sizeof bin, &n, &kind, data, size) == 0) {
		if (kind < 0 || kind > 2 || n > sizeof bin)
			abort();
		check_root(bin, n);
		check_server(bin, n);
		/* Canonical armour round-trips byte for byte. */
		if (n != 0 && size > 0 && data[0] == '-' && (kind == 1 || kind == 2) &&
		    qstp_armor_size(n) <= sizeof text) {
			int t = qstp_armor_encode(text, sizeof text, bin, n, kind == 2);
			if (t <= 0)
				abort();
			if ((size_t)t == size && memcmp(text, data, size) != 0)
				abort();
		}
	}
	return 0;
}
