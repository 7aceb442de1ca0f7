/* Session key derivation (PROTOCOL.md 6) and ratchet derivation (10.2). */
#include "kdf.h"
#include "qstp/keccak.h"

static const uint8_t session_name[16] = { 'Q', 'S', 'T', 'P', '-', '1', '.', '4',
	                                  '-', 'S', 'E', 'S', 'S', 'I', 'O', 'N' };

void qstp_kdf_session(uint8_t stream[static QSTP_KDF_STREAM_BYTES], const uint8_t sec[static 32],
                      const uint8_t sch2[static 32])
{
	/* The reference's extra permutation after the first block equals reading
	 * bytes 136..167 of the same stream (6). */
	qstp_cshake256(stream, QSTP_KDF_STREAM_BYTES, sec, 32, session_name, sizeof session_name,
	               sch2, 32);
}

void qstp_kdf_ratchet(uint8_t out[static QSTP_RATCHET_STREAM_BYTES], const uint8_t token[static 32],
                      const uint8_t cfg[static 42], const uint8_t rtcs[static 32])
{
	qstp_cshake_r72(out, QSTP_RATCHET_STREAM_BYTES, token, 32, cfg, 42, rtcs, 32);
}
