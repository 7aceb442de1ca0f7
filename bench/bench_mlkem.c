/* ML-KEM KeyGen, Encaps, Decaps per parameter set: the median of 3001 single
 * calls after warm-up, in microseconds and TSC cycles.  The path is the one
 * qstp_cpu_features() selects; `QSTP_CPU_MASK=0 qstp-bench mlkem` measures
 * the portable code. */
#include "bench.h"

#include <string.h>

#include "qstp/mlkem.h"
#include "crypto/keccak4x.h"
#include "crypto/mlkem/mlkem_internal.h"

struct kctx {
	qstp_mlkem_param p;
	uint8_t ek[QSTP_MLKEM1024_EK_BYTES], dk[QSTP_MLKEM1024_DK_BYTES];
	uint8_t ct[QSTP_MLKEM1024_CT_BYTES], ss[32], seed[64];
};

static void do_keygen(void *v)
{
	struct kctx *c = v;
	qstp_mlkem_keypair_derand(c->p, c->ek, c->dk, c->seed, c->seed + 32);
}

static void do_encaps(void *v)
{
	struct kctx *c = v;
	qstp_mlkem_encaps_derand(c->p, c->ct, c->ss, c->ek, c->seed);
}

static void do_decaps(void *v)
{
	struct kctx *c = v;
	qstp_mlkem_decaps(c->p, c->ss, c->ct, c->dk);
}

enum { SAMPLES = 3001 };

static void run_set(qstp_mlkem_param p, const char *name)
{
	static struct kctx c;
	char n[64];
	memset(&c, 0, sizeof c);
	c.p = p;
	for (int i = 0; i < 64; i++)
		c.seed[i] = (uint8_t)(i * 7 + 1);
	do_keygen(&c);
	do_encaps(&c);
	static const struct {
		const char *op;
		void (*fn)(void *);
	} ops[3] = { { "keygen", do_keygen }, { "encaps", do_encaps }, { "decaps", do_decaps } };
	for (int i = 0; i < 3; i++) {
		snprintf(n, sizeof n, "%s_%s_us", name, ops[i].op);
		bench_report(n, bench_median_ns(ops[i].fn, &c, 1, SAMPLES) / 1e3, "us");
		snprintf(n, sizeof n, "%s_%s_cycles", name, ops[i].op);
		bench_report(n, bench_median_cycles(ops[i].fn, &c, 1, SAMPLES), "cycles");
	}
}

BENCH(mlkem512, "mlkem")
{
	run_set(QSTP_MLKEM_512, "mlkem512");
}

BENCH(mlkem768, "mlkem")
{
	run_set(QSTP_MLKEM_768, "mlkem768");
}

BENCH(mlkem1024, "mlkem")
{
	run_set(QSTP_MLKEM_1024, "mlkem1024");
}

/* The building blocks, to see where the time goes. */
static void do_perm4(void *v) { qstp_keccak4x_permute(v); }
static void do_ntt(void *v) { mlkem_poly_ntt(v); }
static void do_invntt(void *v) { mlkem_poly_invntt_tomont(v); }
static mlkem_poly bm_a[4], bm_b[4];
static void do_basemul(void *v) { mlkem_polyvec_basemul_acc(v, bm_a, bm_b, 4); }

BENCH(mlkem_parts, "mlkem")
{
	static qstp_keccak4x st;
	static mlkem_poly p;
	printf("# keccak4x: %s, NTT: %s\n", qstp_keccak4x_impl(), mlkem_use_avx2() ? "avx2" : "ref");
	bench_report("keccak4x_permute_cycles", bench_median_cycles(do_perm4, &st, 100, 101),
	             "cycles");
	for (int i = 0; i < MLKEM_N; i++)
		p.c[i] = (int16_t)(i * 13 % MLKEM_Q);
	bench_report("mlkem_ntt_cycles", bench_median_cycles(do_ntt, &p, 100, 101), "cycles");
	for (int i = 0; i < MLKEM_N; i++)
		p.c[i] = (int16_t)(i * 13 % MLKEM_Q);
	bench_report("mlkem_invntt_cycles", bench_median_cycles(do_invntt, &p, 100, 101), "cycles");
	bench_report("mlkem_basemul_acc4_cycles", bench_median_cycles(do_basemul, &p, 100, 101),
	             "cycles");
}
