/* The packet layer: header layout (PROTOCOL.md 3.1 example), the time window
 * (3.5) at its edges, the error-code table (3.3), the bounded reader. */
#include "proto/packet.h"
#include "proto/wire.h"
#include "test.h"

TEST(header_example_from_spec)
{
	/* 3.1: default-set connect request at time 1750000150. */
	uint8_t want[21], got[21];
	CHECK_EQ(test_hex_decode(want, sizeof want, "013A000000000000000000000016E24E6800000000"), 21);
	qstp_header h = { 0x01, 58, 0, 1750000150u };
	qstp_header_encode(got, &h);
	CHECK_MEM(got, want, 21);
	qstp_header d;
	qstp_header_decode(&d, want);
	CHECK_EQ(d.flag, 1);
	CHECK_EQ(d.msglen, 58);
	CHECK_EQ(d.sequence, 0);
	CHECK_EQ(d.utctime, 1750000150u);
}

TEST(error_packet_layout)
{
	/* 5.6a: 13 01000000 00000000000000FF t || code. */
	uint8_t p[22], want[22];
	qstp_error_packet(p, 0x14, 1750000150u);
	CHECK_EQ(test_hex_decode(want, sizeof want, "1301000000" "00000000000000FF" "16E24E6800000000" "14"), 22);
	CHECK_MEM(p, want, 22);
}

TEST(time_window_edges)
{
	CHECK(qstp_time_valid(1000, 1060));
	CHECK(qstp_time_valid(1000, 940));
	CHECK(!qstp_time_valid(1000, 1061));
	CHECK(!qstp_time_valid(1000, 939));
	CHECK(qstp_time_valid(60, 0));
	CHECK(!qstp_time_valid(59, 59));
	CHECK(!qstp_time_valid(0, 0));
	CHECK(qstp_time_valid(UINT64_MAX - 60, UINT64_MAX));
	CHECK(!qstp_time_valid(UINT64_MAX - 59, UINT64_MAX - 59));
}

TEST(error_names_and_codes)
{
	CHECK(strcmp(qstp_wire_error_name(0x14), "packet_unsequenced") == 0);
	CHECK(strcmp(qstp_wire_error_name(0x1B), "system_message") == 0);
	CHECK(strcmp(qstp_wire_error_name(0x1C), "unknown") == 0);
	CHECK_EQ(qstp_wire_error_code("verify_failure"), 0x1A);
	CHECK_EQ(qstp_wire_error_code("no_such_error"), -1);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_TIME), 0x13);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_LENGTH), 0x16);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_SEQUENCE), 0x14);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_FLAG), 0x0D);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_PEER_ERROR), 0x04);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_KEY_UNKNOWN), 0x0F);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_CONFIG), 0x19);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_SIGNATURE), 0x02);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_TRANSCRIPT), 0x1A);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_PROTO_KEY_EXPIRED), 0x0E);
	CHECK_EQ(qstp_error_to_wire(QSTP_ERR_AUTH), 0x02);
}

TEST(handshake_check_order)
{
	/* 5.7: every pair of faults gives the lower-numbered rule's error. */
	qstp_header h = { 0x05, 57, 3, 10 };
	CHECK_EQ(qstp_header_check_handshake(&h, 0x01, 58, 0, 1000), QSTP_ERR_PROTO_TIME);
	h.utctime = 1000;
	CHECK_EQ(qstp_header_check_handshake(&h, 0x01, 58, 0, 1000), QSTP_ERR_PROTO_LENGTH);
	h.msglen = 58;
	CHECK_EQ(qstp_header_check_handshake(&h, 0x01, 58, 0, 1000), QSTP_ERR_PROTO_SEQUENCE);
	h.sequence = 0;
	CHECK_EQ(qstp_header_check_handshake(&h, 0x01, 58, 0, 1000), QSTP_ERR_PROTO_FLAG);
	h.flag = 0x01;
	CHECK_EQ(qstp_header_check_handshake(&h, 0x01, 58, 0, 1000), 0);
	qstp_header e = { 0x13, 0xFFFFFFFFu, 5, 0 };
	CHECK_EQ(qstp_header_check_handshake(&e, 0x01, 58, 0, 1000), QSTP_ERR_PROTO_PEER_ERROR);
	e.flag = 0x03;
	CHECK_EQ(qstp_header_check_handshake(&e, 0x01, 58, 0, 1000), QSTP_ERR_PROTO_TERMINATED);
}

TEST(established_check_order)
{
	qstp_header h = { 0x05, 65537, 9, 0 };
	CHECK_EQ(qstp_header_check_established(&h, 2, 1000), QSTP_ERR_PROTO_LENGTH);
	h.msglen = 64;
	CHECK_EQ(qstp_header_check_established(&h, 2, 1000), QSTP_ERR_PROTO_FLAG);
	h.flag = 0x12;
	h.msglen = 65;
	CHECK_EQ(qstp_header_check_established(&h, 2, 1000), QSTP_ERR_PROTO_LENGTH);
	h.msglen = 64;
	CHECK_EQ(qstp_header_check_established(&h, 2, 1000), QSTP_ERR_PROTO_SEQUENCE);
	h.sequence = 3;
	CHECK_EQ(qstp_header_check_established(&h, 2, 1000), 0); /* ratchet at time 0 */
	h.utctime = 5;
	CHECK_EQ(qstp_header_check_established(&h, 2, 1000), QSTP_ERR_PROTO_TIME);
	h.flag = 0x04;
	h.utctime = 0;
	CHECK_EQ(qstp_header_check_established(&h, 2, 1000), QSTP_ERR_PROTO_TIME);
	h.flag = 0x03;
	CHECK_EQ(qstp_header_check_established(&h, 2, 1000), QSTP_ERR_PROTO_TERMINATED);
	/* rxseq at the top: nothing can follow. */
	qstp_header t = { 0x04, 40, 0, 1000 };
	CHECK_EQ(qstp_header_check_established(&t, UINT64_MAX, 1000), QSTP_ERR_PROTO_SEQUENCE);
}

TEST(bounded_reader)
{
	static const uint8_t in[13] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
	wire_rd r;
	uint8_t b;
	uint32_t w;
	uint64_t q;
	const uint8_t *p;
	rd_init(&r, in, sizeof in);
	CHECK_EQ(rd_u8(&r, &b), 0);
	CHECK_EQ(b, 1);
	CHECK_EQ(rd_u32(&r, &w), 0);
	CHECK_EQ(w, 0x05040302u);
	CHECK_EQ(rd_done(&r), QSTP_ERR_PROTO_LENGTH);
	CHECK_EQ(rd_u64(&r, &q), 0);
	CHECK(q == 0x0D0C0B0A09080706ull);
	CHECK_EQ(rd_done(&r), 0);
	CHECK_EQ(rd_u8(&r, &b), QSTP_ERR_PROTO_LENGTH);
	CHECK_EQ(rd_bytes(&r, &p, 0), 0);
	rd_init(&r, in, 3);
	CHECK_EQ(rd_bytes(&r, &p, SIZE_MAX), QSTP_ERR_PROTO_LENGTH);
	CHECK_EQ(rd_left(&r), 3);
}
