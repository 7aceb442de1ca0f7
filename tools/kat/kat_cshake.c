/*
 * ACVP cSHAKE-128 / cSHAKE-256, revision 1.0 (SP 800-185 3): AFT with the
 * customization as ASCII (`customization`) or, when the group has
 * hexCustomization, as hex (`customizationHex`); bit-oriented messages and
 * outputs (a partial last output byte holds its bits in the HIGH positions).
 *
 * MCT, from the ACVP XOF specification (draft-celi-acvp-xof, with the
 * corrections of usnistgov/ACVP issues 1246, 1326 and 1363):
 *
 *   Output = Msg; OutputLen = maxOutLen rounded down to bytes;
 *   Range = maxOutLen - minOutLen + 1; S = customization; N = functionName
 *   for each result j:
 *     1000 times:
 *       InnerMsg = leftmost 128 bits of (Output || 128 zero bits)
 *       Output = cSHAKE(InnerMsg, OutputLen, N, S)
 *       R = rightmost 16 bits of Output (of the bit string, so of the
 *           ACVP form with a partial last byte's bits at the top), read
 *           as a 16-bit big-endian number; issue 1246 says "little
 *           endian", but only big-endian reproduces the vectors (checked
 *           against every alternative: byte order, low/high-bit outputs)
 *       OutputLen = minOutLen + floor((R mod Range) / outLenIncrement) * outLenIncrement
 *       S = BitsToString(InnerMsg || R)   (18 bytes, R's high byte first;
 *           each byte b -> the letter 'A' + b mod 26, as issue 1246 shows)
 *     check Output == md and OutputLen_used == outLen
 */
#include "kat_bits.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_OUT_BITS = 1 << 20, MCT_INNER_BYTES = 16, MAX_S = 1 << 16 };

static int variant(json_t *root)
{
	if (kat_str_is(root, "algorithm", "cSHAKE-128"))
		return 128;
	if (kat_str_is(root, "algorithm", "cSHAKE-256"))
		return 256;
	return 0;
}

static int match(json_t *root)
{
	return variant(root) != 0 && kat_str_is(root, "revision", "1.0") &&
	       json_object_get(root, "mode") == NULL;
}

static void cshake_init(qstp_keccak *k, int v, const uint8_t *n, size_t nlen, const uint8_t *s,
                        size_t slen)
{
	if (v == 128)
		qstp_cshake128_init(k, n, nlen, s, slen);
	else
		qstp_cshake256_init(k, n, nlen, s, slen);
}

/* N (ASCII) and S (ASCII or hex, per the group's hexCustomization) of a test,
 * as malloc'd byte strings. */
static int get_ns(kat_stats *st, json_t *g, json_t *t, uint8_t **n, size_t *nlen, uint8_t **s,
                  size_t *slen)
{
	int hexc;
	const char *fn = kat_str(t, "functionName");
	*n = *s = NULL;
	if (kat_bool(g, "hexCustomization", &hexc) != 0)
		return kat_bad(st, g, t, "hexCustomization");
	if (fn == NULL)
		return kat_bad(st, g, t, "functionName");
	*nlen = strlen(fn);
	*n = (uint8_t *)strdup(fn);
	if (hexc) {
		if (kat_hex(t, "customizationHex", s, slen) != 0) {
			free(*n);
			return kat_bad(st, g, t, "customizationHex");
		}
	} else {
		const char *c = kat_str(t, "customization");
		if (c == NULL) {
			free(*n);
			return kat_bad(st, g, t, "customization");
		}
		*slen = strlen(c);
		*s = (uint8_t *)strdup(c);
	}
	if (*n == NULL || *s == NULL)
		abort();
	return 0;
}

static int aft(kat_stats *st, json_t *g, json_t *t, int v)
{
	kat_bits m;
	uint8_t *n, *s;
	size_t nlen, slen;
	qstp_keccak k;

	if (kat_bits_get(t, "msg", "len", &m) != 0)
		return kat_bad(st, g, t, "msg/len");
	if (get_ns(st, g, t, &n, &nlen, &s, &slen) != 0) {
		kat_bits_free(&m);
		return -1;
	}
	cshake_init(&k, v, n, nlen, s, slen);
	qstp_keccak_absorb_bits(&k, m.p, m.nbits);
	free(n);
	free(s);
	kat_bits_free(&m);
	return kat_xof_check(st, g, t, &k, MAX_OUT_BITS, KAT_TRUNC_HIGH, "md");
}

/* The last 16 bits of an output of `bits` bits (ACVP form: a partial last
 * byte's bits are its high bits), as the two bytes of that bit string. */
static void rightmost16(const uint8_t *out, uint64_t bits, uint8_t r[2])
{
	size_t nb = (size_t)((bits + 7) / 8); /* >= 2: bits >= 16 */
	unsigned k = (unsigned)(bits % 8);
	uint32_t w = (uint32_t)out[nb - 2] << 8 | out[nb - 1];
	if (nb >= 3)
		w |= (uint32_t)out[nb - 3] << 16;
	if (k != 0)
		w >>= 8 - k;
	r[0] = (uint8_t)(w >> 8);
	r[1] = (uint8_t)w;
}

static int mct(kat_stats *st, json_t *g, json_t *t, int v)
{
	long long minl, maxl, inc = 1;
	if (kat_int(g, "minOutLen", &minl) != 0 || kat_int(g, "maxOutLen", &maxl) != 0 ||
	    minl < 16 || maxl < minl || maxl > MAX_OUT_BITS)
		return kat_bad(st, g, t, "minOutLen/maxOutLen");
	if (json_object_get(g, "outLenIncrement") != NULL &&
	    (kat_int(g, "outLenIncrement", &inc) != 0 || inc <= 0))
		return kat_bad(st, g, t, "outLenIncrement");
	json_t *ra = json_object_get(t, "resultsArray");
	if (!json_is_array(ra) || json_array_size(ra) == 0)
		return kat_bad(st, g, t, "resultsArray");
	uint8_t *n, *s0, *seed;
	size_t nlen, s0len, seedlen;
	if (kat_hex(t, "msg", &seed, &seedlen) != 0)
		return kat_bad(st, g, t, "msg");
	if (get_ns(st, g, t, &n, &nlen, &s0, &s0len) != 0) {
		free(seed);
		return -1;
	}
	size_t maxb = (size_t)(maxl + 7) / 8;
	uint8_t *out = calloc(maxb + MCT_INNER_BYTES, 1);
	uint8_t *s = malloc(s0len > MCT_INNER_BYTES + 2 ? s0len : MCT_INNER_BYTES + 2);
	if (out == NULL || s == NULL)
		abort();
	memcpy(out, seed, seedlen < maxb ? seedlen : maxb);
	memcpy(s, s0, s0len);
	size_t slen = s0len;
	uint64_t outlen = (uint64_t)maxl / 8 * 8, used = 0;
	uint64_t range = (uint64_t)(maxl - minl + 1);
	int ok = 1, r = 0;
	size_t j;
	json_t *res;
	json_array_foreach(ra, j, res) {
		for (int i = 0; i < 1000; i++) {
			uint8_t inner[MCT_INNER_BYTES], rb[2];
			memcpy(inner, out, sizeof inner); /* out is zero past its end */
			size_t nb = (size_t)((outlen + 7) / 8);
			qstp_keccak k;
			cshake_init(&k, v, n, nlen, s, slen);
			qstp_keccak_absorb(&k, inner, sizeof inner);
			memset(out, 0, maxb);
			qstp_keccak_squeeze(&k, out, nb);
			kat_truncate(out, outlen, KAT_TRUNC_HIGH);
			used = outlen;
			rightmost16(out, outlen, rb);
			uint64_t rv = (uint64_t)rb[0] << 8 | rb[1];
			outlen = (uint64_t)minl + (rv % range) / (uint64_t)inc * (uint64_t)inc;
			for (size_t q = 0; q < sizeof inner; q++)
				s[q] = (uint8_t)('A' + inner[q] % 26);
			s[16] = (uint8_t)('A' + rb[0] % 26);
			s[17] = (uint8_t)('A' + rb[1] % 26);
			slen = MCT_INNER_BYTES + 2;
		}
		if ((r = kat_mct_entry(st, g, t, res, j, out, used, &ok)) != 0)
			break;
	}
	free(out);
	free(s);
	free(s0);
	free(n);
	free(seed);
	if (r == 0)
		kat_check(st, g, t, ok, "Monte Carlo resultsArray");
	return r;
}

static int run(json_t *root, kat_stats *st)
{
	static const kat_test_kind kinds[] = { { "AFT", aft, 0 }, { "MCT", mct, 0 } };
	return kat_run_kinds(root, st, kinds, sizeof kinds / sizeof kinds[0], variant(root));
}

KAT_HANDLER(cshake, match, run)
