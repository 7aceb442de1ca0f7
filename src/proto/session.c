/*
 * The sans-I/O session: framing of the byte stream into packets, dispatch to
 * the handshake steps and the established transport, sticky errors
 * (include/qstp/session.h is the manual).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzing.h"
#include "session_int.h"

/* --- qstp_buf ------------------------------------------------------------ */

void qstp_buf_free(qstp_buf *b)
{
	if (b == NULL)
		return;
	if (b->data != NULL)
		qstp_wipe(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void qstp_buf_consume(qstp_buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}

uint8_t *qstp_buf_reserve(qstp_buf *b, size_t n)
{
	if (n > SIZE_MAX / 2 - b->len)
		return NULL;
	if (b->cap - b->len < n) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->len < n)
			cap *= 2;
		uint8_t *p = realloc(b->data, cap);
		if (p == NULL)
			return NULL;
		b->data = p;
		b->cap = cap;
	}
	return b->data + b->len;
}

/* --- life cycle ------------------------------------------------------------ */

#ifdef QSTP_FUZZING
/* Fuzzing build only (fuzzing.h): a fixed source so that inputs replay. */
static int fixed_random(void *ctx, uint8_t *out, size_t n)
{
	(void)ctx;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(i * 29u + 7u);
	return 0;
}
#define DEFAULT_RANDOM fixed_random
#else
#define DEFAULT_RANDOM qstp_random_system
#endif

static qstp_session *session_alloc(const qstp_session_options *opt)
{
	qstp_session *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->kex = calloc(1, sizeof *s->kex);
	if (s->kex == NULL) {
		free(s);
		return NULL;
	}
	s->rng = (opt != NULL && opt->random != NULL) ? opt->random : DEFAULT_RANDOM;
	s->rng_ctx = opt != NULL ? opt->random_ctx : NULL;
	s->ops = &qstp_kex_real_ops;
	s->peer_code = -1;
	return s;
}

qstp_session *qstp_session_new_client(const qstp_client_trust *trust, const qstp_session_options *opt)
{
	if (trust == NULL)
		return NULL;
	qstp_session *s = session_alloc(opt);
	if (s == NULL)
		return NULL;
	s->trust = trust;
	s->ops_ctx = trust->dsa;
	s->cs = trust->cs;
	s->is_client = 1;
	s->phase = PH_CLIENT_INIT;
	return s;
}

qstp_session *qstp_session_new_server(qstp_server_identity *id, const qstp_session_options *opt)
{
	if (id == NULL)
		return NULL;
	qstp_session *s = session_alloc(opt);
	if (s == NULL)
		return NULL;
	qstp_server_identity_ref(id);
	s->id = id;
	s->ops_ctx = id->dsa;
	s->cs = id->cs;
	s->phase = PH_SERVER_REQUEST;
	s->flags = QSTP_WANT_READ;
	return s;
}

void qstp_kex_free(qstp_kex *k)
{
	if (k == NULL)
		return;
	if (k->body != NULL) {
		qstp_wipe(k->body, k->bodylen);
		free(k->body);
	}
	if (k->kx != NULL) {
		qstp_wipe(k->kx, sizeof *k->kx);
		free(k->kx);
	}
	qstp_wipe(k, sizeof *k);
	free(k);
}

static void drop_packet(qstp_session *s)
{
	free(s->pkt);
	s->pkt = NULL;
	s->have = 0;
}

/* Ends the session: keys and handshake material wiped, buffers freed. */
static void shutdown_session(qstp_session *s)
{
	uint64_t tx = s->tp.txseq, rx = s->tp.rxseq, ratchets = s->tp.ratchets;
	qstp_kex_free(s->kex);
	s->kex = NULL;
	drop_packet(s);
	qstp_transport_wipe(&s->tp);
	/* Counters are not secret; keep them for qstp_session_get_info. */
	s->tp.txseq = tx;
	s->tp.rxseq = rx;
	s->tp.ratchets = ratchets;
	s->phase = PH_CLOSED;
	s->flags = (s->flags & ~(unsigned)(QSTP_WANT_READ | QSTP_WANT_WORK | QSTP_ESTABLISHED)) |
	           QSTP_CLOSED;
}

/* The first error: sticky; during the handshake the pre-establishment error
 * packet (5.8) with the specific code, except when the peer ended it. */
static int fail(qstp_session *s, int err, uint64_t now, qstp_buf *out)
{
	if (s->err != 0)
		return s->err;
	s->err = err;
	if (s->kex != NULL && out != NULL && err != QSTP_ERR_PROTO_PEER_ERROR &&
	    err != QSTP_ERR_PROTO_TERMINATED) {
		uint8_t *p = qstp_buf_reserve(out, QSTP_ERROR_PACKET_BYTES);
		if (p != NULL) {
			qstp_error_packet(p, qstp_error_to_wire(err), now);
			out->len += QSTP_ERROR_PACKET_BYTES;
		}
	}
	if (err == QSTP_ERR_PROTO_TERMINATED)
		s->flags |= QSTP_PEER_CLOSED;
	shutdown_session(s);
	return err;
}

void qstp_session_free(qstp_session *s)
{
	if (s == NULL)
		return;
	shutdown_session(s);
	if (s->id != NULL)
		qstp_server_identity_unref(s->id);
	qstp_wipe(s, sizeof *s);
	free(s);
}

void qstp_session_set_kex_ops(qstp_session *s, const qstp_kex_ops *ops, void *ctx)
{
	s->ops = ops;
	s->ops_ctx = ctx;
}

const qstp_transport *qstp_session_transport(const qstp_session *s)
{
	return &s->tp;
}

/* --- handshake driving ------------------------------------------------------ */

int qstp_kex_expect(const qstp_session *s, uint8_t *flag, uint32_t *msglen)
{
	const qstp_config_set *cs = s->cs;
	switch (s->phase) {
	case PH_CLIENT_RESPONSE:
		*flag = QSTP_FLAG_CONNECT_RESPONSE;
		*msglen = (uint32_t)(cs->sig_bytes + QSTP_HASH_BYTES + cs->kem_ek_bytes);
		return 0;
	case PH_CLIENT_CONFIRM:
		*flag = QSTP_FLAG_EXCHANGE_RESPONSE;
		*msglen = QSTP_EXCHANGE_RESPONSE_MSGLEN;
		return 0;
	case PH_SERVER_REQUEST:
		*flag = QSTP_FLAG_CONNECT_REQUEST;
		*msglen = QSTP_CONNECT_REQUEST_MSGLEN;
		return 0;
	case PH_SERVER_EXCHANGE:
		*flag = QSTP_FLAG_EXCHANGE_REQUEST;
		*msglen = (uint32_t)cs->kem_ct_bytes;
		return 0;
	default:
		return QSTP_ERR_PROTO_STATE;
	}
}

int qstp_session_start(qstp_session *s, uint64_t now, qstp_buf *out)
{
	if (s->err != 0)
		return s->err;
	if (s->phase != PH_CLIENT_INIT)
		return QSTP_ERR_PROTO_STATE;
	int r = qstp_kex_client_start(s, now, out);
	if (r != 0)
		return fail(s, r, now, NULL);
	s->phase = PH_CLIENT_RESPONSE;
	s->flags |= QSTP_WANT_READ;
	return 0;
}

static void establish(qstp_session *s)
{
	qstp_kex_free(s->kex);
	s->kex = NULL;
	s->phase = PH_ESTABLISHED;
	s->flags = (s->flags & ~(unsigned)QSTP_WANT_WORK) | QSTP_ESTABLISHED | QSTP_WANT_READ;
}

static void want_work(qstp_session *s, uint8_t phase)
{
	s->phase = phase;
	s->flags = (s->flags & ~(unsigned)QSTP_WANT_READ) | QSTP_WANT_WORK;
}

static int handshake_packet(qstp_session *s, const uint8_t *body, uint64_t now)
{
	int r;
	s->kex->rxseq += 1;
	switch (s->phase) {
	case PH_CLIENT_RESPONSE:
		if ((r = qstp_kex_client_response(s, s->hdr, body)) == 0)
			want_work(s, PH_CLIENT_WORK);
		return r;
	case PH_CLIENT_CONFIRM:
		if ((r = qstp_kex_client_confirm(s, body)) == 0)
			establish(s);
		return r;
	case PH_SERVER_REQUEST:
		if ((r = qstp_kex_server_request(s, body, now)) == 0)
			want_work(s, PH_SERVER_WORK1);
		return r;
	case PH_SERVER_EXCHANGE:
		if ((r = qstp_kex_server_exchange(s, body)) == 0)
			want_work(s, PH_SERVER_WORK2);
		return r;
	default:
		return QSTP_ERR_INTERNAL;
	}
}

int qstp_session_work(qstp_session *s, uint64_t now, qstp_buf *out)
{
	int r;
	if (s->err != 0)
		return s->err;
	if (!(s->flags & QSTP_WANT_WORK))
		return QSTP_ERR_PROTO_STATE;
	switch (s->phase) {
	case PH_CLIENT_WORK:
		if ((r = qstp_kex_client_work(s, now, out)) == 0) {
			s->phase = PH_CLIENT_CONFIRM;
			s->flags = (s->flags & ~(unsigned)QSTP_WANT_WORK) | QSTP_WANT_READ;
		}
		break;
	case PH_SERVER_WORK1:
		if ((r = qstp_kex_server_work1(s, now, out)) == 0) {
			s->phase = PH_SERVER_EXCHANGE;
			s->flags = (s->flags & ~(unsigned)QSTP_WANT_WORK) | QSTP_WANT_READ;
		}
		break;
	case PH_SERVER_WORK2:
		if ((r = qstp_kex_server_work2(s, now, out)) == 0)
			establish(s);
		break;
	default:
		r = QSTP_ERR_INTERNAL;
		break;
	}
	return r != 0 ? fail(s, r, now, out) : 0;
}

/* --- established ------------------------------------------------------------- */

static int established_packet(qstp_session *s, const qstp_header *h, const uint8_t *body,
                              qstp_buf *app)
{
	uint8_t *dst = NULL, code = 0;
	int kind = 0, r;
	size_t n = (size_t)h->msglen - QSTP_TAG_BYTES;

	if (h->flag == QSTP_FLAG_ENCRYPTED_MESSAGE && (dst = qstp_buf_reserve(app, n)) == NULL)
		return QSTP_ERR_NOMEM;
	if ((r = qstp_transport_open(&s->tp, h, s->hdr, body, dst, &kind, &code)) != 0)
		return r;
	if (kind == QSTP_RX_DATA) {
		app->len += n;
	} else if (kind == QSTP_RX_CLOSE) {
		s->peer_code = code;
		s->flags |= QSTP_PEER_CLOSED;
		shutdown_session(s);
	}
	return 0;
}

/* --- input framing -------------------------------------------------------------- */

static int check_header(qstp_session *s, const qstp_header *h, uint64_t now)
{
	if (s->phase == PH_ESTABLISHED)
		return qstp_header_check_established(h, s->tp.rxseq, now);
	uint8_t flag;
	uint32_t msglen;
	int r = qstp_kex_expect(s, &flag, &msglen);
	return r != 0 ? r : qstp_header_check_handshake(h, flag, msglen, s->kex->rxseq, now);
}

int qstp_session_input(qstp_session *s, const uint8_t *in, size_t *inlen, uint64_t now,
                       qstp_buf *out, qstp_buf *app)
{
	size_t avail = *inlen, used = 0;
	qstp_header h;
	int r = 0;

	*inlen = 0;
	if (s->err != 0)
		return s->err;
	if (s->phase == PH_CLOSED)
		return QSTP_ERR_PROTO_CLOSED;
	if (s->phase == PH_CLIENT_INIT)
		return QSTP_ERR_PROTO_STATE;
	while (used < avail && !(s->flags & (QSTP_WANT_WORK | QSTP_CLOSED))) {
		const uint8_t *body;
		if (s->have < QSTP_HEADER_BYTES) {
			size_t t = QSTP_HEADER_BYTES - s->have;
			if (t > avail - used)
				t = avail - used;
			memcpy(s->hdr + s->have, in + used, t);
			s->have += t;
			used += t;
			if (s->have < QSTP_HEADER_BYTES)
				break;
			/* Every header rule before a body byte is read (5.7, 7.2). */
			qstp_header_decode(&h, s->hdr);
			if ((r = check_header(s, &h, now)) != 0)
				break;
		} else {
			qstp_header_decode(&h, s->hdr);
		}
		size_t got = s->have - QSTP_HEADER_BYTES;
		if (got == 0 && avail - used >= h.msglen) {
			/* The whole body is in the caller's buffer: no copy. */
			body = in + used;
			used += h.msglen;
		} else {
			/* Partial packet: a buffer only while it is incomplete. */
			if (s->pkt == NULL && (s->pkt = malloc(h.msglen)) == NULL) {
				r = QSTP_ERR_NOMEM;
				break;
			}
			size_t t = h.msglen - got;
			if (t > avail - used)
				t = avail - used;
			memcpy(s->pkt + got, in + used, t);
			s->have += t;
			used += t;
			if (t < h.msglen - got)
				break;
			body = s->pkt;
		}
		if (s->phase == PH_ESTABLISHED)
			r = established_packet(s, &h, body, app);
		else
			r = handshake_packet(s, body, now);
		if (s->phase != PH_CLOSED)
			drop_packet(s);
		if (r != 0)
			break;
	}
	*inlen = used;
	if (r != 0)
		return fail(s, r, now, out);
	return 0;
}

/* --- sending ------------------------------------------------------------------- */

static int ready_to_send(const qstp_session *s)
{
	if (s->err != 0)
		return s->err;
	if (s->phase == PH_CLOSED)
		return QSTP_ERR_PROTO_CLOSED;
	if (s->phase != PH_ESTABLISHED)
		return QSTP_ERR_PROTO_STATE;
	return 0;
}

int qstp_session_send(qstp_session *s, const uint8_t *data, size_t len, uint64_t now, qstp_buf *out)
{
	int r = ready_to_send(s);
	if (r != 0)
		return r;
	while (len > 0) {
		size_t n = len > QSTP_PAYLOAD_MAX ? QSTP_PAYLOAD_MAX : len;
		uint8_t *p = qstp_buf_reserve(out, QSTP_HEADER_BYTES + n + QSTP_TAG_BYTES);
		if (p == NULL)
			return fail(s, QSTP_ERR_NOMEM, now, NULL);
		if ((r = qstp_transport_seal(&s->tp, p, QSTP_FLAG_ENCRYPTED_MESSAGE, data, n, now)) != 0)
			return fail(s, r, now, NULL);
		out->len += QSTP_HEADER_BYTES + n + QSTP_TAG_BYTES;
		data += n;
		len -= n;
	}
	return 0;
}

int qstp_session_ratchet(qstp_session *s, uint64_t now, qstp_buf *out)
{
	uint8_t token[QSTP_TOKEN_BYTES];
	int r = ready_to_send(s);
	if (r != 0)
		return r;
	const size_t n = QSTP_HEADER_BYTES + QSTP_RATCHET_MSGLEN;
	uint8_t *p = qstp_buf_reserve(out, n);
	if (p == NULL) {
		r = QSTP_ERR_NOMEM;
		goto out;
	}
	if ((r = s->rng(s->rng_ctx, token, sizeof token)) != 0)
		goto out;
	if ((r = qstp_transport_ratchet_send(&s->tp, p, token, now)) != 0)
		goto out;
	out->len += n;
out:
	qstp_wipe(token, sizeof token);
	return r != 0 ? fail(s, r, now, NULL) : 0;
}

int qstp_session_close(qstp_session *s, uint64_t now, qstp_buf *out)
{
	int r = 0;
	if (s->err != 0)
		return s->err;
	if (s->phase == PH_ESTABLISHED) {
		const size_t n = QSTP_HEADER_BYTES + QSTP_CLOSE_MSGLEN;
		uint8_t *p = qstp_buf_reserve(out, n);
		if (p == NULL)
			r = QSTP_ERR_NOMEM;
		else if ((r = qstp_transport_close(&s->tp, p, 0x00, now)) == 0)
			out->len += n;
	}
	if (r != 0)
		return fail(s, r, now, NULL);
	shutdown_session(s);
	return 0;
}

/* --- queries --------------------------------------------------------------------- */

unsigned qstp_session_flags(const qstp_session *s)
{
	return s->flags;
}

int qstp_session_error(const qstp_session *s)
{
	return s->err;
}

int qstp_session_peer_code(const qstp_session *s)
{
	return s->peer_code;
}

void qstp_session_get_info(const qstp_session *s, qstp_session_info *info)
{
	memset(info, 0, sizeof *info);
	if (s->kex != NULL) {
		info->txseq = s->kex->txseq;
		info->rxseq = s->kex->rxseq;
	} else {
		info->txseq = s->tp.txseq;
		info->rxseq = s->tp.rxseq;
	}
	info->ratchets = s->tp.ratchets;
	info->state_bytes = sizeof *s;
	if (s->kex != NULL)
		info->state_bytes += sizeof *s->kex + s->kex->bodylen +
		                     (s->kex->kx != NULL ? sizeof *s->kex->kx : 0);
	if (s->pkt != NULL) {
		qstp_header h;
		qstp_header_decode(&h, s->hdr);
		info->state_bytes += h.msglen;
	}
	const qstp_server_cert *c = s->is_client ? &s->trust->cert : &s->id->cert;
	memcpy(info->server_serial, c->serial, sizeof info->server_serial);
}
