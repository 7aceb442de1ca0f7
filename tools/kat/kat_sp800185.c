/*
 * sp800-185/kmac_samples.json: the NIST SP 800-185 KMAC example values.  Not
 * an ACVP file: a top-level `tests` array whose entries have `alg` (KMAC128 /
 * KMAC256), `key` and `data` (hex), `customization` (ASCII), `outLenBytes`,
 * `xof` and `mac` (hex).  Runs the library's byte-oriented KMAC API.
 */
#include "kat.h"
#include "qstp/keccak.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_OUT = 1 << 16 };

static int match(json_t *root)
{
	json_t *tests = json_object_get(root, "tests");
	return json_object_get(root, "testGroups") == NULL && json_is_array(tests) &&
	       json_array_size(tests) > 0 &&
	       json_object_get(json_array_get(tests, 0), "alg") != NULL &&
	       json_object_get(json_array_get(tests, 0), "outLenBytes") != NULL;
}

static int one(kat_stats *st, json_t *t)
{
	uint8_t *key = NULL, *data = NULL, *want = NULL, *got = NULL;
	size_t kl, dl, wl;
	long long outb;
	int xof, r = -1;
	const char *alg = kat_str(t, "alg"), *cust = kat_str(t, "customization");
	qstp_keccak k;

	if (alg == NULL || (strcmp(alg, "KMAC128") != 0 && strcmp(alg, "KMAC256") != 0)) {
		kat_bad(st, NULL, t, "alg \"%s\"", alg ? alg : "(missing)");
		goto out;
	}
	if (cust == NULL || kat_bool(t, "xof", &xof) != 0 || kat_hex(t, "key", &key, &kl) != 0 ||
	    kat_hex(t, "data", &data, &dl) != 0 || kat_hex(t, "mac", &want, &wl) != 0 ||
	    kat_int(t, "outLenBytes", &outb) != 0 || outb < 0 || outb > MAX_OUT ||
	    (size_t)outb != wl) {
		kat_bad(st, NULL, t, "fields of %s", kat_str(t, "name") ? kat_str(t, "name") : "?");
		goto out;
	}
	got = malloc(wl + 1);
	if (got == NULL)
		abort();
	if (strcmp(alg, "KMAC128") == 0)
		qstp_kmac128_init(&k, key, kl, (const uint8_t *)cust, strlen(cust));
	else
		qstp_kmac256_init(&k, key, kl, (const uint8_t *)cust, strlen(cust));
	qstp_keccak_absorb(&k, data, dl);
	if (xof) {
		qstp_kmac_final_xof(&k);
		qstp_keccak_squeeze(&k, got, wl);
		qstp_keccak_wipe(&k);
	} else {
		qstp_kmac_final(&k, got, wl);
	}
	int ok = memcmp(got, want, wl) == 0;
	if (!ok)
		kat_diff("mac", got, want, wl);
	kat_check(st, NULL, t, ok, kat_str(t, "name") ? kat_str(t, "name") : "mac");
	r = 0;
out:
	free(key);
	free(data);
	free(want);
	free(got);
	return r;
}

static int run(json_t *root, kat_stats *st)
{
	json_t *t;
	size_t i;
	json_array_foreach(json_object_get(root, "tests"), i, t) {
		if (one(st, t) != 0)
			return -1;
	}
	return 0;
}

KAT_HANDLER(sp800185_kmac_samples, match, run)
