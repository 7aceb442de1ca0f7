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

/* A root's and a server's certificate share one layout (4.1, 4.2):
 * csig || verkey || issuer || serial || rootser (a server's only) ||
 * valid_from || valid_to || algorithm || version.  The code that walks it
 * (hash, encoder and decoder in codec.c, generation in pki.c) is written
 * once, over these views of either structure. */
typedef struct cert_in {
	const uint8_t *csig, *verkey, *issuer, *serial, *rootser; /* rootser NULL: a root */
	uint64_t valid_from, valid_to;
	uint8_t set, version;
} cert_in;

typedef struct cert_out {
	uint8_t *csig, *verkey, *issuer, *serial, *rootser; /* rootser NULL: a root */
	uint64_t *valid_from, *valid_to;
	uint8_t *set, *version;
} cert_out;

static inline cert_in root_cert_in(const qstp_root_cert *c)
{
	return (cert_in){ c->csig, c->verkey, c->issuer, c->serial, NULL,
		          c->valid_from, c->valid_to, c->set, c->version };
}

static inline cert_in server_cert_in(const qstp_server_cert *c)
{
	return (cert_in){ c->csig, c->verkey, c->issuer, c->serial, c->rootser,
		          c->valid_from, c->valid_to, c->set, c->version };
}

static inline cert_out root_cert_out(qstp_root_cert *c)
{
	return (cert_out){ c->csig, c->verkey, c->issuer, c->serial, NULL,
		           &c->valid_from, &c->valid_to, &c->set, &c->version };
}

static inline cert_out server_cert_out(qstp_server_cert *c)
{
	return (cert_out){ c->csig, c->verkey, c->issuer, c->serial, c->rootser,
		           &c->valid_from, &c->valid_to, &c->set, &c->version };
}

#endif
