/*
 * qstp net layer: the only code with sockets (DESIGN.md "Server threading").
 *
 * The protocol is reached through a table of functions (qstp_net_proto) rather
 * than by calling qstp_session_* directly.  In the tool the table is the
 * sans-I/O session core (tools/qstp/session_ops.c); in the unit tests it is a
 * small framing protocol with the same shape (a WANT_WORK step, then data), so
 * the event loop, timers, worker pool and limits are tested on their own.
 * Later services (port forwarding, issue 8) plug in as another `service`.
 *
 * Server architecture (qstp_server_start):
 *   - one epoll event loop thread per core, each with its own listening socket
 *     bound with SO_REUSEPORT (the kernel spreads accepted connections); a
 *     connection lives in one loop for its whole life, so the data path takes
 *     no locks.  Level-triggered epoll.
 *   - a timer min-heap per loop: one timer per connection (handshake deadline,
 *     then idle timeout, re-armed lazily), never a scan of all connections.
 *   - a bounded worker pool runs qstp_session_work() (ML-KEM keygen + ML-DSA
 *     sign, decapsulation).  The connection is parked (not read) meanwhile;
 *     when the queue is full, the handshake is refused at once and counted.
 *     A loop with no established tunnel runs the step itself instead (no
 *     tunnel of it can stall: only its own thread establishes them), which
 *     saves the two thread hand-offs (server.c, submit).
 *   - limits: concurrent handshakes, handshakes per source address per second,
 *     maximum connections; RLIMIT_NOFILE raised at start.
 *   - no per-connection buffer while idle: reads go to a per-loop scratch
 *     buffer; a connection holds a buffer only for bytes the socket did not
 *     take yet, or input that arrived while its work step was pending.
 */
#ifndef QSTP_NET_H
#define QSTP_NET_H

#include <stddef.h>
#include <stdint.h>

#include "qstp/session.h"

enum {
	QSTP_NET_HANDSHAKE_TIMEOUT_MS = 10000,   /* PROTOCOL.md 12e */
	QSTP_NET_IDLE_TIMEOUT_MS = 0,            /* 0: none; TCP keepalive watches idle tunnels */
	QSTP_NET_MAX_CONNS = 100000,
	QSTP_NET_MAX_HANDSHAKES = 4096,          /* concurrent, all loops */
	QSTP_NET_QUEUE_MAX = 2048,               /* worker queue cap */
	QSTP_NET_SOURCE_RATE = 0,                /* handshakes/s per source address, 0: unlimited */
	QSTP_NET_PENDING_MAX = 256 * 1024,       /* stop reading while this much output is unsent */
	QSTP_NET_READ_BYTES = 64 * 1024,         /* per-loop scratch read buffer */
	QSTP_NET_PARKED_IN_MAX = 16 * 1024,      /* input kept while a work step runs */
	QSTP_NET_KEEPIDLE_S = 60,                /* TCP keepalive, PROTOCOL.md 12e */
	QSTP_NET_KEEPINTVL_S = 10,
	QSTP_NET_KEEPCNT = 6,
	QSTP_NET_SERIAL_BYTES = 16,
};

/* The protocol a connection runs: the session.h functions, or a test double.
 * Every function has the meaning of its qstp_session_* namesake. */
typedef struct qstp_net_proto {
	void *(*new_server)(void *ctx);
	void *(*new_client)(void *ctx);
	void (*free)(void *s);
	int (*start)(void *s, uint64_t now, qstp_buf *out);
	int (*input)(void *s, const uint8_t *in, size_t *inlen, uint64_t now, qstp_buf *out,
	             qstp_buf *app);
	int (*work)(void *s, uint64_t now, qstp_buf *out);
	int (*send)(void *s, const uint8_t *data, size_t len, uint64_t now, qstp_buf *out);
	int (*close)(void *s, uint64_t now, qstp_buf *out);
	unsigned (*flags)(const void *s);
	int (*error)(const void *s);
	/* The certificate serial of the connection (for logs). */
	void (*serial)(const void *s, uint8_t out[QSTP_NET_SERIAL_BYTES]);
	void (*buf_free)(qstp_buf *b);
} qstp_net_proto;

/* ---- logging (log.c): stderr, syslog level names, one line per event ---- */
enum { QSTP_LOG_ERR = 3, QSTP_LOG_WARNING = 4, QSTP_LOG_NOTICE = 5, QSTP_LOG_INFO = 6,
       QSTP_LOG_DEBUG = 7 };
void qstp_log_set_level(int level);
int qstp_log_level(void);
/* "err", "warning", "notice", "info", "debug" (also "error", "warn"); -1 if unknown. */
int qstp_log_level_parse(const char *name);
void qstp_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A token bucket limiting repeated log lines: at most `burst` lines, refilled
 * at `per_s` lines per second; suppressed lines are counted and reported with
 * the next line that passes.  Not thread-safe: one per loop. */
typedef struct qstp_log_limit {
	uint64_t last_ms;
	double tokens;
	uint32_t per_s, burst;
	uint64_t suppressed;
} qstp_log_limit;
void qstp_log_limited(qstp_log_limit *rl, uint64_t now_ms, int level, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Lower-case hex of b[0..n-1] into out (2n + 1 bytes, NUL-terminated):
 * certificate serials in logs, status and the CLI (sock.c). */
void qstp_net_hex(char *out, const uint8_t *b, size_t n);

/* ---- clocks ---- */
uint64_t qstp_net_now_ms(void);   /* CLOCK_MONOTONIC, milliseconds */
uint64_t qstp_net_unix_s(void);   /* CLOCK_REALTIME, Unix seconds (the protocol's clock) */

/* ---- sockets (sock.c) ---- */
/* Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft
 * limit and logs a warning when it stays below `want`. */
long qstp_net_raise_nofile(long want);
/* Connects to host:port (any address family, each address tried) within
 * timeout_ms; returns a connected, non-blocking socket or -1 with a reason
 * in err. */
int qstp_net_connect(const char *host, uint16_t port, unsigned timeout_ms, char *err, size_t errlen);
/* Keepalive (12e) and TCP_NODELAY on a connected socket. */
void qstp_net_tune(int fd);

/* ---- server (server.c) ---- */
typedef struct qstp_server_config {
	const char *listen_addr;        /* NULL: "::" (IPv6 and IPv4) */
	uint16_t port;                  /* 0: any free port (qstp_server_port tells which) */
	unsigned loops;                 /* 0: one per online CPU */
	unsigned workers;               /* 0: one per online CPU */
	unsigned queue_max;             /* worker queue cap (QSTP_NET_QUEUE_MAX if 0) */
	unsigned max_handshakes;        /* concurrent handshakes (QSTP_NET_MAX_HANDSHAKES if 0) */
	unsigned max_conns;             /* connections (QSTP_NET_MAX_CONNS if 0) */
	unsigned source_rate;           /* handshakes/s per source address, 0 unlimited */
	unsigned handshake_timeout_ms;  /* 0: QSTP_NET_HANDSHAKE_TIMEOUT_MS */
	unsigned idle_timeout_ms;       /* 0: none */
	unsigned pool_only;             /* 1: every work step on the pool, none inline (tests) */
	const qstp_net_proto *proto;
	void *proto_ctx;                /* passed to proto->new_server */
} qstp_server_config;

/* Counters of one loop; qstp_server_counters sums them over the loops. */
typedef struct qstp_net_counters {
	uint64_t accepted;
	uint64_t refused_conns;       /* max_conns reached */
	uint64_t refused_handshakes;  /* concurrent handshake cap reached */
	uint64_t refused_queue;       /* worker queue full */
	uint64_t refused_rate;        /* per-source rate exceeded */
	uint64_t handshakes_ok;
	uint64_t handshakes_failed;   /* protocol or certificate failure */
	uint64_t handshake_timeouts;
	uint64_t handshake_aborted;   /* peer disconnected mid-handshake */
	uint64_t idle_timeouts;
	uint64_t closed_by_peer;      /* established, peer closed (encrypted close or TCP) */
	uint64_t closed_error;        /* established, protocol error */
	uint64_t closed_shutdown;     /* established, closed by us at shutdown */
	uint64_t bytes_in, bytes_out; /* application bytes */
	uint64_t inline_steps;        /* work steps run on the loop thread (no tunnel established) */
	uint64_t established;         /* established now */
	uint64_t connections;         /* open now */
} qstp_net_counters;

typedef struct qstp_server qstp_server;

/* Binds, starts the loops and workers, and returns; the server then runs
 * until qstp_server_stop. Returns 0 or QSTP_ERR_* (with a logged reason). */
int qstp_server_start(qstp_server **out, const qstp_server_config *cfg);
uint16_t qstp_server_port(const qstp_server *srv);
/* Asks every loop to log its counters (one line each, at notice level); each
 * loop reads only its own counters, so this takes no lock. */
void qstp_server_log_counters(qstp_server *srv);
/* Closes every tunnel (encrypted close for established ones), waits for the
 * loops and workers, and frees the server.  Counters are summed into *sum
 * (may be NULL) before freeing. */
void qstp_server_stop(qstp_server *srv, qstp_net_counters *sum);

/* ---- client (client.c) ---- */
typedef struct qstp_client_config {
	const char *host;
	uint16_t port;
	unsigned connect_timeout_ms;
	unsigned handshake_timeout_ms;
	unsigned wait_ms;      /* after input EOF: wait this long for replies (0: close at once) */
	int in_fd, out_fd;     /* application data: read from in_fd, replies to out_fd */
	const qstp_net_proto *proto;
	void *proto_ctx;       /* passed to proto->new_client */
} qstp_client_config;

typedef struct qstp_client_result {
	uint64_t bytes_sent, bytes_received;
	int err;               /* 0 or the QSTP_ERR_* that ended the session */
	int interrupted;       /* SIGINT/SIGTERM ended it (an encrypted close was sent) */
	char reason[320];      /* what failed, in words */
} qstp_client_result;

/* Connects, runs the handshake (work steps inline), then copies in_fd to the
 * tunnel and the tunnel to out_fd until in_fd reaches EOF (then waits up to
 * wait_ms, stopping early once as many bytes came back as were sent), a
 * signal (SIGINT/SIGTERM, which the caller blocks), or the peer closes.
 * Ends with the encrypted close.  Returns 0 or QSTP_ERR_*; res says why. */
int qstp_client_run(const qstp_client_config *cfg, qstp_client_result *res);

#endif
