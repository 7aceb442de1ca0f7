/*
 * Configuration-set table (PROTOCOL.md 2.1, 2.2, 2.3.7): all fourteen sets,
 * with the sizes of 2.3.7.  `supported` marks the sets this build can run
 * (ML-DSA + ML-KEM: 0x01-0x03); the others are known for their layouts only.
 */
#include "qstp/config.h"

#include <string.h>

/* Signature-scheme sizes (2.3.7): public key, private key, signature. */
#define MLDSA44 .sig_name = "ML-DSA-44", .sig_level = 44, \
	.sig_pk_bytes = 1312, .sig_sk_bytes = 2560, .sig_bytes = 2420
#define MLDSA65 .sig_name = "ML-DSA-65", .sig_level = 65, \
	.sig_pk_bytes = 1952, .sig_sk_bytes = 4032, .sig_bytes = 3309
#define MLDSA87 .sig_name = "ML-DSA-87", .sig_level = 87, \
	.sig_pk_bytes = 2592, .sig_sk_bytes = 4896, .sig_bytes = 4627
#define SLHDSA128S .sig_name = "SLH-DSA-SHAKE-128s", .sig_level = 0, \
	.sig_pk_bytes = 32, .sig_sk_bytes = 64, .sig_bytes = 7856
#define SLHDSA192S .sig_name = "SLH-DSA-SHAKE-192s", .sig_level = 0, \
	.sig_pk_bytes = 48, .sig_sk_bytes = 96, .sig_bytes = 16224
#define SLHDSA256S .sig_name = "SLH-DSA-SHAKE-256s", .sig_level = 0, \
	.sig_pk_bytes = 64, .sig_sk_bytes = 128, .sig_bytes = 29792

/* KEM sizes (2.3.7): encapsulation key, decapsulation key, ciphertext
 * (McEliece: NIST round 3, ciphertexts with the 32-byte C1, 2.3.3). */
#define MLKEM512 .kem_name = "ML-KEM-512", .kem_k = 2, \
	.kem_ek_bytes = 800, .kem_dk_bytes = 1632, .kem_ct_bytes = 768
#define MLKEM768 .kem_name = "ML-KEM-768", .kem_k = 3, \
	.kem_ek_bytes = 1184, .kem_dk_bytes = 2400, .kem_ct_bytes = 1088
#define MLKEM1024 .kem_name = "ML-KEM-1024", .kem_k = 4, \
	.kem_ek_bytes = 1568, .kem_dk_bytes = 3168, .kem_ct_bytes = 1568
#define KYBERK5 .kem_name = "Kyber-k5", .kem_k = 5, \
	.kem_ek_bytes = 1952, .kem_dk_bytes = 3936, .kem_ct_bytes = 1920
#define MCELIECE1 .kem_name = "mceliece348864", .kem_k = 0, \
	.kem_ek_bytes = 261120, .kem_dk_bytes = 6492, .kem_ct_bytes = 128
#define MCELIECE3 .kem_name = "mceliece460896", .kem_k = 0, \
	.kem_ek_bytes = 524160, .kem_dk_bytes = 13608, .kem_ct_bytes = 188
#define MCELIECE5 .kem_name = "mceliece6688128", .kem_k = 0, \
	.kem_ek_bytes = 1044992, .kem_dk_bytes = 13932, .kem_ct_bytes = 240
#define MCELIECE6 .kem_name = "mceliece6960119", .kem_k = 0, \
	.kem_ek_bytes = 1047319, .kem_dk_bytes = 13948, .kem_ct_bytes = 226
#define MCELIECE7 .kem_name = "mceliece8192128", .kem_k = 0, \
	.kem_ek_bytes = 1357824, .kem_dk_bytes = 14120, .kem_ct_bytes = 240

/* Indexed by id - 1. */
static const qstp_config_set sets[QSTP_SET_KNOWN_MAX] = {
	{ .id = 0x01, .supported = 1, .name = "dilithium-s1_kyber-s1_rcs-256_sha3-256",
	  MLDSA44, MLKEM512 },
	{ .id = 0x02, .supported = 1, .name = "dilithium-s3_kyber-s3_rcs-256_sha3-256",
	  MLDSA65, MLKEM768 },
	{ .id = 0x03, .supported = 1, .name = "dilithium-s5_kyber-s5_rcs-256_sha3-256",
	  MLDSA87, MLKEM1024 },
	{ .id = 0x04, .name = "dilithium-s5_kyber-s6_rcs-256_sha3-256", MLDSA87, KYBERK5 },
	{ .id = 0x05, .name = "dilithium-s1_mceliece-s1_rcs-256_sha3-256", MLDSA44, MCELIECE1 },
	{ .id = 0x06, .name = "dilithium-s3_mceliece-s3_rcs-256_sha3-256", MLDSA65, MCELIECE3 },
	{ .id = 0x07, .name = "dilithium-s5_mceliece-s5_rcs-256_sha3-256", MLDSA87, MCELIECE5 },
	{ .id = 0x08, .name = "dilithium-s5_mceliece-s6_rcs-256_sha3-256", MLDSA87, MCELIECE6 },
	{ .id = 0x09, .name = "dilithium-s5_mceliece-s7_rcs-256_sha3-256", MLDSA87, MCELIECE7 },
	{ .id = 0x0A, .name = "sphincs-s1_mceliece-s1_rcs-256_sha3-256", SLHDSA128S, MCELIECE1 },
	{ .id = 0x0B, .name = "sphincs-s3_mceliece-s3_rcs-256_sha3-256", SLHDSA192S, MCELIECE3 },
	{ .id = 0x0C, .name = "sphincs-s5_mceliece-s5_rcs-256_sha3-256", SLHDSA256S, MCELIECE5 },
	{ .id = 0x0D, .name = "sphincs-s5_mceliece-s6_rcs-256_sha3-256", SLHDSA256S, MCELIECE6 },
	{ .id = 0x0E, .name = "sphincs-s5_mceliece-s7_rcs-256_sha3-256", SLHDSA256S, MCELIECE7 },
};

/* The structures of cert.h are sized by the SIG MAX constants (every known
 * set), the protocol's KEM buffers by the KEM MAX constants (supported sets);
 * the unit tests check every table row against them. */
_Static_assert(QSTP_SIG_FIELD_MAX_BYTES == QSTP_SIG_MAX_BYTES + 32, "attached form");

const qstp_config_set *qstp_config_known(uint8_t id)
{
	if (id == QSTP_SET_NONE || id > QSTP_SET_KNOWN_MAX)
		return NULL;
	return &sets[id - 1];
}

const qstp_config_set *qstp_config_get(uint8_t id)
{
	const qstp_config_set *cs = qstp_config_known(id);
	return cs != NULL && cs->supported ? cs : NULL;
}

const qstp_config_set *qstp_config_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
		if (sets[i].supported && strcmp(sets[i].name, name) == 0)
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
