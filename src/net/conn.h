/* Server internals: the loop and connection structures (server.c, server_main.c). */
#ifndef QSTP_NET_CONN_H
#define QSTP_NET_CONN_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "net.h"
#include "qstp/errors.h"
#include "nbuf.h"


typedef struct loop loop;

/* One connection, about 150 bytes plus the session. */
typedef struct conn {
	net_timer timer;        /* handshake deadline, then idle timeout */
	int fd;                 /* -1 once closed */
	uint32_t events;        /* current epoll interest */
	uint8_t busy;           /* a work step is on the pool: parked */
	uint8_t closed;
	uint8_t established;
	uint8_t parked_eof;     /* end of input seen while parked: handled on resume */
	void *sess;
	loop *lp;
	struct conn *prev, *next;   /* the loop's connections; `next` links the graveyard once closed */
	nbuf pend_out;          /* bytes the socket has not taken yet */
	nbuf pend_in;           /* input that arrived while parked */
	uint64_t last_ms;       /* last input (idle timeout) */
	uint64_t bytes_in, bytes_out;
	net_addr peer;
} conn;

static inline conn *conn_of_timer(net_timer *t)
{
	return (conn *)(void *)((char *)t - offsetof(conn, timer));
}

typedef struct job {
	net_job base;
	conn *c;
	qstp_buf out;
	int r;
	struct job *done_next;
} job;

struct loop {
	qstp_server *srv;
	int ep, lfd, wfd;
	char listen_tag, wake_tag;  /* epoll data pointers for the listener and the eventfd */
	pthread_t th;
	net_heap heap;
	conn *conns;
	conn *graveyard;            /* closed, freed after the current event batch */
	pthread_mutex_t mu;         /* guards done's updates */
	job *done;                  /* finished work steps (read unlocked with __atomic) */
	int sleeping;               /* in or about to enter epoll_wait (__atomic) */
	uint8_t *rbuf;
	qstp_buf out, app;          /* scratch, reused for every connection */
	qstp_net_counters ctr;
	qstp_log_limit rl;
	unsigned busy;
	int stopping;
	int dump;                   /* log the counters at the next wake (SIGUSR1) */
	unsigned idx;
	uint64_t now_ms, now_s;
};

struct qstp_server {
	qstp_server_config cfg;
	unsigned nloops;
	loop *loops;
	net_pool *pool;
	net_rate *rate;
	uint16_t port;
	unsigned conns, handshakes;  /* all loops, atomics */
};

enum { CLOSE_PEER = 1, CLOSE_ERROR, CLOSE_TIMEOUT, CLOSE_SHUTDOWN, CLOSE_REFUSED };

/* server.c: the connection life cycle. */
void conn_close(conn *c, int why, const char *reason);
void conn_free(conn *c);
void conn_on_readable(conn *c);
void conn_on_readable_parked(conn *c);
void conn_on_writable(conn *c);
/* Sends the loop's scratch output (appending what the socket does not take). */
int conn_flush_scratch(conn *c);
/* A work step came back from the pool. */
void conn_job_done(job *j);

/* loop.c: the thread body of one event loop. */
void *loop_run(void *arg);

#endif
