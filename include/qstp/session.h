/*
 * qstp: the sans-I/O protocol core (PROTOCOL.md 3, 5, 6, 7, 10).
 *
 * A qstp_session is one QSTP connection, client or server side, from the
 * first handshake byte to the close.  It never touches a socket, a clock or
 * the system random source: the caller passes received bytes, the current
 * time (Unix seconds) and a random source, and gets back bytes to send and
 * plaintext to deliver.  The same core runs under the epoll server, the
 * client, in-memory tests, qstp-kat, fuzzers and benchmarks.
 *
 * Driving a session:
 *
 *     client: s = qstp_session_new_client(trust, &opt); qstp_session_start(s, now, &out);
 *     server: s = qstp_session_new_server(identity, &opt);
 *     loop:   n = bytes received;
 *             r = qstp_session_input(s, buf, &n, now, &out, &app);   // consumes n bytes
 *             if (qstp_session_flags(s) & QSTP_WANT_WORK)
 *                     r = qstp_session_work(s, now, &out);            // may run on a worker thread
 *             send out.data[0..out.len); deliver app.data[0..app.len)
 *             then qstp_session_send(s, data, len, now, &out) to send application data.
 *
 * Errors are sticky: after the first error every call returns it.  On a
 * handshake failure `out` holds the pre-establishment error packet (5.8) when
 * the protocol calls for one; on an established-session failure nothing is
 * sent (the caller closes TCP).  qstp_session_error() gives the error,
 * qstp_session_peer_code() the authenticated close code the peer sent.
 *
 * How a session ends (then QSTP_CLOSED is set; send the bytes in `out`, if
 * any, and close the connection):
 *   - a local error: the sticky QSTP_ERR_*; before establishment `out` got
 *     the 22-byte error packet with the specific code (qstp_error_to_wire);
 *   - a peer error packet during the handshake (0x13, any content, never
 *     trusted): QSTP_ERR_PROTO_PEER_ERROR, nothing sent back;
 *   - connection_terminate (0x03) at any time: QSTP_ERR_PROTO_TERMINATED with
 *     QSTP_PEER_CLOSED set, decided on the 21-byte header alone;
 *   - the peer's authenticated close (7.3): input returns 0, QSTP_PEER_CLOSED
 *     is set, qstp_session_peer_code() is its code (0 = normal); no error;
 *   - qstp_session_close(): 0 (the 54-byte close appended when established).
 * After a close without error, calls return QSTP_ERR_PROTO_CLOSED while
 * qstp_session_error() stays 0.  Received plaintext delivered before the
 * closing packet in the same input call is in `app`.
 *
 * Memory: an idle established session is one allocation of
 * sizeof(struct qstp_session) (2512 bytes with both RCS-256 states); the
 * handshake material (KEM secret, transcript, packets waiting for work) is a
 * separate allocation wiped and freed at establishment or failure, and a
 * partial packet's buffer exists only while that packet is incomplete.
 * qstp_session_get_info() reports the current total.
 *
 * The expensive handshake steps (server: ML-KEM keygen + ML-DSA sign, then
 * decapsulation + KDF; client: ML-DSA verify + encapsulation + KDF) are not
 * done inside qstp_session_input(): input stops at them and sets
 * QSTP_WANT_WORK, and qstp_session_work() performs the pending step.  While a
 * step is pending the session accepts no other call but work and free, so
 * work may run on another thread with no locking.
 */
#ifndef QSTP_SESSION_H
#define QSTP_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/cert.h"
#include "qstp/config.h"
#include "qstp/util.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
	QSTP_HEADER_BYTES = 21,
	QSTP_PACKET_MESSAGE_MAX = 65536,   /* largest post-handshake msglen, tag included */
	QSTP_PAYLOAD_MAX = 65504,          /* largest plaintext of one packet */
	QSTP_TAG_BYTES = 32,
	QSTP_TIME_THRESHOLD = 60,          /* seconds, 3.5 */
	QSTP_DEFAULT_PORT = 32119,
};

/* Session flags (qstp_session_flags). */
enum {
	QSTP_WANT_READ = 1u << 0,    /* waiting for peer bytes */
	QSTP_WANT_WORK = 1u << 1,    /* an expensive step is pending: call qstp_session_work */
	QSTP_ESTABLISHED = 1u << 2,  /* keys are in place; send/ratchet/close are allowed */
	QSTP_CLOSED = 1u << 3,       /* closed (normally or by error): close the connection */
	QSTP_PEER_CLOSED = 1u << 4,  /* the peer sent an authenticated close or 0x03 */
};

/* A growable byte buffer the session appends to.  The caller owns it,
 * consumes from the front as it likes (reset len), and frees data with
 * qstp_buf_free.  Appends that cannot allocate return QSTP_ERR_NOMEM. */
typedef struct qstp_buf {
	uint8_t *data;
	size_t len, cap;
} qstp_buf;

void qstp_buf_free(qstp_buf *b);
/* Removes the first n bytes (n <= len). */
void qstp_buf_consume(qstp_buf *b, size_t n);

/* Server identity: the root certificate, the server's signed certificate and
 * its secret key, checked to belong together (12b), with sch0 and the
 * signing key's expanded form (qstp_mldsa_prepare_sk, 80 KiB) precomputed.
 * Immutable once made; share one among all sessions and threads.  Sessions
 * hold a reference, so a reload (SIGHUP) can swap in a new identity while
 * established sessions keep theirs. Inputs are binary or armoured. */
typedef struct qstp_server_identity qstp_server_identity;
int qstp_server_identity_new(qstp_server_identity **out, const uint8_t *root, size_t rootlen,
                             const uint8_t *cert, size_t certlen, const uint8_t *key,
                             size_t keylen, uint64_t now);
void qstp_server_identity_ref(qstp_server_identity *id);
void qstp_server_identity_unref(qstp_server_identity *id);
const qstp_config_set *qstp_server_identity_set(const qstp_server_identity *id);
const qstp_server_cert *qstp_server_identity_cert(const qstp_server_identity *id);

/* Client trust: the root certificate and the server certificate the client
 * wants to reach, verified with the full checks of 12b at creation (the
 * error says which check failed), with sch0 and the server's verification
 * key's expanded form (qstp_mldsa_prepare_pk, 66 KiB) precomputed: make one
 * per server and reuse it for every connection.  Immutable. */
typedef struct qstp_client_trust qstp_client_trust;
int qstp_client_trust_new(qstp_client_trust **out, const uint8_t *root, size_t rootlen,
                          const uint8_t *cert, size_t certlen, uint64_t now);
void qstp_client_trust_free(qstp_client_trust *t);

typedef struct qstp_session_options {
	qstp_random_fn random;   /* NULL: the system source */
	void *random_ctx;
} qstp_session_options;

typedef struct qstp_session qstp_session;

/* Create a session; NULL on allocation failure.  `opt` may be NULL.  A
 * client session keeps a pointer to `trust`, which must outlive it; a server
 * session holds a reference to `id`. */
qstp_session *qstp_session_new_client(const qstp_client_trust *trust, const qstp_session_options *opt);
qstp_session *qstp_session_new_server(qstp_server_identity *id, const qstp_session_options *opt);
/* Wipes and frees everything the session holds. NULL is allowed. */
void qstp_session_free(qstp_session *s);

/* Client: writes the connect request (5.2) to out. */
int qstp_session_start(qstp_session *s, uint64_t now, qstp_buf *out);

/* Feeds received bytes.  Consumes up to *inlen bytes and sets *inlen to the
 * number consumed (less than offered only when a step is pending or the
 * session closed).  Appends packets to send to `out` and delivered plaintext
 * to `app`.  Returns 0 (including "need more bytes"), or the sticky error. */
int qstp_session_input(qstp_session *s, const uint8_t *in, size_t *inlen, uint64_t now,
                       qstp_buf *out, qstp_buf *app);

/* Performs the pending expensive step (QSTP_WANT_WORK) and appends its
 * packet, if any, to out. Returns 0 or the sticky error. */
int qstp_session_work(qstp_session *s, uint64_t now, qstp_buf *out);

/* Established only: seals len bytes as data packets (split at
 * QSTP_PAYLOAD_MAX; len 0 sends nothing) and appends them to out. */
int qstp_session_send(qstp_session *s, const uint8_t *data, size_t len, uint64_t now, qstp_buf *out);

/* Established only: initiates a symmetric ratchet (10.1) with a fresh token
 * from the random source; the session re-keys right after writing it. */
int qstp_session_ratchet(qstp_session *s, uint64_t now, qstp_buf *out);

/* Sends the encrypted close (7.3, code 0x00) when established, then marks
 * the session closed.  Before establishment it sends nothing. */
int qstp_session_close(qstp_session *s, uint64_t now, qstp_buf *out);

unsigned qstp_session_flags(const qstp_session *s);
int qstp_session_error(const qstp_session *s);
/* The code of the peer's authenticated close (0x00 normal), or -1 if none. */
int qstp_session_peer_code(const qstp_session *s);
/* The protocol error code (PROTOCOL.md 3.3) for a QSTP_ERR_* value. */
uint8_t qstp_error_to_wire(int err);
/* Name of a protocol error code ("packet_unsequenced", ...). */
const char *qstp_wire_error_name(uint8_t code);

/* Counters and sizes for tests, logs and benchmarks. */
typedef struct qstp_session_info {
	uint64_t txseq, rxseq;
	uint64_t ratchets;
	size_t state_bytes;          /* bytes the session holds now, buffers included */
	uint8_t server_serial[16];   /* the certificate serial of this connection */
} qstp_session_info;
void qstp_session_get_info(const qstp_session *s, qstp_session_info *info);

#ifdef __cplusplus
}
#endif
#endif
