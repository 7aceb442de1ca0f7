/* Bit strings, large-data messages, the group walk and the output checks of
 * the ACVP SHA-3 family files. */
#include "kat_bits.h"

#include <stdlib.h>
#include <string.h>

int kat_bits_get_n(json_t *obj, const char *hexkey, uint64_t nbits, kat_bits *b)
{
	memset(b, 0, sizeof *b);
	if (kat_hex(obj, hexkey, &b->p, &b->len) != 0)
		return -1;
	if (b->len != (nbits + 7) / 8) {
		kat_bits_free(b);
		return -1;
	}
	unsigned k = (unsigned)(nbits % 8);
	if (k != 0)
		b->p[b->len - 1] = (uint8_t)(b->p[b->len - 1] >> (8 - k));
	b->nbits = nbits;
	return 0;
}

int kat_bits_get(json_t *obj, const char *hexkey, const char *lenkey, kat_bits *b)
{
	long long n;
	memset(b, 0, sizeof *b);
	if (kat_int(obj, lenkey, &n) != 0 || n < 0)
		return -1;
	return kat_bits_get_n(obj, hexkey, (uint64_t)n, b);
}

void kat_bits_free(kat_bits *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->nbits = 0;
}

void kat_truncate(uint8_t *out, uint64_t nbits, enum kat_trunc how)
{
	unsigned k = (unsigned)(nbits % 8);
	if (k == 0)
		return;
	size_t last = (size_t)(nbits / 8);
	uint8_t v = (uint8_t)(out[last] & ((1u << k) - 1));
	out[last] = how == KAT_TRUNC_HIGH ? (uint8_t)(v << (8 - k)) : v;
}

int kat_no_ldt(void)
{
	const char *e = getenv("QSTP_KAT_NO_LDT");
	return e != NULL && strcmp(e, "1") == 0;
}

const char *kat_test_type(json_t *group)
{
	return kat_str(group, "testType");
}

/* Appends bit i (MSB-first within each byte, as ACVP's bit strings) of src
 * to dst at bit position pos. */
static void put_bit(uint8_t *dst, uint64_t pos, int bit)
{
	if (bit)
		dst[pos / 8] |= (uint8_t)(0x80u >> (pos % 8));
}

static int get_bit(const uint8_t *src, uint64_t i)
{
	return (src[i / 8] >> (7 - i % 8)) & 1;
}

enum { LDT_BUF = 1 << 16 };

int kat_absorb_large(kat_stats *st, json_t *group, json_t *test, qstp_keccak *k)
{
	json_t *lm = json_object_get(test, "largeMsg");
	long long clen, flen;
	uint8_t *content = NULL, *buf = NULL;
	size_t cbytes;
	int r = -1;

	if (!json_is_object(lm))
		return kat_bad(st, group, test, "largeMsg missing");
	if (!kat_str_is(lm, "expansionTechnique", "repeating"))
		return kat_bad(st, group, test, "largeMsg.expansionTechnique not \"repeating\"");
	if (kat_int(lm, "contentLength", &clen) != 0 || kat_int(lm, "fullLength", &flen) != 0 ||
	    clen <= 0 || flen < 0 || clen > 8 * 4096)
		return kat_bad(st, group, test, "largeMsg lengths");
	if (kat_hex(lm, "content", &content, &cbytes) != 0 || cbytes != (size_t)(clen + 7) / 8) {
		free(content);
		return kat_bad(st, group, test, "largeMsg.content");
	}
	/* One period of 8 repetitions is a whole number of bytes; fill a buffer
	 * with whole periods (content kept in ACVP's MSB-first bit order). */
	uint64_t period = 8 * (uint64_t)clen; /* bits */
	uint64_t per_buf = (8ull * LDT_BUF) / period;
	if (per_buf == 0)
		per_buf = 1;
	uint64_t bufbits = per_buf * period;
	buf = calloc((size_t)(bufbits / 8), 1);
	if (buf == NULL)
		goto out;
	for (uint64_t i = 0; i < bufbits; i++)
		put_bit(buf, i, get_bit(content, i % (uint64_t)clen));

	uint64_t left = (uint64_t)flen;
	while (left >= bufbits) {
		qstp_keccak_absorb(k, buf, (size_t)(bufbits / 8));
		left -= bufbits;
	}
	/* The tail: whole bytes, then the partial byte's top bits shifted down. */
	qstp_keccak_absorb(k, buf, (size_t)(left / 8));
	if (left % 8 != 0) {
		unsigned rest = (unsigned)(left % 8);
		uint8_t last = (uint8_t)(buf[left / 8] >> (8 - rest));
		qstp_keccak_absorb_bits(k, &last, rest);
	}
	r = 0;
out:
	free(buf);
	free(content);
	if (r != 0)
		return kat_bad(st, group, test, "out of memory");
	return 0;
}

int kat_run_kinds(json_t *root, kat_stats *st, const kat_test_kind *kinds, size_t n, int v)
{
	json_t *g;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		const char *tt = kat_test_type(g);
		const kat_test_kind *kind = NULL;
		if (tt == NULL)
			return kat_bad(st, g, NULL, "no testType");
		for (size_t i = 0; i < n && kind == NULL; i++)
			if (strcmp(tt, kinds[i].type) == 0)
				kind = &kinds[i];
		if (kind == NULL)
			return kat_bad(st, g, NULL, "testType \"%s\"", tt);
		json_t *tests = json_object_get(g, "tests");
		if (!json_is_array(tests))
			return kat_bad(st, g, NULL, "no tests array");
		if (kind->large && kat_no_ldt()) {
			kat_skip(st, g, "large-data test (QSTP_KAT_NO_LDT=1)", json_array_size(tests));
			continue;
		}
		json_t *t;
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++)
			if (kind->run(st, g, t, v) != 0)
				return -1;
	}
	return 0;
}

int kat_mct_entry(kat_stats *st, json_t *group, json_t *test, json_t *res, size_t j,
                  const uint8_t *out, uint64_t outbits, int *ok)
{
	size_t nb = (size_t)((outbits + 7) / 8), wl;
	long long ol;
	uint8_t *w;
	if (kat_int(res, "outLen", &ol) != 0 || kat_hex(res, "md", &w, &wl) != 0)
		return kat_bad(st, group, test, "resultsArray[%zu]", j);
	if (ol != (long long)outbits || wl != nb || memcmp(w, out, nb) != 0) {
		kat_diff("mct md", out, w, wl < nb ? wl : nb);
		*ok = 0;
	}
	free(w);
	return 0;
}

int kat_xof_check(kat_stats *st, json_t *group, json_t *test, qstp_keccak *k, long long max_bits,
                  enum kat_trunc how, const char *what)
{
	long long outbits;
	uint8_t *want = NULL, *got = NULL;
	size_t wlen;
	if (kat_int(test, "outLen", &outbits) != 0 || outbits < 0 || outbits > max_bits)
		return kat_bad(st, group, test, "outLen");
	if (kat_hex(test, "md", &want, &wlen) != 0 || wlen != (size_t)(outbits + 7) / 8) {
		free(want);
		return kat_bad(st, group, test, "md is not outLen bits");
	}
	got = malloc(wlen + 1);
	if (got == NULL)
		abort();
	qstp_keccak_squeeze(k, got, wlen);
	kat_truncate(got, (uint64_t)outbits, how);
	int ok = memcmp(got, want, wlen) == 0;
	if (!ok)
		kat_diff(what, got, want, wlen);
	kat_check(st, group, test, ok, what);
	free(got);
	free(want);
	return 0;
}
