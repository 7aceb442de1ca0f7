/*
 * qstp_kex.json (shared/vectors/qstp/README.md): the handshake transcript
 * and session KDF.  Drives the real client and server state machines
 * (src/proto) with the public-key operations replaced by a table that
 * returns the file's synthetic KEM key, ciphertext and shared secret and
 * zero signatures (verification stubbed), through the test seam of
 * src/proto/session_int.h.  This harness is separate from the real one.
 */
#include <stdlib.h>
#include <string.h>

#include "kat.h"
#include "proto/kdf.h"
#include "proto/session_int.h"
#include "qstp/cert.h"
#include "qstp/config.h"
#include "qstp/keccak.h"
#include "qstp/rcs.h"

static int match(json_t *root)
{
	return kat_str_is(root, "algorithm", "QSTP-KEX");
}

/* The synthetic values the fake operations hand out. */
typedef struct fake {
	uint8_t ek[QSTP_KEM_EK_MAX_BYTES], ct[QSTP_KEM_CT_MAX_BYTES], ss[32];
} fake;

static int f_keypair(void *ctx, const qstp_config_set *cs, uint8_t *ek, uint8_t *dk,
                     qstp_mlkem_expanded *kx, qstp_mlkem_th *th, qstp_random_fn rng,
                     void *rng_ctx)
{
	(void)kx, (void)rng, (void)rng_ctx;
	memcpy(ek, ((fake *)ctx)->ek, cs->kem_ek_bytes);
	memset(dk, 0xA5, cs->kem_dk_bytes);
	qstp_kex_th(th, ek, cs->kem_ek_bytes);
	return 0;
}

static int f_encaps(void *ctx, const qstp_config_set *cs, uint8_t *ct, uint8_t ss[32],
                    const uint8_t *ek, qstp_mlkem_th *th, qstp_random_fn rng, void *rng_ctx)
{
	(void)rng, (void)rng_ctx;
	qstp_kex_th(th, ek, cs->kem_ek_bytes);
	if (memcmp(ek, ((fake *)ctx)->ek, cs->kem_ek_bytes) != 0)
		return QSTP_ERR_MLKEM_EK_INVALID;
	memcpy(ct, ((fake *)ctx)->ct, cs->kem_ct_bytes);
	memcpy(ss, ((fake *)ctx)->ss, 32);
	return 0;
}

static int f_decaps(void *ctx, const qstp_config_set *cs, uint8_t ss[32], const uint8_t *ct,
                    const uint8_t *dk, const qstp_mlkem_expanded *kx, qstp_mlkem_th *th)
{
	(void)dk, (void)kx;
	qstp_kex_th(th, ct, cs->kem_ct_bytes);
	if (memcmp(ct, ((fake *)ctx)->ct, cs->kem_ct_bytes) != 0)
		return QSTP_ERR_MLKEM_DK_INVALID;
	memcpy(ss, ((fake *)ctx)->ss, 32);
	return 0;
}

static int f_sign(void *ctx, const qstp_config_set *cs, uint8_t *sig, const uint8_t msg[32],
                  const uint8_t *sk, qstp_random_fn rng, void *rng_ctx)
{
	(void)ctx, (void)msg, (void)sk, (void)rng, (void)rng_ctx;
	memset(sig, 0, cs->sig_bytes);
	return 0;
}

static int f_verify(void *ctx, const qstp_config_set *cs, const uint8_t *sig,
                    const uint8_t msg[32], const uint8_t *pk)
{
	(void)ctx, (void)msg, (void)pk;
	for (size_t i = 0; i < cs->sig_bytes; i++)
		if (sig[i] != 0)
			return QSTP_ERR_MLDSA_VERIFY;
	return 0;
}

static const qstp_kex_ops fake_ops = { f_keypair, f_encaps, f_decaps, f_sign, f_verify };

static int u64f(json_t *o, const char *k, uint64_t *v)
{
	long long x;
	if (kat_int(o, k, &x) != 0 || x < 0)
		return -1;
	*v = (uint64_t)x;
	return 0;
}

static int u8f(json_t *o, const char *k, uint8_t *v)
{
	long long x;
	if (kat_int(o, k, &x) != 0 || x < 0 || x > 255)
		return -1;
	*v = (uint8_t)x;
	return 0;
}

/* Compares a hex field with n bytes; a bad field fails the file. */
static int cmp_hex(kat_stats *st, json_t *g, json_t *t, const char *key, const uint8_t *got,
                   size_t n)
{
	uint8_t *want = NULL;
	size_t wl = 0;
	if (kat_hex(t, key, &want, &wl) != 0)
		return kat_bad(st, g, t, "field %s", key);
	int ok = wl == n && memcmp(want, got, n) == 0;
	if (!ok && wl == n)
		kat_diff(key, got, want, n);
	kat_check(st, g, t, ok, key);
	free(want);
	return 0;
}

#define CMP(key, p, n)                                         \
	do {                                                   \
		if ((ret = cmp_hex(st, g, t, key, p, n)) != 0) \
			goto out;                              \
	} while (0)

static int build_certs(json_t *t, const qstp_config_set *cs, qstp_root_cert *rc,
                       qstp_server_cert *sc, qstp_secret_key *sk)
{
	memset(rc, 0, sizeof *rc);
	memset(sc, 0, sizeof *sc);
	memset(sk, 0, sizeof *sk);
	if (u8f(t, "rootAlgorithm", &rc->set) || u8f(t, "rootVersion", &rc->version) ||
	    kat_hex_fixed(t, "rootVerkey", rc->verkey, cs->sig_pk_bytes) ||
	    kat_hex_fixed(t, "rootIssuer", rc->issuer, 32) ||
	    kat_hex_fixed(t, "rootSerial", rc->serial, 16) ||
	    u64f(t, "rootValidFrom", &rc->valid_from) || u64f(t, "rootValidTo", &rc->valid_to) ||
	    u8f(t, "serverAlgorithm", &sc->set) || u8f(t, "serverVersion", &sc->version) ||
	    kat_hex_fixed(t, "serverVerkey", sc->verkey, cs->sig_pk_bytes) ||
	    kat_hex_fixed(t, "serverIssuer", sc->issuer, 32) ||
	    kat_hex_fixed(t, "serverSerial", sc->serial, 16) ||
	    kat_hex_fixed(t, "serverRootSerial", sc->rootser, 16) ||
	    u64f(t, "serverValidFrom", &sc->valid_from) || u64f(t, "serverValidTo", &sc->valid_to))
		return -1;
	sk->set = sc->set;
	sk->version = sc->version;
	sk->is_server = 1;
	memcpy(sk->issuer, sc->issuer, 32);
	memcpy(sk->serial, sc->serial, 16);
	memcpy(sk->verkey, sc->verkey, cs->sig_pk_bytes);
	sk->valid_from = sc->valid_from;
	sk->valid_to = sc->valid_to;
	return 0;
}

/* Decrypts the first packet in `pkt` with an independent RCS state made from
 * the file's key and nonce: proves the session holds those keys. */
static int keys_match(json_t *t, const char *kk, const char *nk, const uint8_t *pkt, size_t len)
{
	uint8_t key[32], nonce[32], out[64];
	qstp_rcs256 rx;
	if (kat_hex_fixed(t, kk, key, 32) || kat_hex_fixed(t, nk, nonce, 32) ||
	    len != QSTP_HEADER_BYTES + 16 + 32)
		return 0;
	qstp_rcs256_init(&rx, key, nonce, NULL, 0, 0);
	qstp_rcs256_set_associated(&rx, pkt, QSTP_HEADER_BYTES);
	int ok = qstp_rcs256_decrypt(&rx, out, pkt + QSTP_HEADER_BYTES, 48) == 0 &&
	         memcmp(out, "0123456789abcdef", 16) == 0;
	qstp_rcs256_dispose(&rx);
	return ok;
}

static int feed(qstp_session *s, const qstp_buf *in, uint64_t now, qstp_buf *out, qstp_buf *app)
{
	size_t n = in->len;
	int r = qstp_session_input(s, in->data, &n, now, out, app);
	return r != 0 ? r : (n == in->len ? 0 : -1);
}

static int run_test(json_t *g, json_t *t, const qstp_config_set *cs, kat_stats *st)
{
	qstp_root_cert *rc = malloc(sizeof *rc);
	qstp_server_cert *sc = malloc(sizeof *sc);
	qstp_secret_key *sk = malloc(sizeof *sk);
	fake *fk = calloc(1, sizeof *fk);
	qstp_server_identity *id = NULL;
	qstp_client_trust *tr = NULL;
	qstp_session *cl = NULL, *sv = NULL;
	qstp_buf c2s = { 0 }, s2c = { 0 }, app = { 0 };
	uint64_t t1, t2, t3, t4;
	uint8_t h[32], cfg[42], stream[QSTP_KDF_STREAM_BYTES], sch2[32], ss[32];
	int ret = 0; /* -1 only for a field that cannot be interpreted */

	if (!rc || !sc || !sk || !fk) {
		kat_check(st, g, t, 0, "allocation");
		goto out;
	}
	if (build_certs(t, cs, rc, sc, sk) != 0 || u64f(t, "connectRequestTime", &t1) ||
	    u64f(t, "connectResponseTime", &t2) || u64f(t, "exchangeRequestTime", &t3) ||
	    u64f(t, "exchangeResponseTime", &t4) ||
	    kat_hex_fixed(t, "kemPublicKey", fk->ek, cs->kem_ek_bytes) ||
	    kat_hex_fixed(t, "kemCiphertext", fk->ct, cs->kem_ct_bytes) ||
	    kat_hex_fixed(t, "sharedSecret", fk->ss, 32) || kat_hex_fixed(t, "configField", cfg, 42) ||
	    !kat_str_is(t, "configString", cs->name)) {
		ret = kat_bad(st, g, t, "missing or malformed input field");
		goto out;
	}
	if (rc->set != cs->id || sc->set != cs->id) {
		ret = kat_bad(st, g, t, "certificate algorithm differs from the group's set");
		goto out;
	}
	/* Certificate hashes, sch0, the configuration field. */
	qstp_root_cert_hash(h, rc);
	CMP("rootCertHash", h, 32);
	memcpy(rc->csig + cs->sig_bytes, h, 32);
	qstp_server_cert_hash(h, sc);
	CMP("serverCertHash", h, 32);
	memcpy(sc->csig + cs->sig_bytes, h, 32);
	qstp_sch0(h, rc, sc);
	CMP("sch0", h, 32);
	uint8_t field[42];
	qstp_config_field(field, cs);
	kat_check(st, g, t, memcmp(field, cfg, 42) == 0, "configField");

	if (qstp_server_identity_from_parts(&id, rc, sc, sk) != 0 ||
	    qstp_client_trust_from_parts(&tr, rc, sc) != 0 ||
	    (cl = qstp_session_new_client(tr, NULL)) == NULL ||
	    (sv = qstp_session_new_server(id, NULL)) == NULL) {
		kat_check(st, g, t, 0, "identity, trust and sessions");
		goto out;
	}
	qstp_session_set_kex_ops(cl, &fake_ops, fk);
	qstp_session_set_kex_ops(sv, &fake_ops, fk);

	/* Message 1. */
	kat_check(st, g, t, qstp_session_start(cl, t1, &c2s) == 0, "client start");
	CMP("connectRequestPacket", c2s.data, c2s.len);
	kat_check(st, g, t, feed(sv, &c2s, t1, &s2c, &app) == 0 &&
	          (qstp_session_flags(sv) & QSTP_WANT_WORK), "server takes connect request");
	c2s.len = 0;
	/* Message 2. */
	kat_check(st, g, t, qstp_session_work(sv, t2, &s2c) == 0, "server work 1");
	if (s2c.len < QSTP_HEADER_BYTES + cs->sig_bytes + 32) {
		kat_check(st, g, t, 0, "connect response length");
		goto out;
	}
	CMP("connectResponseHeader", s2c.data, QSTP_HEADER_BYTES);
	CMP("phash", s2c.data + QSTP_HEADER_BYTES + cs->sig_bytes, 32);
	CMP("sch1", sv->kex->sch1, 32);
	CMP("connectResponsePacketZeroSig", s2c.data, s2c.len);
	kat_check(st, g, t, feed(cl, &s2c, t2, &c2s, &app) == 0 &&
	          (qstp_session_flags(cl) & QSTP_WANT_WORK), "client takes connect response");
	s2c.len = 0;
	/* Message 3. */
	kat_check(st, g, t, qstp_session_work(cl, t3, &c2s) == 0, "client work");
	if (cl->kex == NULL || sv->kex == NULL) {
		kat_check(st, g, t, 0, "handshake state present");
		goto out;
	}
	CMP("sch1", cl->kex->sch1, 32);
	CMP("exchangeRequestPacket", c2s.data, c2s.len);
	CMP("sch2", cl->kex->sch2, 32);
	memcpy(sch2, cl->kex->sch2, 32);
	kat_check(st, g, t, feed(sv, &c2s, t3, &s2c, &app) == 0 &&
	          (qstp_session_flags(sv) & QSTP_WANT_WORK), "server takes exchange request");
	c2s.len = 0;
	/* Message 4. */
	kat_check(st, g, t, qstp_session_work(sv, t4, &s2c) == 0 &&
	          (qstp_session_flags(sv) & QSTP_ESTABLISHED), "server established");
	CMP("exchangeResponsePacket", s2c.data, s2c.len);
	kat_check(st, g, t, feed(cl, &s2c, t4, &c2s, &app) == 0 &&
	          (qstp_session_flags(cl) & QSTP_ESTABLISHED), "client established");
	s2c.len = 0;
	kat_check(st, g, t, sv->kex == NULL && cl->kex == NULL, "handshake state freed");

	/* KDF (6) and key assignment. */
	memcpy(ss, fk->ss, 32);
	qstp_kdf_session(stream, ss, sch2);
	CMP("kdfBlock", stream, QSTP_KDF_PRND_BYTES);
	CMP("c2sKey", stream + QSTP_KDF_K1, 32);
	CMP("c2sNonce", stream + QSTP_KDF_N1, 32);
	CMP("s2cKey", stream + QSTP_KDF_K2, 32);
	CMP("s2cNonce", stream + QSTP_KDF_N2, 32);
	CMP("rtcs", stream + QSTP_KDF_RTCS_OFFSET, 32);
	CMP("rtcs", qstp_session_transport(cl)->rtcs, 32);
	CMP("rtcs", qstp_session_transport(sv)->rtcs, 32);
	const uint8_t *msg = (const uint8_t *)"0123456789abcdef";
	kat_check(st, g, t, qstp_session_send(cl, msg, 16, t4, &c2s) == 0 &&
	          keys_match(t, "c2sKey", "c2sNonce", c2s.data, c2s.len), "client transmits with c2s");
	kat_check(st, g, t, qstp_session_send(sv, msg, 16, t4, &s2c) == 0 &&
	          keys_match(t, "s2cKey", "s2cNonce", s2c.data, s2c.len), "server transmits with s2c");
out:
	qstp_session_free(cl);
	qstp_session_free(sv);
	qstp_server_identity_unref(id);
	qstp_client_trust_free(tr);
	qstp_buf_free(&c2s);
	qstp_buf_free(&s2c);
	qstp_buf_free(&app);
	free(rc);
	free(sc);
	free(sk);
	free(fk);
	return ret;
}

static int run(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		long long set;
		if (kat_int(g, "configSet", &set) != 0 || set < 0 || set > 255)
			return kat_bad(st, g, NULL, "configSet");
		const qstp_config_set *cs = qstp_config_get((uint8_t)set);
		if (cs == NULL)
			return kat_bad(st, g, NULL, "unsupported configSet %lld", set);
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++)
			if (run_test(g, t, cs, st) != 0)
				return -1;
	}
	return 0;
}

KAT_HANDLER(qstp_kex, match, run)
