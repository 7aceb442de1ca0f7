/* qstp-bench driver: registration, selection, timing helpers, output. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_BENCH 256
#define WARMUP_NS 200000000u /* 0.2 s */

static struct {
	const char *name, *group;
	bench_fn fn;
} benches[MAX_BENCH];
static int nbench;

void bench_register(const char *name, const char *group, bench_fn fn)
{
	if (nbench == MAX_BENCH)
		abort();
	benches[nbench].name = name;
	benches[nbench].group = group;
	benches[nbench].fn = fn;
	nbench++;
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t bench_cycles(void)
{
#if defined(__x86_64__)
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
#else
	return bench_now_ns();
#endif
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(void (*fn)(void *), void *ctx, unsigned iters, unsigned samples,
                     uint64_t (*clock)(void))
{
	double *v = malloc(samples * sizeof *v);
	if (v == NULL)
		abort();
	/* Warm-up: at least 2 rounds and at least WARMUP_NS, so caches, branch
	 * predictors and the CPU clock have settled before the first sample
	 * (with a fixed count, whichever benchmark ran first measured slow). */
	uint64_t w0 = bench_now_ns();
	for (unsigned i = 0; i < iters * 2 + 1 || bench_now_ns() - w0 < WARMUP_NS; i++)
		fn(ctx);
	for (unsigned s = 0; s < samples; s++) {
		uint64_t t0 = clock();
		for (unsigned i = 0; i < iters; i++)
			fn(ctx);
		v[s] = (double)(clock() - t0) / iters;
	}
	qsort(v, samples, sizeof *v, cmp_double);
	double m = v[samples / 2];
	free(v);
	return m;
}

double bench_median_ns(void (*fn)(void *), void *ctx, unsigned iters, unsigned samples)
{
	return median(fn, ctx, iters, samples, bench_now_ns);
}

double bench_median_cycles(void (*fn)(void *), void *ctx, unsigned iters, unsigned samples)
{
	return median(fn, ctx, iters, samples, bench_cycles);
}

void bench_report(const char *name, double value, const char *unit)
{
	printf("%s %.6g %s\n", name, value, unit);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int ran = 0;
	if (argc > 1 && (strcmp(argv[1], "-l") == 0 || strcmp(argv[1], "--list") == 0)) {
		for (int i = 0; i < nbench; i++)
			printf("%s (%s)\n", benches[i].name, benches[i].group);
		return 0;
	}
	for (int i = 0; i < nbench; i++) {
		int want = argc == 1;
		for (int j = 1; j < argc; j++)
			if (strcmp(argv[j], benches[i].name) == 0 || strcmp(argv[j], benches[i].group) == 0)
				want = 1;
		if (want) {
			benches[i].fn();
			ran++;
		}
	}
	if (ran == 0) {
		fprintf(stderr, "qstp-bench: no benchmark matches (try --list)\n");
		return 1;
	}
	return 0;
}
