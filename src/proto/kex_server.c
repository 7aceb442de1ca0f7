/* The server side of the handshake (PROTOCOL.md 5.2-5.5). */
#include <stdlib.h>
#include <string.h>

#include "kdf.h"
#include "qstp/keccak.h"
#include "session_int.h"
#include "wire.h"

/* 5.2 server steps 2-4 (the header passed step 1). */
int qstp_kex_server_request(qstp_session *s, const uint8_t *body, uint64_t now)
{
	const qstp_server_identity *id = s->id;
	const uint8_t *serial, *cfg;
	wire_rd rd;
	int r;

	rd_init(&rd, body, QSTP_CONNECT_REQUEST_MSGLEN);
	if ((r = rd_bytes(&rd, &serial, QSTP_SERIAL_BYTES)) != 0 ||
	    (r = rd_bytes(&rd, &cfg, QSTP_CONFIG_FIELD_BYTES)) != 0 || (r = rd_done(&rd)) != 0)
		return r;
	if (!qstp_ct_eq(serial, id->cert.serial, QSTP_SERIAL_BYTES))
		return QSTP_ERR_PROTO_KEY_UNKNOWN;
	/* The certificate (whose valid_to the root may have lowered) and the root. */
	if (now > id->cert.valid_to || now < id->cert.valid_from || now > id->root.valid_to ||
	    now < id->root.valid_from)
		return QSTP_ERR_PROTO_KEY_EXPIRED;
	if (memcmp(cfg, id->cfg, QSTP_CONFIG_COMPARE_BYTES) != 0)
		return QSTP_ERR_PROTO_CONFIG;
	return 0;
}

/* The randomness 5.3 uses with the real operations: the KEM key pair's
 * seeds (d || z) and the hedged signature's rnd.  Drawn in one call (one
 * getrandom instead of two) and handed out in order; an operation that
 * wants more falls through to the session's source. */
enum { WORK1_RANDOM_BYTES = 64 + 32 };

typedef struct drawn {
	const uint8_t *p;
	size_t n;
	qstp_random_fn rng;
	void *rng_ctx;
} drawn;

static int from_drawn(void *ctx, uint8_t *out, size_t n)
{
	drawn *d = ctx;
	if (n > d->n)
		return d->rng(d->rng_ctx, out, n);
	memcpy(out, d->p, n);
	d->p += n;
	d->n -= n;
	return 0;
}

/* 5.3: fresh KEM key pair, phash over the exact header, sch1, signature.
 * phash = H(header || sch0 || ek) is the key pair's transcript hash
 * (computed alongside H(ek)). */
int qstp_kex_server_work1(qstp_session *s, uint64_t now, qstp_buf *out)
{
	const qstp_config_set *cs = s->cs;
	qstp_kex *k = s->kex;
	uint8_t rnd[WORK1_RANDOM_BYTES], pre[QSTP_HEADER_BYTES + 32];
	drawn d = { rnd, sizeof rnd, s->rng, s->rng_ctx };
	qstp_mlkem_th th = { pre, sizeof pre, { 0 } };
	const uint8_t *phash = th.out;
	qstp_keccak h;
	int r;

	const size_t body = cs->sig_bytes + QSTP_HASH_BYTES + cs->kem_ek_bytes;
	uint8_t *p = qstp_buf_reserve(out, QSTP_HEADER_BYTES + body);
	if (p == NULL) {
		r = QSTP_ERR_NOMEM;
		goto out;
	}
	/* Public data (the matrix of ek): not zeroed, wiped with the kex. */
	if (k->kx == NULL && (k->kx = malloc(sizeof *k->kx)) == NULL) {
		r = QSTP_ERR_NOMEM;
		goto out;
	}
	uint8_t *sig = p + QSTP_HEADER_BYTES;
	uint8_t *ph = sig + cs->sig_bytes;
	uint8_t *ek = ph + QSTP_HASH_BYTES;

	qstp_header hd = { QSTP_FLAG_CONNECT_RESPONSE, (uint32_t)body, k->txseq, now };
	qstp_header_encode(p, &hd);
	memcpy(pre, p, QSTP_HEADER_BYTES);
	memcpy(pre + QSTP_HEADER_BYTES, s->id->sch0, 32);
	if ((r = s->rng(s->rng_ctx, rnd, sizeof rnd)) != 0 ||
	    (r = s->ops->kem_keypair(s->ops_ctx, cs, ek, k->dk, k->kx, &th, from_drawn, &d)) != 0)
		goto out;
	qstp_sha3_256_init(&h);
	qstp_keccak_absorb(&h, s->id->sch0, 32);
	qstp_keccak_absorb(&h, phash, 32);
	qstp_sha3_final(&h, k->sch1);
	if ((r = s->ops->sign(s->ops_ctx, cs, sig, phash, s->id->key.sigkey, from_drawn, &d)) != 0)
		goto out;
	memcpy(ph, phash, QSTP_HASH_BYTES);
	out->len += QSTP_HEADER_BYTES + body;
	k->txseq += 1;
out:
	if (r != 0)
		qstp_wipe(k->dk, sizeof k->dk);
	qstp_wipe(rnd, sizeof rnd);
	return r;
}

/* 5.4 server step 1 passed: keep the ciphertext for the work step. */
int qstp_kex_server_exchange(qstp_session *s, const uint8_t *body)
{
	qstp_kex *k = s->kex;
	k->body = malloc(s->cs->kem_ct_bytes);
	if (k->body == NULL)
		return QSTP_ERR_NOMEM;
	memcpy(k->body, body, s->cs->kem_ct_bytes);
	k->bodylen = s->cs->kem_ct_bytes;
	return 0;
}

/* 5.4 server steps 2-3, then 5.5.  sch2 = H(sch1 || ct) is the
 * decapsulation's transcript hash (computed alongside J(z || ct)). */
int qstp_kex_server_work2(qstp_session *s, uint64_t now, qstp_buf *out)
{
	const qstp_config_set *cs = s->cs;
	qstp_kex *k = s->kex;
	uint8_t sec[QSTP_KEM_SS_BYTES], stream[QSTP_KDF_STREAM_BYTES];
	qstp_mlkem_th th = { k->sch1, 32, { 0 } };
	int r;

	const size_t n = QSTP_HEADER_BYTES + QSTP_EXCHANGE_RESPONSE_MSGLEN;
	uint8_t *p = qstp_buf_reserve(out, n);
	if (p == NULL) {
		r = QSTP_ERR_NOMEM;
		goto out;
	}
	r = s->ops->kem_decaps(s->ops_ctx, cs, sec, k->body, k->dk, k->kx, &th);
	/* The ephemeral KEM secret is used once: erase it now (5.4 step 2). */
	qstp_wipe(k->dk, sizeof k->dk);
	qstp_wipe(k->kx, sizeof *k->kx);
	free(k->kx);
	k->kx = NULL;
	if (r != 0)
		goto out;
	memcpy(k->sch2, th.out, QSTP_HASH_BYTES);
	qstp_kdf_session(stream, sec, k->sch2);
	qstp_transport_init(&s->tp, stream, 0, s->id->cfg);

	qstp_header hd = { QSTP_FLAG_EXCHANGE_RESPONSE, QSTP_EXCHANGE_RESPONSE_MSGLEN, k->txseq, now };
	qstp_header_encode(p, &hd);
	memcpy(p + QSTP_HEADER_BYTES, k->sch2, QSTP_HASH_BYTES);
	out->len += n;
	k->txseq += 1;
out:
	qstp_wipe(sec, sizeof sec);
	qstp_wipe(stream, sizeof stream);
	free(k->body);
	k->body = NULL;
	k->bodylen = 0;
	return r;
}
