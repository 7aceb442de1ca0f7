/*
 * qstp-kat: bit strings of the ACVP SHA-3 family files (shared/vectors/README.md).
 *
 * ACVP writes a bit string of n bits as ceil(n/8) hex bytes; whole bytes are
 * used as they are, and when k = n % 8 != 0 the k bits of the last byte sit
 * in its MOST significant positions.  A kat_bits holds such a string
 * normalised for qstp_keccak_absorb_bits(): the last byte shifted down
 * (`last >> (8-k)`), so its k bits are the low bits.
 *
 * Outputs are truncated to the bit: SHAKE AFT/VOT put the k bits of a
 * partial last byte in its low bits, cSHAKE and KMAC in its high bits.
 */
#ifndef QSTP_KAT_BITS_H
#define QSTP_KAT_BITS_H

#include "kat.h"
#include "qstp/keccak.h"

typedef struct kat_bits {
	uint8_t *p;     /* malloc'd, never NULL after a successful kat_bits_get */
	size_t len;     /* bytes: ceil(nbits / 8) */
	uint64_t nbits;
} kat_bits;

/* Reads hex field `hexkey` with its bit length from integer field `lenkey`
 * (in the same object) and normalises the last byte.  -1 on a missing or
 * bad field, or when the hex is not exactly ceil(len/8) bytes. */
int kat_bits_get(json_t *obj, const char *hexkey, const char *lenkey, kat_bits *b);
/* Same with the bit length given (for strings whose length is implied). */
int kat_bits_get_n(json_t *obj, const char *hexkey, uint64_t nbits, kat_bits *b);
void kat_bits_free(kat_bits *b);

enum kat_trunc { KAT_TRUNC_LOW, KAT_TRUNC_HIGH };
/* Clears the bits past `nbits` of out (ceil(nbits/8) bytes) and, for
 * KAT_TRUNC_HIGH, moves the k bits of a partial last byte to its top. */
void kat_truncate(uint8_t *out, uint64_t nbits, enum kat_trunc how);

/* The ACVP large-data message: `content` (contentLength bits) repeated until
 * fullLength bits, absorbed into k without allocating the message. Returns
 * -1 (after kat_bad) when largeMsg cannot be interpreted. */
int kat_absorb_large(kat_stats *st, json_t *group, json_t *test, qstp_keccak *k);

/* 1 when env QSTP_KAT_NO_LDT=1 asks to skip large-data tests (sanitizer runs). */
int kat_no_ldt(void);

/* testType of a group, or NULL. */
const char *kat_test_type(json_t *group);

/* A testType a handler knows, and the function that runs one of its tests
 * (v: the handler's variant, e.g. a digest size or a rate; 0 or -1 after
 * kat_bad).  large: a large-data type, skipped and counted (kat_skip) when
 * kat_no_ldt(). */
typedef struct kat_test_kind {
	const char *type;
	int (*run)(kat_stats *st, json_t *group, json_t *test, int v);
	int large;
} kat_test_kind;

/* Runs every test of every group of root with the kind its testType names
 * among kinds[0..n-1].  A group without a testType, with one not listed or
 * without a tests array fails the file, as does a test whose run returns -1.
 * Returns 0 or -1. */
int kat_run_kinds(json_t *root, kat_stats *st, const kat_test_kind *kinds, size_t n, int v);

/* One resultsArray entry (index j) of an XOF Monte Carlo test: its outLen
 * must be outbits and its md the ceil(outbits / 8) bytes of out.  A
 * mismatch clears *ok (and prints the difference); a missing or bad field
 * returns -1 after kat_bad. */
int kat_mct_entry(kat_stats *st, json_t *group, json_t *test, json_t *res, size_t j,
                  const uint8_t *out, uint64_t outbits, int *ok);

/* Squeezes the test's outLen bits (at most max_bits) from k, truncated as
 * `how` says, and checks them against its md (kat_check, named what).  A
 * missing or bad outLen or md returns -1 after kat_bad. */
int kat_xof_check(kat_stats *st, json_t *group, json_t *test, qstp_keccak *k, long long max_bits,
                  enum kat_trunc how, const char *what);

#endif
