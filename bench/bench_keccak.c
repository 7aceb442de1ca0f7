/* Keccak family throughput. */
#include <string.h>

#include "bench.h"

#include "qstp/keccak.h"
#include "crypto/keccak_impl.h"

static void perm(void *ctx) { qstp_keccakf1600(ctx); }
static void perm_ref(void *ctx) { qstp_keccakf1600_ref(ctx); }
#if defined(__x86_64__)
static void perm_bmi2c(void *ctx) { qstp_keccakf1600_bmi2(ctx); }
static void perm_bmi2asm(void *ctx) { qstp_keccakf1600_bmi2asm(ctx); }
#endif

#if defined(__x86_64__)
/* 1,000 dependent 64-bit adds: one core clock each on every x86-64 core of
 * the last decade, so TSC cycles per call / 1,000 = TSC ticks per core
 * clock.  The TSC runs at a fixed rate; the core may boost above it (or
 * run below it), so this turns TSC cycles into core clocks. */
static void add_chain(void *ctx)
{
	uint64_t x = *(uint64_t *)ctx;
	for (int i = 0; i < 100; i++)
		__asm__ volatile("add %0, %0\n\tadd %0, %0\n\tadd %0, %0\n\tadd %0, %0\n\t"
		                 "add %0, %0\n\tadd %0, %0\n\tadd %0, %0\n\tadd %0, %0\n\t"
		                 "add %0, %0\n\tadd %0, %0"
		                 : "+r"(x));
	*(uint64_t *)ctx = x;
}
#endif

static double median15(double *v)
{
	for (int i = 1; i < 15; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[7];
}

BENCH(keccakf1600, "keccak")
{
	uint64_t st[25] = { 1 };
	double c = bench_median_cycles(perm, st, 2000, 51);
	double ns = bench_median_ns(perm, st, 2000, 51);
	bench_report("keccakf1600_cycles", c, "cycles");
	bench_report("keccakf1600_perms_per_s", 1e9 / ns, "perm/s");
	c = bench_median_cycles(perm_ref, st, 2000, 51);
	bench_report("keccakf1600_ref_cycles", c, "cycles");
#if defined(__x86_64__)
	/* Both BMI variants, measured alternately so that a noisy host
	 * affects both: the median over rounds of each. */
	if (__builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")) {
		double cc[15], ca[15];
		for (int r = 0; r < 15; r++) {
			cc[r] = bench_median_cycles(perm_bmi2c, st, 1000, 5);
			ca[r] = bench_median_cycles(perm_bmi2asm, st, 1000, 5);
		}
		bench_report("keccakf1600_bmi2c_cycles", median15(cc), "cycles");
		bench_report("keccakf1600_bmi2asm_cycles", median15(ca), "cycles");
		/* The same figure in core clocks per round, for comparison with
		 * the permutation's ALU bound (130 integer ALU operations per
		 * round on four ALUs: 32.5 clocks on Zen 3). */
		uint64_t x = 1;
		double tsc_per_clock = bench_median_cycles(add_chain, &x, 200, 51) / 1000.0;
		bench_report("core_clock_per_tsc", 1.0 / tsc_per_clock, "ratio");
		bench_report("keccakf1600_bmi2asm_core_clocks_per_round", median15(ca) / tsc_per_clock / 24.0,
		             "clocks");
	}
#endif
}

static uint8_t buf[65536];
struct hctx {
	size_t len;
	uint8_t out[64];
};

static void h_sha3(void *p) { struct hctx *c = p; qstp_sha3_256(c->out, buf, c->len); }
static void h_shake128(void *p) { struct hctx *c = p; qstp_shake128(c->out, 32, buf, c->len); }
static void h_kmac(void *p) { struct hctx *c = p; qstp_kmac256(c->out, 32, buf, 32, buf, c->len, NULL, 0); }

static void mbps(const char *name, void (*fn)(void *), size_t len, unsigned iters)
{
	struct hctx c = { .len = len };
	double ns = bench_median_ns(fn, &c, iters, 31);
	char n[96];
	snprintf(n, sizeof n, "%s_%zu_MBps", name, len);
	bench_report(n, (double)len / ns * 1e3, "MB/s");
	double cyc = bench_median_cycles(fn, &c, iters, 31);
	snprintf(n, sizeof n, "%s_%zu_cpb", name, len);
	bench_report(n, cyc / (double)len, "cycles/byte");
}

BENCH(sha3_256, "keccak")
{
	mbps("sha3_256", h_sha3, 16384, 20);
	mbps("sha3_256", h_sha3, 65536, 5);
}

BENCH(shake128, "keccak")
{
	mbps("shake128", h_shake128, 16384, 20);
}

BENCH(kmac256, "keccak")
{
	mbps("kmac256", h_kmac, 16384, 20);
	mbps("kmac256", h_kmac, 65536, 5);
	mbps("kmac256", h_kmac, 1500, 200);
	mbps("kmac256", h_kmac, 64, 2000);
}

/* Whole-block absorb at rate 136: the loop of XOR and permutation calls
 * (what the sponges did before) against qstp_keccakf1600_absorb (in the
 * assembly when the CPU has BMI2), 120 blocks a call, alternated so that
 * a noisy host affects both; cycles per block, median over 15 rounds. */
enum { ABS_BLOCKS = 120 };
struct actx {
	uint64_t a[25];
};

static void abs_loop(void *p)
{
	struct actx *c = p;
	const uint8_t *in = buf;
	for (int b = 0; b < ABS_BLOCKS; b++, in += 136) {
		for (unsigned i = 0; i < 17; i++) {
			uint64_t v;
			memcpy(&v, in + 8 * i, 8);
			c->a[i] ^= v;
		}
		qstp_keccakf1600(c->a);
	}
}

static void abs_entry(void *p)
{
	struct actx *c = p;
	qstp_keccakf1600_absorb(c->a, buf, ABS_BLOCKS, 17);
}

BENCH(keccak_absorb, "keccak")
{
	struct actx c = { { 0 } };
	double l[15], e[15];
	for (int r = 0; r < 15; r++) {
		l[r] = bench_median_cycles(abs_loop, &c, 20, 5) / ABS_BLOCKS;
		e[r] = bench_median_cycles(abs_entry, &c, 20, 5) / ABS_BLOCKS;
	}
	bench_report("absorb136_loop_cycles_per_block", median15(l), "cycles");
	bench_report("absorb136_entry_cycles_per_block", median15(e), "cycles");
}
