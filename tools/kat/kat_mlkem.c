/*
 * ACVP ML-KEM (FIPS 203) vector files: mode keyGen and mode encapDecap,
 * revisions FIPS203 and FIPS203-tr1, as internalProjection.json or as
 * prompt.json + expectedResults.json.
 *
 *   keyGen                       d, z -> ek, dk
 *   encapsulation                ek, m -> c, k (and, when dk is given, Decaps(c) = k)
 *   decapsulation                dk (keyFormat expanded / absent) or d, z
 *                                (keyFormat seed: the key is KeyGen(d, z)), c -> k
 *   encapsulationKeyCheck        ek -> testPassed (7.2 modulus check)
 *   decapsulationKeyCheck        dk -> testPassed (7.3 hash check)
 *
 * A key of the wrong length in a key-check group fails the check (the
 * standard's type check); anywhere else it cannot be interpreted.
 */
#include "kat.h"

#include <stdlib.h>
#include <string.h>

#include "qstp/errors.h"
#include "qstp/mlkem.h"

static int match(json_t *root)
{
	return kat_str_is(root, "algorithm", "ML-KEM") &&
	       (kat_str_is(root, "mode", "keyGen") || kat_str_is(root, "mode", "encapDecap"));
}

static int param_of(json_t *g, qstp_mlkem_param *p)
{
	if (kat_str_is(g, "parameterSet", "ML-KEM-512"))
		*p = QSTP_MLKEM_512;
	else if (kat_str_is(g, "parameterSet", "ML-KEM-768"))
		*p = QSTP_MLKEM_768;
	else if (kat_str_is(g, "parameterSet", "ML-KEM-1024"))
		*p = QSTP_MLKEM_1024;
	else
		return -1;
	return 0;
}

/* A hex field of exactly n bytes, into a malloc'd buffer; NULL if absent,
 * malformed or of another length. */
static uint8_t *field(json_t *t, const char *key, size_t n)
{
	uint8_t *b;
	size_t len;
	if (kat_hex(t, key, &b, &len) != 0)
		return NULL;
	if (len != n) {
		free(b);
		return NULL;
	}
	return b;
}

static int cmp(const char *what, const uint8_t *got, const uint8_t *want, size_t n)
{
	if (memcmp(got, want, n) == 0)
		return 1;
	kat_diff(what, got, want, n);
	return 0;
}

/* qstp_mlkem_decaps_expanded with dk's expansion gives k too. */
static int decaps_expanded(qstp_mlkem_param p, const uint8_t *c, const uint8_t *dk,
                           const uint8_t k[32])
{
	qstp_mlkem_expanded *x = malloc(sizeof *x);
	uint8_t k2[32];
	int ok = x != NULL && qstp_mlkem_expand_dk(p, x, dk) == 0 &&
	         qstp_mlkem_decaps_expanded(p, k2, c, dk, x, NULL) == 0 && cmp("k (expanded)", k2, k, 32);
	free(x);
	return ok;
}

static int run_keygen(json_t *g, json_t *t, qstp_mlkem_param p, kat_stats *st)
{
	size_t ekn = qstp_mlkem_ek_bytes(p), dkn = qstp_mlkem_dk_bytes(p);
	uint8_t *d = field(t, "d", 32), *z = field(t, "z", 32);
	uint8_t *ek = field(t, "ek", ekn), *dk = field(t, "dk", dkn);
	uint8_t *ek2 = malloc(ekn), *dk2 = malloc(dkn);
	int r = -1;
	if (!d || !z || !ek || !dk || !ek2 || !dk2) {
		r = kat_bad(st, g, t, "d, z, ek or dk missing or of the wrong length");
		goto out;
	}
	int ok = qstp_mlkem_keypair_derand(p, ek2, dk2, d, z) == 0;
	ok = ok && cmp("ek", ek2, ek, ekn);
	ok = ok && cmp("dk", dk2, dk, dkn);
	/* The expanded key pair (the server's handshake path): the same bytes. */
	qstp_mlkem_expanded *x = malloc(sizeof *x);
	ok = ok && x != NULL && qstp_mlkem_keypair_derand_expanded(p, ek2, dk2, d, z, x, NULL) == 0;
	ok = ok && cmp("ek (expanded)", ek2, ek, ekn);
	ok = ok && cmp("dk (expanded)", dk2, dk, dkn);
	free(x);
	kat_check(st, g, t, ok, "keyGen");
	r = 0;
out:
	free(d), free(z), free(ek), free(dk), free(ek2), free(dk2);
	return r;
}

static int run_encaps(json_t *g, json_t *t, qstp_mlkem_param p, kat_stats *st)
{
	size_t ekn = qstp_mlkem_ek_bytes(p), dkn = qstp_mlkem_dk_bytes(p),
	       ctn = qstp_mlkem_ct_bytes(p);
	uint8_t *ek = field(t, "ek", ekn), *m = field(t, "m", 32);
	uint8_t *c = field(t, "c", ctn), *k = field(t, "k", 32);
	uint8_t *dk = NULL, *c2 = malloc(ctn), k2[32], k3[32];
	int r = -1;
	if (!ek || !m || !c || !k || !c2) {
		r = kat_bad(st, g, t, "ek, m, c or k missing or of the wrong length");
		goto out;
	}
	if (json_object_get(t, "dk") != NULL && (dk = field(t, "dk", dkn)) == NULL) {
		r = kat_bad(st, g, t, "dk of the wrong length");
		goto out;
	}
	int ok = qstp_mlkem_encaps_derand(p, c2, k2, ek, m) == 0;
	ok = ok && cmp("c", c2, c, ctn) && cmp("k", k2, k, 32);
	/* With a transcript hash alongside (the client's handshake path). */
	static const uint8_t pre[53];
	qstp_mlkem_th th = { pre, sizeof pre, { 0 } };
	ok = ok && qstp_mlkem_encaps_derand_th(p, c2, k2, ek, m, &th) == 0;
	ok = ok && cmp("c (th)", c2, c, ctn) && cmp("k (th)", k2, k, 32);
	if (ok && dk != NULL)
		ok = qstp_mlkem_decaps(p, k3, c, dk) == 0 && cmp("k (decaps)", k3, k, 32) &&
		     decaps_expanded(p, c, dk, k);
	kat_check(st, g, t, ok, "encapsulation");
	r = 0;
out:
	free(ek), free(m), free(c), free(k), free(dk), free(c2);
	return r;
}

static int run_decaps(json_t *g, json_t *t, qstp_mlkem_param p, int seed, kat_stats *st)
{
	size_t ekn = qstp_mlkem_ek_bytes(p), dkn = qstp_mlkem_dk_bytes(p),
	       ctn = qstp_mlkem_ct_bytes(p);
	uint8_t *c = field(t, "c", ctn), *k = field(t, "k", 32);
	uint8_t *dk = NULL, *d = NULL, *z = NULL, *gen = malloc(dkn), *ek = malloc(ekn), k2[32];
	int r = -1, ok = 1;
	if (!c || !k || !gen || !ek) {
		r = kat_bad(st, g, t, "c or k missing or of the wrong length");
		goto out;
	}
	if (json_object_get(t, "dk") != NULL && (dk = field(t, "dk", dkn)) == NULL) {
		r = kat_bad(st, g, t, "dk of the wrong length");
		goto out;
	}
	if (seed) {
		/* keyFormat seed: the decapsulation key is KeyGen_internal(d, z). */
		if ((d = field(t, "d", 32)) == NULL || (z = field(t, "z", 32)) == NULL) {
			r = kat_bad(st, g, t, "keyFormat seed without 32-byte d and z");
			goto out;
		}
		ok = qstp_mlkem_keypair_derand(p, ek, gen, d, z) == 0;
		if (ok && dk != NULL)
			ok = cmp("dk (from seed)", gen, dk, dkn);
	} else {
		if (dk == NULL) {
			r = kat_bad(st, g, t, "no dk");
			goto out;
		}
		memcpy(gen, dk, dkn);
	}
	ok = ok && qstp_mlkem_decaps(p, k2, c, gen) == 0 && cmp("k", k2, k, 32);
	ok = ok && decaps_expanded(p, c, gen, k);
	kat_check(st, g, t, ok, "decapsulation");
	r = 0;
out:
	free(c), free(k), free(dk), free(d), free(z), free(gen), free(ek);
	return r;
}

/* Key checks: the key's length is part of the check (FIPS 203 7.2, 7.3). */
static int run_keycheck(json_t *g, json_t *t, qstp_mlkem_param p, int is_dk, kat_stats *st)
{
	const char *key = is_dk ? "dk" : "ek";
	size_t want = is_dk ? qstp_mlkem_dk_bytes(p) : qstp_mlkem_ek_bytes(p);
	uint8_t *b;
	size_t n;
	int expect;
	if (kat_bool(t, "testPassed", &expect) != 0)
		return kat_bad(st, g, t, "no boolean testPassed");
	if (kat_hex(t, key, &b, &n) != 0)
		return kat_bad(st, g, t, "no hex %s", key);
	int valid = n == want &&
	            (is_dk ? qstp_mlkem_check_dk(p, b) : qstp_mlkem_check_ek(p, b)) == 0;
	kat_check(st, g, t, valid == expect, is_dk ? "decapsulationKeyCheck" :
	                                            "encapsulationKeyCheck");
	free(b);
	return 0;
}

static int run(json_t *root, kat_stats *st)
{
	int keygen = kat_str_is(root, "mode", "keyGen");
	const char *rev = kat_str(root, "revision");
	json_t *g;
	if (rev == NULL || (strcmp(rev, "FIPS203") != 0 && strcmp(rev, "FIPS203-tr1") != 0))
		return kat_bad(st, NULL, NULL, "revision \"%s\"", rev ? rev : "(none)");
	for (size_t gi = 0; (g = kat_group(root, gi)) != NULL; gi++) {
		qstp_mlkem_param p;
		if (param_of(g, &p) != 0)
			return kat_bad(st, g, NULL, "parameterSet");
		const char *fn = kat_str(g, "function");
		const char *kf = kat_str(g, "keyFormat");
		if (json_object_get(g, "keyFormat") != NULL && kf == NULL)
			return kat_bad(st, g, NULL, "keyFormat is not a string");
		int seed = kf != NULL && strcmp(kf, "seed") == 0;
		if (kf != NULL && !seed && strcmp(kf, "expanded") != 0 && strcmp(kf, "none") != 0)
			return kat_bad(st, g, NULL, "keyFormat \"%s\"", kf);
		if (!keygen && fn == NULL)
			return kat_bad(st, g, NULL, "no function");
		if (!keygen && seed && strcmp(fn, "decapsulation") != 0)
			return kat_bad(st, g, NULL, "keyFormat seed for function %s", fn);
		json_t *t;
		for (size_t ti = 0; (t = kat_test(g, ti)) != NULL; ti++) {
			int r;
			if (keygen)
				r = run_keygen(g, t, p, st);
			else if (strcmp(fn, "encapsulation") == 0)
				r = run_encaps(g, t, p, st);
			else if (strcmp(fn, "decapsulation") == 0)
				r = run_decaps(g, t, p, seed, st);
			else if (strcmp(fn, "encapsulationKeyCheck") == 0)
				r = run_keycheck(g, t, p, 0, st);
			else if (strcmp(fn, "decapsulationKeyCheck") == 0)
				r = run_keycheck(g, t, p, 1, st);
			else
				return kat_bad(st, g, NULL, "function \"%s\"", fn);
			if (r != 0)
				return r;
		}
	}
	return 0;
}

KAT_HANDLER(mlkem, match, run)
