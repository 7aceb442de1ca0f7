/* libFuzzer: the packet header decoder and both header checks (PROTOCOL.md
 * 3.1, 5.7, 7.2).  Input: 21 header bytes, then LE64 rxseq and LE64 now. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/packet.h"
#include "proto/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t re[QSTP_HEADER_BYTES];
	uint64_t rxseq = 0, now = 0;
	qstp_header h;
	wire_rd rd;
	const uint8_t *hb;

	rd_init(&rd, data, size);
	if (rd_bytes(&rd, &hb, QSTP_HEADER_BYTES) != 0)
		return 0;
	(void)rd_u64(&rd, &rxseq);
	(void)rd_u64(&rd, &now);
	qstp_header_decode(&h, hb);
	qstp_header_encode(re, &h);
	if (memcmp(re, hb, sizeof re) != 0)
		abort();
	int e = qstp_header_check_established(&h, rxseq, now);
	/* Rules 1-6 of 7.2 as properties. */
	if (h.flag == 0x03 && e != QSTP_ERR_PROTO_TERMINATED)
		abort();
	if (e == 0 && (h.msglen < 33 || h.msglen > 65536 || h.sequence != rxseq + 1))
		abort();
	int k = qstp_header_check_handshake(&h, data[0] ^ data[size - 1], (uint32_t)size,
	                                    rxseq & 1, now);
	if (k == 0 && !qstp_time_valid(h.utctime, now))
		abort();
	(void)qstp_wire_error_name(qstp_error_to_wire(e));
	return 0;
}
