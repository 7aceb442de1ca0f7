/*
 * The protocol core: a full in-memory handshake per configuration set (client
 * and server work together, real ML-KEM / ML-DSA, system random source), the
 * server's share of it alone (its input and work calls), and the transport
 * (seal; header check + open) for 1 KiB and 16 KiB packets.  Medians.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "proto/session_int.h"
#include "qstp/cert.h"

/* A PKI per set, generated once. */
typedef struct pki {
	qstp_server_identity *id;
	qstp_client_trust *trust;
	uint64_t now;
} pki;

static int make_pki(pki *p, uint8_t set)
{
	qstp_root_cert *rc = calloc(1, sizeof *rc);
	qstp_server_cert *sc = calloc(1, sizeof *sc);
	qstp_secret_key *rk = calloc(1, sizeof *rk), *sk = calloc(1, sizeof *sk);
	int r = -1;
	p->now = 1800000000u;
	if (rc && sc && rk && sk &&
	    qstp_root_generate(rc, rk, set, "bench_root", 365, p->now - 100, qstp_random_system,
	                       NULL) == 0 &&
	    qstp_server_generate(sc, sk, set, "bench_server", 365, p->now - 100,
	                         qstp_random_system, NULL) == 0 &&
	    qstp_root_sign(sc, rc, rk) == 0 && qstp_server_identity_from_parts(&p->id, rc, sc, sk) == 0 &&
	    qstp_client_trust_from_parts(&p->trust, rc, sc) == 0)
		r = 0;
	if (rk)
		qstp_key_wipe(rk);
	if (sk)
		qstp_key_wipe(sk);
	free(rc);
	free(sc);
	free(rk);
	free(sk);
	return r;
}

static int feed(qstp_session *s, qstp_buf *in, uint64_t now, qstp_buf *out, qstp_buf *app)
{
	size_t n = in->len;
	int r = qstp_session_input(s, in->data, &n, now, out, app);
	in->len = 0;
	if (r == 0 && (qstp_session_flags(s) & QSTP_WANT_WORK))
		r = qstp_session_work(s, now, out);
	return r;
}

/* Public-key operations that cost nothing (zero keys and signatures), to
 * measure what the protocol layer itself adds to a handshake. */
static int z_keypair(void *ctx, const qstp_config_set *cs, uint8_t *ek, uint8_t *dk,
                     qstp_mlkem_expanded *kx, qstp_mlkem_th *th, qstp_random_fn rng,
                     void *rng_ctx)
{
	(void)ctx, (void)kx, (void)rng, (void)rng_ctx;
	memset(ek, 0, cs->kem_ek_bytes);
	memset(dk, 0, cs->kem_dk_bytes);
	qstp_kex_th(th, ek, cs->kem_ek_bytes);
	return 0;
}
static int z_encaps(void *ctx, const qstp_config_set *cs, uint8_t *ct, uint8_t ss[32],
                    const uint8_t *ek, qstp_mlkem_th *th, qstp_random_fn rng, void *rng_ctx)
{
	(void)ctx, (void)rng, (void)rng_ctx;
	qstp_kex_th(th, ek, cs->kem_ek_bytes);
	memset(ct, 0, cs->kem_ct_bytes);
	memset(ss, 0, 32);
	return 0;
}
static int z_decaps(void *ctx, const qstp_config_set *cs, uint8_t ss[32], const uint8_t *ct,
                    const uint8_t *dk, const qstp_mlkem_expanded *kx, qstp_mlkem_th *th)
{
	(void)ctx, (void)dk, (void)kx;
	qstp_kex_th(th, ct, cs->kem_ct_bytes);
	memset(ss, 0, 32);
	return 0;
}
static int z_sign(void *ctx, const qstp_config_set *cs, uint8_t *sig, const uint8_t msg[32],
                  const uint8_t *sk, qstp_random_fn rng, void *rng_ctx)
{
	(void)ctx, (void)msg, (void)sk, (void)rng, (void)rng_ctx;
	memset(sig, 0, cs->sig_bytes);
	return 0;
}
static int z_verify(void *ctx, const qstp_config_set *cs, const uint8_t *sig,
                    const uint8_t msg[32], const uint8_t *pk)
{
	(void)ctx, (void)cs, (void)sig, (void)msg, (void)pk;
	return 0;
}
static const qstp_kex_ops zero_ops = { z_keypair, z_encaps, z_decaps, z_sign, z_verify };
static const qstp_kex_ops *bench_ops;

/* One handshake; adds the server's calls' time to *server_ns. */
static int handshake(pki *p, uint64_t *server_ns)
{
	qstp_session *c = qstp_session_new_client(p->trust, NULL);
	qstp_session *s = qstp_session_new_server(p->id, NULL);
	if (bench_ops != NULL && c != NULL && s != NULL) {
		qstp_session_set_kex_ops(c, bench_ops, NULL);
		qstp_session_set_kex_ops(s, bench_ops, NULL);
	}
	qstp_buf c2s = { 0 }, s2c = { 0 }, app = { 0 };
	uint64_t t0, sv = 0;
	int r = -1;
	if (c == NULL || s == NULL || qstp_session_start(c, p->now, &c2s) != 0)
		goto out;
	t0 = bench_now_ns();
	if (feed(s, &c2s, p->now, &s2c, &app) != 0)
		goto out;
	sv += bench_now_ns() - t0;
	if (feed(c, &s2c, p->now, &c2s, &app) != 0)
		goto out;
	t0 = bench_now_ns();
	if (feed(s, &c2s, p->now, &s2c, &app) != 0)
		goto out;
	sv += bench_now_ns() - t0;
	if (feed(c, &s2c, p->now, &c2s, &app) != 0 || !(qstp_session_flags(c) & QSTP_ESTABLISHED))
		goto out;
	*server_ns = sv;
	r = 0;
out:
	qstp_session_free(c);
	qstp_session_free(s);
	qstp_buf_free(&c2s);
	qstp_buf_free(&s2c);
	qstp_buf_free(&app);
	return r;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void bench_set(uint8_t set, unsigned n, const char *label)
{
	pki p;
	char name[64];
	uint64_t *full = calloc(n, sizeof *full), *srv = calloc(n, sizeof *srv);
	if (full == NULL || srv == NULL || make_pki(&p, set) != 0) {
		fprintf(stderr, "bench_session: setup failed for set %u\n", set);
		free(full);
		free(srv);
		return;
	}
	for (unsigned i = 0; i < 3; i++)
		(void)handshake(&p, &srv[0]);
	for (unsigned i = 0; i < n; i++) {
		uint64_t t0 = bench_now_ns();
		if (handshake(&p, &srv[i]) != 0) {
			fprintf(stderr, "bench_session: handshake failed\n");
			break;
		}
		full[i] = bench_now_ns() - t0;
	}
	qsort(full, n, sizeof *full, cmp_u64);
	qsort(srv, n, sizeof *srv, cmp_u64);
	snprintf(name, sizeof name, "handshake_set%u%s_us", set, label);
	bench_report(name, (double)full[n / 2] / 1e3, "us");
	snprintf(name, sizeof name, "handshake_set%u%s_per_s", set, label);
	bench_report(name, 1e9 / (double)full[n / 2], "handshakes/s");
	snprintf(name, sizeof name, "handshake_set%u%s_server_us", set, label);
	bench_report(name, (double)srv[n / 2] / 1e3, "us");
	snprintf(name, sizeof name, "handshake_set%u%s_server_per_s", set, label);
	bench_report(name, 1e9 / (double)srv[n / 2], "handshakes/s");
	qstp_server_identity_unref(p.id);
	qstp_client_trust_free(p.trust);
	free(full);
	free(srv);
}

BENCH(handshake_set1, "session") { bench_set(1, 201, ""); }
BENCH(handshake_set2, "session") { bench_set(2, 201, ""); }
BENCH(handshake_set3, "session") { bench_set(3, 201, ""); }
/* The protocol layer alone: hashing, KDF, RCS key schedules, framing, allocation. */
BENCH(handshake_set3_proto_only, "session")
{
	bench_ops = &zero_ops;
	bench_set(3, 501, "_proto_only");
	bench_ops = NULL;
}

/* Transport: a batch of packets sealed, then header-checked and opened. */
enum { BATCH = 64 };

static void transport(size_t len)
{
	static const uint8_t cfg[42], key[32] = { 1 }, nonce[32] = { 2 }, rtcs[32];
	qstp_transport *tx = malloc(sizeof *tx), *rx = malloc(sizeof *rx);
	size_t plen = QSTP_HEADER_BYTES + len + QSTP_TAG_BYTES;
	uint8_t *pkts = malloc(plen * BATCH), *pt = calloc(1, len), *out = malloc(len);
	uint64_t enc[31], dec[31];
	char name[64];
	if (!tx || !rx || !pkts || !pt || !out)
		goto out;
	for (unsigned s = 0; s < 31; s++) {
		qstp_transport_init_keys(tx, key, nonce, key, nonce, rtcs, cfg, 1, 2, 2);
		qstp_transport_init_keys(rx, key, nonce, key, nonce, rtcs, cfg, 0, 2, 2);
		uint64_t t0 = bench_now_ns();
		for (unsigned i = 0; i < BATCH; i++)
			(void)qstp_transport_seal(tx, pkts + i * plen, QSTP_FLAG_ENCRYPTED_MESSAGE, pt, len,
			                          1800000000u);
		uint64_t t1 = bench_now_ns();
		for (unsigned i = 0; i < BATCH; i++) {
			qstp_header h;
			int kind;
			uint8_t code;
			qstp_header_decode(&h, pkts + i * plen);
			if (qstp_header_check_established(&h, rx->rxseq, 1800000000u) != 0 ||
			    qstp_transport_open(rx, &h, pkts + i * plen, pkts + i * plen + QSTP_HEADER_BYTES,
			                        out, &kind, &code) != 0) {
				fprintf(stderr, "bench_session: open failed\n");
				goto out;
			}
		}
		uint64_t t2 = bench_now_ns();
		enc[s] = t1 - t0;
		dec[s] = t2 - t1;
		qstp_transport_wipe(tx);
		qstp_transport_wipe(rx);
	}
	qsort(enc, 31, sizeof enc[0], cmp_u64);
	qsort(dec, 31, sizeof dec[0], cmp_u64);
	double e = (double)enc[15] / BATCH, d = (double)dec[15] / BATCH;
	snprintf(name, sizeof name, "transport_%zu_encrypt_pkts_per_s", len);
	bench_report(name, 1e9 / e, "packets/s");
	snprintf(name, sizeof name, "transport_%zu_encrypt_MBps", len);
	bench_report(name, (double)len / e * 1e3, "MB/s");
	snprintf(name, sizeof name, "transport_%zu_decrypt_pkts_per_s", len);
	bench_report(name, 1e9 / d, "packets/s");
	snprintf(name, sizeof name, "transport_%zu_decrypt_MBps", len);
	bench_report(name, (double)len / d * 1e3, "MB/s");
out:
	free(tx);
	free(rx);
	free(pkts);
	free(pt);
	free(out);
}

BENCH(transport_1k, "session") { transport(1024); }
BENCH(transport_16k, "session") { transport(16384); }
