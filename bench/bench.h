/*
 * qstp-bench: benchmarks register with BENCH(name, group); `qstp-bench`
 * runs all, `qstp-bench NAME...` runs those whose name or group matches.
 * Every result is one line "name value unit" on stdout.
 */
#ifndef QSTP_BENCH_H
#define QSTP_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef void (*bench_fn)(void);
void bench_register(const char *name, const char *group, bench_fn fn);

#define BENCH(name, group)                                                 \
	static void bench_##name(void);                                    \
	__attribute__((constructor)) static void bench_reg_##name(void)    \
	{                                                                  \
		bench_register(#name, group, bench_##name);                \
	}                                                                  \
	static void bench_##name(void)

/* Monotonic time in nanoseconds. */
uint64_t bench_now_ns(void);
/* CPU cycle counter (rdtsc on x86-64; nanoseconds elsewhere). */
uint64_t bench_cycles(void);
/* Runs fn(ctx) `iters` times per sample for `samples` samples (after
 * warm-up) and returns the median nanoseconds per call. */
double bench_median_ns(void (*fn)(void *), void *ctx, unsigned iters, unsigned samples);
/* Same, in cycles per call (TSC cycles on x86-64). */
double bench_median_cycles(void (*fn)(void *), void *ctx, unsigned iters, unsigned samples);
/* Prints "name value unit". */
void bench_report(const char *name, double value, const char *unit);

#endif
