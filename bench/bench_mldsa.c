/* ML-DSA keygen, sign (deterministic, median over messages) and verify per
 * parameter set: wall-clock medians (bench_median_ns), and medians of this
 * thread's CPU time, which a shared, overloaded machine disturbs less. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qstp/mldsa.h"
#include "crypto/mldsa/poly.h"

struct ctx {
	qstp_mldsa_param p;
	uint8_t pk[QSTP_MLDSA87_PK_BYTES], sk[QSTP_MLDSA87_SK_BYTES];
	uint8_t sig[QSTP_MLDSA87_SIG_BYTES], seed[32], msg[32];
};

static void do_keygen(void *v)
{
	struct ctx *c = v;
	c->seed[0]++;
	qstp_mldsa_keypair_derand(c->p, c->pk, c->sk, c->seed);
}

/* A new message per call: the signing time varies with the number of
 * attempts, so the median is over different messages. */
static void do_sign(void *v)
{
	struct ctx *c = v;
	c->msg[0]++;
	if (c->msg[0] == 0)
		c->msg[1]++;
	qstp_mldsa_sign(c->p, c->sig, c->msg, sizeof c->msg, NULL, 0, c->sk, NULL);
}

static void do_verify(void *v)
{
	struct ctx *c = v;
	qstp_mldsa_verify(c->p, c->sig, qstp_mldsa_sig_bytes(c->p), c->msg, sizeof c->msg, NULL, 0,
	                  c->pk);
}

static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Median CPU time of one call, in microseconds, over n calls (n <= 1001). */
static double cpu_median_us(void (*fn)(void *), void *ctx, unsigned n)
{
	static uint64_t t[1001];
	for (unsigned i = 0; i < 10; i++)
		fn(ctx);
	for (unsigned i = 0; i < n; i++) {
		uint64_t t0 = cpu_ns();
		fn(ctx);
		t[i] = cpu_ns() - t0;
	}
	qsort(t, n, sizeof t[0], cmp_u64);
	return (double)t[n / 2] / 1e3;
}

static void run(qstp_mldsa_param p)
{
	static struct ctx c;
	char name[64];
	memset(&c, 0, sizeof c);
	c.p = p;
	qstp_mldsa_keypair_derand(p, c.pk, c.sk, c.seed);
	snprintf(name, sizeof name, "mldsa%d_keygen_us", (int)p);
	bench_report(name, bench_median_ns(do_keygen, &c, 1, 301) / 1e3, "us");
	snprintf(name, sizeof name, "mldsa%d_sign_us", (int)p);
	bench_report(name, bench_median_ns(do_sign, &c, 1, 1001) / 1e3, "us");
	snprintf(name, sizeof name, "mldsa%d_sign_cycles", (int)p);
	bench_report(name, bench_median_cycles(do_sign, &c, 1, 1001), "cycles");
	do_sign(&c);
	snprintf(name, sizeof name, "mldsa%d_verify_us", (int)p);
	bench_report(name, bench_median_ns(do_verify, &c, 1, 301) / 1e3, "us");
	snprintf(name, sizeof name, "mldsa%d_keygen_cpu_us", (int)p);
	bench_report(name, cpu_median_us(do_keygen, &c, 301), "us");
	snprintf(name, sizeof name, "mldsa%d_sign_cpu_us", (int)p);
	bench_report(name, cpu_median_us(do_sign, &c, 1001), "us");
	do_sign(&c);
	snprintf(name, sizeof name, "mldsa%d_verify_cpu_us", (int)p);
	bench_report(name, cpu_median_us(do_verify, &c, 301), "us");
}

BENCH(mldsa44, "mldsa")
{
	run(QSTP_MLDSA_44);
}

BENCH(mldsa65, "mldsa")
{
	run(QSTP_MLDSA_65);
}

BENCH(mldsa87, "mldsa")
{
	bench_report("mldsa_ntt_impl_avx2", strcmp(mldsa_ntt_impl(), "avx2") == 0, "bool");
	run(QSTP_MLDSA_87);
}

#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/sample.h"

static void ntt_ref(void *p) { mldsa_ntt_ref(p); mldsa_poly_reduce_ref(p); }
static void invntt_ref(void *p) { mldsa_invntt_tomont_ref(p); }
#ifdef MLDSA_HAVE_AVX2
static void ntt_avx2(void *p) { mldsa_ntt_avx2(p); mldsa_poly_reduce_ref(p); }
static void invntt_avx2(void *p) { mldsa_invntt_tomont_avx2(p); }
#endif

struct actx {
	const mldsa_params *P;
	mldsa_poly A[MLDSA_KMAX * MLDSA_LMAX];
	uint8_t rho[32];
};

static void expand_a(void *v)
{
	struct actx *c = v;
	c->rho[0]++;
	mldsa_expand_a(c->A, c->P, c->rho);
}

/* The parts: one NTT (plus a reduction to keep inputs in range), one
 * inverse NTT, and ExpandA for ML-DSA-87 (56 polynomials). */
BENCH(mldsa_parts, "mldsa")
{
	static mldsa_poly a;
	static struct actx c;
	for (unsigned i = 0; i < MLDSA_N; i++)
		a.c[i] = (int32_t)(i * 7919u % MLDSA_Q);
	bench_report("mldsa_ntt_ref_cycles", bench_median_cycles(ntt_ref, &a, 100, 101), "cycles");
	bench_report("mldsa_invntt_ref_cycles", bench_median_cycles(invntt_ref, &a, 100, 101),
	             "cycles");
#ifdef MLDSA_HAVE_AVX2
	if (strcmp(mldsa_ntt_impl(), "avx2") == 0) {
		bench_report("mldsa_ntt_avx2_cycles", bench_median_cycles(ntt_avx2, &a, 100, 101),
		             "cycles");
		bench_report("mldsa_invntt_avx2_cycles",
		             bench_median_cycles(invntt_avx2, &a, 100, 101), "cycles");
	}
#endif
	c.P = mldsa_params_get(QSTP_MLDSA_87);
	bench_report("mldsa87_expand_a_us", bench_median_ns(expand_a, &c, 5, 101) / 1e3, "us");
}

/* Prepared keys (qstp_mldsa_prepare_sk/_pk: ExpandA and the key's NTT forms
 * done once, as the server identity and the client trust do), against the
 * plain calls in the same run. */
struct pctx {
	struct ctx c;
	qstp_mldsa_prepared_sk psk;
	qstp_mldsa_prepared_pk ppk;
};

static void do_sign_prepared(void *v)
{
	struct pctx *x = v;
	x->c.msg[0]++;
	if (x->c.msg[0] == 0)
		x->c.msg[1]++;
	qstp_mldsa_sign_prepared(x->c.sig, x->c.msg, sizeof x->c.msg, NULL, 0, &x->psk, NULL);
}

static void do_verify_prepared(void *v)
{
	struct pctx *x = v;
	qstp_mldsa_verify_prepared(x->c.sig, qstp_mldsa_sig_bytes(x->c.p), x->c.msg,
	                           sizeof x->c.msg, NULL, 0, &x->ppk);
}

BENCH(mldsa87_prepared, "mldsa")
{
	static struct pctx x;
	x.c.p = QSTP_MLDSA_87;
	if (qstp_mldsa_keypair_derand(x.c.p, x.c.pk, x.c.sk, x.c.seed) != 0 ||
	    qstp_mldsa_prepare_sk(x.c.p, &x.psk, x.c.sk) != 0 ||
	    qstp_mldsa_prepare_pk(x.c.p, &x.ppk, x.c.pk) != 0)
		return;
	bench_report("mldsa87_sign_plain_us", bench_median_ns(do_sign, &x.c, 1, 1001) / 1e3, "us");
	bench_report("mldsa87_sign_prepared_us",
	             bench_median_ns(do_sign_prepared, &x, 1, 1001) / 1e3, "us");
	bench_report("mldsa87_verify_plain_us", bench_median_ns(do_verify, &x.c, 1, 301) / 1e3,
	             "us");
	bench_report("mldsa87_verify_prepared_us",
	             bench_median_ns(do_verify_prepared, &x, 1, 301) / 1e3, "us");
	qstp_mldsa_prepared_sk_wipe(&x.psk);
}
