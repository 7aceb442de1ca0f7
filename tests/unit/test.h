/*
 * A minimal unit-test harness: one binary per module, tests registered with
 * TEST(name), run all or by name (argv).  Assertions print both sides.  The
 * binary prints "ok name" / "FAIL name" per test and a last line
 * "N passed, N failed"; it exits non-zero on any failure.
 */
#ifndef QSTP_TEST_H
#define QSTP_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
extern int test_failed_flag;
void test_fail_bytes(const char *file, int line, const char *what, const uint8_t *a,
                     const uint8_t *b, size_t n);
int test_hex_decode(uint8_t *out, size_t max, const char *hex); /* returns bytes or -1 */

#define TEST(name)                                                       \
	static void test_##name(void);                                   \
	__attribute__((constructor)) static void test_reg_##name(void)  \
	{                                                                \
		test_register(#name, test_##name);                       \
	}                                                                \
	static void test_##name(void)

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__,  \
			        __LINE__, #cond);                                \
			test_failed_flag = 1;                                    \
			return;                                                  \
		}                                                                \
	} while (0)

#define CHECK_EQ(a, b)                                                           \
	do {                                                                     \
		long long va_ = (long long)(a), vb_ = (long long)(b);            \
		if (va_ != vb_) {                                                \
			fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", \
			        __FILE__, __LINE__, #a, #b, va_, vb_);           \
			test_failed_flag = 1;                                    \
			return;                                                  \
		}                                                                \
	} while (0)

#define CHECK_MEM(a, b, n)                                                       \
	do {                                                                     \
		if (memcmp((a), (b), (n)) != 0) {                                \
			test_fail_bytes(__FILE__, __LINE__, #a " == " #b,         \
			                (const uint8_t *)(a), (const uint8_t *)(b), (n)); \
			return;                                                  \
		}                                                                \
	} while (0)

#endif
