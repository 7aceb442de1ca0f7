/*
 * qstp: configuration sets (PROTOCOL.md 2).
 *
 * A set fixes the signature scheme and the KEM; it is chosen at run time from
 * the certificate's algorithm byte.  PROTOCOL.md 2.1 defines fourteen sets
 * (0x01-0x0E); all of them are *known* here (id, configuration string,
 * scheme names, every size of 2.3.7), so certificates and key files of any
 * set can be encoded, decoded and hashed.  This build *supports* (handshakes,
 * key generation, signing, signature verification) only sets 0x01, 0x02 and
 * 0x03 (ML-DSA-44/65/87 with ML-KEM-512/768/1024; 0x03 is the default).
 *
 *   qstp_config_get()    supported sets only: what the protocol may use.
 *   qstp_config_known()  every set of 2.1: sizes and names for the codec.
 */
#ifndef QSTP_CONFIG_H
#define QSTP_CONFIG_H

#include "qstp/defs.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	QSTP_SET_NONE = 0x00, /* 2.1: never valid */
	QSTP_SET_DILITHIUM_S1_KYBER_S1 = 0x01,
	QSTP_SET_DILITHIUM_S3_KYBER_S3 = 0x02,
	QSTP_SET_DILITHIUM_S5_KYBER_S5 = 0x03,
	QSTP_SET_DILITHIUM_S5_KYBER_S6 = 0x04,
	QSTP_SET_DILITHIUM_S1_MCELIECE_S1 = 0x05,
	QSTP_SET_DILITHIUM_S3_MCELIECE_S3 = 0x06,
	QSTP_SET_DILITHIUM_S5_MCELIECE_S5 = 0x07,
	QSTP_SET_DILITHIUM_S5_MCELIECE_S6 = 0x08,
	QSTP_SET_DILITHIUM_S5_MCELIECE_S7 = 0x09,
	QSTP_SET_SPHINCS_S1_MCELIECE_S1 = 0x0A,
	QSTP_SET_SPHINCS_S3_MCELIECE_S3 = 0x0B,
	QSTP_SET_SPHINCS_S5_MCELIECE_S5 = 0x0C,
	QSTP_SET_SPHINCS_S5_MCELIECE_S6 = 0x0D,
	QSTP_SET_SPHINCS_S5_MCELIECE_S7 = 0x0E,
	QSTP_SET_DEFAULT = QSTP_SET_DILITHIUM_S5_KYBER_S5,
	QSTP_SET_KNOWN_MAX = 0x0E, /* known ids are exactly 0x01..QSTP_SET_KNOWN_MAX */

	QSTP_CONFIG_FIELD_BYTES = 42,   /* 2.2: string, NUL-padded */
	QSTP_CONFIG_COMPARE_BYTES = 41, /* 2.2: receivers compare bytes 0..40 */

	/* Largest signature-scheme sizes over every KNOWN set, so that the
	 * certificate and key structures of cert.h hold any set's fields:
	 * keys of ML-DSA-87, signature of SLH-DSA-SHAKE-256s (2.3.7). */
	QSTP_SIG_PK_MAX_BYTES = 2592,
	QSTP_SIG_SK_MAX_BYTES = 4896,
	QSTP_SIG_MAX_BYTES = 29792,
	QSTP_SIG_FIELD_MAX_BYTES = 29792 + 32, /* attached form: sig || 32-byte hash */
	/* Largest KEM sizes over the SUPPORTED sets only (ML-KEM-1024): the
	 * known McEliece sets have keys of up to 1.3 MB, which no fixed buffer
	 * should be sized for. */
	QSTP_KEM_EK_MAX_BYTES = 1568,
	QSTP_KEM_DK_MAX_BYTES = 3168,
	QSTP_KEM_CT_MAX_BYTES = 1568,
	QSTP_KEM_SS_BYTES = 32, /* every KEM of 2.3.7 */
};

typedef struct qstp_config_set {
	uint8_t id;
	uint8_t supported;         /* 1: handshakes and key generation work in this build */
	const char *name;          /* e.g. "dilithium-s5_kyber-s5_rcs-256_sha3-256" */
	const char *sig_name;      /* "ML-DSA-87", "SLH-DSA-SHAKE-128s", ... */
	const char *kem_name;      /* "ML-KEM-1024", "Kyber-k5", "mceliece348864", ... */
	int sig_level;             /* ML-DSA: 44, 65, 87 (qstp_mldsa_param); 0 otherwise */
	int kem_k;                 /* ML-KEM / Kyber: k (2, 3, 4; 5 for 0x04); 0 otherwise */
	size_t sig_pk_bytes, sig_sk_bytes, sig_bytes;
	size_t kem_ek_bytes, kem_dk_bytes, kem_ct_bytes;
} qstp_config_set;

/* The supported set with this id, or NULL if it is unknown or not supported
 * in this build.  Everything that runs a protocol operation uses this. */
const qstp_config_set *qstp_config_get(uint8_t id);
/* The set with this id if PROTOCOL.md 2.1 defines it (supported or not), or
 * NULL (0x00, 0x0F and above).  For layouts and sizes only: check
 * `supported` (or use qstp_config_get) before any cryptographic operation. */
const qstp_config_set *qstp_config_known(uint8_t id);
/* The supported set whose configuration string is `name`, or NULL. */
const qstp_config_set *qstp_config_by_name(const char *name);
/* Writes the 42-byte configuration field of a set (2.2). */
void qstp_config_field(uint8_t out[QSTP_SIZED(42)], const qstp_config_set *cs);

#ifdef __cplusplus
}
#endif
#endif
