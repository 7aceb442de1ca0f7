/* Forwarder internals shared by forward.c (data path) and fwd_main.c (loop,
 * listeners, signals, reload, status). */
#ifndef QSTP_NET_FWD_INT_H
#define QSTP_NET_FWD_INT_H

#include <pthread.h>
#include <stdint.h>

#include "forward.h"
#include "internal.h"
#include "nbuf.h"

/* Tags at the start of every object registered with epoll. */
enum { T_SIDE = 1, T_LISTEN, T_WAKE, T_SIGNAL, T_STATUS_LISTEN, T_STATUS_CONN };


struct fconn;

/* One socket of a forwarded connection. */
typedef struct side {
	uint8_t tag;            /* T_SIDE */
	uint8_t connecting;     /* non-blocking connect in progress */
	uint8_t eof_in;         /* read EOF */
	uint8_t shut_out;       /* our sending side is shut down */
	int fd;
	uint32_t events;
	nbuf out;               /* bytes the socket has not taken yet */
	struct fconn *c;
} side;

typedef struct fwd fwd;

typedef struct fconn {
	net_timer timer;        /* deadline until data flows */
	fwd *fw;
	qstp_fwd_svc *sv;       /* a reference */
	void *sess;
	side tun, pl;           /* the QSTP socket and the plain one */
	nbuf pend_in;           /* tunnel input that arrived during a work step */
	uint8_t busy, closed, established, flowing, peer_closed, close_sent;
	uint64_t up, down;      /* plaintext bytes: plain -> tunnel, tunnel -> plain */
	uint64_t t0;            /* Unix s at accept */
	net_addr peer;
	struct fconn *prev, *next;
} fconn;

typedef struct fjob {
	net_job base;
	fconn *c;
	qstp_buf out;
	int r;
	struct fjob *done_next;
} fjob;

typedef struct ltag {
	uint8_t tag;            /* T_LISTEN */
	qstp_fwd_svc *sv;
} ltag;

struct fwd {
	qstp_fwd_config cfg;
	int ep, wfd, sfd, stfd;
	uint8_t wake_tag, sig_tag, status_tag;
	qstp_fwd_svc **svcs;    /* the running configuration */
	ltag *ltags;
	size_t nsvcs;
	net_pool *pool;
	net_heap heap;
	fconn *conns;
	fconn *graveyard;
	pthread_mutex_t mu;
	fjob *done;
	uint8_t *rbuf;
	qstp_buf out, app;
	unsigned nconns, busy;
	int stopping;
	uint64_t now_ms, now_s, started_s, next_cert_check_ms;
	qstp_log_limit rl;
	/* counters */
	uint64_t accepted, refused, established_total, failed, reloads;
	uint64_t bytes_up, bytes_down;
};

/* forward.c */
void fwd_accept(fwd *fw, qstp_fwd_svc *sv);
void fwd_side_event(side *s, uint32_t ev);
void fwd_job_done(fjob *j);
void fwd_timeout(fconn *c);
void fwd_abort(fconn *c, const char *reason);
void fwd_shutdown_conn(fconn *c);
void fwd_conn_free(fconn *c);
/* fwd_main.c */
void fwd_svc_put(qstp_fwd_svc *sv);
/* fwd_status.c: the status text or JSON into a malloc'ed string. */
char *fwd_status(fwd *fw, int json, size_t *len);

#endif
