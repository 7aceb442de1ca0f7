/* Helpers for the protocol tests (see session_util.h). */
#include <stdlib.h>
#include <string.h>

#include "qstp/cert.h"
#include "qstp/errors.h"
#include "qstp/keccak.h"
#include "session_util.h"

int test_rng_fn(void *ctx, uint8_t *out, size_t n)
{
	test_rng *r = ctx;
	uint8_t in[16];
	r->calls++;
	if (r->fail_at != 0 && r->calls == r->fail_at) {
		memset(out, 0, n);
		return QSTP_ERR_RANDOM;
	}
	for (int i = 0; i < 8; i++) {
		in[i] = (uint8_t)(r->seed >> (8 * i));
		in[8 + i] = (uint8_t)(r->ctr >> (8 * i));
	}
	r->ctr++;
	qstp_shake256(out, n, in, sizeof in);
	return 0;
}

static test_pki *cache[4];

int test_pki_get(test_pki **out, uint8_t set)
{
	if (set < 1 || set > 3)
		return QSTP_ERR_INVALID_ARG;
	if (cache[set] != NULL) {
		*out = cache[set];
		return 0;
	}
	test_pki *p = calloc(1, sizeof *p);
	qstp_root_cert *rc = calloc(1, sizeof *rc);
	qstp_server_cert *sc = calloc(1, sizeof *sc);
	qstp_secret_key *rk = calloc(1, sizeof *rk), *sk = calloc(1, sizeof *sk);
	test_rng rng = { 1000u + set, 0, 0, 0 };
	int r = QSTP_ERR_NOMEM;
	if (!p || !rc || !sc || !rk || !sk)
		goto out;
	p->set = set;
	p->now = 1800000000u;
	if ((r = qstp_root_generate(rc, rk, set, "test_root.qrr", 365, p->now - 1000, test_rng_fn,
	                            &rng)) != 0 ||
	    (r = qstp_server_generate(sc, sk, set, "test_server.qrc", 365, p->now - 1000,
	                              test_rng_fn, &rng)) != 0 ||
	    (r = qstp_root_sign(sc, rc, rk)) != 0)
		goto out;
	p->rootlen = qstp_root_cert_size(set);
	p->certlen = qstp_server_cert_size(set);
	p->keylen = qstp_server_key_size(set);
	p->root = malloc(p->rootlen);
	p->cert = malloc(p->certlen);
	p->key = malloc(p->keylen);
	r = QSTP_ERR_NOMEM;
	if (!p->root || !p->cert || !p->key)
		goto out;
	if ((r = qstp_root_cert_encode(p->root, p->rootlen, rc)) != 0 ||
	    (r = qstp_server_cert_encode(p->cert, p->certlen, sc)) != 0 ||
	    (r = qstp_secret_key_encode(p->key, p->keylen, sk)) != 0)
		goto out;
	cache[set] = p;
	*out = p;
	p = NULL;
out:
	if (p != NULL) {
		free(p->root);
		free(p->cert);
		free(p->key);
		free(p);
	}
	if (rk)
		qstp_key_wipe(rk);
	if (sk)
		qstp_key_wipe(sk);
	free(rc);
	free(sc);
	free(rk);
	free(sk);
	return r;
}

int test_pair_new(test_pair *p, uint8_t set, int split, uint64_t seed)
{
	test_pki *k;
	int r;
	memset(p, 0, sizeof *p);
	if ((r = test_pki_get(&k, set)) != 0)
		return r;
	p->now = k->now;
	p->split = split;
	p->split_state = seed * 2654435761u + 1;
	p->crng.seed = seed * 2 + 1;
	p->srng.seed = seed * 2 + 2;
	if ((r = qstp_server_identity_new(&p->id, k->root, k->rootlen, k->cert, k->certlen, k->key,
	                                  k->keylen, p->now)) != 0 ||
	    (r = qstp_client_trust_new(&p->trust, k->root, k->rootlen, k->cert, k->certlen,
	                               p->now)) != 0)
		return r;
	qstp_session_options co = { test_rng_fn, &p->crng }, so = { test_rng_fn, &p->srng };
	p->c = qstp_session_new_client(p->trust, &co);
	p->s = qstp_session_new_server(p->id, &so);
	if (p->c == NULL || p->s == NULL)
		return QSTP_ERR_NOMEM;
	return qstp_session_start(p->c, p->now, &p->c2s);
}

void test_pair_free(test_pair *p)
{
	qstp_session_free(p->c);
	qstp_session_free(p->s);
	qstp_server_identity_unref(p->id);
	qstp_client_trust_free(p->trust);
	qstp_buf_free(&p->c2s);
	qstp_buf_free(&p->s2c);
	qstp_buf_free(&p->capp);
	qstp_buf_free(&p->sapp);
	memset(p, 0, sizeof *p);
}

static size_t next_split(test_pair *p, size_t left)
{
	if (p->split == 1)
		return 1;
	if (p->split == 0)
		return left;
	p->split_state ^= p->split_state << 13;
	p->split_state ^= p->split_state >> 7;
	p->split_state ^= p->split_state << 17;
	size_t n = 1 + (size_t)(p->split_state % 3000);
	return n < left ? n : left;
}

int test_feed(test_pair *p, qstp_session *s, qstp_buf *in, qstp_buf *out, qstp_buf *app)
{
	size_t off = 0;
	int r = 0;
	while (off < in->len) {
		size_t n = next_split(p, in->len - off);
		size_t want = n;
		r = qstp_session_input(s, in->data + off, &n, p->now, out, app);
		off += n;
		if (r != 0)
			break;
		if (qstp_session_flags(s) & QSTP_WANT_WORK) {
			if ((r = qstp_session_work(s, p->now, out)) != 0)
				break;
		} else if (n < want) {
			break; /* closed */
		}
	}
	qstp_buf_consume(in, off);
	return r;
}

int test_pair_pump(test_pair *p)
{
	for (int i = 0; i < 64 && (p->c2s.len > 0 || p->s2c.len > 0); i++) {
		int r;
		if (p->c2s.len > 0 && (r = test_feed(p, p->s, &p->c2s, &p->s2c, &p->sapp)) != 0)
			return r;
		if (p->s2c.len > 0 && (r = test_feed(p, p->c, &p->s2c, &p->c2s, &p->capp)) != 0)
			return r;
	}
	return 0;
}
