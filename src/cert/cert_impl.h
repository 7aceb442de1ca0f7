/*
 * Internal to src/cert: per-set layout helpers shared by the codec, the
 * hashes, verification and the PKI operations.
 */
#ifndef QSTP_CERT_IMPL_H
#define QSTP_CERT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/cert.h"
#include "qstp/config.h"

enum {
	/* Bytes after csig and verkey (PROTOCOL.md 4.1, 4.2, 4.5). */
	ROOT_CERT_TAIL = QSTP_CERT_ISSUER_BYTES + QSTP_CERT_SERIAL_BYTES + 8 + 8 + 1 + 1,   /* 66 */
	SERVER_CERT_TAIL = ROOT_CERT_TAIL + QSTP_CERT_SERIAL_BYTES,                        /* 82 */
	ROOT_KEY_EXTRA = ROOT_CERT_TAIL,                                                   /* 66 */
	SERVER_KEY_EXTRA = ROOT_CERT_TAIL + QSTP_CERT_HASH_BYTES,                          /* 98 */
};

/* The attached signed-hash field size S = signature + 32 (2.3.6). */
static inline size_t cs_sigfield(const qstp_config_set *cs)
{
	return cs->sig_bytes + QSTP_CERT_HASH_BYTES;
}

/* Issuer field check (4.6): ASCII text of at most 31 printable characters,
 * then NUL bytes to the end of the 32-byte field.  0 or QSTP_ERR_CERT_ISSUER. */
int cert_issuer_check(const uint8_t issuer[static QSTP_CERT_ISSUER_BYTES]);

#endif
