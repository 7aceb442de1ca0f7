/* Keccak family throughput. */
#include "bench.h"

#include "qstp/keccak.h"
#include "crypto/keccak_impl.h"

static void perm(void *ctx) { qstp_keccakf1600(ctx); }
static void perm_ref(void *ctx) { qstp_keccakf1600_ref(ctx); }

BENCH(keccakf1600, "keccak")
{
	uint64_t st[25] = { 1 };
	double c = bench_median_cycles(perm, st, 2000, 51);
	double ns = bench_median_ns(perm, st, 2000, 51);
	bench_report("keccakf1600_cycles", c, "cycles");
	bench_report("keccakf1600_perms_per_s", 1e9 / ns, "perm/s");
	c = bench_median_cycles(perm_ref, st, 2000, 51);
	bench_report("keccakf1600_ref_cycles", c, "cycles");
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
}

BENCH(shake128, "keccak")
{
	mbps("shake128", h_shake128, 16384, 20);
}

BENCH(kmac256, "keccak")
{
	mbps("kmac256", h_kmac, 16384, 20);
	mbps("kmac256", h_kmac, 1500, 200);
	mbps("kmac256", h_kmac, 64, 2000);
}
