/*
 * The established session's packet layer (PROTOCOL.md 7, 10): two RCS-256
 * states (one per direction), the sequence counters, the ratchet state.
 * Plain struct, no pointers, no allocation: memcpy snapshots it.
 *
 * Receiving is split in two so that nothing touches cipher state before
 * every header rule has passed (7.2, 12d): qstp_header_check_established()
 * on the 21 header bytes (packet.h), then qstp_transport_open() on the body.
 */
#ifndef QSTP_PROTO_TRANSPORT_H
#define QSTP_PROTO_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "packet.h"
#include "qstp/errors.h"
#include "qstp/rcs.h"

typedef struct qstp_transport {
	qstp_rcs256 tx, rx;
	uint64_t txseq, rxseq;
	uint64_t ratchets;
	uint8_t rtcs[32];
	uint8_t cfg[42];     /* configuration field: the ratchet's cSHAKE N (10.2) */
	uint8_t is_client;
} qstp_transport;

/* What an authenticated packet was (qstp_transport_open). */
enum { QSTP_RX_DATA = 1, QSTP_RX_CLOSE = 2, QSTP_RX_RATCHET = 3 };

/* Keys from the session KDF stream (6): client tx = first pair, rx =
 * second; the server the other way round.  txseq = rxseq = 2. */
void qstp_transport_init(qstp_transport *t, const uint8_t stream[static 168], int is_client,
                         const uint8_t cfg[static 42]);
/* Explicit keys (the vector files' form); tx/rx from the endpoint's view. */
void qstp_transport_init_keys(qstp_transport *t, const uint8_t txkey[static 32],
                              const uint8_t txnonce[static 32], const uint8_t rxkey[static 32],
                              const uint8_t rxnonce[static 32], const uint8_t rtcs[static 32],
                              const uint8_t cfg[static 42], int is_client, uint64_t txseq,
                              uint64_t rxseq);
void qstp_transport_wipe(qstp_transport *t);

/* 7.1: txseq += 1, then out (21 + len + 32 bytes) = header || ciphertext || tag
 * with flag 0x04 (1 <= len <= QSTP_PAYLOAD_MAX) or 0x13 (len 1, the close).
 * QSTP_ERR_PROTO_SEQ_EXHAUSTED before txseq would wrap; _PAYLOAD for a bad len. */
int qstp_transport_seal(qstp_transport *t, uint8_t *out, uint8_t flag, const uint8_t *pt,
                        size_t len, uint64_t now);
/* 10.1: writes the 85-byte ratchet packet with `token` under the old transmit
 * key and time `now`, then re-keys as the initiator (10.2). */
int qstp_transport_ratchet_send(qstp_transport *t, uint8_t out[static 85],
                                const uint8_t token[static 32], uint64_t now);
/* 7.3: the 54-byte encrypted close with code `code`. */
int qstp_transport_close(qstp_transport *t, uint8_t out[static 54], uint8_t code, uint64_t now);

/* 7.2 steps 7-8 for a packet whose header `hdr` (21 bytes, decoded as h)
 * passed qstp_header_check_established(h, t->rxseq, now); body has exactly
 * h->msglen bytes.  Data: out gets msglen - 32 bytes (may alias body).
 * Close: *code = the decrypted code.  Ratchet: re-keys as responder.
 * *kind says which.  QSTP_ERR_AUTH when the tag fails (the session must be
 * closed).  rxseq += 1 on success. */
int qstp_transport_open(qstp_transport *t, const qstp_header *h,
                        const uint8_t hdr[static QSTP_HEADER_BYTES], const uint8_t *body,
                        uint8_t *out, int *kind, uint8_t *code);

#endif
