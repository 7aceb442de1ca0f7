/*
 * qstp-kat: the vector-file runner.
 *
 * Each vector format has a handler in its own file that registers itself with
 * KAT_HANDLER(name, match, run).  `match` looks at the file's top-level object
 * (an ACVP internalProjection, or a prompt merged with its expectedResults,
 * or a QSTP vector file) and says whether the handler owns it; `run` counts
 * every case into a kat_stats and returns 0, or -1 when the file has a value
 * it cannot interpret (which fails the file; never skip silently).
 */
#ifndef QSTP_KAT_H
#define QSTP_KAT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kat_stats {
	unsigned long passed, failed, skipped;
	const char *file;
} kat_stats;

typedef int (*kat_match_fn)(json_t *root);
typedef int (*kat_run_fn)(json_t *root, kat_stats *st);

void kat_register(const char *name, kat_match_fn match, kat_run_fn run);

#define KAT_HANDLER(name, match, run)                                        \
	__attribute__((constructor)) static void kat_reg_##name(void)       \
	{                                                                    \
		kat_register(#name, match, run);                             \
	}

/* --- helpers for handlers --- */

/* The string value of key in obj, or NULL. */
const char *kat_str(json_t *obj, const char *key);
/* 1 if obj's key is a string equal to want. */
int kat_str_is(json_t *obj, const char *key, const char *want);
/* Integer value of key (JSON number) into *v; -1 if missing or not an integer. */
int kat_int(json_t *obj, const char *key, long long *v);
/* Boolean value of key into *v; -1 if missing or not a boolean. */
int kat_bool(json_t *obj, const char *key, int *v);
/* Decodes the hex string at key into a malloc'd buffer (*out, *len); an empty
 * string gives len 0 and a non-NULL buffer.  -1 if missing or bad hex. */
int kat_hex(json_t *obj, const char *key, uint8_t **out, size_t *len);
/* Same, but the field must decode to exactly `len` bytes into out. */
int kat_hex_fixed(json_t *obj, const char *key, uint8_t *out, size_t len);

/* Records one case: prints a FAIL line (with tgId/tcId) when ok is 0. */
void kat_check(kat_stats *st, json_t *group, json_t *test, int ok, const char *what);
/* Reports a field that cannot be interpreted; returns -1 for the handler. */
int kat_bad(kat_stats *st, json_t *group, json_t *test, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Prints a note about a counted skip (must be named, never silent). */
void kat_skip(kat_stats *st, json_t *group, const char *why, unsigned long n);
/* Prints two byte strings that differ (verbose mode only). */
void kat_diff(const char *what, const uint8_t *got, const uint8_t *want, size_t n);

/* Iterates the testGroups array: for (size_t gi = 0; (g = kat_group(root, gi)); gi++) */
json_t *kat_group(json_t *root, size_t i);
json_t *kat_test(json_t *group, size_t i);

#endif
