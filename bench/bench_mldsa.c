/* ML-DSA keygen, sign (deterministic, median over messages) and verify per
 * parameter set, in microseconds and cycles. */
#include "bench.h"

#include <string.h>

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
