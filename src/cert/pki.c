/*
 * PKI operations (PROTOCOL.md 4.1, 4.2, 4.6): generate a self-signed root,
 * generate a server key with its unsigned certificate, sign a server
 * certificate with a root.  The clock and the random source come from the
 * caller; signing is deterministic (FIPS 204 with rnd = 0, as the reference
 * signs).  On error the outputs are zeroed (generate) or untouched (sign).
 */
#include <string.h>

#include "cert_impl.h"
#include "qstp/errors.h"
#include "qstp/mldsa.h"
#include "qstp/util.h"

enum { SECONDS_PER_DAY = 86400 };

/* Issuer text (4.6): 1..31 printable ASCII characters, NUL-padded. */
static int set_issuer(uint8_t field[static QSTP_CERT_ISSUER_BYTES], const char *text)
{
	size_t n;

	if (text == NULL)
		return QSTP_ERR_CERT_ISSUER;
	n = strnlen(text, QSTP_CERT_ISSUER_BYTES);
	if (n == 0 || n >= QSTP_CERT_ISSUER_BYTES)
		return QSTP_ERR_CERT_ISSUER;
	memset(field, 0, QSTP_CERT_ISSUER_BYTES);
	memcpy(field, text, n);
	return cert_issuer_check(field);
}

static int validity(uint64_t *from, uint64_t *to, unsigned days, uint64_t now)
{
	if (days == 0)
		days = QSTP_CERT_DAYS_DEFAULT;
	if (days < QSTP_CERT_DAYS_MIN || days > QSTP_CERT_DAYS_MAX)
		return QSTP_ERR_CERT_VALIDITY;
	if (now > UINT64_MAX - (uint64_t)days * SECONDS_PER_DAY)
		return QSTP_ERR_CERT_VALIDITY;
	*from = now;
	*to = now + (uint64_t)days * SECONDS_PER_DAY;
	return 0;
}

/* The key pair, serial, issuer and validity shared by both generators, and
 * the fields of the certificate (cert, zeroed by the caller) that repeat
 * them; *csp is the set.  On error the key is wiped and cert untouched. */
static int generate(qstp_secret_key *key, const cert_out *cert, const qstp_config_set **csp,
                    uint8_t set, int is_server, const char *issuer, unsigned days, uint64_t now,
                    int (*rng)(void *, uint8_t *, size_t), void *rng_ctx)
{
	const qstp_config_set *cs = qstp_config_get(set);
	uint8_t seed[QSTP_MLDSA_SEED_BYTES];
	int e;

	memset(key, 0, sizeof *key);
	if (cs == NULL)
		return QSTP_ERR_CERT_ALGORITHM;
	key->set = cs->id;
	key->version = QSTP_CERT_VERSION;
	key->is_server = (uint8_t)(is_server ? 1 : 0);
	if ((e = set_issuer(key->issuer, issuer)) != 0 ||
	    (e = validity(&key->valid_from, &key->valid_to, days, now)) != 0)
		goto out;
	if (rng == NULL) {
		e = QSTP_ERR_INVALID_ARG;
		goto out;
	}
	if (rng(rng_ctx, key->serial, QSTP_CERT_SERIAL_BYTES) != 0 ||
	    rng(rng_ctx, seed, sizeof seed) != 0) {
		e = QSTP_ERR_RANDOM;
		goto out;
	}
	e = qstp_mldsa_keypair_derand((qstp_mldsa_param)cs->sig_level, key->verkey, key->sigkey,
	                              seed);
	if (e != 0)
		goto out;
	*cert->set = key->set;
	*cert->version = key->version;
	memcpy(cert->verkey, key->verkey, cs->sig_pk_bytes);
	memcpy(cert->issuer, key->issuer, QSTP_CERT_ISSUER_BYTES);
	memcpy(cert->serial, key->serial, QSTP_CERT_SERIAL_BYTES);
	*cert->valid_from = key->valid_from;
	*cert->valid_to = key->valid_to;
	*csp = cs;
out:
	qstp_wipe(seed, sizeof seed);
	if (e != 0)
		qstp_key_wipe(key);
	return e;
}

int qstp_root_generate(qstp_root_cert *cert, qstp_secret_key *key, uint8_t set,
                       const char *issuer, unsigned days, uint64_t now,
                       int (*rng)(void *, uint8_t *, size_t), void *rng_ctx)
{
	const qstp_config_set *cs = NULL;
	cert_out v = root_cert_out(cert);
	uint8_t h[QSTP_CERT_HASH_BYTES];
	int e;

	memset(cert, 0, sizeof *cert);
	if ((e = generate(key, &v, &cs, set, 0, issuer, days, now, rng, rng_ctx)) != 0)
		goto out;
	/* 4.1: csig = Sign(root_sk, root_hash) in attached form. */
	qstp_root_cert_hash(h, cert);
	e = qstp_mldsa_sign_attached((qstp_mldsa_param)cs->sig_level, cert->csig, h, sizeof h,
	                             key->sigkey, NULL);
out:
	if (e != 0) {
		memset(cert, 0, sizeof *cert);
		qstp_key_wipe(key);
	}
	return e;
}

int qstp_server_generate(qstp_server_cert *cert, qstp_secret_key *key, uint8_t set,
                         const char *issuer, unsigned days, uint64_t now,
                         int (*rng)(void *, uint8_t *, size_t), void *rng_ctx)
{
	const qstp_config_set *cs = NULL;
	cert_out v = server_cert_out(cert);

	/* 4.2: csig and rootser stay zero until a root signs. */
	memset(cert, 0, sizeof *cert);
	return generate(key, &v, &cs, set, 1, issuer, days, now, rng, rng_ctx);
}

int qstp_root_sign(qstp_server_cert *cert, const qstp_root_cert *root, const qstp_secret_key *root_key)
{
	const qstp_config_set *cs = qstp_config_get(root->set);
	qstp_server_cert c;
	uint8_t h[QSTP_CERT_HASH_BYTES];
	int e;

	if (cs == NULL || cert->set != root->set || root_key->set != root->set)
		return QSTP_ERR_CERT_ALGORITHM;
	if (cert->version != QSTP_CERT_VERSION || root->version != QSTP_CERT_VERSION)
		return QSTP_ERR_CERT_VERSION;
	/* The key must be this root's: a server key, or another root's, would
	 * produce a certificate that can never verify. */
	if (root_key->is_server ||
	    memcmp(root_key->serial, root->serial, QSTP_CERT_SERIAL_BYTES) != 0 ||
	    memcmp(root_key->verkey, root->verkey, cs->sig_pk_bytes) != 0)
		return QSTP_ERR_CERT_KEY_MISMATCH;

	memcpy(&c, cert, sizeof c);
	/* 4.2 step 1: the certificate cannot outlive its root. */
	if (c.valid_to > root->valid_to)
		c.valid_to = root->valid_to;
	if (c.valid_from > c.valid_to) /* it would start after its root expires */
		return QSTP_ERR_CERT_VALIDITY;
	/* Step 2. */
	memcpy(c.rootser, root->serial, QSTP_CERT_SERIAL_BYTES);
	/* Step 3: csig = Sign(root_sk, server_hash), attached. */
	qstp_server_cert_hash(h, &c);
	e = qstp_mldsa_sign_attached((qstp_mldsa_param)cs->sig_level, c.csig, h, sizeof h,
	                             root_key->sigkey, NULL);
	if (e == 0)
		memcpy(cert, &c, sizeof c);
	return e;
}
