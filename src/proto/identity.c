/*
 * Server identity and client trust (include/qstp/session.h): certificates
 * checked once with the full checks of PROTOCOL.md 12b, sch0 precomputed.
 */
#include <stdlib.h>
#include <string.h>

#include "session_int.h"

/* Binary or armoured certificate into a malloc'd binary copy. */
static int unarmor(uint8_t **bin, size_t *binlen, const uint8_t *in, size_t inlen)
{
	int kind = 0, r;
	uint8_t *p = malloc(inlen > 0 ? inlen : 1);
	if (p == NULL)
		return QSTP_ERR_NOMEM;
	if ((r = qstp_cert_unarmor(p, inlen, binlen, &kind, in, inlen)) != 0) {
		free(p);
		return r;
	}
	*bin = p;
	return 0;
}

static int decode_pair(qstp_root_cert *root, qstp_server_cert *cert, const uint8_t *rootb,
                       size_t rootlen, const uint8_t *certb, size_t certlen)
{
	uint8_t *rb = NULL, *cb = NULL;
	size_t rl = 0, cl = 0;
	int r;
	if ((r = unarmor(&rb, &rl, rootb, rootlen)) != 0 || (r = unarmor(&cb, &cl, certb, certlen)) != 0)
		goto out;
	if ((r = qstp_root_cert_decode(root, rb, rl)) != 0 ||
	    (r = qstp_server_cert_decode(cert, cb, cl)) != 0)
		goto out;
out:
	free(rb);
	free(cb);
	return r;
}

int qstp_server_identity_from_parts(qstp_server_identity **out, const qstp_root_cert *root,
                                    const qstp_server_cert *cert, const qstp_secret_key *key)
{
	*out = NULL;
	const qstp_config_set *cs = qstp_config_get(cert->set);
	if (cs == NULL)
		return QSTP_ERR_CERT_ALGORITHM;
	qstp_server_identity *id = calloc(1, sizeof *id);
	if (id == NULL)
		return QSTP_ERR_NOMEM;
	id->refs = 1;
	id->cs = cs;
	qstp_config_field(id->cfg, cs);
	id->root = *root;
	id->cert = *cert;
	id->key = *key;
	qstp_sch0(id->sch0, root, cert);
	/* Every handshake signs with this key: expand it once. */
	id->dsa = malloc(sizeof *id->dsa);
	if (id->dsa == NULL ||
	    qstp_mldsa_prepare_sk((qstp_mldsa_param)cs->sig_level, id->dsa, key->sigkey) != 0) {
		free(id->dsa);
		id->dsa = NULL;
		qstp_key_wipe(&id->key);
		qstp_wipe(id, sizeof *id);
		free(id);
		return QSTP_ERR_NOMEM;
	}
	*out = id;
	return 0;
}

int qstp_server_identity_new(qstp_server_identity **out, const uint8_t *root, size_t rootlen,
                             const uint8_t *cert, size_t certlen, const uint8_t *key,
                             size_t keylen, uint64_t now)
{
	qstp_root_cert *rc = malloc(sizeof *rc);
	qstp_server_cert *sc = malloc(sizeof *sc);
	qstp_secret_key *sk = malloc(sizeof *sk);
	int r;

	*out = NULL;
	if (rc == NULL || sc == NULL || sk == NULL) {
		r = QSTP_ERR_NOMEM;
		goto out;
	}
	memset(sk, 0, sizeof *sk);
	if ((r = decode_pair(rc, sc, root, rootlen, cert, certlen)) != 0 ||
	    (r = qstp_secret_key_decode(sk, key, keylen, 1)) != 0)
		goto out;
	/* 12b: the full chain, with the certificate's set as the configured one. */
	if ((r = qstp_cert_verify(rc, sc, sc->set, now)) != 0)
		goto out;
	/* 12b: the key file and the signed certificate belong together. */
	if ((r = qstp_server_key_matches(sk, sc)) != 0)
		goto out;
	if (now > sk->valid_to) {
		r = QSTP_ERR_CERT_EXPIRED;
		goto out;
	}
	r = qstp_server_identity_from_parts(out, rc, sc, sk);
out:
	if (sk != NULL)
		qstp_key_wipe(sk);
	free(rc);
	free(sc);
	free(sk);
	return r;
}

void qstp_server_identity_ref(qstp_server_identity *id)
{
	__atomic_add_fetch(&id->refs, 1, __ATOMIC_RELAXED);
}

void qstp_server_identity_unref(qstp_server_identity *id)
{
	if (id == NULL)
		return;
	if (__atomic_sub_fetch(&id->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		qstp_key_wipe(&id->key);
		qstp_mldsa_prepared_sk_wipe(id->dsa);
		free(id->dsa);
		qstp_wipe(id, sizeof *id);
		free(id);
	}
}

const qstp_config_set *qstp_server_identity_set(const qstp_server_identity *id)
{
	return id->cs;
}

const qstp_server_cert *qstp_server_identity_cert(const qstp_server_identity *id)
{
	return &id->cert;
}

int qstp_client_trust_from_parts(qstp_client_trust **out, const qstp_root_cert *root,
                                 const qstp_server_cert *cert)
{
	*out = NULL;
	const qstp_config_set *cs = qstp_config_get(cert->set);
	if (cs == NULL)
		return QSTP_ERR_CERT_ALGORITHM;
	qstp_client_trust *t = calloc(1, sizeof *t);
	if (t == NULL)
		return QSTP_ERR_NOMEM;
	t->cs = cs;
	qstp_config_field(t->cfg, cs);
	t->root = *root;
	t->cert = *cert;
	qstp_sch0(t->sch0, root, cert);
	/* Every handshake verifies under this key: expand it once. */
	t->dsa = malloc(sizeof *t->dsa);
	if (t->dsa == NULL ||
	    qstp_mldsa_prepare_pk((qstp_mldsa_param)cs->sig_level, t->dsa, cert->verkey) != 0) {
		free(t->dsa);
		free(t);
		return QSTP_ERR_NOMEM;
	}
	*out = t;
	return 0;
}

int qstp_client_trust_new(qstp_client_trust **out, const uint8_t *root, size_t rootlen,
                          const uint8_t *cert, size_t certlen, uint64_t now)
{
	qstp_root_cert *rc = malloc(sizeof *rc);
	qstp_server_cert *sc = malloc(sizeof *sc);
	int r;

	*out = NULL;
	if (rc == NULL || sc == NULL) {
		r = QSTP_ERR_NOMEM;
		goto out;
	}
	if ((r = decode_pair(rc, sc, root, rootlen, cert, certlen)) != 0 ||
	    (r = qstp_cert_verify(rc, sc, sc->set, now)) != 0)
		goto out;
	r = qstp_client_trust_from_parts(out, rc, sc);
out:
	free(rc);
	free(sc);
	return r;
}

void qstp_client_trust_free(qstp_client_trust *t)
{
	if (t == NULL)
		return;
	free(t->dsa);
	qstp_wipe(t, sizeof *t);
	free(t);
}
