/*
 * qstp_transport.json (shared/vectors/qstp/README.md): established sessions
 * with data, ratchets (both initiators, time 0 or current) and closes,
 * through the real packet layer of the session (src/proto/transport.c):
 * each event is sealed by the sender endpoint and compared byte for byte,
 * then header-checked (7.2) and opened by the receiver endpoint.
 */
#include <stdlib.h>
#include <string.h>

#include "kat.h"
#include "proto/kdf.h"
#include "proto/packet.h"
#include "proto/transport.h"

static int match(json_t *root)
{
	return kat_str_is(root, "algorithm", "QSTP-TRANSPORT");
}

static int u64f(json_t *o, const char *k, uint64_t *v)
{
	long long x;
	if (kat_int(o, k, &x) != 0 || x < 0)
		return -1;
	*v = (uint64_t)x;
	return 0;
}

typedef struct endpoints {
	qstp_transport client, server;
} endpoints;

static int setup(json_t *g, endpoints *e)
{
	uint8_t ck[32], cn[32], sk[32], sn[32], rtcs[32], cfg[42];
	uint64_t tx, rx;
	if (kat_hex_fixed(g, "c2sKey", ck, 32) || kat_hex_fixed(g, "c2sNonce", cn, 32) ||
	    kat_hex_fixed(g, "s2cKey", sk, 32) || kat_hex_fixed(g, "s2cNonce", sn, 32) ||
	    kat_hex_fixed(g, "rtcs", rtcs, 32) || kat_hex_fixed(g, "configField", cfg, 42) ||
	    u64f(g, "initialTxSequence", &tx) || u64f(g, "initialRxSequence", &rx))
		return -1;
	qstp_transport_init_keys(&e->client, ck, cn, sk, sn, rtcs, cfg, 1, tx, rx);
	qstp_transport_init_keys(&e->server, sk, sn, ck, cn, rtcs, cfg, 0, tx, rx);
	return 0;
}

/* One event; returns -1 only for a field that cannot be interpreted. */
static int event(json_t *g, json_t *t, endpoints *e, kat_stats *st)
{
	const char *kind = kat_str(t, "kind"), *sender = kat_str(t, "sender");
	const char *dir = kat_str(t, "direction");
	uint8_t *pt = NULL, *pkt = NULL, *got = NULL;
	size_t ptlen = 0, pktlen = 0;
	uint64_t seq, utime, rtime;
	long long flag;
	int k, ret = 0;

	if (kind == NULL || sender == NULL || dir == NULL || kat_hex(t, "pt", &pt, &ptlen) ||
	    kat_hex(t, "packet", &pkt, &pktlen) || u64f(t, "sequence", &seq) ||
	    u64f(t, "utctime", &utime) || u64f(t, "receiverTime", &rtime) ||
	    kat_int(t, "flag", &flag)) {
		ret = kat_bad(st, g, t, "missing or malformed field");
		goto out;
	}
	int from_client;
	if (strcmp(sender, "client") == 0 && strcmp(dir, "c2s") == 0)
		from_client = 1;
	else if (strcmp(sender, "server") == 0 && strcmp(dir, "s2c") == 0)
		from_client = 0;
	else {
		ret = kat_bad(st, g, t, "sender/direction '%s'/'%s'", sender, dir);
		goto out;
	}
	if (strcmp(kind, "data") == 0)
		k = QSTP_RX_DATA;
	else if (strcmp(kind, "ratchet") == 0)
		k = QSTP_RX_RATCHET;
	else if (strcmp(kind, "close") == 0)
		k = QSTP_RX_CLOSE;
	else {
		ret = kat_bad(st, g, t, "kind '%s'", kind);
		goto out;
	}
	qstp_transport *tx = from_client ? &e->client : &e->server;
	qstp_transport *rx = from_client ? &e->server : &e->client;
	got = malloc(QSTP_HEADER_BYTES + ptlen + QSTP_TAG_BYTES + 1);
	if (got == NULL) {
		kat_check(st, g, t, 0, "allocation");
		goto out;
	}

	/* Sender. */
	uint8_t stream[QSTP_RATCHET_STREAM_BYTES];
	int r;
	if (k == QSTP_RX_DATA) {
		r = qstp_transport_seal(tx, got, QSTP_FLAG_ENCRYPTED_MESSAGE, pt, ptlen, utime);
	} else if (k == QSTP_RX_RATCHET) {
		if (ptlen != QSTP_TOKEN_BYTES) {
			ret = kat_bad(st, g, t, "ratchet token of %zu bytes", ptlen);
			goto out;
		}
		qstp_kdf_ratchet(stream, pt, tx->cfg, tx->rtcs);
		r = qstp_transport_ratchet_send(tx, got, pt, utime);
	} else {
		if (ptlen != 1) {
			ret = kat_bad(st, g, t, "close pt of %zu bytes", ptlen);
			goto out;
		}
		r = qstp_transport_close(tx, got, pt[0], utime);
	}
	size_t glen = QSTP_HEADER_BYTES + ptlen + QSTP_TAG_BYTES;
	kat_check(st, g, t, r == 0 && glen == pktlen && memcmp(got, pkt, pktlen) == 0, "packet");
	kat_check(st, g, t, tx->txseq == seq && got[0] == (uint8_t)flag, "sequence and flag");
	if (k == QSTP_RX_RATCHET) {
		uint8_t *want = NULL;
		size_t wl = 0;
		static const char *const keys[] = { "newC2sKey", "newC2sNonce", "newS2cKey", "newS2cNonce" };
		if (kat_hex(t, "ratchetStream", &want, &wl) || wl != QSTP_RATCHET_RTCS_OFFSET) {
			free(want);
			ret = kat_bad(st, g, t, "ratchetStream");
			goto out;
		}
		kat_check(st, g, t, memcmp(want, stream, wl) == 0, "ratchetStream");
		free(want);
		/* The initiator's transmit direction takes the first pair (10.2). */
		for (int i = 0; i < 4; i++) {
			uint8_t v[32];
			int first = (i < 2) == from_client;
			size_t off = (size_t)(first ? 0 : 64) + (size_t)(i % 2) * 32;
			if (kat_hex_fixed(t, keys[i], v, 32)) {
				ret = kat_bad(st, g, t, "%s", keys[i]);
				goto out;
			}
			kat_check(st, g, t, memcmp(v, stream + off, 32) == 0, keys[i]);
		}
		uint8_t nr[32];
		if (kat_hex_fixed(t, "newRtcs", nr, 32)) {
			ret = kat_bad(st, g, t, "newRtcs");
			goto out;
		}
		kat_check(st, g, t, memcmp(nr, tx->rtcs, 32) == 0, "initiator newRtcs");
	}

	/* Receiver: the header rules, then the body. */
	qstp_header h;
	uint8_t code = 0xFF;
	int kd = 0;
	if (pktlen < QSTP_HEADER_BYTES) {
		ret = kat_bad(st, g, t, "packet shorter than a header");
		goto out;
	}
	qstp_header_decode(&h, pkt);
	r = qstp_header_check_established(&h, rx->rxseq, rtime);
	if (r == 0 && pktlen - QSTP_HEADER_BYTES == h.msglen)
		r = qstp_transport_open(rx, &h, pkt, pkt + QSTP_HEADER_BYTES, got, &kd, &code);
	else if (r == 0)
		r = QSTP_ERR_PROTO_LENGTH;
	kat_check(st, g, t, r == 0 && kd == k, "received");
	if (r == 0 && k == QSTP_RX_DATA)
		kat_check(st, g, t, memcmp(got, pt, ptlen) == 0, "plaintext");
	if (r == 0 && k == QSTP_RX_CLOSE)
		kat_check(st, g, t, code == pt[0], "close code");
	if (r == 0 && k == QSTP_RX_RATCHET) {
		uint8_t nr[32];
		(void)kat_hex_fixed(t, "newRtcs", nr, 32);
		kat_check(st, g, t, memcmp(nr, rx->rtcs, 32) == 0, "responder newRtcs");
	}
out:
	free(pt);
	free(pkt);
	free(got);
	return ret;
}

static int run(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	endpoints *e = malloc(sizeof *e);
	int ret = 0;
	if (e == NULL)
		return -1;
	for (size_t gi = 0; ret == 0 && (g = kat_group(root, gi)); gi++) {
		if (setup(g, e) != 0) {
			ret = kat_bad(st, g, NULL, "group keys, rtcs, configField or sequences");
			break;
		}
		for (size_t ti = 0; ret == 0 && (t = kat_test(g, ti)); ti++)
			ret = event(g, t, e, st);
		qstp_transport_wipe(&e->client);
		qstp_transport_wipe(&e->server);
	}
	free(e);
	return ret;
}

KAT_HANDLER(qstp_transport, match, run)
