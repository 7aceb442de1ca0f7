/* Packet header, time window, header checks and the error-code table
 * (PROTOCOL.md 3, 5.7, 5.8, 7.2). */
#include <string.h>

#include "packet.h"
#include "wire.h"
#include "qstp/errors.h"

void qstp_header_encode(uint8_t out[static QSTP_HEADER_BYTES], const qstp_header *h)
{
	wire_wr w;
	wr_init(&w, out, QSTP_HEADER_BYTES);
	wr_u8(&w, h->flag);
	wr_u32(&w, h->msglen);
	wr_u64(&w, h->sequence);
	wr_u64(&w, h->utctime);
}

void qstp_header_decode(qstp_header *h, const uint8_t in[static QSTP_HEADER_BYTES])
{
	wire_rd r;
	rd_init(&r, in, QSTP_HEADER_BYTES);
	/* Cannot fail: exactly 21 bytes are present. */
	(void)rd_u8(&r, &h->flag);
	(void)rd_u32(&r, &h->msglen);
	(void)rd_u64(&r, &h->sequence);
	(void)rd_u64(&r, &h->utctime);
}

int qstp_time_valid(uint64_t t, uint64_t now)
{
	const uint64_t th = QSTP_TIME_THRESHOLD;
	if (t < th || t > UINT64_MAX - th)
		return 0;
	return now >= t - th && now <= t + th;
}

int qstp_header_check_handshake(const qstp_header *h, uint8_t flag, uint32_t msglen,
                                uint64_t rxseq, uint64_t now)
{
	/* Rule 1: decided on the flag alone, nothing else is looked at. */
	if (h->flag == QSTP_FLAG_ERROR_CONDITION)
		return QSTP_ERR_PROTO_PEER_ERROR;
	if (h->flag == QSTP_FLAG_CONNECTION_TERMINATE)
		return QSTP_ERR_PROTO_TERMINATED;
	if (!qstp_time_valid(h->utctime, now))
		return QSTP_ERR_PROTO_TIME;
	if (h->msglen != msglen)
		return QSTP_ERR_PROTO_LENGTH;
	if (h->sequence != rxseq)
		return QSTP_ERR_PROTO_SEQUENCE;
	if (h->flag != flag)
		return QSTP_ERR_PROTO_FLAG;
	return 0;
}

int qstp_header_check_established(const qstp_header *h, uint64_t rxseq, uint64_t now)
{
	if (h->flag == QSTP_FLAG_CONNECTION_TERMINATE)
		return QSTP_ERR_PROTO_TERMINATED;
	if (h->msglen < QSTP_ESTABLISHED_MSGLEN_MIN || h->msglen > QSTP_PACKET_MESSAGE_MAX)
		return QSTP_ERR_PROTO_LENGTH;
	if (h->flag != QSTP_FLAG_ENCRYPTED_MESSAGE && h->flag != QSTP_FLAG_RATCHET_REQUEST &&
	    h->flag != QSTP_FLAG_ERROR_CONDITION)
		return QSTP_ERR_PROTO_FLAG;
	if ((h->flag == QSTP_FLAG_RATCHET_REQUEST && h->msglen != QSTP_RATCHET_MSGLEN) ||
	    (h->flag == QSTP_FLAG_ERROR_CONDITION && h->msglen != QSTP_CLOSE_MSGLEN))
		return QSTP_ERR_PROTO_LENGTH;
	/* rxseq + 1 cannot wrap: the session closes before txseq/rxseq reach the top. */
	if (rxseq == UINT64_MAX || h->sequence != rxseq + 1)
		return QSTP_ERR_PROTO_SEQUENCE;
	if (!qstp_time_valid(h->utctime, now) &&
	    !(h->flag == QSTP_FLAG_RATCHET_REQUEST && h->utctime == 0))
		return QSTP_ERR_PROTO_TIME;
	return 0;
}

void qstp_error_packet(uint8_t out[static QSTP_ERROR_PACKET_BYTES], uint8_t code, uint64_t now)
{
	qstp_header h = { QSTP_FLAG_ERROR_CONDITION, QSTP_ERROR_PACKET_MSGLEN, QSTP_ERROR_SEQUENCE,
		          now };
	qstp_header_encode(out, &h);
	out[QSTP_HEADER_BYTES] = code;
}

/* 3.3, indexed by code. */
static const char *const wire_names[] = {
	"none", "accept_fail", "authentication_failure", "channel_down",
	"connection_failure", "connect_failure", "decapsulation_failure", "decryption_failure",
	"establish_failure", "exchange_failure", "hash_invalid", "hosts_exceeded",
	"invalid_input", "invalid_request", "key_expired", "key_unrecognized",
	"keychain_fail", "listener_fail", "memory_allocation", "message_time_invalid",
	"packet_unsequenced", "random_failure", "receive_failure", "signature_failure",
	"transmit_failure", "unknown_protocol", "verify_failure", "system_message",
};

enum {
	W_NONE = 0x00, W_AUTHENTICATION_FAILURE = 0x02, W_CONNECTION_FAILURE = 0x04,
	W_DECAPSULATION_FAILURE = 0x06, W_ESTABLISH_FAILURE = 0x08, W_INVALID_INPUT = 0x0C,
	W_INVALID_REQUEST = 0x0D, W_KEY_EXPIRED = 0x0E, W_KEY_UNRECOGNIZED = 0x0F,
	W_MEMORY_ALLOCATION = 0x12, W_MESSAGE_TIME_INVALID = 0x13, W_PACKET_UNSEQUENCED = 0x14,
	W_RANDOM_FAILURE = 0x15, W_RECEIVE_FAILURE = 0x16, W_SIGNATURE_FAILURE = 0x17,
	W_TRANSMIT_FAILURE = 0x18, W_UNKNOWN_PROTOCOL = 0x19, W_VERIFY_FAILURE = 0x1A,
};

/* The one table from QSTP_ERR_* to PROTOCOL.md 3.3 codes. */
static const struct {
	int err;
	uint8_t code;
} err_map[] = {
	{ QSTP_OK, W_NONE },
	{ QSTP_ERR_PROTO_TIME, W_MESSAGE_TIME_INVALID },
	{ QSTP_ERR_PROTO_LENGTH, W_RECEIVE_FAILURE },
	{ QSTP_ERR_PROTO_SEQUENCE, W_PACKET_UNSEQUENCED },
	{ QSTP_ERR_PROTO_FLAG, W_INVALID_REQUEST },
	{ QSTP_ERR_PROTO_PEER_ERROR, W_CONNECTION_FAILURE },
	{ QSTP_ERR_PROTO_TERMINATED, W_CONNECTION_FAILURE },
	{ QSTP_ERR_PROTO_KEY_UNKNOWN, W_KEY_UNRECOGNIZED },
	{ QSTP_ERR_PROTO_CONFIG, W_UNKNOWN_PROTOCOL },
	{ QSTP_ERR_PROTO_SIGNATURE, W_AUTHENTICATION_FAILURE },
	{ QSTP_ERR_PROTO_TRANSCRIPT, W_VERIFY_FAILURE },
	{ QSTP_ERR_PROTO_CONFIRM, W_AUTHENTICATION_FAILURE },
	{ QSTP_ERR_PROTO_KEY_EXPIRED, W_KEY_EXPIRED },
	{ QSTP_ERR_AUTH, W_AUTHENTICATION_FAILURE },
	{ QSTP_ERR_RCS_SHORT_INPUT, W_RECEIVE_FAILURE },
	{ QSTP_ERR_RANDOM, W_RANDOM_FAILURE },
	{ QSTP_ERR_NOMEM, W_MEMORY_ALLOCATION },
	{ QSTP_ERR_MLKEM_EK_INVALID, W_INVALID_INPUT },
	{ QSTP_ERR_MLKEM_DK_INVALID, W_DECAPSULATION_FAILURE },
	{ QSTP_ERR_MLKEM_LENGTH, W_INVALID_INPUT },
	{ QSTP_ERR_MLDSA_VERIFY, W_AUTHENTICATION_FAILURE },
	{ QSTP_ERR_MLDSA_SIG_LENGTH, W_AUTHENTICATION_FAILURE },
	{ QSTP_ERR_MLDSA_SIGN_FAILED, W_SIGNATURE_FAILURE },
	{ QSTP_ERR_CERT_SIGNATURE, W_VERIFY_FAILURE },
	{ QSTP_ERR_CERT_HASH, W_VERIFY_FAILURE },
	{ QSTP_ERR_CERT_EXPIRED, W_KEY_EXPIRED },
	{ QSTP_ERR_CERT_NOT_YET_VALID, W_KEY_EXPIRED },
	{ QSTP_ERR_CERT_OUTLIVES_ROOT, W_KEY_EXPIRED },
	{ QSTP_ERR_CERT_ALGORITHM, W_UNKNOWN_PROTOCOL },
	{ QSTP_ERR_CERT_VERSION, W_UNKNOWN_PROTOCOL },
	{ QSTP_ERR_CERT_ROOT_SERIAL, W_KEY_UNRECOGNIZED },
	{ QSTP_ERR_PROTO_SEQ_EXHAUSTED, W_TRANSMIT_FAILURE },
	{ QSTP_ERR_PROTO_PAYLOAD, W_INVALID_INPUT },
};

uint8_t qstp_error_to_wire(int err)
{
	for (size_t i = 0; i < sizeof err_map / sizeof err_map[0]; i++)
		if (err_map[i].err == err)
			return err_map[i].code;
	return W_ESTABLISH_FAILURE;
}

const char *qstp_wire_error_name(uint8_t code)
{
	if (code < sizeof wire_names / sizeof wire_names[0])
		return wire_names[code];
	return "unknown";
}

int qstp_wire_error_code(const char *name)
{
	for (size_t i = 0; i < sizeof wire_names / sizeof wire_names[0]; i++)
		if (strcmp(wire_names[i], name) == 0)
			return (int)i;
	return -1;
}
