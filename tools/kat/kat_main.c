/*
 * qstp-kat FILE...: runs vector files.  An ACVP internalProjection.json, an
 * ACVP prompt.json (its expectedResults.json beside it is merged in), or a
 * QSTP vector file (shared/vectors/qstp/README.md).  Prints a line per file
 * and last "N passed, N failed" (test cases); exits non-zero on any failed
 * case or on a file it cannot interpret.
 */
#include "kat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HANDLERS 64

static struct {
	const char *name;
	kat_match_fn match;
	kat_run_fn run;
} handlers[MAX_HANDLERS];
static int nhandlers;
static int verbose;

void kat_register(const char *name, kat_match_fn match, kat_run_fn run)
{
	if (nhandlers == MAX_HANDLERS)
		abort();
	handlers[nhandlers].name = name;
	handlers[nhandlers].match = match;
	handlers[nhandlers].run = run;
	nhandlers++;
}

const char *kat_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int kat_str_is(json_t *obj, const char *key, const char *want)
{
	const char *s = kat_str(obj, key);
	return s != NULL && strcmp(s, want) == 0;
}

int kat_int(json_t *obj, const char *key, long long *v)
{
	json_t *j = json_object_get(obj, key);
	if (!json_is_integer(j))
		return -1;
	*v = (long long)json_integer_value(j);
	return 0;
}

int kat_bool(json_t *obj, const char *key, int *v)
{
	json_t *j = json_object_get(obj, key);
	if (!json_is_boolean(j))
		return -1;
	*v = json_is_true(j);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int kat_hex(json_t *obj, const char *key, uint8_t **out, size_t *len)
{
	const char *s = kat_str(obj, key);
	if (s == NULL)
		return -1;
	size_t n = strlen(s);
	if (n % 2 != 0)
		return -1;
	uint8_t *b = malloc(n / 2 + 1);
	if (b == NULL)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return -1;
		}
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	*out = b;
	*len = n / 2;
	return 0;
}

int kat_hex_fixed(json_t *obj, const char *key, uint8_t *out, size_t len)
{
	uint8_t *b;
	size_t n;
	if (kat_hex(obj, key, &b, &n) != 0)
		return -1;
	int r = n == len ? 0 : -1;
	if (r == 0)
		memcpy(out, b, len);
	free(b);
	return r;
}

static long long id_of(json_t *o, const char *key)
{
	long long v = -1;
	if (o != NULL)
		kat_int(o, key, &v);
	return v;
}

void kat_check(kat_stats *st, json_t *group, json_t *test, int ok, const char *what)
{
	if (ok) {
		st->passed++;
		return;
	}
	st->failed++;
	fprintf(stderr, "  FAIL %s tgId %lld tcId %lld: %s\n", st->file, id_of(group, "tgId"),
	        id_of(test, "tcId"), what);
}

int kat_bad(kat_stats *st, json_t *group, json_t *test, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "  BAD  %s tgId %lld tcId %lld: cannot interpret: ", st->file,
	        id_of(group, "tgId"), id_of(test, "tcId"));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

void kat_skip(kat_stats *st, json_t *group, const char *why, unsigned long n)
{
	st->skipped += n;
	printf("  SKIP %s tgId %lld: %lu cases: %s\n", st->file, id_of(group, "tgId"), n, why);
}

void kat_diff(const char *what, const uint8_t *got, const uint8_t *want, size_t n)
{
	if (!verbose)
		return;
	fprintf(stderr, "    %s got  ", what);
	for (size_t i = 0; i < n && i < 64; i++)
		fprintf(stderr, "%02X", got[i]);
	fprintf(stderr, "\n    %s want ", what);
	for (size_t i = 0; i < n && i < 64; i++)
		fprintf(stderr, "%02X", want[i]);
	fputc('\n', stderr);
}

json_t *kat_group(json_t *root, size_t i)
{
	return json_array_get(json_object_get(root, "testGroups"), i);
}

json_t *kat_test(json_t *group, size_t i)
{
	return json_array_get(json_object_get(group, "tests"), i);
}

/* Merges expectedResults.json into a prompt: copies every field of each
 * expected group and test into the prompt's group/test with the same id. */
static int merge_expected(json_t *prompt, json_t *expected)
{
	json_t *eg;
	size_t gi;
	json_array_foreach(json_object_get(expected, "testGroups"), gi, eg) {
		long long tg = id_of(eg, "tgId");
		json_t *pg = NULL, *g;
		size_t pi;
		json_array_foreach(json_object_get(prompt, "testGroups"), pi, g) {
			if (id_of(g, "tgId") == tg)
				pg = g;
		}
		if (pg == NULL)
			return -1;
		const char *k;
		json_t *v;
		json_object_foreach(eg, k, v) {
			if (strcmp(k, "tests") != 0 && json_object_get(pg, k) == NULL)
				json_object_set(pg, k, v);
		}
		json_t *et;
		size_t ti;
		json_array_foreach(json_object_get(eg, "tests"), ti, et) {
			long long tc = id_of(et, "tcId");
			json_t *pt = NULL, *t;
			size_t pj;
			json_array_foreach(json_object_get(pg, "tests"), pj, t) {
				if (id_of(t, "tcId") == tc)
					pt = t;
			}
			if (pt == NULL)
				return -1;
			json_object_update_missing(pt, et);
		}
	}
	return 0;
}

static json_t *load(const char *path)
{
	json_error_t err;
	json_t *root = json_load_file(path, JSON_DECODE_ANY, &err);
	if (root == NULL)
		fprintf(stderr, "  BAD  %s: line %d: %s\n", path, err.line, err.text);
	return root;
}

/* Returns 0 on success (all passed), 1 on failures or an unreadable file. */
static int run_file(const char *path, unsigned long *passed, unsigned long *failed)
{
	json_t *root = load(path);
	if (root == NULL) {
		printf("FAIL %s: unreadable JSON\n", path);
		(*failed)++;
		return 1;
	}
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (strcmp(base, "prompt.json") == 0) {
		char *ep = malloc(strlen(path) + 32);
		if (ep == NULL)
			abort();
		memcpy(ep, path, (size_t)(base - path));
		strcpy(ep + (base - path), "expectedResults.json");
		json_t *exp = load(ep);
		int bad = exp == NULL || merge_expected(root, exp) != 0;
		json_decref(exp);
		if (bad) {
			printf("FAIL %s: no usable %s beside it\n", path, ep);
			free(ep);
			json_decref(root);
			(*failed)++;
			return 1;
		}
		free(ep);
	}
	if (!json_is_object(root)) {
		printf("FAIL %s: not a vector file (not a JSON object)\n", path);
		json_decref(root);
		(*failed)++;
		return 1;
	}
	/* Handlers see every object (a few vector files, such as the SP 800-185
	 * samples, have no testGroups); a file no handler takes fails. */
	int h = -1;
	for (int i = 0; i < nhandlers; i++) {
		if (handlers[i].match(root)) {
			h = i;
			break;
		}
	}
	if (h < 0 && !json_is_array(json_object_get(root, "testGroups"))) {
		printf("FAIL %s: not a vector file (no testGroups)\n", path);
		json_decref(root);
		(*failed)++;
		return 1;
	}
	if (h < 0) {
		const char *alg = kat_str(root, "algorithm"), *mode = kat_str(root, "mode");
		printf("FAIL %s: no handler for algorithm \"%s\"%s%s%s\n", path, alg ? alg : "?",
		       mode ? " mode \"" : "", mode ? mode : "", mode ? "\"" : "");
		json_decref(root);
		(*failed)++;
		return 1;
	}
	kat_stats st = { 0, 0, 0, path };
	int r = handlers[h].run(root, &st);
	json_decref(root);
	*passed += st.passed;
	*failed += st.failed;
	if (r != 0) {
		(*failed)++;
		printf("FAIL %s [%s]: cannot interpret (%lu passed, %lu failed before it)\n", path,
		       handlers[h].name, st.passed, st.failed);
		return 1;
	}
	if (st.passed + st.failed == 0) {
		(*failed)++;
		printf("FAIL %s [%s]: no test case ran\n", path, handlers[h].name);
		return 1;
	}
	printf("%s %s [%s]: %lu passed, %lu failed", st.failed ? "FAIL" : "PASS", path,
	       handlers[h].name, st.passed, st.failed);
	if (st.skipped)
		printf(", %lu skipped", st.skipped);
	printf("\n");
	fflush(stdout);
	return st.failed != 0;
}

int main(int argc, char **argv)
{
	unsigned long passed = 0, failed = 0;
	int bad = 0, files = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			verbose = 1;
			continue;
		}
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			printf("usage: qstp-kat [-v] FILE...\n"
			       "  FILE: ACVP internalProjection.json, ACVP prompt.json (with its\n"
			       "  expectedResults.json beside it), or a QSTP vector file.\n");
			return 0;
		}
		files++;
		bad |= run_file(argv[i], &passed, &failed);
	}
	if (files == 0) {
		fprintf(stderr, "usage: qstp-kat [-v] FILE...\n");
		return 2;
	}
	printf("%lu passed, %lu failed\n", passed, failed);
	return bad || failed != 0;
}
