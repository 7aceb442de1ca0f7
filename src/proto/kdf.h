/*
 * Key derivation of the protocol core: the session KDF (PROTOCOL.md 6) and
 * the symmetric-ratchet derivation (10.2).
 */
#ifndef QSTP_PROTO_KDF_H
#define QSTP_PROTO_KDF_H

#include <stdint.h>

enum {
	QSTP_KDF_STREAM_BYTES = 168,   /* 6: prnd[0..135] || rtcs[136..167] */
	QSTP_KDF_PRND_BYTES = 136,
	QSTP_KDF_RTCS_OFFSET = 136,
	QSTP_RATCHET_STREAM_BYTES = 248, /* 10.2: keys 0..127, unused 128..215, rtcs' 216..247 */
	QSTP_RATCHET_RTCS_OFFSET = 216,
	/* Offsets of the four 32-byte values in both streams. */
	QSTP_KDF_K1 = 0, QSTP_KDF_N1 = 32, QSTP_KDF_K2 = 64, QSTP_KDF_N2 = 96,
};

/* 6: stream = cSHAKE256(X = sec, L = 168, N = "QSTP-1.4-SESSION", S = sch2).
 * First pair = c2s, second pair = s2c. */
void qstp_kdf_session(uint8_t stream[static QSTP_KDF_STREAM_BYTES], const uint8_t sec[static 32],
                      const uint8_t sch2[static 32]);

/* 10.2: out = cSHAKE-r72(X = token, L = 248, N = config field[42], S = rtcs).
 * First pair = the initiator's transmit direction. */
void qstp_kdf_ratchet(uint8_t out[static QSTP_RATCHET_STREAM_BYTES], const uint8_t token[static 32],
                      const uint8_t cfg[static 42], const uint8_t rtcs[static 32]);

#endif
