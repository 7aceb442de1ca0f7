/*
 * Port forwarding (issue 8, DESIGN.md "Forwarding and back-pressure").
 *
 * One epoll event loop (the calling thread) runs every forwarded connection
 * of the process, both roles:
 *   - a SERVICE listens for QSTP tunnels (accept) and, once a tunnel is
 *     established, connects to its one configured target (connect).  The
 *     target is fixed by configuration: the server never connects anywhere
 *     else, so it is never an open proxy.
 *   - a LOCAL forward listens for plain TCP (accept, loopback by default)
 *     and opens one QSTP session per accepted connection to its server.
 * Handshake work steps (ML-KEM, ML-DSA) run on a bounded worker pool, as in
 * the echo server; the data path never blocks.
 *
 * Back-pressure: a socket is read only while the opposite side's unsent
 * bytes are below QSTP_FWD_PENDING_MAX.  One read adds at most
 * QSTP_FWD_TUN_READ_BYTES (a plain read of QSTP_FWD_READ_BYTES sealed into
 * packets, or one tunnel read), so each direction holds at most
 * PENDING_MAX + TUN_READ_BYTES, plus one partial packet in the session, and
 * a connection's buffers stay under QSTP_FWD_CONN_BOUND whatever the peers
 * do.
 *
 * Half-close: when one application closes its sending side, the bytes in
 * flight are delivered and the tunnel's TCP sending side is shut down; the
 * far end shuts down its target's sending side and keeps relaying the other
 * direction.  When both directions have ended, the side that finished last
 * sends the encrypted close (PROTOCOL.md 7.3).  Errors on either side tear
 * down both sockets (the plain one with a TCP reset) with a logged reason.
 *
 * Signals (taken with signalfd by the loop): SIGTERM/SIGINT close every
 * tunnel with an encrypted close and return; SIGHUP calls cfg->load again
 * and, if it succeeds, uses the new services, certificates and keys for new
 * connections only (established tunnels keep theirs).  A failed reload keeps
 * the running configuration.
 */
#ifndef QSTP_NET_FORWARD_H
#define QSTP_NET_FORWARD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "net.h"

enum {
	QSTP_FWD_SERVICE = 1,                  /* accept QSTP, connect plain */
	QSTP_FWD_LOCAL = 2,                    /* accept plain, connect QSTP */
	QSTP_FWD_PENDING_MAX = 128 * 1024,     /* stop reading the other side beyond this */
	/* One plain read: four full packets (QSTP_PAYLOAD_MAX each); one tunnel
	 * read: four whole packets (header and tag included).  Reads of several
	 * packets halve the syscalls and wake-ups per byte, and a tunnel read
	 * longer than a packet rarely splits one (a split packet is copied). */
	QSTP_FWD_READ_BYTES = 4 * 65504,
	QSTP_FWD_TUN_READ_BYTES = 4 * (65504 + 21 + 32),
	/* 852,136 bytes (832 KiB) */
	QSTP_FWD_CONN_BOUND = 2 * (QSTP_FWD_PENDING_MAX + QSTP_FWD_TUN_READ_BYTES) + 65536,
	QSTP_FWD_NAME_MAX = 64,
	QSTP_FWD_HOST_MAX = 256,
};

/* One service or local forward, as built by the configuration loader.  The
 * loader fills the public part; the engine owns it afterwards (reference
 * counted: connections keep theirs across reloads). */
typedef struct qstp_fwd_svc {
	int kind;                              /* QSTP_FWD_SERVICE or QSTP_FWD_LOCAL */
	char name[QSTP_FWD_NAME_MAX];
	char bind[QSTP_FWD_HOST_MAX];          /* listen address */
	uint16_t port;                         /* listen port (0: any free port) */
	char host[QSTP_FWD_HOST_MAX];          /* target (SERVICE) or server (LOCAL) */
	uint16_t tport;
	qstp_server_identity *id;              /* SERVICE: one reference, released by the engine */
	qstp_client_trust *trust;              /* LOCAL: owned, freed by the engine */
	uint64_t cert_expiry;                  /* valid_to of the server certificate (Unix s) */
	char cert_serial[33];                  /* its serial in hex */
	char cert_path[1024];     /* for warnings */
	/* engine private */
	int refs;
	int lfd;
	struct sockaddr_storage taddr;
	socklen_t taddrlen;
} qstp_fwd_svc;

typedef struct qstp_fwd_config {
	unsigned workers;                      /* handshake threads (0: one per CPU) */
	unsigned handshake_timeout_ms;         /* from accept to data flowing (0: 10 s) */
	unsigned max_conns;                    /* forwarded connections (0: 10000) */
	unsigned cert_warn_days;               /* warn this long before expiry (0: 30) */
	const char *status_path;               /* unix socket for `qstp status` (NULL: none) */
	const char *port_file;                 /* "NAME PORT" lines once listening (NULL: none) */
	const qstp_net_proto *proto;
	/* Builds the services (at start and on SIGHUP): a malloc'ed array of
	 * calloc'ed services.  Returns 0, or -1 after logging why. */
	int (*load)(void *ctx, qstp_fwd_svc ***svcs, size_t *n);
	void *load_ctx;
} qstp_fwd_config;

/* Runs the forwarder until SIGTERM or SIGINT (which the function blocks in
 * the calling thread; call it before starting other threads).  Returns 0 or
 * QSTP_ERR_* when it could not start (reason logged). */
int qstp_fwd_run(const qstp_fwd_config *cfg);

/* Frees a service the engine never adopted (loader error paths). */
void qstp_fwd_svc_free(qstp_fwd_svc *sv);

/* Tells systemd (NOTIFY_SOCKET, the sd_notify datagram protocol spoken
 * natively) a state line such as "READY=1"; does nothing without it. */
void qstp_sd_notify(const char *state);

#endif
