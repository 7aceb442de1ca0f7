/*
 * QSTP packets: the 21-byte header (PROTOCOL.md 3.1), flags (3.2), the
 * time window (3.5), the handshake header check (5.7) and the header half
 * of the established-session receive check (7.2 steps 1-6).  Nothing here
 * touches cipher state.
 */
#ifndef QSTP_PROTO_PACKET_H
#define QSTP_PROTO_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/session.h"

enum {
	QSTP_FLAG_NONE = 0x00,
	QSTP_FLAG_CONNECT_REQUEST = 0x01,
	QSTP_FLAG_CONNECT_RESPONSE = 0x02,
	QSTP_FLAG_CONNECTION_TERMINATE = 0x03,
	QSTP_FLAG_ENCRYPTED_MESSAGE = 0x04,
	QSTP_FLAG_EXCHANGE_REQUEST = 0x07,
	QSTP_FLAG_EXCHANGE_RESPONSE = 0x08,
	QSTP_FLAG_RATCHET_REQUEST = 0x12,
	QSTP_FLAG_ERROR_CONDITION = 0x13,
};

enum {
	QSTP_SERIAL_BYTES = 16,
	QSTP_HASH_BYTES = 32,
	QSTP_KEY_BYTES = 32,
	QSTP_NONCE_BYTES = 32,
	QSTP_TOKEN_BYTES = 32,
	QSTP_CONNECT_REQUEST_MSGLEN = 16 + 42,  /* 5.2: serial || config field */
	QSTP_EXCHANGE_RESPONSE_MSGLEN = 32,     /* 5.5: sch2 */
	QSTP_ERROR_PACKET_MSGLEN = 1,           /* 5.8 */
	QSTP_ERROR_PACKET_BYTES = 22,
	QSTP_CLOSE_MSGLEN = 1 + 32,             /* 7.3 */
	QSTP_RATCHET_MSGLEN = 32 + 32,          /* 10.1 */
	QSTP_ESTABLISHED_MSGLEN_MIN = 33,       /* 7.2 step 2 */
};

#define QSTP_ERROR_SEQUENCE UINT64_C(0xFF00000000000000)

typedef struct qstp_header {
	uint8_t flag;
	uint32_t msglen;
	uint64_t sequence;
	uint64_t utctime;
} qstp_header;

void qstp_header_encode(uint8_t out[static QSTP_HEADER_BYTES], const qstp_header *h);
/* Decodes exactly QSTP_HEADER_BYTES bytes. */
void qstp_header_decode(qstp_header *h, const uint8_t in[static QSTP_HEADER_BYTES]);

/* 3.5: 60 <= t <= 2^64-1-60 and t-60 <= now <= t+60. */
int qstp_time_valid(uint64_t t, uint64_t now);

/* 5.7, in order: 0x13 -> QSTP_ERR_PROTO_PEER_ERROR, 0x03 ->
 * QSTP_ERR_PROTO_TERMINATED (both decided on the flag alone), time ->
 * _TIME, msglen -> _LENGTH, sequence -> _SEQUENCE, flag -> _FLAG. */
int qstp_header_check_handshake(const qstp_header *h, uint8_t flag, uint32_t msglen,
                                uint64_t rxseq, uint64_t now);

/* 7.2 steps 1-6 (and 10.4's time-0 ratchet): 0x03 -> QSTP_ERR_PROTO_TERMINATED
 * first, then _LENGTH, _FLAG, _LENGTH, _SEQUENCE, _TIME. */
int qstp_header_check_established(const qstp_header *h, uint64_t rxseq, uint64_t now);

/* 5.8: the 22-byte pre-establishment error packet. */
void qstp_error_packet(uint8_t out[static QSTP_ERROR_PACKET_BYTES], uint8_t code, uint64_t now);

/* The wire code of an error name ("packet_unsequenced"), or -1. */
int qstp_wire_error_code(const char *name);

#endif
