/*
 * ACVP SHAKE-128 / SHAKE-256, revisions 1.0 and FIPS202: AFT and VOT
 * (bit-oriented messages and outputs), MCT (the ACVP SHAKE Monte Carlo test,
 * byte lengths) and LDT when present.
 *
 * A partial last output byte holds its bits in the LOW positions in revision
 * 1.0 and in the HIGH positions in revision FIPS202 (found with the vectors:
 * SHAKE-256-FIPS202 has outLen values that are not whole bytes, and every
 * one of them matches only that way).
 */
#include "kat_bits.h"

#include <stdlib.h>
#include <string.h>

enum { MCT_MSG_BYTES = 16, MAX_OUT_BITS = 1 << 20 };

static int variant(json_t *root)
{
	if (kat_str_is(root, "algorithm", "SHAKE-128"))
		return 128;
	if (kat_str_is(root, "algorithm", "SHAKE-256"))
		return 256;
	return 0;
}

static int match(json_t *root)
{
	return variant(root) != 0 &&
	       (kat_str_is(root, "revision", "1.0") || kat_str_is(root, "revision", "FIPS202")) &&
	       json_object_get(root, "mode") == NULL;
}

static enum kat_trunc trunc_of(json_t *root)
{
	return kat_str_is(root, "revision", "FIPS202") ? KAT_TRUNC_HIGH : KAT_TRUNC_LOW;
}

static enum kat_trunc out_trunc; /* of the file being run */

static void init(qstp_keccak *k, int v)
{
	if (v == 128)
		qstp_shake128_init(k);
	else
		qstp_shake256_init(k);
}

/* Squeezes outLen bits from k and compares them with md. */
static int finish(kat_stats *st, json_t *g, json_t *t, qstp_keccak *k, const char *what)
{
	long long outbits;
	uint8_t *want = NULL, *got = NULL;
	size_t wlen;
	if (kat_int(t, "outLen", &outbits) != 0 || outbits < 0 || outbits > MAX_OUT_BITS)
		return kat_bad(st, g, t, "outLen");
	if (kat_hex(t, "md", &want, &wlen) != 0 || wlen != (size_t)(outbits + 7) / 8) {
		free(want);
		return kat_bad(st, g, t, "md is not outLen bits");
	}
	got = malloc(wlen + 1);
	if (got == NULL)
		abort();
	qstp_keccak_squeeze(k, got, wlen);
	kat_truncate(got, (uint64_t)outbits, out_trunc);
	int ok = memcmp(got, want, wlen) == 0;
	if (!ok)
		kat_diff(what, got, want, wlen);
	kat_check(st, g, t, ok, what);
	free(got);
	free(want);
	return 0;
}

static int aft(kat_stats *st, json_t *g, json_t *t, int v)
{
	kat_bits m;
	qstp_keccak k;
	if (kat_bits_get(t, "msg", "len", &m) != 0)
		return kat_bad(st, g, t, "msg/len");
	init(&k, v);
	qstp_keccak_absorb_bits(&k, m.p, m.nbits);
	kat_bits_free(&m);
	return finish(st, g, t, &k, "md");
}

static int ldt(kat_stats *st, json_t *g, json_t *t, int v)
{
	qstp_keccak k;
	init(&k, v);
	if (kat_absorb_large(st, g, t, &k) != 0)
		return -1;
	return finish(st, g, t, &k, "large-data md");
}

/*
 * out = seed; L = maxOutLen/8 bytes; for each result: 1000 times
 * { m = first 16 bytes of out (zero-padded); out = SHAKE(m, L);
 *   L = minB + (last two bytes of out, big-endian) mod (maxB - minB + 1) };
 * then out must equal md and outLen must be 8 * |out|.
 */
static int mct(kat_stats *st, json_t *g, json_t *t, int v)
{
	long long minb, maxb;
	const char *ver = kat_str(g, "mctVersion");
	if (ver != NULL && strcmp(ver, "standard") != 0)
		return kat_bad(st, g, t, "mctVersion \"%s\"", ver);
	if (kat_int(g, "minOutLen", &minb) != 0 || kat_int(g, "maxOutLen", &maxb) != 0 ||
	    minb % 8 != 0 || maxb % 8 != 0 || minb < 16 || maxb < minb || maxb > MAX_OUT_BITS)
		return kat_bad(st, g, t, "minOutLen/maxOutLen (whole bytes, >= 16 bits)");
	minb /= 8;
	maxb /= 8;
	json_t *ra = json_object_get(t, "resultsArray");
	if (!json_is_array(ra) || json_array_size(ra) == 0)
		return kat_bad(st, g, t, "resultsArray");
	uint8_t *seed;
	size_t seedlen;
	if (kat_hex(t, "msg", &seed, &seedlen) != 0)
		return kat_bad(st, g, t, "msg");
	uint8_t *out = calloc((size_t)maxb, 1), *want = malloc((size_t)maxb);
	if (out == NULL || want == NULL)
		abort();
	size_t outlen = seedlen < (size_t)maxb ? seedlen : (size_t)maxb;
	memcpy(out, seed, outlen);
	free(seed);
	size_t L = (size_t)maxb, range = (size_t)(maxb - minb + 1);
	int ok = 1, r = 0;
	size_t j;
	json_t *res;
	json_array_foreach(ra, j, res) {
		for (int i = 0; i < 1000; i++) {
			uint8_t m[MCT_MSG_BYTES] = { 0 };
			memcpy(m, out, outlen < sizeof m ? outlen : sizeof m);
			qstp_keccak k;
			init(&k, v);
			qstp_keccak_absorb(&k, m, sizeof m);
			qstp_keccak_squeeze(&k, out, L);
			outlen = L;
			unsigned tail = (unsigned)out[outlen - 2] << 8 | out[outlen - 1];
			L = (size_t)minb + tail % range;
		}
		long long ol;
		size_t wl;
		uint8_t *w;
		if (kat_int(res, "outLen", &ol) != 0 || kat_hex(res, "md", &w, &wl) != 0) {
			r = kat_bad(st, g, t, "resultsArray[%zu]", j);
			break;
		}
		if (ol != 8LL * (long long)outlen || wl != outlen || memcmp(w, out, outlen) != 0) {
			kat_diff("mct md", out, w, wl < outlen ? wl : outlen);
			ok = 0;
		}
		free(w);
	}
	free(out);
	free(want);
	if (r == 0)
		kat_check(st, g, t, ok, "Monte Carlo resultsArray");
	return r;
}

static int run(json_t *root, kat_stats *st)
{
	int v = variant(root);
	json_t *g;
	out_trunc = trunc_of(root);
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		const char *tt = kat_test_type(g);
		int (*fn)(kat_stats *, json_t *, json_t *, int);
		if (tt == NULL)
			return kat_bad(st, g, NULL, "no testType");
		if (strcmp(tt, "AFT") == 0 || strcmp(tt, "VOT") == 0)
			fn = aft;
		else if (strcmp(tt, "MCT") == 0)
			fn = mct;
		else if (strcmp(tt, "LDT") == 0)
			fn = ldt;
		else
			return kat_bad(st, g, NULL, "testType \"%s\"", tt);
		json_t *tests = json_object_get(g, "tests");
		if (!json_is_array(tests))
			return kat_bad(st, g, NULL, "no tests array");
		if (fn == ldt && kat_no_ldt()) {
			kat_skip(st, g, "large-data test (QSTP_KAT_NO_LDT=1)", json_array_size(tests));
			continue;
		}
		json_t *t;
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++)
			if (fn(st, g, t, v) != 0)
				return -1;
	}
	return 0;
}

KAT_HANDLER(shake, match, run)
