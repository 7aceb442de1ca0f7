/*
 * RCS-256 throughput as QSTP uses it (issue 5): messages of 64 B, 1 KiB,
 * 16 KiB and 64 KiB through one state, each with a 21-byte AD (the packet
 * header); encrypt and decrypt; and, in the same run, KMAC256 alone over
 * the same message bytes (a keyed standard KMAC256 context cloned per
 * message, so keying is not counted, as RCS keys its MAC once) -- the
 * bound the MAC puts on RCS.  MB/s are message bytes per microsecond.
 *
 * Decrypt restores the state from a snapshot before each message (the
 * chained tag would otherwise reject a repeated message); that memcpy of
 * sizeof(qstp_rcs256) is included in the decrypt times.
 */
#include <string.h>

#include "bench.h"
#include "qstp/keccak.h"
#include "qstp/rcs.h"
#include "crypto/rcs_impl.h"

enum { MAX = 65536, AD = 21, SAMPLES = 31 };

static uint8_t msg[MAX], out[MAX + 32], ad[AD];

struct rctx {
	size_t len;
	qstp_rcs256 s, snap;
	qstp_keccak kmac;
	uint8_t tag[32];
};

static void do_encrypt(void *p)
{
	struct rctx *c = p;
	qstp_rcs256_set_associated(&c->s, ad, AD);
	qstp_rcs256_encrypt(&c->s, out, msg, c->len);
}

static void do_decrypt(void *p)
{
	struct rctx *c = p;
	memcpy(&c->s, &c->snap, sizeof c->s);
	qstp_rcs256_set_associated(&c->s, ad, AD);
	if (qstp_rcs256_decrypt(&c->s, msg, out, c->len + 32) != 0)
		__builtin_trap(); /* the benchmark's own message must verify */
}

static void do_kmac(void *p)
{
	struct rctx *c = p;
	qstp_keccak k;
	memcpy(&k, &c->kmac, sizeof k);
	qstp_keccak_absorb(&k, msg, c->len);
	qstp_kmac_final(&k, c->tag, 32);
}

static void do_keystream(void *p)
{
	struct rctx *c = p;
	qstp_rcs_ctr_impl()(c->s.rk, QSTP_RCS256_ROUNDS, c->s.ctr, out, msg, c->len);
}

static double mbps(void (*fn)(void *), struct rctx *c)
{
	unsigned iters = c->len >= 16384 ? 20 : c->len >= 1024 ? 200 : 2000;
	double ns = bench_median_ns(fn, c, iters, SAMPLES);
	return (double)c->len / ns * 1e3;
}

static void report(const char *what, size_t len, double v)
{
	char n[64];
	snprintf(n, sizeof n, "rcs256_%s_%zu_MBps", what, len);
	bench_report(n, v, "MB/s");
}

BENCH(rcs256, "rcs")
{
	static const size_t lens[] = { 64, 1024, 16384, 65536 };
	static struct rctx c;
	uint8_t key[32], nonce[32];

	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (uint8_t)(i * 7);
	memset(key, 0x42, sizeof key);
	memset(nonce, 0x24, sizeof nonce);
	memset(ad, 0x15, sizeof ad);
	printf("# rcs block function: %s; keccak: %s\n", qstp_rcs_ctr_impl_name(),
	       qstp_keccakf1600_impl());
	qstp_kmac256_init(&c.kmac, key, 32, NULL, 0);
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		c.len = lens[i];
		qstp_rcs256_init(&c.s, key, nonce, NULL, 0, 1);
		double enc = mbps(do_encrypt, &c);
		/* A decrypt state at the point where `out` (the last message the
		 * encrypt state produced) is next: replay the same sequence. */
		qstp_rcs256_init(&c.snap, key, nonce, NULL, 0, 1);
		qstp_rcs256_init(&c.s, key, nonce, NULL, 0, 1);
		do_encrypt(&c);
		qstp_rcs256_init(&c.snap, key, nonce, NULL, 0, 0);
		double dec = mbps(do_decrypt, &c);
		double kmac = mbps(do_kmac, &c);
		double ks = mbps(do_keystream, &c);
		report("encrypt", c.len, enc);
		report("decrypt", c.len, dec);
		report("kmac256_alone", c.len, kmac);
		report("keystream_only", c.len, ks);
		char n[64];
		snprintf(n, sizeof n, "rcs256_encrypt_vs_kmac_%zu", c.len);
		bench_report(n, 100.0 * enc / kmac, "%");
	}
	qstp_rcs256_dispose(&c.s);
	qstp_rcs256_dispose(&c.snap);
}
