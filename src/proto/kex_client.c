/* The client side of the handshake (PROTOCOL.md 5.2-5.5). */
#include <stdlib.h>
#include <string.h>

#include "kdf.h"
#include "qstp/keccak.h"
#include "session_int.h"
#include "wire.h"

/* 5.2: hdr(0x01, 58, 0, now) || server_serial[16] || config_field[42]. */
int qstp_kex_client_start(qstp_session *s, uint64_t now, qstp_buf *out)
{
	const size_t n = QSTP_HEADER_BYTES + QSTP_CONNECT_REQUEST_MSGLEN;
	uint8_t *p = qstp_buf_reserve(out, n);
	if (p == NULL)
		return QSTP_ERR_NOMEM;
	qstp_header h = { QSTP_FLAG_CONNECT_REQUEST, QSTP_CONNECT_REQUEST_MSGLEN, s->kex->txseq, now };
	qstp_header_encode(p, &h);
	memcpy(p + QSTP_HEADER_BYTES, s->trust->cert.serial, QSTP_SERIAL_BYTES);
	memcpy(p + QSTP_HEADER_BYTES + QSTP_SERIAL_BYTES, s->trust->cfg, QSTP_CONFIG_FIELD_BYTES);
	out->len += n;
	s->kex->txseq += 1;
	return 0;
}

/* 5.3 client step 1 passed (header): keep the packet for the work step. */
int qstp_kex_client_response(qstp_session *s, const uint8_t *hdr, const uint8_t *body)
{
	qstp_kex *k = s->kex;
	size_t n = s->cs->sig_bytes + QSTP_HASH_BYTES + s->cs->kem_ek_bytes;
	k->body = malloc(n);
	if (k->body == NULL)
		return QSTP_ERR_NOMEM;
	memcpy(k->body, body, n);
	k->bodylen = n;
	memcpy(k->hdr, hdr, QSTP_HEADER_BYTES);
	return 0;
}

/* 5.3 client steps 2-4, then 5.4: verify, encapsulate, derive, send.
 * phash' = H(header || sch0 || ek) is the encapsulation's transcript hash
 * (computed alongside H(ek)), so the encapsulation runs before step 3's
 * comparison; nothing is sent unless every check passed, and the checks
 * fail in the order of 5.3 (signature, transcript, then the key). */
int qstp_kex_client_work(qstp_session *s, uint64_t now, qstp_buf *out)
{
	const qstp_config_set *cs = s->cs;
	qstp_kex *k = s->kex;
	uint8_t sec[QSTP_KEM_SS_BYTES], stream[QSTP_KDF_STREAM_BYTES], pre[QSTP_HEADER_BYTES + 32];
	qstp_mlkem_th th = { pre, sizeof pre, { 0 } };
	const uint8_t *sig, *ph, *ek;
	qstp_keccak h;
	wire_rd rd;
	int r, renc;

	rd_init(&rd, k->body, k->bodylen);
	if ((r = rd_bytes(&rd, &sig, cs->sig_bytes)) != 0 ||
	    (r = rd_bytes(&rd, &ph, QSTP_HASH_BYTES)) != 0 ||
	    (r = rd_bytes(&rd, &ek, cs->kem_ek_bytes)) != 0 || (r = rd_done(&rd)) != 0)
		goto out;
	/* Step 2: the signature over the embedded phash, server certificate key. */
	if (s->ops->verify(s->ops_ctx, cs, sig, ph, s->trust->cert.verkey) != 0) {
		r = QSTP_ERR_PROTO_SIGNATURE;
		goto out;
	}
	/* 5.4: encapsulate straight into the packet (sent only if all passes). */
	const size_t n = QSTP_HEADER_BYTES + cs->kem_ct_bytes;
	uint8_t *p = qstp_buf_reserve(out, n);
	if (p == NULL) {
		r = QSTP_ERR_NOMEM;
		goto out;
	}
	uint8_t *ct = p + QSTP_HEADER_BYTES;
	memcpy(pre, k->hdr, QSTP_HEADER_BYTES);
	memcpy(pre + QSTP_HEADER_BYTES, s->trust->sch0, 32);
	renc = s->ops->kem_encaps(s->ops_ctx, cs, ct, sec, ek, &th, s->rng, s->rng_ctx);
	/* Step 3: phash' compared in constant time. */
	if (!qstp_ct_eq(th.out, ph, QSTP_HASH_BYTES)) {
		r = QSTP_ERR_PROTO_TRANSCRIPT;
		goto out;
	}
	if ((r = renc) != 0)
		goto out;
	/* Step 4: sch1 = H(sch0 || phash). */
	qstp_sha3_256_init(&h);
	qstp_keccak_absorb(&h, s->trust->sch0, 32);
	qstp_keccak_absorb(&h, th.out, 32);
	qstp_sha3_final(&h, k->sch1);

	qstp_sha3_256_init(&h);
	qstp_keccak_absorb(&h, k->sch1, 32);
	qstp_keccak_absorb(&h, ct, cs->kem_ct_bytes);
	qstp_sha3_final(&h, k->sch2);
	qstp_kdf_session(stream, sec, k->sch2);
	qstp_transport_init(&s->tp, stream, 1, s->trust->cfg);

	qstp_header hd = { QSTP_FLAG_EXCHANGE_REQUEST, (uint32_t)cs->kem_ct_bytes, k->txseq, now };
	qstp_header_encode(p, &hd);
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

/* 5.5: the exchange response echoes sch2. */
int qstp_kex_client_confirm(qstp_session *s, const uint8_t *body)
{
	return qstp_ct_eq(body, s->kex->sch2, QSTP_HASH_BYTES) ? 0 : QSTP_ERR_PROTO_CONFIRM;
}
