/*
 * qstp: constant-time helpers, wiping and randomness (the public part).
 */
#ifndef QSTP_UTIL_H
#define QSTP_UTIL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Overwrites n bytes at p with zeros; the compiler cannot remove the stores. */
void qstp_wipe(void *p, size_t n);

/* Returns 1 if the n bytes at a and b are equal, 0 otherwise, in time that
 * depends only on n. */
int qstp_ct_eq(const void *a, const void *b, size_t n);

/* Fills out with n bytes from getrandom(2).  Returns 0, or QSTP_ERR_RANDOM
 * with out zeroed if the kernel's generator fails (never partial output). */
int qstp_randombytes(uint8_t *out, size_t n);

/* A random source as the protocol core takes it: fills out, returns 0 or a
 * negative QSTP_ERR_*. */
typedef int (*qstp_random_fn)(void *ctx, uint8_t *out, size_t n);

/* The system source as a qstp_random_fn (ctx is ignored). */
int qstp_random_system(void *ctx, uint8_t *out, size_t n);

#ifdef __cplusplus
}
#endif
#endif
