/*
 * Configuration-set table (PROTOCOL.md 2.1, 2.2, 2.3.7).  Only the sets this
 * build implements are listed; every other id is unknown to the library.
 */
#include "qstp/config.h"

#include <string.h>


static const qstp_config_set sets[] = {
	{
		.id = QSTP_SET_DILITHIUM_S1_KYBER_S1,
		.name = "dilithium-s1_kyber-s1_rcs-256_sha3-256",
		.sig_name = "ML-DSA-44",
		.kem_name = "ML-KEM-512",
		.sig_level = 44,
		.kem_k = 2,
		.sig_pk_bytes = 1312, .sig_sk_bytes = 2560, .sig_bytes = 2420,
		.kem_ek_bytes = 800, .kem_dk_bytes = 1632, .kem_ct_bytes = 768,
	},
	{
		.id = QSTP_SET_DILITHIUM_S3_KYBER_S3,
		.name = "dilithium-s3_kyber-s3_rcs-256_sha3-256",
		.sig_name = "ML-DSA-65",
		.kem_name = "ML-KEM-768",
		.sig_level = 65,
		.kem_k = 3,
		.sig_pk_bytes = 1952, .sig_sk_bytes = 4032, .sig_bytes = 3309,
		.kem_ek_bytes = 1184, .kem_dk_bytes = 2400, .kem_ct_bytes = 1088,
	},
	{
		.id = QSTP_SET_DILITHIUM_S5_KYBER_S5,
		.name = "dilithium-s5_kyber-s5_rcs-256_sha3-256",
		.sig_name = "ML-DSA-87",
		.kem_name = "ML-KEM-1024",
		.sig_level = 87,
		.kem_k = 4,
		.sig_pk_bytes = 2592, .sig_sk_bytes = 4896, .sig_bytes = 4627,
		.kem_ek_bytes = 1568, .kem_dk_bytes = 3168, .kem_ct_bytes = 1568,
	},
};

/* The structures of cert.h are sized by the MAX constants; the unit tests
 * check every table row against them. */
_Static_assert(QSTP_SIG_FIELD_MAX_BYTES == QSTP_SIG_MAX_BYTES + 32, "attached form");

const qstp_config_set *qstp_config_get(uint8_t id)
{
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
		if (sets[i].id == id)
			return &sets[i];
	return NULL;
}

const qstp_config_set *qstp_config_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
		if (strcmp(sets[i].name, name) == 0)
			return &sets[i];
	return NULL;
}

void qstp_config_field(uint8_t out[static QSTP_CONFIG_FIELD_BYTES], const qstp_config_set *cs)
{
	size_t n = strlen(cs->name);
	/* 2.2: the string, then zeros up to 42 bytes; byte 41 always zero. */
	memset(out, 0, QSTP_CONFIG_FIELD_BYTES);
	memcpy(out, cs->name, n < QSTP_CONFIG_FIELD_BYTES - 1 ? n : QSTP_CONFIG_FIELD_BYTES - 1);
}
