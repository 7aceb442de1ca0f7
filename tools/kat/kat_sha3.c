/*
 * ACVP SHA3-256 / SHA3-512, revision 2.0: AFT (bit-oriented messages), MCT
 * (mctVersion "standard") and LDT (large data, streamed; skipped by name when
 * QSTP_KAT_NO_LDT=1).
 */
#include "kat_bits.h"

#include <stdlib.h>
#include <string.h>

static unsigned digest_bytes(json_t *root)
{
	if (kat_str_is(root, "algorithm", "SHA3-256"))
		return QSTP_SHA3_256_BYTES;
	if (kat_str_is(root, "algorithm", "SHA3-512"))
		return QSTP_SHA3_512_BYTES;
	return 0;
}

static int match(json_t *root)
{
	return digest_bytes(root) != 0 && kat_str_is(root, "revision", "2.0") &&
	       json_object_get(root, "mode") == NULL;
}

static void init(qstp_keccak *k, unsigned n)
{
	if (n == QSTP_SHA3_256_BYTES)
		qstp_sha3_256_init(k);
	else
		qstp_sha3_512_init(k);
}

static int check_md(kat_stats *st, json_t *g, json_t *t, json_t *md_obj, const uint8_t *md,
                    unsigned n, const char *what)
{
	uint8_t want[QSTP_SHA3_512_BYTES];
	if (kat_hex_fixed(md_obj, "md", want, n) != 0)
		return kat_bad(st, g, t, "md is not %u bytes", n);
	int ok = memcmp(md, want, n) == 0;
	if (!ok)
		kat_diff(what, md, want, n);
	kat_check(st, g, t, ok, what);
	return 0;
}

static int aft(kat_stats *st, json_t *g, json_t *t, int digest)
{
	unsigned n = (unsigned)digest;
	kat_bits m;
	uint8_t md[QSTP_SHA3_512_BYTES];
	qstp_keccak k;
	if (kat_bits_get(t, "msg", "len", &m) != 0)
		return kat_bad(st, g, t, "msg/len");
	init(&k, n);
	qstp_keccak_absorb_bits(&k, m.p, m.nbits);
	qstp_sha3_final(&k, md);
	kat_bits_free(&m);
	return check_md(st, g, t, t, md, n, "md");
}

/* MD[0] = seed; 100 times: 1000 times MD = SHA3(MD); check. */
static int mct(kat_stats *st, json_t *g, json_t *t, int digest)
{
	unsigned n = (unsigned)digest;
	const char *v = kat_str(g, "mctVersion");
	if (v != NULL && strcmp(v, "standard") != 0)
		return kat_bad(st, g, t, "mctVersion \"%s\"", v);
	json_t *ra = json_object_get(t, "resultsArray");
	if (!json_is_array(ra) || json_array_size(ra) == 0)
		return kat_bad(st, g, t, "resultsArray");
	kat_bits seed;
	if (kat_bits_get(t, "msg", "len", &seed) != 0)
		return kat_bad(st, g, t, "msg/len");
	uint8_t md[QSTP_SHA3_512_BYTES];
	qstp_keccak k;
	const uint8_t *in = seed.p;
	uint64_t inbits = seed.nbits;
	int ok = 1;
	size_t j;
	json_t *res;
	json_array_foreach(ra, j, res) {
		for (int i = 0; i < 1000; i++) {
			init(&k, n);
			qstp_keccak_absorb_bits(&k, in, inbits);
			qstp_sha3_final(&k, md);
			in = md;
			inbits = 8ull * n;
		}
		uint8_t want[QSTP_SHA3_512_BYTES];
		long long ol;
		if (kat_hex_fixed(res, "md", want, n) != 0 ||
		    (kat_int(res, "outLen", &ol) == 0 && ol != 8LL * n)) {
			kat_bits_free(&seed);
			return kat_bad(st, g, t, "resultsArray[%zu]", j);
		}
		if (memcmp(md, want, n) != 0) {
			kat_diff("mct md", md, want, n);
			ok = 0;
		}
	}
	kat_bits_free(&seed);
	kat_check(st, g, t, ok, "Monte Carlo resultsArray");
	return 0;
}

static int ldt(kat_stats *st, json_t *g, json_t *t, int digest)
{
	unsigned n = (unsigned)digest;
	uint8_t md[QSTP_SHA3_512_BYTES];
	qstp_keccak k;
	init(&k, n);
	if (kat_absorb_large(st, g, t, &k) != 0)
		return -1;
	qstp_sha3_final(&k, md);
	return check_md(st, g, t, t, md, n, "large-data md");
}

static int run(json_t *root, kat_stats *st)
{
	static const kat_test_kind kinds[] = {
		{ "AFT", aft, 0 }, { "MCT", mct, 0 }, { "LDT", ldt, 1 }
	};
	int n = (int)digest_bytes(root);
	return kat_run_kinds(root, st, kinds, sizeof kinds / sizeof kinds[0], n);
}

KAT_HANDLER(sha3, match, run)
