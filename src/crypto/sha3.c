/* SHA-3 and SHAKE (FIPS 202 6.1, 6.2) on the sponge of keccak.c. */
#include "qstp/keccak.h"

enum { DS_SHA3 = 0x06, DS_SHAKE = 0x1F };

void qstp_sha3_256_init(qstp_keccak *k)
{
	qstp_keccak_init(k, QSTP_SHA3_256_RATE, DS_SHA3);
}

void qstp_sha3_512_init(qstp_keccak *k)
{
	qstp_keccak_init(k, QSTP_SHA3_512_RATE, DS_SHA3);
}

void qstp_sha3_final(qstp_keccak *k, uint8_t *out)
{
	/* capacity = 2 * digest length, so the digest is (200 - rate) / 2 bytes */
	qstp_keccak_squeeze(k, out, (size_t)(QSTP_KECCAK_STATE_BYTES - k->rate) / 2);
	qstp_keccak_wipe(k);
}

void qstp_sha3_256(uint8_t out[32], const uint8_t *in, size_t len)
{
	qstp_keccak k;
	qstp_sha3_256_init(&k);
	qstp_keccak_absorb(&k, in, len);
	qstp_sha3_final(&k, out);
}

void qstp_sha3_512(uint8_t out[64], const uint8_t *in, size_t len)
{
	qstp_keccak k;
	qstp_sha3_512_init(&k);
	qstp_keccak_absorb(&k, in, len);
	qstp_sha3_final(&k, out);
}

void qstp_shake128_init(qstp_keccak *k)
{
	qstp_keccak_init(k, QSTP_SHAKE128_RATE, DS_SHAKE);
}

void qstp_shake256_init(qstp_keccak *k)
{
	qstp_keccak_init(k, QSTP_SHAKE256_RATE, DS_SHAKE);
}

void qstp_shake128(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
	qstp_keccak k;
	qstp_shake128_init(&k);
	qstp_keccak_absorb(&k, in, inlen);
	qstp_keccak_squeeze(&k, out, outlen);
	qstp_keccak_wipe(&k);
}

void qstp_shake256(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
	qstp_keccak k;
	qstp_shake256_init(&k);
	qstp_keccak_absorb(&k, in, inlen);
	qstp_keccak_squeeze(&k, out, outlen);
	qstp_keccak_wipe(&k);
}
