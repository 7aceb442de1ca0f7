/*
 * Binary forms of certificates and secret key files (PROTOCOL.md 4.1, 4.2,
 * 4.5), their hashes (4.1, 4.2) and the session seed sch0 (4.4).
 *
 * Everything here works for every set PROTOCOL.md 2.1 defines (the layouts
 * depend only on the signature scheme's sizes), supported in this build or
 * not: it only moves bytes and hashes them.  Generation, signing and
 * verification (pki.c, verify.c) stay limited to supported sets.
 *
 * Decoders first require the exact length to be this form's size for some
 * known set, then the algorithm byte (every form ends with algorithm ||
 * version) to name a known set of exactly that size, and only then read the
 * fields with the bounded reader.
 */
#include <string.h>

#include "cert_impl.h"
#include "rd.h"
#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "qstp/util.h"

size_t qstp_root_cert_size(uint8_t set)
{
	const qstp_config_set *cs = qstp_config_known(set);
	return cs ? cs_sigfield(cs) + cs->sig_pk_bytes + ROOT_CERT_TAIL : 0;
}

size_t qstp_server_cert_size(uint8_t set)
{
	const qstp_config_set *cs = qstp_config_known(set);
	return cs ? cs_sigfield(cs) + cs->sig_pk_bytes + SERVER_CERT_TAIL : 0;
}

size_t qstp_root_key_size(uint8_t set)
{
	const qstp_config_set *cs = qstp_config_known(set);
	return cs ? cs->sig_sk_bytes + cs->sig_pk_bytes + ROOT_KEY_EXTRA : 0;
}

size_t qstp_server_key_size(uint8_t set)
{
	const qstp_config_set *cs = qstp_config_known(set);
	return cs ? cs->sig_sk_bytes + cs->sig_pk_bytes + SERVER_KEY_EXTRA : 0;
}

int cert_issuer_check(const uint8_t issuer[static QSTP_CERT_ISSUER_BYTES])
{
	size_t i = 0;
	while (i < QSTP_CERT_ISSUER_BYTES && issuer[i] != 0) {
		if (issuer[i] < 0x20 || issuer[i] > 0x7e)
			return QSTP_ERR_CERT_ISSUER;
		i++;
	}
	/* At most 31 characters: byte 31 is always a NUL. */
	if (i == QSTP_CERT_ISSUER_BYTES)
		return QSTP_ERR_CERT_ISSUER;
	for (; i < QSTP_CERT_ISSUER_BYTES; i++)
		if (issuer[i] != 0)
			return QSTP_ERR_CERT_ISSUER;
	return 0;
}

/* --- writer: the encoders know their exact sizes up front --------------- */

typedef struct wr {
	uint8_t *p;
} wr;

static void wr_bytes(wr *w, const uint8_t *b, size_t n)
{
	memcpy(w->p, b, n);
	w->p += n;
}

static void wr_u8(wr *w, uint8_t v)
{
	*w->p++ = v;
}

static void wr_u64le(wr *w, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		*w->p++ = (uint8_t)(v >> (8 * i));
}

static void le64(uint8_t out[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

/* --- hashes ------------------------------------------------------------- */

/* 4.1, 4.2: SHA3-256 of the serialization without csig (a server's own
 * serial before rootser).  A structure of an unknown set has no defined
 * hash: the output is zeroed (every caller rejects such a set before it
 * relies on the value). */
static void cert_hash(uint8_t out[static 32], const cert_in *c)
{
	const qstp_config_set *cs = qstp_config_known(c->set);
	qstp_keccak k;
	uint8_t t[8];

	if (cs == NULL) {
		memset(out, 0, QSTP_CERT_HASH_BYTES);
		return;
	}
	qstp_sha3_256_init(&k);
	qstp_keccak_absorb(&k, c->verkey, cs->sig_pk_bytes);
	qstp_keccak_absorb(&k, c->issuer, QSTP_CERT_ISSUER_BYTES);
	qstp_keccak_absorb(&k, c->serial, QSTP_CERT_SERIAL_BYTES);
	if (c->rootser != NULL)
		qstp_keccak_absorb(&k, c->rootser, QSTP_CERT_SERIAL_BYTES);
	le64(t, c->valid_from);
	qstp_keccak_absorb(&k, t, 8);
	le64(t, c->valid_to);
	qstp_keccak_absorb(&k, t, 8);
	qstp_keccak_absorb(&k, &c->set, 1);
	qstp_keccak_absorb(&k, &c->version, 1);
	qstp_sha3_final(&k, out);
}

void qstp_root_cert_hash(uint8_t out[static 32], const qstp_root_cert *c)
{
	cert_in v = root_cert_in(c);
	cert_hash(out, &v);
}

void qstp_server_cert_hash(uint8_t out[static 32], const qstp_server_cert *c)
{
	cert_in v = server_cert_in(c);
	cert_hash(out, &v);
}

/* 4.4: sch0 = SHA3-256(root_hash || server_hash). */
void qstp_sch0(uint8_t out[static 32], const qstp_root_cert *root, const qstp_server_cert *srv)
{
	uint8_t h[2 * QSTP_CERT_HASH_BYTES];

	qstp_root_cert_hash(h, root);
	qstp_server_cert_hash(h + QSTP_CERT_HASH_BYTES, srv);
	qstp_sha3_256(out, h, sizeof h);
}

/* --- encoders ----------------------------------------------------------- */

/* The fields every form ends with. */
static void wr_tail(wr *w, uint64_t valid_from, uint64_t valid_to, uint8_t set, uint8_t version)
{
	wr_u64le(w, valid_from);
	wr_u64le(w, valid_to);
	wr_u8(w, set);
	wr_u8(w, version);
}

static int cert_encode(uint8_t *out, size_t outlen, const cert_in *c, size_t (*size_of)(uint8_t))
{
	const qstp_config_set *cs = qstp_config_known(c->set);
	wr w = { out };

	if (cs == NULL)
		return QSTP_ERR_CERT_ALGORITHM;
	if (outlen < size_of(c->set))
		return QSTP_ERR_BUFFER_TOO_SMALL;
	wr_bytes(&w, c->csig, cs_sigfield(cs));
	wr_bytes(&w, c->verkey, cs->sig_pk_bytes);
	wr_bytes(&w, c->issuer, QSTP_CERT_ISSUER_BYTES);
	wr_bytes(&w, c->serial, QSTP_CERT_SERIAL_BYTES);
	if (c->rootser != NULL)
		wr_bytes(&w, c->rootser, QSTP_CERT_SERIAL_BYTES);
	wr_tail(&w, c->valid_from, c->valid_to, c->set, c->version);
	return 0;
}

int qstp_root_cert_encode(uint8_t *out, size_t outlen, const qstp_root_cert *c)
{
	cert_in v = root_cert_in(c);
	return cert_encode(out, outlen, &v, qstp_root_cert_size);
}

int qstp_server_cert_encode(uint8_t *out, size_t outlen, const qstp_server_cert *c)
{
	cert_in v = server_cert_in(c);
	return cert_encode(out, outlen, &v, qstp_server_cert_size);
}

int qstp_secret_key_encode(uint8_t *out, size_t outlen, const qstp_secret_key *k)
{
	const qstp_config_set *cs = qstp_config_known(k->set);
	static const uint8_t zero_schash[QSTP_CERT_HASH_BYTES];
	wr w = { out };

	if (cs == NULL)
		return QSTP_ERR_CERT_ALGORITHM;
	if (outlen < (k->is_server ? qstp_server_key_size(k->set) : qstp_root_key_size(k->set)))
		return QSTP_ERR_BUFFER_TOO_SMALL;
	wr_bytes(&w, k->issuer, QSTP_CERT_ISSUER_BYTES);
	if (k->is_server) /* 4.5: schash written as zeros, as the reference does */
		wr_bytes(&w, zero_schash, sizeof zero_schash);
	wr_bytes(&w, k->serial, QSTP_CERT_SERIAL_BYTES);
	wr_bytes(&w, k->sigkey, cs->sig_sk_bytes);
	wr_bytes(&w, k->verkey, cs->sig_pk_bytes);
	wr_tail(&w, k->valid_from, k->valid_to, k->set, k->version);
	return 0;
}

/* --- decoders ----------------------------------------------------------- */

/* Finds the set of a serialization.  Several known sets share each size
 * (same signature scheme), so the length alone cannot name the set: the
 * length must be this form's size for some known set (else a length error,
 * so truncated or extended input is always QSTP_ERR_CERT_LENGTH: no two
 * sizes of one form are a byte apart), and the algorithm byte (second to
 * last) must name a known set whose size for this form is exactly len. */
static int decode_set(const qstp_config_set **csp, rd *r, size_t len,
                      size_t (*size_of)(uint8_t))
{
	const qstp_config_set *cs;
	uint8_t alg = 0;
	int fits = 0;

	for (unsigned id = 1; id <= QSTP_SET_KNOWN_MAX; id++)
		if (size_of((uint8_t)id) == len)
			fits = 1;
	if (!fits || rd_tail_u8(r, 2, &alg) != 0)
		return QSTP_ERR_CERT_LENGTH;
	cs = qstp_config_known(alg);
	if (cs == NULL || size_of(alg) != len)
		return QSTP_ERR_CERT_ALGORITHM;
	*csp = cs;
	return 0;
}

/* The fields every form ends with, then the checks every form makes once
 * its fields are read: no bytes left, version 0x01, a well-formed issuer. */
static int rd_tail(rd *r, uint64_t *valid_from, uint64_t *valid_to, uint8_t *set,
                   uint8_t *version, const uint8_t issuer[static QSTP_CERT_ISSUER_BYTES])
{
	int e;

	rd_u64le(r, valid_from);
	rd_u64le(r, valid_to);
	rd_u8(r, set);
	rd_u8(r, version);
	if ((e = rd_done(r)) != 0)
		return e;
	if (*version != QSTP_CERT_VERSION)
		return QSTP_ERR_CERT_VERSION;
	return cert_issuer_check(issuer);
}

/* Reads either certificate form into the structure c views, which the
 * caller has zeroed and zeroes again on error. */
static int cert_decode(const cert_out *c, const uint8_t *in, size_t len,
                       size_t (*size_of)(uint8_t))
{
	const qstp_config_set *cs = NULL;
	rd r;
	int e;

	rd_init(&r, in, len, QSTP_ERR_CERT_LENGTH);
	if ((e = decode_set(&cs, &r, len, size_of)) != 0)
		return e;
	rd_bytes(&r, c->csig, cs_sigfield(cs));
	rd_bytes(&r, c->verkey, cs->sig_pk_bytes);
	rd_bytes(&r, c->issuer, QSTP_CERT_ISSUER_BYTES);
	rd_bytes(&r, c->serial, QSTP_CERT_SERIAL_BYTES);
	if (c->rootser != NULL)
		rd_bytes(&r, c->rootser, QSTP_CERT_SERIAL_BYTES);
	return rd_tail(&r, c->valid_from, c->valid_to, c->set, c->version, c->issuer);
}

int qstp_root_cert_decode(qstp_root_cert *c, const uint8_t *in, size_t len)
{
	cert_out v = root_cert_out(c);
	int e;

	memset(c, 0, sizeof *c);
	if ((e = cert_decode(&v, in, len, qstp_root_cert_size)) != 0)
		memset(c, 0, sizeof *c);
	return e;
}

int qstp_server_cert_decode(qstp_server_cert *c, const uint8_t *in, size_t len)
{
	cert_out v = server_cert_out(c);
	int e;

	memset(c, 0, sizeof *c);
	if ((e = cert_decode(&v, in, len, qstp_server_cert_size)) != 0)
		memset(c, 0, sizeof *c);
	return e;
}

int qstp_secret_key_decode(qstp_secret_key *k, const uint8_t *in, size_t len, int is_server)
{
	const qstp_config_set *cs = NULL;
	const uint8_t *schash;
	rd r;
	int e;

	memset(k, 0, sizeof *k);
	rd_init(&r, in, len, QSTP_ERR_CERT_LENGTH);
	e = decode_set(&cs, &r, len, is_server ? qstp_server_key_size : qstp_root_key_size);
	if (e != 0)
		goto out;
	k->is_server = is_server ? 1 : 0;
	rd_bytes(&r, k->issuer, QSTP_CERT_ISSUER_BYTES);
	if (is_server) /* 4.5: readers ignore the stored schash */
		rd_ptr(&r, &schash, QSTP_CERT_HASH_BYTES);
	rd_bytes(&r, k->serial, QSTP_CERT_SERIAL_BYTES);
	rd_bytes(&r, k->sigkey, cs->sig_sk_bytes);
	rd_bytes(&r, k->verkey, cs->sig_pk_bytes);
	e = rd_tail(&r, &k->valid_from, &k->valid_to, &k->set, &k->version, k->issuer);
out:
	if (e != 0)
		qstp_key_wipe(k);
	return e;
}

void qstp_key_wipe(qstp_secret_key *k)
{
	qstp_wipe(k, sizeof *k);
}
