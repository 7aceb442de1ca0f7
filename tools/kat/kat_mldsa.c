/*
 * ACVP ML-DSA (FIPS 204): keyGen, sigGen and sigVer, revisions FIPS204 and
 * FIPS204-tr1 (shared/vectors/README.md "ML-DSA-*").
 *
 * sigGen/sigVer groups: signatureInterface "external" (Alg. 2/3, pure, with
 * a context) or "internal" (Alg. 7/8 on M' as given, or on an external mu
 * when externalMu is true); deterministic or hedged (rnd); tr1 keyFormat
 * "expanded" (sk given) or "seed" (key pair derived from the seed first).
 * HashML-DSA (preHash "preHash") is not implemented: such groups are counted
 * and named as skipped.  Any other value fails the file.
 */
#include "kat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qstp/mldsa.h"

static int param_of(json_t *g, qstp_mldsa_param *p)
{
	const char *s = kat_str(g, "parameterSet");
	if (s == NULL)
		return -1;
	if (strcmp(s, "ML-DSA-44") == 0)
		*p = QSTP_MLDSA_44;
	else if (strcmp(s, "ML-DSA-65") == 0)
		*p = QSTP_MLDSA_65;
	else if (strcmp(s, "ML-DSA-87") == 0)
		*p = QSTP_MLDSA_87;
	else
		return -1;
	return 0;
}

static int match(json_t *root)
{
	if (!kat_str_is(root, "algorithm", "ML-DSA"))
		return 0;
	return kat_str_is(root, "mode", "keyGen") || kat_str_is(root, "mode", "sigGen") ||
	       kat_str_is(root, "mode", "sigVer");
}

static int run_keygen(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		qstp_mldsa_param p;
		if (param_of(g, &p) != 0)
			return kat_bad(st, g, NULL, "parameterSet");
		if (!kat_str_is(g, "testType", "AFT"))
			return kat_bad(st, g, NULL, "testType");
		size_t pkn = qstp_mldsa_pk_bytes(p), skn = qstp_mldsa_sk_bytes(p);
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++) {
			uint8_t seed[32], pk[QSTP_MLDSA87_PK_BYTES], sk[QSTP_MLDSA87_SK_BYTES];
			uint8_t wpk[QSTP_MLDSA87_PK_BYTES], wsk[QSTP_MLDSA87_SK_BYTES];
			if (kat_hex_fixed(t, "seed", seed, 32) != 0 ||
			    kat_hex_fixed(t, "pk", wpk, pkn) != 0 || kat_hex_fixed(t, "sk", wsk, skn) != 0)
				return kat_bad(st, g, t, "seed/pk/sk");
			int r = qstp_mldsa_keypair_derand(p, pk, sk, seed);
			int ok = r == 0 && memcmp(pk, wpk, pkn) == 0 && memcmp(sk, wsk, skn) == 0;
			if (!ok) {
				kat_diff("pk", pk, wpk, pkn);
				kat_diff("sk", sk, wsk, skn);
			}
			kat_check(st, g, t, ok, "keyGen");
		}
	}
	return 0;
}

/* Group-level settings shared by sigGen and sigVer. */
struct sigmode {
	qstp_mldsa_param p;
	int external;   /* Alg. 2/3 with a context */
	int mu;         /* internal interface on an external mu */
	int prehash;    /* HashML-DSA: unsupported */
	int seedkey;    /* tr1 keyFormat "seed" */
	int deterministic;
};

static int read_mode(json_t *g, kat_stats *st, int siggen, struct sigmode *m)
{
	memset(m, 0, sizeof *m);
	if (param_of(g, &m->p) != 0)
		return kat_bad(st, g, NULL, "parameterSet");
	if (!kat_str_is(g, "testType", "AFT"))
		return kat_bad(st, g, NULL, "testType");
	if (kat_str_is(g, "signatureInterface", "external"))
		m->external = 1;
	else if (!kat_str_is(g, "signatureInterface", "internal"))
		return kat_bad(st, g, NULL, "signatureInterface");
	const char *ph = kat_str(g, "preHash");
	if (m->external) {
		if (ph == NULL)
			return kat_bad(st, g, NULL, "preHash missing for the external interface");
		if (strcmp(ph, "preHash") == 0)
			m->prehash = 1;
		else if (strcmp(ph, "pure") != 0)
			return kat_bad(st, g, NULL, "preHash \"%s\"", ph);
	} else if (ph != NULL && strcmp(ph, "none") != 0) {
		return kat_bad(st, g, NULL, "preHash \"%s\" on the internal interface", ph);
	}
	json_t *em = json_object_get(g, "externalMu");
	if (em != NULL) {
		if (!json_is_boolean(em))
			return kat_bad(st, g, NULL, "externalMu");
		m->mu = json_is_true(em);
		if (m->mu && m->external)
			return kat_bad(st, g, NULL, "externalMu with the external interface");
	} else if (!m->external) {
		return kat_bad(st, g, NULL, "externalMu missing for the internal interface");
	}
	const char *kf = kat_str(g, "keyFormat");
	if (kf != NULL) {
		if (strcmp(kf, "seed") == 0)
			m->seedkey = 1;
		else if (strcmp(kf, "expanded") != 0)
			return kat_bad(st, g, NULL, "keyFormat \"%s\"", kf);
	}
	if (siggen && kat_bool(g, "deterministic", &m->deterministic) != 0)
		return kat_bad(st, g, NULL, "deterministic");
	return 0;
}

/* HashML-DSA groups: counted and named, never silently dropped. */
static void skip_prehash(kat_stats *st, json_t *g)
{
	char why[96];
	const char *ps = kat_str(g, "parameterSet");
	snprintf(why, sizeof why, "HashML-DSA %s (preHash group) not implemented",
	         ps ? ps : "?");
	kat_skip(st, g, why, json_array_size(json_object_get(g, "tests")));
}

/* Reads the message-side inputs of a test: msg (+ctx) or mu. */
struct siginput {
	uint8_t *msg, *ctx;
	size_t msglen, ctxlen;
	uint8_t mu[64];
};

static int read_input(json_t *t, const struct sigmode *m, struct siginput *in)
{
	memset(in, 0, sizeof *in);
	if (m->mu)
		return kat_hex_fixed(t, "mu", in->mu, 64);
	if (kat_hex(t, "message", &in->msg, &in->msglen) != 0)
		return -1;
	if (m->external && kat_hex(t, "context", &in->ctx, &in->ctxlen) != 0)
		return -1;
	return 0;
}

static void free_input(struct siginput *in)
{
	free(in->msg);
	free(in->ctx);
}

static int run_siggen(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		struct sigmode m;
		if (read_mode(g, st, 1, &m) != 0)
			return -1;
		if (m.prehash) {
			skip_prehash(st, g);
			continue;
		}
		size_t skn = qstp_mldsa_sk_bytes(m.p), sign = qstp_mldsa_sig_bytes(m.p);
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++) {
			uint8_t sk[QSTP_MLDSA87_SK_BYTES], pk[QSTP_MLDSA87_PK_BYTES];
			uint8_t rnd[32], sig[QSTP_MLDSA87_SIG_BYTES], want[QSTP_MLDSA87_SIG_BYTES];
			struct siginput in;
			if (m.seedkey) {
				uint8_t seed[32];
				if (kat_hex_fixed(t, "seed", seed, 32) != 0)
					return kat_bad(st, g, t, "seed");
				if (qstp_mldsa_keypair_derand(m.p, pk, sk, seed) != 0)
					return kat_bad(st, g, t, "keyGen from seed failed");
			} else if (kat_hex_fixed(t, "sk", sk, skn) != 0) {
				return kat_bad(st, g, t, "sk");
			}
			if (!m.deterministic && kat_hex_fixed(t, "rnd", rnd, 32) != 0)
				return kat_bad(st, g, t, "rnd");
			if (m.deterministic && json_object_get(t, "rnd") != NULL)
				return kat_bad(st, g, t, "rnd in a deterministic group");
			if (kat_hex_fixed(t, "signature", want, sign) != 0)
				return kat_bad(st, g, t, "signature");
			if (read_input(t, &m, &in) != 0) {
				free_input(&in);
				return kat_bad(st, g, t, "message/context/mu");
			}
			const uint8_t *r = m.deterministic ? NULL : rnd;
			int rc;
			if (m.mu)
				rc = qstp_mldsa_sign_mu(m.p, sig, in.mu, sk, r);
			else if (m.external)
				rc = qstp_mldsa_sign(m.p, sig, in.msg, in.msglen, in.ctx, in.ctxlen, sk, r);
			else
				rc = qstp_mldsa_sign_internal(m.p, sig, in.msg, in.msglen, sk, r);
			free_input(&in);
			int ok = rc == 0 && memcmp(sig, want, sign) == 0;
			if (!ok)
				kat_diff("sig", sig, want, sign);
			kat_check(st, g, t, ok, "sigGen");
		}
	}
	return 0;
}

static int run_sigver(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		struct sigmode m;
		if (read_mode(g, st, 0, &m) != 0)
			return -1;
		if (m.prehash) {
			skip_prehash(st, g);
			continue;
		}
		size_t pkn = qstp_mldsa_pk_bytes(m.p);
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++) {
			uint8_t pk[QSTP_MLDSA87_PK_BYTES];
			uint8_t *sig;
			size_t siglen;
			int expect;
			struct siginput in;
			if (kat_hex_fixed(t, "pk", pk, pkn) != 0)
				return kat_bad(st, g, t, "pk");
			if (kat_bool(t, "testPassed", &expect) != 0)
				return kat_bad(st, g, t, "testPassed");
			if (kat_hex(t, "signature", &sig, &siglen) != 0)
				return kat_bad(st, g, t, "signature");
			if (read_input(t, &m, &in) != 0) {
				free(sig);
				free_input(&in);
				return kat_bad(st, g, t, "message/context/mu");
			}
			int rc;
			if (m.mu)
				rc = qstp_mldsa_verify_mu(m.p, sig, siglen, in.mu, pk);
			else if (m.external)
				rc = qstp_mldsa_verify(m.p, sig, siglen, in.msg, in.msglen, in.ctx,
				                       in.ctxlen, pk);
			else
				rc = qstp_mldsa_verify_internal(m.p, sig, siglen, in.msg, in.msglen, pk);
			free(sig);
			free_input(&in);
			kat_check(st, g, t, (rc == 0) == (expect != 0), "sigVer verdict");
		}
	}
	return 0;
}

static int run(json_t *root, kat_stats *st)
{
	if (kat_str_is(root, "mode", "keyGen"))
		return run_keygen(root, st);
	if (kat_str_is(root, "mode", "sigGen"))
		return run_siggen(root, st);
	return run_sigver(root, st);
}

KAT_HANDLER(mldsa, match, run)
