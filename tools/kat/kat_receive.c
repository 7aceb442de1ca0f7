/*
 * qstp_receive.json (shared/vectors/qstp/README.md): receiver checks.
 * Established phase: a fresh receiving endpoint per test, the prefix
 * packets, then the packet under test through the same two calls the
 * session uses (qstp_header_check_established, then qstp_transport_open),
 * its error name compared; for header-level rejections the receive state
 * must be byte-for-byte unchanged and still open the genuine next packet.
 * Handshake phase: the header check of 5.7.
 */
#include <stdlib.h>
#include <string.h>

#include "kat.h"
#include "proto/packet.h"
#include "proto/transport.h"

static int match(json_t *root)
{
	return kat_str_is(root, "algorithm", "QSTP-RECEIVE");
}

static int u64f(json_t *o, const char *k, uint64_t *v)
{
	long long x;
	if (kat_int(o, k, &x) != 0 || x < 0)
		return -1;
	*v = (uint64_t)x;
	return 0;
}

/* Receives one packet; *kind and out/code as qstp_transport_open.  A header
 * whose body is not all present is decided on the header alone: when every
 * header rule passes the body is required. */
static int receive(qstp_transport *t, const uint8_t *pkt, size_t len, uint64_t now, uint8_t *out,
                   int *kind, uint8_t *code)
{
	qstp_header h;
	if (len < QSTP_HEADER_BYTES)
		return QSTP_ERR_PROTO_LENGTH;
	qstp_header_decode(&h, pkt);
	int r = qstp_header_check_established(&h, t->rxseq, now);
	if (r != 0)
		return r;
	if (len - QSTP_HEADER_BYTES < h.msglen)
		return QSTP_ERR_AGAIN;
	return qstp_transport_open(t, &h, pkt, pkt + QSTP_HEADER_BYTES, out, kind, code);
}

/* The expected outcome of a test as (error name, result). */
static const char *err_name(int r)
{
	if (r == 0 || r == QSTP_ERR_PROTO_TERMINATED)
		return "none";
	return qstp_wire_error_name(qstp_error_to_wire(r));
}

static int check_error(json_t *g, json_t *t, kat_stats *st, int r, const char **want)
{
	long long code;
	*want = kat_str(t, "expectedError");
	if (*want == NULL || kat_int(t, "expectedErrorCode", &code) != 0 ||
	    qstp_wire_error_code(*want) != code)
		return kat_bad(st, g, t, "expectedError / expectedErrorCode");
	kat_check(st, g, t, strcmp(err_name(r), *want) == 0, "expectedError");
	if (strcmp(err_name(r), *want) != 0)
		fprintf(stderr, "  got %s (%d), want %s\n", err_name(r), r, *want);
	return 0;
}

static int established_test(json_t *g, json_t *t, const qstp_transport *fresh_server,
                            const qstp_transport *fresh_client, kat_stats *st)
{
	const char *recv = kat_str(t, "receiver"), *want, *res;
	qstp_transport *tp = malloc(sizeof *tp), *snap = malloc(sizeof *snap);
	uint8_t *pkt = NULL, *pt = NULL, *out = malloc(QSTP_PACKET_MESSAGE_MAX + 64);
	size_t pktlen = 0, ptlen = 0;
	uint64_t now;
	int kind = 0, ret = 0, r;
	uint8_t code = 0;
	json_t *prefix = json_object_get(t, "prefix");

	if (!tp || !snap || !out) {
		kat_check(st, g, t, 0, "allocation");
		goto out;
	}
	if (recv == NULL || (strcmp(recv, "server") && strcmp(recv, "client")) ||
	    !json_is_array(prefix) || kat_hex(t, "packet", &pkt, &pktlen) ||
	    u64f(t, "receiverTime", &now)) {
		ret = kat_bad(st, g, t, "receiver, prefix, packet or receiverTime");
		goto out;
	}
	*tp = strcmp(recv, "server") == 0 ? *fresh_server : *fresh_client;
	for (size_t i = 0; i < json_array_size(prefix); i++) {
		json_t *p = json_array_get(prefix, i);
		uint8_t *pp = NULL, *ppt = NULL;
		size_t ppl = 0, pptl = 0;
		uint64_t pnow;
		if (kat_hex(p, "packet", &pp, &ppl) || kat_hex(p, "pt", &ppt, &pptl) ||
		    u64f(p, "receiverTime", &pnow)) {
			free(pp);
			free(ppt);
			ret = kat_bad(st, g, t, "prefix entry %zu", i);
			goto out;
		}
		r = receive(tp, pp, ppl, pnow, out, &kind, &code);
		kat_check(st, g, t, r == 0 && kind == QSTP_RX_DATA && memcmp(out, ppt, pptl) == 0,
		          "prefix packet");
		free(pp);
		free(ppt);
	}
	*snap = *tp;
	r = receive(tp, pkt, pktlen, now, out, &kind, &code);
	if (r == QSTP_ERR_AGAIN) {
		ret = kat_bad(st, g, t, "packet passes the header rules but its body is missing");
		goto out;
	}
	if ((ret = check_error(g, t, st, r, &want)) != 0)
		goto out;
	if (strcmp(want, "none") == 0) {
		res = kat_str(t, "expectedResult");
		if (res == NULL) {
			ret = kat_bad(st, g, t, "expectedResult");
		} else if (strcmp(res, "data") == 0) {
			if (kat_hex(t, "pt", &pt, &ptlen))
				ret = kat_bad(st, g, t, "pt");
			else
				kat_check(st, g, t, r == 0 && kind == QSTP_RX_DATA &&
				          memcmp(out, pt, ptlen) == 0, "data");
		} else if (strcmp(res, "close") == 0) {
			long long cc;
			if (kat_int(t, "closeCode", &cc))
				ret = kat_bad(st, g, t, "closeCode");
			else
				kat_check(st, g, t, r == 0 && kind == QSTP_RX_CLOSE && code == cc, "close");
		} else if (strcmp(res, "ratchet") == 0) {
			uint8_t nr[32];
			if (kat_hex_fixed(t, "newRtcs", nr, 32))
				ret = kat_bad(st, g, t, "newRtcs");
			else
				kat_check(st, g, t, r == 0 && kind == QSTP_RX_RATCHET &&
				          memcmp(nr, tp->rtcs, 32) == 0, "ratchet");
		} else if (strcmp(res, "terminate") == 0) {
			kat_check(st, g, t, r == QSTP_ERR_PROTO_TERMINATED &&
			          memcmp(snap, tp, sizeof *tp) == 0, "terminate");
		} else {
			ret = kat_bad(st, g, t, "expectedResult '%s'", res);
		}
		goto out;
	}
	int intact;
	if (kat_bool(t, "stateIntact", &intact)) {
		ret = kat_bad(st, g, t, "stateIntact");
		goto out;
	}
	if (intact) {
		uint8_t *np = NULL, *npt = NULL;
		size_t npl = 0, nptl = 0;
		uint64_t nnow;
		kat_check(st, g, t, memcmp(snap, tp, sizeof *tp) == 0, "state unchanged");
		if (kat_hex(t, "nextPacket", &np, &npl) || kat_hex(t, "nextPt", &npt, &nptl) ||
		    u64f(t, "nextReceiverTime", &nnow)) {
			free(np);
			free(npt);
			ret = kat_bad(st, g, t, "nextPacket, nextPt or nextReceiverTime");
			goto out;
		}
		r = receive(tp, np, npl, nnow, out, &kind, &code);
		kat_check(st, g, t, r == 0 && kind == QSTP_RX_DATA && memcmp(out, npt, nptl) == 0,
		          "next packet");
		free(np);
		free(npt);
	}
out:
	if (tp)
		qstp_transport_wipe(tp);
	free(tp);
	free(snap);
	free(out);
	free(pkt);
	free(pt);
	return ret;
}

static int established_group(json_t *g, kat_stats *st)
{
	uint8_t ck[32], cn[32], sk[32], sn[32], rtcs[32], cfg[42];
	uint64_t tx, rx;
	json_t *t;
	int ret = 0;
	if (kat_hex_fixed(g, "c2sKey", ck, 32) || kat_hex_fixed(g, "c2sNonce", cn, 32) ||
	    kat_hex_fixed(g, "s2cKey", sk, 32) || kat_hex_fixed(g, "s2cNonce", sn, 32) ||
	    kat_hex_fixed(g, "rtcs", rtcs, 32) || kat_hex_fixed(g, "configField", cfg, 42) ||
	    u64f(g, "initialTxSequence", &tx) || u64f(g, "initialRxSequence", &rx))
		return kat_bad(st, g, NULL, "group keys");
	qstp_transport *fs = malloc(sizeof *fs), *fc = malloc(sizeof *fc);
	if (fs == NULL || fc == NULL) {
		free(fs);
		free(fc);
		return -1;
	}
	qstp_transport_init_keys(fs, sk, sn, ck, cn, rtcs, cfg, 0, tx, rx);
	qstp_transport_init_keys(fc, ck, cn, sk, sn, rtcs, cfg, 1, tx, rx);
	for (size_t ti = 0; ret == 0 && (t = kat_test(g, ti)); ti++)
		ret = established_test(g, t, fs, fc, st);
	qstp_transport_wipe(fs);
	qstp_transport_wipe(fc);
	free(fs);
	free(fc);
	return ret;
}

static int handshake_test(json_t *g, json_t *t, kat_stats *st)
{
	uint8_t hdr[QSTP_HEADER_BYTES];
	uint8_t *pkt = NULL;
	size_t pktlen = 0;
	long long flag, seq, len;
	uint64_t now;
	const char *phase = kat_str(t, "phase"), *want;
	static const char *const phases[] = { "connect_request", "connect_response",
		                              "exchange_request", "exchange_response" };
	int known = 0, ret;
	for (size_t i = 0; phase != NULL && i < 4; i++)
		known |= strcmp(phase, phases[i]) == 0;
	if (!known || kat_int(t, "expectedFlag", &flag) || kat_int(t, "expectedSequence", &seq) ||
	    kat_int(t, "expectedMsglen", &len) || kat_hex_fixed(t, "header", hdr, sizeof hdr) ||
	    kat_hex(t, "packet", &pkt, &pktlen) || u64f(t, "receiverTime", &now) || flag < 0 ||
	    flag > 255 || seq < 0 || len < 0 || len > UINT32_MAX) {
		free(pkt);
		return kat_bad(st, g, t, "phase, expectations, header, packet or receiverTime");
	}
	kat_check(st, g, t, pktlen >= QSTP_HEADER_BYTES && memcmp(pkt, hdr, sizeof hdr) == 0,
	          "packet starts with header");
	free(pkt);
	qstp_header h;
	qstp_header_decode(&h, hdr);
	int r = qstp_header_check_handshake(&h, (uint8_t)flag, (uint32_t)len, (uint64_t)seq, now);
	/* In the handshake a terminate is connection_failure (5.7 rule 1). */
	if (r == QSTP_ERR_PROTO_TERMINATED)
		r = QSTP_ERR_PROTO_PEER_ERROR;
	ret = check_error(g, t, st, r, &want);
	return ret;
}

static int run(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	int ret = 0;
	for (size_t gi = 0; ret == 0 && (g = kat_group(root, gi)); gi++) {
		const char *phase = kat_str(g, "phase");
		if (phase != NULL && strcmp(phase, "established") == 0) {
			ret = established_group(g, st);
		} else if (phase != NULL && strcmp(phase, "handshake") == 0) {
			for (size_t ti = 0; ret == 0 && (t = kat_test(g, ti)); ti++)
				ret = handshake_test(g, t, st);
		} else {
			ret = kat_bad(st, g, NULL, "phase");
		}
	}
	return ret;
}

KAT_HANDLER(qstp_receive, match, run)
