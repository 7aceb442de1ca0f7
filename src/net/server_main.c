/* Server start and stop: listeners, loops, worker pool, counters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "conn.h"

static unsigned cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static int loop_init(loop *lp, qstp_server *srv, int lfd)
{
	struct epoll_event ev;

	lp->srv = srv;
	lp->lfd = lfd;
	lp->idx = (unsigned)(lp - srv->loops);
	lp->ep = epoll_create1(EPOLL_CLOEXEC);
	lp->wfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	lp->rbuf = malloc(QSTP_NET_READ_BYTES);
	pthread_mutex_init(&lp->mu, NULL);
	if (lp->ep < 0 || lp->wfd < 0 || lp->rbuf == NULL)
		return -1;
	ev.events = EPOLLIN;
	ev.data.ptr = &lp->listen_tag;
	if (epoll_ctl(lp->ep, EPOLL_CTL_ADD, lfd, &ev) != 0)
		return -1;
	/* Edge-triggered and never read: every write is a new event (loop.c). */
	ev.events = EPOLLIN | EPOLLET;
	ev.data.ptr = &lp->wake_tag;
	if (epoll_ctl(lp->ep, EPOLL_CTL_ADD, lp->wfd, &ev) != 0)
		return -1;
	return 0;
}

static void loop_fini(loop *lp)
{
	const qstp_net_proto *pr = lp->srv->cfg.proto;
	if (lp->lfd >= 0)
		close(lp->lfd);
	if (lp->ep >= 0)
		close(lp->ep);
	if (lp->wfd >= 0)
		close(lp->wfd);
	free(lp->rbuf);
	net_heap_free(&lp->heap);
	pr->buf_free(&lp->out);
	pr->buf_free(&lp->app);
	pthread_mutex_destroy(&lp->mu);
}

static void sum(qstp_net_counters *a, const qstp_net_counters *b)
{
	const uint64_t *q = (const uint64_t *)b;
	uint64_t *p = (uint64_t *)a;
	for (size_t i = 0; i < sizeof *a / sizeof(uint64_t); i++)
		p[i] += q[i];
}

int qstp_server_start(qstp_server **out, const qstp_server_config *cfg)
{
	qstp_server *srv = calloc(1, sizeof *srv);
	unsigned started = 0;

	*out = NULL;
	if (srv == NULL)
		return QSTP_ERR_NOMEM;
	srv->cfg = *cfg;
	if (srv->cfg.loops == 0)
		srv->cfg.loops = cpus();
	if (srv->cfg.workers == 0)
		srv->cfg.workers = cpus();
	if (srv->cfg.queue_max == 0)
		srv->cfg.queue_max = QSTP_NET_QUEUE_MAX;
	if (srv->cfg.max_handshakes == 0)
		srv->cfg.max_handshakes = QSTP_NET_MAX_HANDSHAKES;
	if (srv->cfg.max_conns == 0) {
		/* As many as the file limit allows (minus some for files and
		 * the loops' own descriptors), at most QSTP_NET_MAX_CONNS. */
		long lim = qstp_net_raise_nofile(0) - 64 - 4 * (long)srv->cfg.loops;
		srv->cfg.max_conns = lim < 16 ? 16 : lim > QSTP_NET_MAX_CONNS ? QSTP_NET_MAX_CONNS
		                                                             : (unsigned)lim;
	}
	if (srv->cfg.handshake_timeout_ms == 0)
		srv->cfg.handshake_timeout_ms = QSTP_NET_HANDSHAKE_TIMEOUT_MS;
	else
		qstp_net_raise_nofile((long)srv->cfg.max_conns + 64 + 4 * (long)srv->cfg.loops);
	srv->loops = calloc(srv->cfg.loops, sizeof *srv->loops);
	srv->pool = net_pool_new(srv->cfg.workers, srv->cfg.queue_max);
	if (srv->cfg.source_rate)
		srv->rate = net_rate_new(srv->cfg.source_rate, 65536);
	if (srv->loops == NULL || srv->pool == NULL || (srv->cfg.source_rate && srv->rate == NULL))
		goto fail;
	for (unsigned i = 0; i < srv->cfg.loops; i++) {
		loop *lp = &srv->loops[i];
		/* The first listener picks the port when 0 was asked; the others
		 * join it with SO_REUSEPORT. */
		int lfd = net_listen(srv->cfg.listen_addr, i == 0 ? srv->cfg.port : srv->port);
		lp->ep = lp->wfd = -1;
		lp->lfd = -1;
		if (lfd < 0)
			goto fail;
		if (i == 0)
			srv->port = net_local_port(lfd);
		srv->nloops = i + 1;
		if (loop_init(lp, srv, lfd) != 0) {
			qstp_log(QSTP_LOG_ERR, "event loop setup: %s", strerror(errno));
			goto fail;
		}
	}
	for (; started < srv->nloops; started++)
		if (pthread_create(&srv->loops[started].th, NULL, loop_run, &srv->loops[started]) != 0)
			goto fail;
	*out = srv;
	return 0;
fail:
	for (unsigned i = 0; i < started; i++) {
		uint64_t one = 1;
		__atomic_store_n(&srv->loops[i].stopping, 1, __ATOMIC_RELEASE);
		if (write(srv->loops[i].wfd, &one, sizeof one) < 0) {
			/* the loop also polls its stop flag on timers; nothing else to do */
		}
		pthread_join(srv->loops[i].th, NULL);
	}
	for (unsigned i = 0; i < srv->nloops; i++)
		loop_fini(&srv->loops[i]);
	net_pool_free(srv->pool);
	net_rate_free(srv->rate);
	free(srv->loops);
	free(srv);
	return QSTP_ERR_IO;
}

void qstp_server_log_counters(qstp_server *srv)
{
	for (unsigned i = 0; i < srv->nloops; i++) {
		uint64_t one = 1;
		__atomic_store_n(&srv->loops[i].dump, 1, __ATOMIC_RELEASE);
		if (write(srv->loops[i].wfd, &one, sizeof one) < 0) {
			/* cannot fail on a live eventfd */
		}
	}
}

uint16_t qstp_server_port(const qstp_server *srv)
{
	return srv->port;
}

void qstp_server_stop(qstp_server *srv, qstp_net_counters *total)
{
	qstp_net_counters s;

	memset(&s, 0, sizeof s);
	for (unsigned i = 0; i < srv->nloops; i++) {
		uint64_t one = 1;
		__atomic_store_n(&srv->loops[i].stopping, 1, __ATOMIC_RELEASE);
		if (write(srv->loops[i].wfd, &one, sizeof one) < 0) {
			/* cannot fail on a fresh eventfd */
		}
	}
	/* Loops wait for their parked connections' work to come back, so the
	 * pool still runs while they finish. */
	for (unsigned i = 0; i < srv->nloops; i++)
		pthread_join(srv->loops[i].th, NULL);
	net_pool_free(srv->pool);
	for (unsigned i = 0; i < srv->nloops; i++) {
		sum(&s, &srv->loops[i].ctr);
		loop_fini(&srv->loops[i]);
	}
	if (total)
		*total = s;
	net_rate_free(srv->rate);
	free(srv->loops);
	free(srv);
}
