/*
 * Constant-time check of the protocol core's key schedule and transport (run
 * under valgrind by `make ct`): the KEM shared secret and a ratchet token are
 * marked secret, so memcheck reports any branch or index that depends on
 * them (or on the keys derived from them) in the session KDF (6), the
 * transport key assignment, sealing, the header check and opening of data,
 * close and ratchet packets (7, 10), and the ratchet derivation.
 */
#include <stdio.h>
#include <string.h>

#include "crypto/ct.h"
#include "proto/kdf.h"
#include "proto/packet.h"
#include "proto/transport.h"

enum { N = 300 };
static const uint64_t now = 1800000000u;

static int open_one(qstp_transport *rx, uint8_t *pkt, uint8_t *out, int want_kind)
{
	qstp_header h;
	int kind = 0;
	uint8_t code = 0;
	/* Everything on the wire is public. */
	QSTP_CT_PUBLIC(pkt, QSTP_HEADER_BYTES);
	qstp_header_decode(&h, pkt);
	QSTP_CT_PUBLIC(pkt + QSTP_HEADER_BYTES, h.msglen);
	if (qstp_header_check_established(&h, rx->rxseq, now) != 0)
		return 1;
	if (qstp_transport_open(rx, &h, pkt, pkt + QSTP_HEADER_BYTES, out, &kind, &code) != 0)
		return 1;
	return kind != want_kind;
}

int main(void)
{
	static qstp_transport c, s;
	static uint8_t pkt[QSTP_HEADER_BYTES + N + QSTP_TAG_BYTES], out[N];
	uint8_t sec[32], sch2[32], cfg[42] = { 'x' }, token[32], stream[QSTP_KDF_STREAM_BYTES];
	uint8_t pt[N];
	int fails = 0;

	memset(sec, 0x42, sizeof sec);
	memset(sch2, 0x17, sizeof sch2);
	memset(token, 0x99, sizeof token);
	memset(pt, 0x33, sizeof pt);
	QSTP_CT_SECRET(sec, sizeof sec);
	QSTP_CT_SECRET(token, sizeof token);
	QSTP_CT_SECRET(pt, sizeof pt);

	/* 6: the session KDF and both key assignments. */
	qstp_kdf_session(stream, sec, sch2);
	qstp_transport_init(&c, stream, 1, cfg);
	qstp_transport_init(&s, stream, 0, cfg);
	qstp_wipe(stream, sizeof stream);

	/* 7.1 / 7.2: data both ways. */
	fails += qstp_transport_seal(&c, pkt, QSTP_FLAG_ENCRYPTED_MESSAGE, pt, N, now) != 0;
	fails += open_one(&s, pkt, out, QSTP_RX_DATA);
	fails += qstp_transport_seal(&s, pkt, QSTP_FLAG_ENCRYPTED_MESSAGE, pt, 68, now) != 0;
	fails += open_one(&c, pkt, out, QSTP_RX_DATA);
	/* 10: a ratchet with a secret token, then data under the new keys. */
	fails += qstp_transport_ratchet_send(&c, pkt, token, now) != 0;
	fails += open_one(&s, pkt, out, QSTP_RX_RATCHET);
	fails += qstp_transport_seal(&c, pkt, QSTP_FLAG_ENCRYPTED_MESSAGE, pt, N, now) != 0;
	fails += open_one(&s, pkt, out, QSTP_RX_DATA);
	/* A forged packet: rejected by the tag, same code path up to the compare. */
	fails += qstp_transport_seal(&s, pkt, QSTP_FLAG_ENCRYPTED_MESSAGE, pt, 40, now) != 0;
	pkt[QSTP_HEADER_BYTES + 3] ^= 1;
	fails += open_one(&c, pkt, out, QSTP_RX_DATA) != 1;
	/* 7.3: the encrypted close. */
	fails += qstp_transport_close(&c, pkt, 0x00, now) != 0;
	fails += open_one(&s, pkt, out, QSTP_RX_CLOSE);

	qstp_transport_wipe(&c);
	qstp_transport_wipe(&s);
	if (fails != 0)
		fprintf(stderr, "ct_session: %d functional failures\n", fails);
	return fails != 0;
}
