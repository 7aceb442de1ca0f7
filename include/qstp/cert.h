/*
 * qstp: certificates and secret key files (PROTOCOL.md 4, 12b, 12h).
 *
 * Binary forms are the reference's exact serializations (.qrr root
 * certificate, .qrc server certificate, .qsk secret keys).  Certificates
 * may also be in the text armour of 12h.  Decoders are strict: exact length
 * for the set named by the algorithm byte, known algorithm and version, issuer
 * NUL-padded, no trailing bytes; each failure a distinct QSTP_ERR_CERT_*.
 *
 * The parsed structures own fixed-size arrays large enough for every
 * configuration set PROTOCOL.md 2.1 defines (about 32 KB for a certificate,
 * sized by the SLH-DSA-SHAKE-256s signature field: keep them off small
 * stacks); `set` says which sizes apply.  Encoding, decoding, hashing and
 * describing work for every known set (qstp_config_known); generation,
 * signing and verification only for the sets this build supports
 * (qstp_config_get), QSTP_ERR_CERT_ALGORITHM for the others.
 */
#ifndef QSTP_CERT_H
#define QSTP_CERT_H

#include "qstp/defs.h"

#include <stddef.h>
#include <stdint.h>

#include "qstp/config.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
	QSTP_CERT_ISSUER_BYTES = 32,     /* ASCII, NUL-padded, at most 31 characters */
	QSTP_CERT_SERIAL_BYTES = 16,
	QSTP_CERT_HASH_BYTES = 32,       /* SHA3-256 */
	QSTP_CERT_VERSION = 0x01,
	QSTP_CERT_DAYS_DEFAULT = 365,
	QSTP_CERT_DAYS_MIN = 1,
	QSTP_CERT_DAYS_MAX = 730,
};

typedef struct qstp_root_cert {
	uint8_t set;                                   /* algorithm byte = configuration set id */
	uint8_t version;
	uint8_t csig[QSTP_SIG_FIELD_MAX_BYTES];        /* sig || root_hash (attached form) */
	uint8_t verkey[QSTP_SIG_PK_MAX_BYTES];
	uint8_t issuer[QSTP_CERT_ISSUER_BYTES];
	uint8_t serial[QSTP_CERT_SERIAL_BYTES];
	uint64_t valid_from, valid_to;
} qstp_root_cert;

typedef struct qstp_server_cert {
	uint8_t set;
	uint8_t version;
	uint8_t csig[QSTP_SIG_FIELD_MAX_BYTES];        /* root's sig || server_hash; zero until signed */
	uint8_t verkey[QSTP_SIG_PK_MAX_BYTES];
	uint8_t issuer[QSTP_CERT_ISSUER_BYTES];
	uint8_t serial[QSTP_CERT_SERIAL_BYTES];
	uint8_t rootser[QSTP_CERT_SERIAL_BYTES];       /* zero until signed */
	uint64_t valid_from, valid_to;
} qstp_server_cert;

/* A root's or a server's secret key file (4.5).  `schash` of a server key
 * file is ignored on read and written as zeros. Wipe with qstp_key_wipe. */
typedef struct qstp_secret_key {
	uint8_t set;
	uint8_t version;
	uint8_t is_server;
	uint8_t issuer[QSTP_CERT_ISSUER_BYTES];
	uint8_t serial[QSTP_CERT_SERIAL_BYTES];
	uint8_t sigkey[QSTP_SIG_SK_MAX_BYTES];
	uint8_t verkey[QSTP_SIG_PK_MAX_BYTES];
	uint64_t valid_from, valid_to;
} qstp_secret_key;

/* Hashes (4.1, 4.2) and the session seed sch0 (4.4). */
void qstp_root_cert_hash(uint8_t out[QSTP_SIZED(32)], const qstp_root_cert *c);
void qstp_server_cert_hash(uint8_t out[QSTP_SIZED(32)], const qstp_server_cert *c);
void qstp_sch0(uint8_t out[QSTP_SIZED(32)], const qstp_root_cert *root, const qstp_server_cert *srv);

/* Serialized sizes for a known set, supported or not (0 for an unknown id). */
size_t qstp_root_cert_size(uint8_t set);
size_t qstp_server_cert_size(uint8_t set);
size_t qstp_root_key_size(uint8_t set);
size_t qstp_server_key_size(uint8_t set);

/* Encoders write exactly *_size(c->set) bytes; out must hold that many.
 * Return 0 or a QSTP_ERR_*. */
int qstp_root_cert_encode(uint8_t *out, size_t outlen, const qstp_root_cert *c);
int qstp_server_cert_encode(uint8_t *out, size_t outlen, const qstp_server_cert *c);
int qstp_secret_key_encode(uint8_t *out, size_t outlen, const qstp_secret_key *k);

/* Strict decoders of the binary forms.  The length must be exactly this
 * form's size for some known set (else QSTP_ERR_CERT_LENGTH: so truncated
 * or extended input is always a length error), the algorithm byte must name
 * a known set of exactly that size (QSTP_ERR_CERT_ALGORITHM: 0x00, 0x0F and
 * above never decode), version 0x01 (QSTP_ERR_CERT_VERSION),
 * the issuer at most 31 printable ASCII characters then NULs
 * (QSTP_ERR_CERT_ISSUER).  Nothing is verified here: see qstp_cert_verify.
 * On error *c is zeroed (a key structure is wiped). */
int qstp_root_cert_decode(qstp_root_cert *c, const uint8_t *in, size_t len);
int qstp_server_cert_decode(qstp_server_cert *c, const uint8_t *in, size_t len);
int qstp_secret_key_decode(qstp_secret_key *k, const uint8_t *in, size_t len, int is_server);
void qstp_key_wipe(qstp_secret_key *k);

/* Text armour (12h): "-----BEGIN QSTP ROOT CERTIFICATE-----", base64 in
 * 64-character lines, "-----END ...-----".  armor_encode returns the text
 * length written (NUL-terminated) or a negative QSTP_ERR_*; out must hold
 * qstp_armor_size(binlen) bytes.  qstp_cert_unarmor accepts either the armour
 * (writing the binary into out) or raw binary (copied), and reports which
 * kind of certificate it is (1 root, 2 server, 0 unknown: raw binary of a
 * size that fits both is decided by the caller). */
enum { QSTP_CERT_KIND_UNKNOWN = 0, QSTP_CERT_KIND_ROOT = 1, QSTP_CERT_KIND_SERVER = 2 };
size_t qstp_armor_size(size_t binlen);
int qstp_armor_encode(char *out, size_t outlen, const uint8_t *bin, size_t binlen, int is_server);
int qstp_cert_unarmor(uint8_t *out, size_t outmax, size_t *outlen, int *kind,
                      const uint8_t *in, size_t inlen);

/* PKI operations (4.2, 4.6).  All take the clock (`now`, Unix seconds) and a
 * random source from the caller. `issuer` is at most 31 ASCII characters.
 * Supported sets only: QSTP_ERR_CERT_ALGORITHM for any other. */
int qstp_root_generate(qstp_root_cert *cert, qstp_secret_key *key, uint8_t set,
                       const char *issuer, unsigned days, uint64_t now,
                       int (*rng)(void *, uint8_t *, size_t), void *rng_ctx);
int qstp_server_generate(qstp_server_cert *cert, qstp_secret_key *key, uint8_t set,
                         const char *issuer, unsigned days, uint64_t now,
                         int (*rng)(void *, uint8_t *, size_t), void *rng_ctx);
/* Signs cert with the root's key: clamps valid_to to the root's, sets rootser,
 * writes csig (4.2). */
int qstp_root_sign(qstp_server_cert *cert, const qstp_root_cert *root, const qstp_secret_key *root_key);

/* The complete checks of PROTOCOL.md 12b, in order; each failure a distinct
 * error: QSTP_ERR_CERT_SIGNATURE / _HASH (steps 1, 2), _EXPIRED /
 * _NOT_YET_VALID (3), _ALGORITHM / _VERSION (4), _ROOT_SERIAL (5),
 * _OUTLIVES_ROOT (6).  `set` is the configured set (0: take the root's).
 * Certificates of a set this build does not support fail with
 * QSTP_ERR_CERT_ALGORITHM before anything else is checked. */
int qstp_cert_verify(const qstp_root_cert *root, const qstp_server_cert *srv, uint8_t set,
                     uint64_t now);
/* Verifies a root certificate alone (self-signature, validity, algorithm, version). */
int qstp_root_cert_verify(const qstp_root_cert *root, uint8_t set, uint64_t now);
/* Test-only: the same checks with the signature verification of steps 1 and
 * 2 skipped (the hash comparison still runs); for qstp_certificates.json. */
int qstp_cert_verify_nosig(const qstp_root_cert *root, const qstp_server_cert *srv,
                           uint8_t set, uint64_t now);

/* 12b: a server's key file and its signed certificate belong together:
 * same set and version, a server key, the same serial and verkey.  0 or
 * QSTP_ERR_CERT_KEY_MISMATCH (QSTP_ERR_CERT_ALGORITHM for different or
 * unsupported sets). */
int qstp_server_key_matches(const qstp_secret_key *key, const qstp_server_cert *cert);

/* A human-readable description: issuer, serials in hex, validity in UTC ISO
 * 8601, algorithm, SHA3-256 fingerprint of the binary form.  Writes a
 * NUL-terminated string; returns its length or a negative QSTP_ERR_*. */
int qstp_root_cert_describe(char *out, size_t outlen, const qstp_root_cert *c);
int qstp_server_cert_describe(char *out, size_t outlen, const qstp_server_cert *c);

#ifdef __cplusplus
}
#endif
#endif
