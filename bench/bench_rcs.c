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
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "qstp/keccak.h"
#include "qstp/rcs.h"
#include "crypto/rcs_impl.h"

enum { MAX = 65536, AD = 21, SAMPLES = 151 };

static uint8_t msg[MAX], out[MAX + 32], eout[MAX + 32], dout[MAX], ad[AD];

struct rctx {
	size_t len;
	qstp_rcs256 s, snap, enc;
	qstp_keccak kmac;
	uint8_t tag[32];
};

static void do_encrypt(void *p)
{
	struct rctx *c = p;
	qstp_rcs256_set_associated(&c->enc, ad, AD);
	qstp_rcs256_encrypt(&c->enc, eout, msg, c->len);
}

/* The message decrypt replays: out = the first message of state s. */
static void first_message(struct rctx *c)
{
	qstp_rcs256_set_associated(&c->s, ad, AD);
	qstp_rcs256_encrypt(&c->s, out, msg, c->len);
}

static void do_decrypt(void *p)
{
	struct rctx *c = p;
	memcpy(&c->s, &c->snap, sizeof c->s);
	qstp_rcs256_set_associated(&c->s, ad, AD);
	if (qstp_rcs256_decrypt(&c->s, dout, out, c->len + 32) != 0)
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
	qstp_rcs_ctr_impl()(c->enc.rk, QSTP_RCS256_ROUNDS, c->enc.ctr, eout, msg, c->len);
}

/* The machine is shared, so the four measurements of one size are taken
 * in alternation, sample by sample, and each reported value is the median
 * of its samples: a busy period slows all four, not one of them. */
enum { NFN = 4 };

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void measure(void (*const fn[NFN])(void *), struct rctx *c, double mbps[NFN])
{
	/* About 50-150 us per sample: short enough to alternate finely. */
	unsigned iters = c->len >= 65536 ? 1 : c->len >= 16384 ? 2 : c->len >= 1024 ? 20 : 200;
	double t[NFN][SAMPLES];
	for (int f = 0; f < NFN; f++)
		for (unsigned i = 0; i < iters; i++)
			fn[f](c); /* warm-up */
	for (int s = 0; s < SAMPLES; s++)
		for (int f = 0; f < NFN; f++) {
			uint64_t t0 = bench_now_ns();
			for (unsigned i = 0; i < iters; i++)
				fn[f](c);
			t[f][s] = (double)(bench_now_ns() - t0) / iters;
		}
	for (int f = 0; f < NFN; f++) {
		qsort(t[f], SAMPLES, sizeof(double), cmp_double);
		mbps[f] = (double)c->len / t[f][SAMPLES / 2] * 1e3;
	}
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
		static void (*const fns[NFN])(void *) = { do_encrypt, do_decrypt, do_kmac,
			                                  do_keystream };
		double v[NFN];
		c.len = lens[i];
		/* Decrypt replays, from a snapshot, the first message of an
		 * encrypt state with the same key; the encrypt state then runs
		 * on (its chain only grows). */
		qstp_rcs256_init(&c.s, key, nonce, NULL, 0, 1);
		first_message(&c);
		qstp_rcs256_init(&c.snap, key, nonce, NULL, 0, 0);
		qstp_rcs256_init(&c.enc, key, nonce, NULL, 0, 1);
		measure(fns, &c, v);
		report("encrypt", c.len, v[0]);
		report("decrypt", c.len, v[1]);
		report("kmac256_alone", c.len, v[2]);
		report("keystream_only", c.len, v[3]);
		char n[64];
		snprintf(n, sizeof n, "rcs256_encrypt_vs_kmac_%zu", c.len);
		bench_report(n, 100.0 * v[0] / v[2], "%");
	}
	qstp_rcs256_dispose(&c.enc);
	qstp_rcs256_dispose(&c.s);
	qstp_rcs256_dispose(&c.snap);
}
