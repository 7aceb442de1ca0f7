/*
 * qstp-kat handler for the RCS vector files (shared/vectors/qstp/README.md):
 * rcs_encrypt.json (sessions; each is also decrypted by a second state),
 * rcs_decrypt.json (sessions with faults; failures must be QSTP_ERR_AUTH or,
 * for short inputs, QSTP_ERR_RCS_SHORT_INPUT, and the short_input groups
 * continue on the same state) and rcs_kat.json (two transforms on one
 * state).  RCS-256 and RCS-512 through one small wrapper.
 */
#include <stdlib.h>
#include <string.h>

#include "kat.h"
#include "qstp/errors.h"
#include "qstp/rcs.h"

struct rcs {
	int v512;
	union {
		qstp_rcs256 s256;
		qstp_rcs512 s512;
	} u;
};

static void rcs_init(struct rcs *r, int v512, const uint8_t *key, const uint8_t *nonce,
                     const uint8_t *info, size_t infolen, int enc)
{
	r->v512 = v512;
	if (v512)
		qstp_rcs512_init(&r->u.s512, key, nonce, info, infolen, enc);
	else
		qstp_rcs256_init(&r->u.s256, key, nonce, info, infolen, enc);
}

static void rcs_ad(struct rcs *r, const uint8_t *ad, size_t n)
{
	if (r->v512)
		qstp_rcs512_set_associated(&r->u.s512, ad, n);
	else
		qstp_rcs256_set_associated(&r->u.s256, ad, n);
}

static void rcs_enc(struct rcs *r, uint8_t *out, const uint8_t *in, size_t n)
{
	if (r->v512)
		qstp_rcs512_encrypt(&r->u.s512, out, in, n);
	else
		qstp_rcs256_encrypt(&r->u.s256, out, in, n);
}

static int rcs_dec(struct rcs *r, uint8_t *out, const uint8_t *in, size_t n)
{
	return r->v512 ? qstp_rcs512_decrypt(&r->u.s512, out, in, n)
	               : qstp_rcs256_decrypt(&r->u.s256, out, in, n);
}

static void rcs_dispose(struct rcs *r)
{
	if (r->v512)
		qstp_rcs512_dispose(&r->u.s512);
	else
		qstp_rcs256_dispose(&r->u.s256);
}

/* Group parameters shared by the three files. */
struct params {
	int v512;
	size_t keylen, taglen;
	uint8_t key[QSTP_RCS512_KEY_BYTES], nonce[QSTP_RCS_NONCE_BYTES];
	uint8_t *info;
	size_t infolen;
};

static int read_variant(kat_stats *st, json_t *g, struct params *p)
{
	long long kl, tl;
	const char *v = kat_str(g, "variant");
	if (v == NULL)
		return kat_bad(st, g, NULL, "missing variant");
	if (strcmp(v, "RCS-256") == 0)
		p->v512 = 0;
	else if (strcmp(v, "RCS-512") == 0)
		p->v512 = 1;
	else
		return kat_bad(st, g, NULL, "unknown variant \"%s\"", v);
	p->keylen = p->v512 ? QSTP_RCS512_KEY_BYTES : QSTP_RCS256_KEY_BYTES;
	p->taglen = p->v512 ? QSTP_RCS512_TAG_BYTES : QSTP_RCS256_TAG_BYTES;
	if (kat_int(g, "keyLen", &kl) != 0 || kat_int(g, "tagLen", &tl) != 0 ||
	    (size_t)kl != p->keylen || (size_t)tl != p->taglen)
		return kat_bad(st, g, NULL, "keyLen/tagLen missing or not those of %s", v);
	return 0;
}

/* key, nonce, info of a session group (encrypt and decrypt files). */
static int read_session(kat_stats *st, json_t *g, struct params *p)
{
	if (read_variant(st, g, p) != 0)
		return -1;
	if (kat_hex_fixed(g, "key", p->key, p->keylen) != 0 ||
	    kat_hex_fixed(g, "nonce", p->nonce, QSTP_RCS_NONCE_BYTES) != 0)
		return kat_bad(st, g, NULL, "bad key or nonce");
	if (kat_hex(g, "info", &p->info, &p->infolen) != 0)
		return kat_bad(st, g, NULL, "bad info");
	return 0;
}

static int run_encrypt(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		struct params p;
		struct rcs e, d;
		if (read_session(st, g, &p) != 0)
			return -1;
		rcs_init(&e, p.v512, p.key, p.nonce, p.info, p.infolen, 1);
		rcs_init(&d, p.v512, p.key, p.nonce, p.info, p.infolen, 0);
		free(p.info);
		int bad = 0;
		for (size_t ti = 0; !bad && (t = kat_test(g, ti)); ti++) {
			uint8_t *aad = NULL, *pt = NULL, *ct = NULL, *out = NULL, *back = NULL;
			size_t aadlen, ptlen, ctlen;
			if (kat_hex(t, "aad", &aad, &aadlen) != 0 || kat_hex(t, "pt", &pt, &ptlen) != 0 ||
			    kat_hex(t, "ctTag", &ct, &ctlen) != 0 || ctlen != ptlen + p.taglen) {
				bad = kat_bad(st, g, t, "bad aad, pt or ctTag");
			} else {
				out = malloc(ctlen);
				back = malloc(ptlen + 1);
				if (out == NULL || back == NULL)
					abort();
				rcs_ad(&e, aad, aadlen);
				rcs_enc(&e, out, pt, ptlen);
				int ok = memcmp(out, ct, ctlen) == 0;
				if (!ok)
					kat_diff("ctTag", out, ct, ctlen);
				kat_check(st, g, t, ok, "encrypt: ctTag differs");
				rcs_ad(&d, aad, aadlen);
				int r = rcs_dec(&d, back, ct, ctlen);
				kat_check(st, g, t, r == 0 && memcmp(back, pt, ptlen) == 0,
				          "decrypt of ctTag: not the plaintext");
			}
			free(aad);
			free(pt);
			free(ct);
			free(out);
			free(back);
		}
		rcs_dispose(&e);
		rcs_dispose(&d);
		if (bad)
			return -1;
	}
	return 0;
}

static const char *const faults[] = { "none", "ct_bit", "tag_bit", "aad_bit", "tag_truncated",
	                              "aad_missing", "replay", "swap_order", "short_input" };

static int run_decrypt(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		struct params p;
		struct rcs d;
		const char *gf = kat_str(g, "fault");
		size_t fi;
		for (fi = 0; gf != NULL && fi < sizeof faults / sizeof faults[0]; fi++)
			if (strcmp(gf, faults[fi]) == 0)
				break;
		if (gf == NULL || fi == sizeof faults / sizeof faults[0])
			return kat_bad(st, g, NULL, "unknown or missing fault");
		if (read_session(st, g, &p) != 0)
			return -1;
		rcs_init(&d, p.v512, p.key, p.nonce, p.info, p.infolen, 0);
		free(p.info);
		int bad = 0;
		for (size_t ti = 0; !bad && (t = kat_test(g, ti)); ti++) {
			uint8_t *aad = NULL, *ct = NULL, *pt = NULL, *out = NULL;
			size_t aadlen, ctlen, ptlen = 0;
			int passed;
			if (kat_hex(t, "aad", &aad, &aadlen) != 0 || kat_hex(t, "ctTag", &ct, &ctlen) != 0 ||
			    kat_bool(t, "testPassed", &passed) != 0 ||
			    (passed && kat_hex(t, "pt", &pt, &ptlen) != 0)) {
				bad = kat_bad(st, g, t, "bad aad, ctTag, testPassed or pt");
				goto next;
			}
			const char *tf = kat_str(t, "fault");
			if (!passed && (tf == NULL || strcmp(tf, gf) != 0)) {
				bad = kat_bad(st, g, t, "failing test without the group's fault");
				goto next;
			}
			out = malloc(ctlen + 1);
			if (out == NULL)
				abort();
			/* A canary shows that a failed decrypt released nothing. */
			memset(out, 0xA5, ctlen + 1);
			rcs_ad(&d, aad, aadlen);
			int r = rcs_dec(&d, out, ct, ctlen);
			if (passed) {
				kat_check(st, g, t, r == 0 && ptlen + p.taglen == ctlen &&
				                    memcmp(out, pt, ptlen) == 0, "decrypt: not the plaintext");
			} else {
				int want = ctlen < p.taglen ? QSTP_ERR_RCS_SHORT_INPUT : QSTP_ERR_AUTH;
				int clean = 1;
				for (size_t i = 0; i < ctlen + 1; i++)
					clean &= out[i] == 0xA5;
				kat_check(st, g, t, r == want && clean,
				          "decrypt: expected an authentication failure, nothing released");
			}
		next:
			free(aad);
			free(ct);
			free(pt);
			free(out);
		}
		rcs_dispose(&d);
		if (bad)
			return -1;
	}
	return 0;
}

static int run_kat(json_t *root, kat_stats *st)
{
	json_t *g, *t;
	for (size_t gi = 0; (g = kat_group(root, gi)); gi++) {
		struct params p;
		if (read_variant(st, g, &p) != 0)
			return -1;
		for (size_t ti = 0; (t = kat_test(g, ti)); ti++) {
			uint8_t *aad = NULL, *pt = NULL, *c1 = NULL, *c2 = NULL, *out = NULL;
			size_t aadlen, ptlen, l1, l2;
			int bad = 0;
			if (kat_hex_fixed(t, "key", p.key, p.keylen) != 0 ||
			    kat_hex_fixed(t, "nonce", p.nonce, QSTP_RCS_NONCE_BYTES) != 0 ||
			    kat_hex(t, "aad", &aad, &aadlen) != 0 || kat_hex(t, "pt", &pt, &ptlen) != 0 ||
			    kat_hex(t, "ctTag1", &c1, &l1) != 0 || kat_hex(t, "ctTag2", &c2, &l2) != 0 ||
			    l1 != ptlen + p.taglen || l2 != l1) {
				bad = kat_bad(st, g, t, "bad key, nonce, aad, pt or ctTag1/2");
			} else {
				struct rcs e, d;
				out = malloc(l1);
				if (out == NULL)
					abort();
				rcs_init(&e, p.v512, p.key, p.nonce, NULL, 0, 1);
				rcs_ad(&e, aad, aadlen);
				rcs_enc(&e, out, pt, ptlen);
				int ok = memcmp(out, c1, l1) == 0;
				rcs_enc(&e, out, pt, ptlen);
				ok &= memcmp(out, c2, l2) == 0;
				kat_check(st, g, t, ok, "encrypt: ctTag1 or ctTag2 differs");
				rcs_init(&d, p.v512, p.key, p.nonce, NULL, 0, 0);
				rcs_ad(&d, aad, aadlen);
				ok = rcs_dec(&d, out, c1, l1) == 0 && memcmp(out, pt, ptlen) == 0;
				ok &= rcs_dec(&d, out, c2, l2) == 0 && memcmp(out, pt, ptlen) == 0;
				kat_check(st, g, t, ok, "decrypt of ctTag1, ctTag2: not the plaintext");
				rcs_dispose(&e);
				rcs_dispose(&d);
			}
			free(aad);
			free(pt);
			free(c1);
			free(c2);
			free(out);
			if (bad)
				return -1;
		}
	}
	return 0;
}

static int match_rcs(json_t *root)
{
	return kat_str_is(root, "algorithm", "RCS");
}

static int run_rcs(json_t *root, kat_stats *st)
{
	const char *mode = kat_str(root, "mode");
	if (mode == NULL)
		return kat_bad(st, NULL, NULL, "missing mode");
	if (strcmp(mode, "encrypt") == 0)
		return run_encrypt(root, st);
	if (strcmp(mode, "decrypt") == 0)
		return run_decrypt(root, st);
	if (strcmp(mode, "kat") == 0)
		return run_kat(root, st);
	return kat_bad(st, NULL, NULL, "unknown mode \"%s\"", mode);
}

KAT_HANDLER(rcs, match_rcs, run_rcs)
