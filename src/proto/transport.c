/* Established-session packets: seal, open, close, ratchet (PROTOCOL.md 7, 10). */
#include <string.h>

#include "../crypto/ct.h"
#include "kdf.h"
#include "transport.h"

/* Both directions' key schedules in one pass (two lanes of the four-way Keccak). */
static void set_keys(qstp_transport *t, const uint8_t *txk, const uint8_t *txn, const uint8_t *rxk,
                     const uint8_t *rxn)
{
	qstp_rcs256_init_pair(&t->tx, txk, txn, 1, &t->rx, rxk, rxn, 0);
}

void qstp_transport_init_keys(qstp_transport *t, const uint8_t txkey[static 32],
                              const uint8_t txnonce[static 32], const uint8_t rxkey[static 32],
                              const uint8_t rxnonce[static 32], const uint8_t rtcs[static 32],
                              const uint8_t cfg[static 42], int is_client, uint64_t txseq,
                              uint64_t rxseq)
{
	memset(t, 0, sizeof *t);
	set_keys(t, txkey, txnonce, rxkey, rxnonce);
	memcpy(t->rtcs, rtcs, 32);
	memcpy(t->cfg, cfg, 42);
	t->is_client = (uint8_t)(is_client != 0);
	t->txseq = txseq;
	t->rxseq = rxseq;
}

void qstp_transport_init(qstp_transport *t, const uint8_t stream[static 168], int is_client,
                         const uint8_t cfg[static 42])
{
	const uint8_t *c2sk = stream + QSTP_KDF_K1, *c2sn = stream + QSTP_KDF_N1;
	const uint8_t *s2ck = stream + QSTP_KDF_K2, *s2cn = stream + QSTP_KDF_N2;
	/* 6: the client transmits with the first pair, the server receives with it. */
	if (is_client)
		qstp_transport_init_keys(t, c2sk, c2sn, s2ck, s2cn, stream + QSTP_KDF_RTCS_OFFSET, cfg,
		                         1, 2, 2);
	else
		qstp_transport_init_keys(t, s2ck, s2cn, c2sk, c2sn, stream + QSTP_KDF_RTCS_OFFSET, cfg,
		                         0, 2, 2);
}

void qstp_transport_wipe(qstp_transport *t)
{
	qstp_rcs256_dispose(&t->tx);
	qstp_rcs256_dispose(&t->rx);
	qstp_wipe(t, sizeof *t);
}

int qstp_transport_seal(qstp_transport *t, uint8_t *out, uint8_t flag, const uint8_t *pt,
                        size_t len, uint64_t now)
{
	if (len == 0 || len > QSTP_PAYLOAD_MAX)
		return QSTP_ERR_PROTO_PAYLOAD;
	/* 3.4: close rather than let txseq wrap (the peer's rxseq + 1 too). */
	if (t->txseq >= UINT64_MAX - 1)
		return QSTP_ERR_PROTO_SEQ_EXHAUSTED;
	t->txseq += 1;
	qstp_header h = { flag, (uint32_t)(len + QSTP_TAG_BYTES), t->txseq, now };
	qstp_header_encode(out, &h);
	qstp_rcs256_set_associated(&t->tx, out, QSTP_HEADER_BYTES);
	qstp_rcs256_encrypt(&t->tx, out + QSTP_HEADER_BYTES, pt, len);
	return 0;
}

/* 10.2: the initiator transmits with the first pair, the responder receives with it. */
static void ratchet_rekey(qstp_transport *t, const uint8_t token[static 32], int initiator)
{
	uint8_t out[QSTP_RATCHET_STREAM_BYTES];
	qstp_kdf_ratchet(out, token, t->cfg, t->rtcs);
	qstp_rcs256_dispose(&t->tx);
	qstp_rcs256_dispose(&t->rx);
	if (initiator)
		set_keys(t, out + QSTP_KDF_K1, out + QSTP_KDF_N1, out + QSTP_KDF_K2, out + QSTP_KDF_N2);
	else
		set_keys(t, out + QSTP_KDF_K2, out + QSTP_KDF_N2, out + QSTP_KDF_K1, out + QSTP_KDF_N1);
	memcpy(t->rtcs, out + QSTP_RATCHET_RTCS_OFFSET, 32);
	t->ratchets += 1;
	qstp_wipe(out, sizeof out);
}

int qstp_transport_ratchet_send(qstp_transport *t, uint8_t out[static 85],
                                const uint8_t token[static 32], uint64_t now)
{
	int r = qstp_transport_seal(t, out, QSTP_FLAG_RATCHET_REQUEST, token, QSTP_TOKEN_BYTES, now);
	if (r == 0)
		ratchet_rekey(t, token, 1);
	return r;
}

int qstp_transport_close(qstp_transport *t, uint8_t out[static 54], uint8_t code, uint64_t now)
{
	return qstp_transport_seal(t, out, QSTP_FLAG_ERROR_CONDITION, &code, 1, now);
}

int qstp_transport_open(qstp_transport *t, const qstp_header *h,
                        const uint8_t hdr[static QSTP_HEADER_BYTES], const uint8_t *body,
                        uint8_t *out, int *kind, uint8_t *code)
{
	uint8_t small[QSTP_TOKEN_BYTES];
	int r;

	qstp_rcs256_set_associated(&t->rx, hdr, QSTP_HEADER_BYTES);
	if (h->flag == QSTP_FLAG_ENCRYPTED_MESSAGE) {
		r = qstp_rcs256_decrypt(&t->rx, out, body, h->msglen);
		if (r != 0)
			goto out;
		*kind = QSTP_RX_DATA;
	} else {
		/* Close (1 byte) or ratchet token (32 bytes): header-checked lengths. */
		r = qstp_rcs256_decrypt(&t->rx, small, body, h->msglen);
		if (r != 0)
			goto out;
		if (h->flag == QSTP_FLAG_ERROR_CONDITION) {
			*kind = QSTP_RX_CLOSE;
			*code = small[0];
		} else {
			*kind = QSTP_RX_RATCHET;
		}
	}
	t->rxseq += 1;
	if (*kind == QSTP_RX_RATCHET)
		ratchet_rekey(t, small, 0);
out:
	qstp_wipe(small, sizeof small);
	return r;
}
