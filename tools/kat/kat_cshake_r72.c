/*
 * QSTP vectors qstp/cshake_r72.json (algorithm "cSHAKE-r72", revision
 * "qstp-vectors-2"): the rate-72 cSHAKE of the QSTP reference, which is not
 * a NIST function (PROTOCOL.md 9.3).  Byte strings only; N and S are hex.
 */
#include "kat.h"
#include "qstp/keccak.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_OUT = 1 << 16 };

static int match(json_t *root)
{
	return kat_str_is(root, "algorithm", "cSHAKE-r72") &&
	       kat_str_is(root, "revision", "qstp-vectors-2");
}

static int one(kat_stats *st, json_t *g, json_t *t)
{
	uint8_t *x = NULL, *n = NULL, *s = NULL, *want = NULL, *got = NULL;
	size_t xl, nl, sl, wl;
	long long outb;
	int r = -1;

	if (kat_hex(t, "msg", &x, &xl) != 0 || kat_hex(t, "functionName", &n, &nl) != 0 ||
	    kat_hex(t, "customization", &s, &sl) != 0 || kat_hex(t, "md", &want, &wl) != 0) {
		kat_bad(st, g, t, "msg/functionName/customization/md");
		goto out;
	}
	if (kat_int(t, "outBytes", &outb) != 0 || outb < 0 || outb > MAX_OUT || (size_t)outb != wl) {
		kat_bad(st, g, t, "outBytes");
		goto out;
	}
	got = malloc(wl + 1);
	if (got == NULL)
		abort();
	qstp_cshake_r72(got, wl, x, xl, n, nl, s, sl);
	int ok = memcmp(got, want, wl) == 0;
	if (!ok)
		kat_diff("md", got, want, wl);
	kat_check(st, g, t, ok, "md");
	r = 0;
out:
	free(x);
	free(n);
	free(s);
	free(want);
	free(got);
	return r;
}

static int run(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		if (json_object_get(g, "testType") != NULL)
			return kat_bad(st, g, NULL, "testType is not defined for this file");
		if (!json_is_array(json_object_get(g, "tests")))
			return kat_bad(st, g, NULL, "no tests array");
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++)
			if (one(st, g, t) != 0)
				return -1;
	}
	return 0;
}

KAT_HANDLER(cshake_r72, match, run)
