/*
 * Certificate verification: the complete checks of PROTOCOL.md 12b, in
 * order, each failure a distinct error.
 *
 *   1. root self-signature, and its signed hash = root_hash(R)  SIGNATURE / HASH
 *   2. server csig under R.verkey, signed hash = server_hash(C)  SIGNATURE / HASH
 *   3. valid_from <= now <= valid_to, root and server            NOT_YET_VALID / EXPIRED
 *   4. algorithm = configured set, version = 0x01, both          ALGORITHM / VERSION
 *   5. C.rootser = R.serial                                      ROOT_SERIAL
 *   6. C.valid_to <= R.valid_to                                  OUTLIVES_ROOT
 *
 * Everything here is public data (certificates and the clock); branches
 * on it are fine.
 */
#include <string.h>

#include "cert_impl.h"
#include "qstp/errors.h"
#include "qstp/mldsa.h"
#include "qstp/util.h"

/* Steps 1 and 2 for one signed-hash field: csig (of the signer's set cs)
 * must verify under verkey (when sigs is set) and end with `hash`. */
static int check_csig(const qstp_config_set *cs, const uint8_t *csig, const uint8_t *verkey,
                      const uint8_t hash[static QSTP_CERT_HASH_BYTES], int sigs)
{
	const uint8_t *msg = csig + cs->sig_bytes; /* 2.3.6: sig || 32-byte hash */
	size_t msglen = QSTP_CERT_HASH_BYTES;

	if (sigs) {
		if (qstp_mldsa_open((qstp_mldsa_param)cs->sig_level, &msg, &msglen, csig,
		                    cs_sigfield(cs), verkey) != 0)
			return QSTP_ERR_CERT_SIGNATURE;
		if (msglen != QSTP_CERT_HASH_BYTES)
			return QSTP_ERR_CERT_SIGNATURE;
	}
	if (!qstp_ct_eq(msg, hash, QSTP_CERT_HASH_BYTES))
		return QSTP_ERR_CERT_HASH;
	return 0;
}

static int check_window(uint64_t from, uint64_t to, uint64_t now)
{
	if (now < from)
		return QSTP_ERR_CERT_NOT_YET_VALID;
	if (now > to)
		return QSTP_ERR_CERT_EXPIRED;
	return 0;
}

static int check_kind(uint8_t alg, uint8_t version, uint8_t set)
{
	if (alg != set)
		return QSTP_ERR_CERT_ALGORITHM;
	if (version != QSTP_CERT_VERSION)
		return QSTP_ERR_CERT_VERSION;
	return 0;
}

static int root_checks(const qstp_root_cert *root, uint8_t set, uint64_t now, int sigs)
{
	const qstp_config_set *cs = qstp_config_get(root->set);
	uint8_t h[QSTP_CERT_HASH_BYTES];
	int e;

	/* Without a supported set there are no sizes to check a signature by. */
	if (cs == NULL)
		return QSTP_ERR_CERT_ALGORITHM;
	qstp_root_cert_hash(h, root);
	if ((e = check_csig(cs, root->csig, root->verkey, h, sigs)) != 0)
		return e;
	if ((e = check_window(root->valid_from, root->valid_to, now)) != 0)
		return e;
	return check_kind(root->set, root->version, set ? set : root->set);
}

static int chain_checks(const qstp_root_cert *root, const qstp_server_cert *srv, uint8_t set,
                        uint64_t now, int sigs)
{
	const qstp_config_set *rcs = qstp_config_get(root->set);
	uint8_t h[QSTP_CERT_HASH_BYTES];
	int e;

	if (set == 0)
		set = root->set;
	if (rcs == NULL || qstp_config_get(srv->set) == NULL)
		return QSTP_ERR_CERT_ALGORITHM;

	/* 1. */
	qstp_root_cert_hash(h, root);
	if ((e = check_csig(rcs, root->csig, root->verkey, h, sigs)) != 0)
		return e;
	/* 2. The server's csig is the root's signature, so it has the root's
	 * scheme; a server certificate of another set cannot carry one. */
	if (srv->set != root->set)
		return QSTP_ERR_CERT_ALGORITHM;
	qstp_server_cert_hash(h, srv);
	if ((e = check_csig(rcs, srv->csig, root->verkey, h, sigs)) != 0)
		return e;
	/* 3. */
	if ((e = check_window(root->valid_from, root->valid_to, now)) != 0 ||
	    (e = check_window(srv->valid_from, srv->valid_to, now)) != 0)
		return e;
	/* 4. */
	if ((e = check_kind(root->set, root->version, set)) != 0 ||
	    (e = check_kind(srv->set, srv->version, set)) != 0)
		return e;
	/* 5. */
	if (memcmp(srv->rootser, root->serial, QSTP_CERT_SERIAL_BYTES) != 0)
		return QSTP_ERR_CERT_ROOT_SERIAL;
	/* 6. */
	if (srv->valid_to > root->valid_to)
		return QSTP_ERR_CERT_OUTLIVES_ROOT;
	return 0;
}

int qstp_cert_verify(const qstp_root_cert *root, const qstp_server_cert *srv, uint8_t set,
                     uint64_t now)
{
	return chain_checks(root, srv, set, now, 1);
}

int qstp_cert_verify_nosig(const qstp_root_cert *root, const qstp_server_cert *srv,
                           uint8_t set, uint64_t now)
{
	return chain_checks(root, srv, set, now, 0);
}

int qstp_root_cert_verify(const qstp_root_cert *root, uint8_t set, uint64_t now)
{
	return root_checks(root, set, now, 1);
}

int qstp_server_key_matches(const qstp_secret_key *key, const qstp_server_cert *cert)
{
	const qstp_config_set *cs = qstp_config_get(cert->set);

	if (cs == NULL || key->set != cert->set)
		return QSTP_ERR_CERT_ALGORITHM;
	if (!key->is_server || key->version != cert->version ||
	    memcmp(key->serial, cert->serial, QSTP_CERT_SERIAL_BYTES) != 0 ||
	    memcmp(key->verkey, cert->verkey, cs->sig_pk_bytes) != 0)
		return QSTP_ERR_CERT_KEY_MISMATCH;
	return 0;
}
