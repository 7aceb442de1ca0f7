/* Internal pieces of the net layer shared between its files. */
#ifndef QSTP_NET_INTERNAL_H
#define QSTP_NET_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* ---- timer min-heap (timer.c) ----
 * A timer is embedded in its owner; the heap holds pointers and each timer
 * knows its index, so add, remove and re-arm are O(log n). */
typedef struct net_timer {
	uint64_t when;   /* monotonic ms */
	uint32_t idx;    /* position in the heap + 1; 0: not armed */
} net_timer;

typedef struct net_heap {
	net_timer **v;
	uint32_t n, cap;
} net_heap;

/* Arms (or re-arms) t at `when`.  Returns 0 or -1 when it cannot grow. */
int net_heap_set(net_heap *h, net_timer *t, uint64_t when);
void net_heap_del(net_heap *h, net_timer *t);
/* The earliest timer, or NULL. */
net_timer *net_heap_top(const net_heap *h);
void net_heap_free(net_heap *h);

/* ---- worker pool (pool.c) ----
 * Jobs run fn(job) on one of the threads.  The queue holds at most `cap`
 * jobs; submit fails beyond it (the caller refuses the handshake). */
typedef struct net_job {
	void (*fn)(struct net_job *job);
	struct net_job *next;
} net_job;

typedef struct net_pool net_pool;
net_pool *net_pool_new(unsigned threads, unsigned cap);
/* 0, or -1 when the queue is full. */
int net_pool_submit(net_pool *p, net_job *job);
/* Runs every queued job, then joins the threads and frees the pool. */
void net_pool_free(net_pool *p);

/* ---- sockets (sock.c) ---- */
/* A non-blocking listening socket with SO_REUSEPORT on addr:port ("::" binds
 * IPv6 with IPv4-mapped addresses too).  -1 with a logged reason. */
int net_listen(const char *addr, uint16_t port);
uint16_t net_local_port(int fd);
/* Compact peer address for per-source limits and logs. */
typedef struct net_addr {
	uint8_t family;   /* 4 or 6 */
	uint8_t ip[16];
	uint16_t port;
} net_addr;
void net_addr_from(net_addr *a, const void *sa);
void net_addr_str(char *out, size_t outlen, const net_addr *a);

/* ---- per-source rate limiter (ratelimit.c) ----
 * Token buckets in a fixed, direct-mapped table shared by the loops (taken
 * only at accept, never on the data path).  A colliding address takes over
 * the slot with a full bucket, so the table never grows. */
typedef struct net_rate net_rate;
net_rate *net_rate_new(unsigned per_s, unsigned slots);
/* 1 if a handshake from addr is allowed now, 0 if over the rate. */
int net_rate_allow(net_rate *r, const net_addr *a, uint64_t now_ms);
void net_rate_free(net_rate *r);

#endif
