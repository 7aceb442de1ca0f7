/*
 * qstp: configuration sets (PROTOCOL.md 2).
 *
 * A set fixes the signature scheme and the KEM; it is chosen at run time from
 * the certificate's algorithm byte.  This build supports sets 0x01, 0x02 and
 * 0x03 (ML-DSA-44/65/87 with ML-KEM-512/768/1024; 0x03 is the default).
 */
#ifndef QSTP_CONFIG_H
#define QSTP_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	QSTP_SET_DILITHIUM_S1_KYBER_S1 = 0x01,
	QSTP_SET_DILITHIUM_S3_KYBER_S3 = 0x02,
	QSTP_SET_DILITHIUM_S5_KYBER_S5 = 0x03,
	QSTP_SET_DEFAULT = QSTP_SET_DILITHIUM_S5_KYBER_S5,

	QSTP_CONFIG_FIELD_BYTES = 42,   /* 2.2: string, NUL-padded */
	QSTP_CONFIG_COMPARE_BYTES = 41, /* 2.2: receivers compare bytes 0..40 */

	/* Largest sizes over the supported sets (ML-DSA-87, ML-KEM-1024). */
	QSTP_SIG_PK_MAX_BYTES = 2592,
	QSTP_SIG_SK_MAX_BYTES = 4896,
	QSTP_SIG_MAX_BYTES = 4627,
	QSTP_SIG_FIELD_MAX_BYTES = 4627 + 32, /* attached form: sig || 32-byte hash */
	QSTP_KEM_EK_MAX_BYTES = 1568,
	QSTP_KEM_DK_MAX_BYTES = 3168,
	QSTP_KEM_CT_MAX_BYTES = 1568,
	QSTP_KEM_SS_BYTES = 32,
};

typedef struct qstp_config_set {
	uint8_t id;
	const char *name;          /* e.g. "dilithium-s5_kyber-s5_rcs-256_sha3-256" */
	const char *sig_name;      /* "ML-DSA-87" */
	const char *kem_name;      /* "ML-KEM-1024" */
	int sig_level;             /* 44, 65, 87 (qstp_mldsa_param) */
	int kem_k;                 /* 2, 3, 4 (qstp_mlkem_param) */
	size_t sig_pk_bytes, sig_sk_bytes, sig_bytes;
	size_t kem_ek_bytes, kem_dk_bytes, kem_ct_bytes;
} qstp_config_set;

/* The set with this id, or NULL if it is unknown or not supported here. */
const qstp_config_set *qstp_config_get(uint8_t id);
/* The set whose configuration string is `name`, or NULL. */
const qstp_config_set *qstp_config_by_name(const char *name);
/* Writes the 42-byte configuration field of a set (2.2). */
void qstp_config_field(uint8_t out[static 42], const qstp_config_set *cs);

#ifdef __cplusplus
}
#endif
#endif
