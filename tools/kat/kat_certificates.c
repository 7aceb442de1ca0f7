/*
 * qstp_certificates.json (shared/vectors/qstp/README.md): certificate and
 * key-file serializations and hashes per configuration set, and the
 * certificate checks of PROTOCOL.md 12b with signatures disabled.
 *
 * Serialization groups run completely for every configuration set of
 * PROTOCOL.md 2.1 (0x01-0x0E), supported in this build or not: the layouts
 * depend only on the signature scheme's sizes, and the library's codec,
 * hashes and sch0 handle every known set.  Verification groups need a set
 * this build supports.  Any unexpected value (an unknown set, a size that
 * disagrees with the table) fails the file.
 */
#include <stdlib.h>
#include <string.h>

#include "kat.h"
#include "qstp/cert.h"
#include "qstp/config.h"
#include "qstp/errors.h"

static int match(json_t *root)
{
	return kat_str_is(root, "algorithm", "QSTP-CERT");
}

/* Error names and codes of PROTOCOL.md 3.3 used by 12b, and the library
 * errors each one stands for. */
static const struct {
	const char *name;
	long long code;
} names[] = {
	{ "none", 0x00 }, { "key_expired", 0x0E }, { "key_unrecognized", 0x0F },
	{ "unknown_protocol", 0x19 }, { "verify_failure", 0x1A },
};

static const char *name_of(int err)
{
	switch (err) {
	case 0: return "none";
	case QSTP_ERR_CERT_SIGNATURE:
	case QSTP_ERR_CERT_HASH: return "verify_failure";
	case QSTP_ERR_CERT_EXPIRED:
	case QSTP_ERR_CERT_NOT_YET_VALID:
	case QSTP_ERR_CERT_OUTLIVES_ROOT: return "key_expired";
	case QSTP_ERR_CERT_ALGORITHM:
	case QSTP_ERR_CERT_VERSION: return "unknown_protocol";
	case QSTP_ERR_CERT_ROOT_SERIAL: return "key_unrecognized";
	default: return "(other)";
	}
}

static int u64_field(json_t *o, const char *key, uint64_t *v)
{
	long long x;
	if (kat_int(o, key, &x) != 0 || x < 0)
		return -1;
	*v = (uint64_t)x;
	return 0;
}

static int u8_field(json_t *o, const char *key, uint8_t *v)
{
	long long x;
	if (kat_int(o, key, &x) != 0 || x < 0 || x > 255)
		return -1;
	*v = (uint8_t)x;
	return 0;
}

/* Everything a serialization test carries. */
typedef struct ser_case {
	qstp_root_cert root;
	qstp_server_cert srv;
	qstp_secret_key rkey, skey;
	uint8_t root_hash[32], srv_hash[32], sch0[32];
	uint8_t *rcert, *scert, *rkf, *skf;
	size_t rcert_len, scert_len, rkf_len, skf_len;
	const char *rtext, *stext;
} ser_case;

static void ser_free(ser_case *c)
{
	free(c->rcert);
	free(c->scert);
	free(c->rkf);
	free(c->skf);
	qstp_key_wipe(&c->rkey);
	qstp_key_wipe(&c->skey);
}

/* Reads the test's inputs; sizes from the group (vk, sk lengths). */
static int ser_read(ser_case *c, json_t *t, size_t vk, size_t sk)
{
	memset(c, 0, sizeof *c);
	if (vk > sizeof c->root.verkey || sk > sizeof c->rkey.sigkey)
		return -1;
	if (kat_hex_fixed(t, "rootVerkey", c->root.verkey, vk) ||
	    kat_hex_fixed(t, "rootSigningKey", c->rkey.sigkey, sk) ||
	    kat_hex_fixed(t, "rootIssuer", c->root.issuer, 32) ||
	    kat_hex_fixed(t, "rootSerial", c->root.serial, 16) ||
	    u64_field(t, "rootValidFrom", &c->root.valid_from) ||
	    u64_field(t, "rootValidTo", &c->root.valid_to) ||
	    u8_field(t, "rootAlgorithm", &c->root.set) ||
	    u8_field(t, "rootVersion", &c->root.version) ||
	    kat_hex_fixed(t, "serverVerkey", c->srv.verkey, vk) ||
	    kat_hex_fixed(t, "serverSigningKey", c->skey.sigkey, sk) ||
	    kat_hex_fixed(t, "serverIssuer", c->srv.issuer, 32) ||
	    kat_hex_fixed(t, "serverSerial", c->srv.serial, 16) ||
	    kat_hex_fixed(t, "serverRootSerial", c->srv.rootser, 16) ||
	    u64_field(t, "serverValidFrom", &c->srv.valid_from) ||
	    u64_field(t, "serverValidTo", &c->srv.valid_to) ||
	    u8_field(t, "serverAlgorithm", &c->srv.set) ||
	    u8_field(t, "serverVersion", &c->srv.version) ||
	    kat_hex_fixed(t, "rootCertHash", c->root_hash, 32) ||
	    kat_hex_fixed(t, "serverCertHash", c->srv_hash, 32) ||
	    kat_hex_fixed(t, "sch0", c->sch0, 32) ||
	    kat_hex(t, "rootCertificateZeroSig", &c->rcert, &c->rcert_len) ||
	    kat_hex(t, "serverCertificateZeroSig", &c->scert, &c->scert_len) ||
	    kat_hex(t, "rootKeyFile", &c->rkf, &c->rkf_len) ||
	    kat_hex(t, "serverKeyFile", &c->skf, &c->skf_len))
		return -1;
	c->rtext = kat_str(t, "rootIssuerText");
	c->stext = kat_str(t, "serverIssuerText");
	if (c->rtext == NULL || c->stext == NULL)
		return -1;
	/* The key files' fields are the certificates' (4.5). */
	c->rkey.set = c->root.set;
	c->rkey.version = c->root.version;
	memcpy(c->rkey.issuer, c->root.issuer, 32);
	memcpy(c->rkey.serial, c->root.serial, 16);
	memcpy(c->rkey.verkey, c->root.verkey, vk);
	c->rkey.valid_from = c->root.valid_from;
	c->rkey.valid_to = c->root.valid_to;
	c->skey.is_server = 1;
	c->skey.set = c->srv.set;
	c->skey.version = c->srv.version;
	memcpy(c->skey.issuer, c->srv.issuer, 32);
	memcpy(c->skey.serial, c->srv.serial, 16);
	memcpy(c->skey.verkey, c->srv.verkey, vk);
	c->skey.valid_from = c->srv.valid_from;
	c->skey.valid_to = c->srv.valid_to;
	return 0;
}

/* The issuer field is the text, NUL-padded (4.6). */
static int issuer_is(const uint8_t f[32], const char *text)
{
	size_t n = strlen(text);
	if (n > 31 || memcmp(f, text, n) != 0)
		return 0;
	for (size_t i = n; i < 32; i++)
		if (f[i] != 0)
			return 0;
	return 1;
}

static int root_eq(const qstp_root_cert *a, const qstp_root_cert *b, size_t s, size_t vk)
{
	return a->set == b->set && a->version == b->version && !memcmp(a->csig, b->csig, s) &&
	       !memcmp(a->verkey, b->verkey, vk) && !memcmp(a->issuer, b->issuer, 32) &&
	       !memcmp(a->serial, b->serial, 16) && a->valid_from == b->valid_from &&
	       a->valid_to == b->valid_to;
}

static int srv_eq(const qstp_server_cert *a, const qstp_server_cert *b, size_t s, size_t vk)
{
	return a->set == b->set && a->version == b->version && !memcmp(a->csig, b->csig, s) &&
	       !memcmp(a->verkey, b->verkey, vk) && !memcmp(a->issuer, b->issuer, 32) &&
	       !memcmp(a->serial, b->serial, 16) && !memcmp(a->rootser, b->rootser, 16) &&
	       a->valid_from == b->valid_from && a->valid_to == b->valid_to;
}

static int key_eq(const qstp_secret_key *a, const qstp_secret_key *b, size_t sk, size_t vk)
{
	return a->set == b->set && a->version == b->version && a->is_server == b->is_server &&
	       !memcmp(a->issuer, b->issuer, 32) && !memcmp(a->serial, b->serial, 16) &&
	       !memcmp(a->sigkey, b->sigkey, sk) && !memcmp(a->verkey, b->verkey, vk) &&
	       a->valid_from == b->valid_from && a->valid_to == b->valid_to;
}

/* Encodes with enc into a buffer of the expected size and compares. */
static int encodes_to(int (*enc)(uint8_t *, size_t, const void *), const void *obj,
                      const uint8_t *want, size_t len)
{
	uint8_t *b = calloc(1, len ? len : 1);
	int ok = b != NULL && enc(b, len, obj) == 0 && memcmp(b, want, len) == 0;
	free(b);
	return ok;
}

static int enc_root(uint8_t *o, size_t n, const void *c) { return qstp_root_cert_encode(o, n, c); }
static int enc_srv(uint8_t *o, size_t n, const void *c) { return qstp_server_cert_encode(o, n, c); }
static int enc_key(uint8_t *o, size_t n, const void *k) { return qstp_secret_key_encode(o, n, k); }

/* Decodes in[0..len) as kind 0..3 (root cert, server cert, root key, server key). */
static int decode_kind(int kind, const uint8_t *in, size_t len)
{
	static qstp_root_cert r;
	static qstp_server_cert s;
	static qstp_secret_key k;
	int e;
	switch (kind) {
	case 0: return qstp_root_cert_decode(&r, in, len);
	case 1: return qstp_server_cert_decode(&s, in, len);
	default:
		e = qstp_secret_key_decode(&k, in, len, kind == 3);
		qstp_key_wipe(&k);
		return e;
	}
}

/* A parser must reject the serialization one byte shorter and one longer. */
static int rejects_neighbours(int kind, const uint8_t *in, size_t len)
{
	uint8_t *b = malloc(len + 1);
	int ok;
	if (b == NULL || len == 0) {
		free(b);
		return 0;
	}
	memcpy(b, in, len);
	b[len] = 0;
	ok = decode_kind(kind, b, len - 1) != 0 && decode_kind(kind, b, len + 1) != 0;
	free(b);
	return ok;
}

static int run_serialization(json_t *g, kat_stats *st, long long set)
{
	const qstp_config_set *cs = qstp_config_known((uint8_t)set);
	long long sig, vk, sk, rc, sc, rk, skf;
	json_t *t;

	if (kat_int(g, "sigLen", &sig) || kat_int(g, "sigVerkeyLen", &vk) ||
	    kat_int(g, "sigSigningKeyLen", &sk) || kat_int(g, "rootCertificateLen", &rc) ||
	    kat_int(g, "serverCertificateLen", &sc) || kat_int(g, "rootKeyFileLen", &rk) ||
	    kat_int(g, "serverKeyFileLen", &skf) || kat_str(g, "configString") == NULL)
		return kat_bad(st, g, NULL, "group size fields");

	if (cs == NULL)
		return kat_bad(st, g, NULL, "configSet %lld is not a set of PROTOCOL.md 2.1", set);

	/* The group's sizes against this build's table and size functions. */
	kat_check(st, g, NULL,
	          kat_str_is(g, "configString", cs->name) && kat_str_is(g, "signature", cs->sig_name) &&
	                  (size_t)sig == cs->sig_bytes && (size_t)vk == cs->sig_pk_bytes &&
	                  (size_t)sk == cs->sig_sk_bytes &&
	                  (size_t)rc == qstp_root_cert_size(cs->id) &&
	                  (size_t)sc == qstp_server_cert_size(cs->id) &&
	                  (size_t)rk == qstp_root_key_size(cs->id) &&
	                  (size_t)skf == qstp_server_key_size(cs->id),
	          "group sizes");

	for (size_t ti = 0; (t = kat_test(g, ti)); ti++) {
		static ser_case c; /* two certificates of up to 32 KB each: not on the stack */
		uint8_t h[32];
		size_t s = cs->sig_bytes + 32;

		if (ser_read(&c, t, (size_t)vk, (size_t)sk) != 0) {
			ser_free(&c);
			return kat_bad(st, g, t, "serialization test fields");
		}
		kat_check(st, g, t, issuer_is(c.root.issuer, c.rtext) && issuer_is(c.srv.issuer, c.stext),
		          "issuer field is the text NUL-padded");
		qstp_root_cert_hash(h, &c.root);
		kat_check(st, g, t, memcmp(h, c.root_hash, 32) == 0, "rootCertHash");
		qstp_server_cert_hash(h, &c.srv);
		kat_check(st, g, t, memcmp(h, c.srv_hash, 32) == 0, "serverCertHash");
		qstp_sch0(h, &c.root, &c.srv);
		kat_check(st, g, t, memcmp(h, c.sch0, 32) == 0, "sch0");

		kat_check(st, g, t, c.rcert_len == (size_t)rc &&
		                            encodes_to(enc_root, &c.root, c.rcert, c.rcert_len),
		          "rootCertificateZeroSig");
		kat_check(st, g, t, c.scert_len == (size_t)sc &&
		                            encodes_to(enc_srv, &c.srv, c.scert, c.scert_len),
		          "serverCertificateZeroSig");
		kat_check(st, g, t, c.rkf_len == (size_t)rk &&
		                            encodes_to(enc_key, &c.rkey, c.rkf, c.rkf_len),
		          "rootKeyFile");
		kat_check(st, g, t, c.skf_len == (size_t)skf &&
		                            encodes_to(enc_key, &c.skey, c.skf, c.skf_len),
		          "serverKeyFile");

		/* Parse back and compare every field. */
		{
			static qstp_root_cert r;
			static qstp_server_cert sv;
			static qstp_secret_key k;
			kat_check(st, g, t, qstp_root_cert_decode(&r, c.rcert, c.rcert_len) == 0 &&
			                            root_eq(&r, &c.root, s, (size_t)vk),
			          "root certificate parse");
			kat_check(st, g, t, qstp_server_cert_decode(&sv, c.scert, c.scert_len) == 0 &&
			                            srv_eq(&sv, &c.srv, s, (size_t)vk),
			          "server certificate parse");
			kat_check(st, g, t, qstp_secret_key_decode(&k, c.rkf, c.rkf_len, 0) == 0 &&
			                            key_eq(&k, &c.rkey, (size_t)sk, (size_t)vk),
			          "root key file parse");
			kat_check(st, g, t, qstp_secret_key_decode(&k, c.skf, c.skf_len, 1) == 0 &&
			                            key_eq(&k, &c.skey, (size_t)sk, (size_t)vk),
			          "server key file parse");
			qstp_key_wipe(&k);
		}
		kat_check(st, g, t,
		          rejects_neighbours(0, c.rcert, c.rcert_len) &&
		                  rejects_neighbours(1, c.scert, c.scert_len) &&
		                  rejects_neighbours(2, c.rkf, c.rkf_len) &&
		                  rejects_neighbours(3, c.skf, c.skf_len),
		          "other lengths rejected");
		ser_free(&c);
	}
	return 0;
}

static int run_verification(json_t *g, kat_stats *st, long long set)
{
	json_t *t;

	if (qstp_config_get((uint8_t)set) == NULL)
		return kat_bad(st, g, NULL, "verification group for unsupported set %lld", set);
	for (size_t ti = 0; (t = kat_test(g, ti)); ti++) {
		static qstp_root_cert root;
		static qstp_server_cert srv;
		uint8_t *rb = NULL, *sb = NULL;
		size_t rl, sl;
		uint64_t now;
		long long code;
		int sigs, e, known = 0;
		const char *want = kat_str(t, "expectedError");

		if (want == NULL || kat_int(t, "expectedErrorCode", &code) ||
		    u64_field(t, "now", &now) || kat_bool(t, "signaturesChecked", &sigs) ||
		    kat_hex(t, "rootCertificate", &rb, &rl) || kat_hex(t, "serverCertificate", &sb, &sl)) {
			free(rb);
			return kat_bad(st, g, t, "verification test fields");
		}
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(names[i].name, want) == 0 && names[i].code == code)
				known = 1;
		if (!known) {
			free(rb);
			free(sb);
			return kat_bad(st, g, t, "expectedError \"%s\" with code %lld", want, code);
		}
		e = qstp_root_cert_decode(&root, rb, rl);
		if (e == 0)
			e = qstp_server_cert_decode(&srv, sb, sl);
		if (e == 0)
			e = sigs ? qstp_cert_verify(&root, &srv, (uint8_t)set, now)
			         : qstp_cert_verify_nosig(&root, &srv, (uint8_t)set, now);
		kat_check(st, g, t, strcmp(name_of(e), want) == 0, kat_str(t, "case"));
		free(rb);
		free(sb);
	}
	return 0;
}

static int run(json_t *root, kat_stats *st)
{
	json_t *g;

	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		long long set;
		const char *type = kat_str(g, "testType");

		if (kat_int(g, "configSet", &set) != 0 || set < 1 || set > QSTP_SET_KNOWN_MAX)
			return kat_bad(st, g, NULL, "configSet");
		if (type == NULL && json_object_get(g, "testType") != NULL)
			return kat_bad(st, g, NULL, "testType is not a string");
		if (type == NULL || strcmp(type, "serialization") == 0) {
			if (run_serialization(g, st, set) != 0)
				return -1;
		} else if (strcmp(type, "verification") == 0) {
			if (run_verification(g, st, set) != 0)
				return -1;
		} else {
			return kat_bad(st, g, NULL, "testType \"%s\"", type);
		}
	}
	return 0;
}

KAT_HANDLER(certificates, match, run)
