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

static int aft(kat_stats *st, json_t *g, json_t *t, int v)
{
	kat_bits m;
	qstp_keccak k;
	if (kat_bits_get(t, "msg", "len", &m) != 0)
		return kat_bad(st, g, t, "msg/len");
	init(&k, v);
	qstp_keccak_absorb_bits(&k, m.p, m.nbits);
	kat_bits_free(&m);
	return kat_xof_check(st, g, t, &k, MAX_OUT_BITS, out_trunc, "md");
}

static int ldt(kat_stats *st, json_t *g, json_t *t, int v)
{
	qstp_keccak k;
	init(&k, v);
	if (kat_absorb_large(st, g, t, &k) != 0)
		return -1;
	return kat_xof_check(st, g, t, &k, MAX_OUT_BITS, out_trunc, "large-data md");
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
		if ((r = kat_mct_entry(st, g, t, res, j, out, 8ull * outlen, &ok)) != 0)
			break;
	}
	free(out);
	free(want);
	if (r == 0)
		kat_check(st, g, t, ok, "Monte Carlo resultsArray");
	return r;
}

static int run(json_t *root, kat_stats *st)
{
	static const kat_test_kind kinds[] = {
		{ "AFT", aft, 0 }, { "VOT", aft, 0 }, { "MCT", mct, 0 }, { "LDT", ldt, 1 }
	};
	out_trunc = trunc_of(root);
	return kat_run_kinds(root, st, kinds, sizeof kinds / sizeof kinds[0], variant(root));
}

KAT_HANDLER(shake, match, run)
