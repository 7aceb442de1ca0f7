/*
 * Internals of the sans-I/O session shared by session.c, kex_client.c,
 * kex_server.c and identity.c, plus the test seam.
 *
 * The session (established part) stays small: the transport (two RCS-256
 * states), counters, flags and pointers.  Everything the handshake needs
 * (KEM decapsulation key, transcript hashes, the packet waiting for a work
 * step) lives in a separate qstp_kex allocated at creation and wiped and
 * freed at establishment or failure.
 */
#ifndef QSTP_PROTO_SESSION_INT_H
#define QSTP_PROTO_SESSION_INT_H

#include <stddef.h>
#include <stdint.h>

#include "packet.h"
#include "qstp/cert.h"
#include "qstp/errors.h"
#include "qstp/config.h"
#include "qstp/mldsa.h"
#include "qstp/mlkem.h"
#include "qstp/session.h"
#include "transport.h"

/* The public-key operations of the handshake.  The real table
 * (qstp_kex_real_ops) calls ML-KEM / ML-DSA; a test harness may install a
 * table that returns synthetic values (the qstp_kex.json vectors).  Each
 * returns 0 or a negative QSTP_ERR_*. */
typedef struct qstp_kex_ops {
	/* The KEM operations also write a transcript hash th->out =
	 * SHA3-256(th->pre || X) over the ek (keypair, encaps) or ct (decaps)
	 * they handle (the real table computes it alongside its own hash of
	 * X; qstp_kex_th does it alone).  Encaps writes it even when it
	 * refuses ek. */
	/* Fresh KEM key pair into ek (kem_ek_bytes) and dk (kem_dk_bytes); kx
	 * is the handshake's room for what decapsulating with dk can reuse
	 * (the real table: the expanded ML-KEM key). */
	int (*kem_keypair)(void *ctx, const qstp_config_set *cs, uint8_t *ek, uint8_t *dk,
	                   qstp_mlkem_expanded *kx, qstp_mlkem_th *th, qstp_random_fn rng,
	                   void *rng_ctx);
	/* ct (kem_ct_bytes) and the 32-byte secret for ek. */
	int (*kem_encaps)(void *ctx, const qstp_config_set *cs, uint8_t *ct, uint8_t ss[32],
	                  const uint8_t *ek, qstp_mlkem_th *th, qstp_random_fn rng, void *rng_ctx);
	/* The secret for ct under dk; kx as kem_keypair left it for this dk. */
	int (*kem_decaps)(void *ctx, const qstp_config_set *cs, uint8_t ss[32], const uint8_t *ct,
	                  const uint8_t *dk, const qstp_mlkem_expanded *kx, qstp_mlkem_th *th);
	/* sig (sig_bytes) over the 32-byte msg with the signature secret key sk. */
	int (*sign)(void *ctx, const qstp_config_set *cs, uint8_t *sig, const uint8_t msg[32],
	            const uint8_t *sk, qstp_random_fn rng, void *rng_ctx);
	/* 0 when sig (sig_bytes) verifies over msg under pk. */
	int (*verify)(void *ctx, const qstp_config_set *cs, const uint8_t *sig,
	              const uint8_t msg[32], const uint8_t *pk);
} qstp_kex_ops;

/* The real table's ctx is the session side's prepared ML-DSA key: the
 * server identity's qstp_mldsa_prepared_sk for sign, the client trust's
 * qstp_mldsa_prepared_pk for verify (NULL: the plain key bytes are used). */
extern const qstp_kex_ops qstp_kex_real_ops;

struct qstp_server_identity {
	int refs;                      /* atomic */
	const qstp_config_set *cs;
	uint8_t cfg[QSTP_CONFIG_FIELD_BYTES];
	uint8_t sch0[32];
	qstp_root_cert root;
	qstp_server_cert cert;
	qstp_secret_key key;
	qstp_mldsa_prepared_sk *dsa;   /* key.sigkey prepared (malloc'd, wiped) */
};

struct qstp_client_trust {
	const qstp_config_set *cs;
	uint8_t cfg[QSTP_CONFIG_FIELD_BYTES];
	uint8_t sch0[32];
	qstp_root_cert root;
	qstp_server_cert cert;
	qstp_mldsa_prepared_pk *dsa;   /* cert.verkey prepared (malloc'd) */
};

/* Handshake phases. */
enum {
	PH_CLIENT_INIT = 1,      /* before qstp_session_start */
	PH_CLIENT_RESPONSE,      /* waiting for the connect response */
	PH_CLIENT_WORK,          /* verify + encaps + KDF pending */
	PH_CLIENT_CONFIRM,       /* waiting for the exchange response */
	PH_SERVER_REQUEST,       /* waiting for the connect request */
	PH_SERVER_WORK1,         /* keygen + sign pending */
	PH_SERVER_EXCHANGE,      /* waiting for the exchange request */
	PH_SERVER_WORK2,         /* decaps + KDF pending */
	PH_ESTABLISHED,
	PH_CLOSED,
};

typedef struct qstp_kex {
	uint64_t rxseq, txseq;         /* handshake counters (3.4) */
	uint8_t sch1[32];
	uint8_t sch2[32];              /* client: expected exchange response */
	uint8_t hdr[QSTP_HEADER_BYTES];/* header of the packet waiting for work */
	uint8_t *body;                 /* its body (malloc'd), bodylen bytes */
	size_t bodylen;
	uint8_t dk[QSTP_KEM_DK_MAX_BYTES]; /* server: ephemeral KEM secret */
	qstp_mlkem_expanded *kx;       /* server: dk's matrix from work1 to work2 (malloc'd) */
} qstp_kex;

struct qstp_session {
	qstp_transport tp;             /* keys valid from the KDF on */
	qstp_kex *kex;                 /* handshake only */
	const qstp_config_set *cs;
	qstp_server_identity *id;      /* server: a held reference */
	const qstp_client_trust *trust;/* client: not owned */
	qstp_random_fn rng;
	void *rng_ctx;
	const qstp_kex_ops *ops;
	void *ops_ctx;
	uint8_t *pkt;                  /* partial packet body, only while incomplete */
	size_t have;                   /* bytes of the current packet held (header + body) */
	unsigned flags;
	int err;
	int peer_code;
	uint8_t hdr[QSTP_HEADER_BYTES];/* header of the current packet */
	uint8_t phase;
	uint8_t is_client;
};

/* th->out = SHA3-256(th->pre || x): the transcript hash for kex ops that do
 * not compute it alongside (test doubles). */
void qstp_kex_th(qstp_mlkem_th *th, const uint8_t *x, size_t n);

/* Test seam: replace the public-key operations (before start/input). */
void qstp_session_set_kex_ops(qstp_session *s, const qstp_kex_ops *ops, void *ctx);
/* Test seam: identity and trust from parsed parts without any verification
 * (the vectors' certificates carry zero signatures). */
int qstp_server_identity_from_parts(qstp_server_identity **out, const qstp_root_cert *root,
                                    const qstp_server_cert *cert, const qstp_secret_key *key);
int qstp_client_trust_from_parts(qstp_client_trust **out, const qstp_root_cert *root,
                                 const qstp_server_cert *cert);
/* Read access to the established transport (tests, kat). */
const qstp_transport *qstp_session_transport(const qstp_session *s);

/* Buffer helpers: reserve n more bytes at the end; NULL on allocation failure. */
uint8_t *qstp_buf_reserve(qstp_buf *b, size_t n);

/* Handshake steps (kex_client.c / kex_server.c).  Return 0 or an error; the
 * caller (session.c) turns errors into the failure path. */
int qstp_kex_client_start(qstp_session *s, uint64_t now, qstp_buf *out);
int qstp_kex_client_response(qstp_session *s, const uint8_t *hdr, const uint8_t *body);
int qstp_kex_client_work(qstp_session *s, uint64_t now, qstp_buf *out);
int qstp_kex_client_confirm(qstp_session *s, const uint8_t *body);
int qstp_kex_server_request(qstp_session *s, const uint8_t *body, uint64_t now);
int qstp_kex_server_work1(qstp_session *s, uint64_t now, qstp_buf *out);
int qstp_kex_server_exchange(qstp_session *s, const uint8_t *body);
int qstp_kex_server_work2(qstp_session *s, uint64_t now, qstp_buf *out);
/* The expected flag and msglen of the next handshake packet for a phase. */
int qstp_kex_expect(const qstp_session *s, uint8_t *flag, uint32_t *msglen);
void qstp_kex_free(qstp_kex *k);

#endif
