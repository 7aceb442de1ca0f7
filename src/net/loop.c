/*
 * The event loop: one thread per core, each with its own SO_REUSEPORT
 * listener, level-triggered epoll, and a timer heap (handshake deadlines,
 * idle timeouts).  Accepting applies the limits; connection events go to
 * server.c; finished work steps come back through the loop's eventfd.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"

static void on_accept(loop *lp)
{
	qstp_server *srv = lp->srv;
	const qstp_server_config *cfg = &srv->cfg;

	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		struct epoll_event ev;
		net_addr peer;
		char ps[64];
		conn *c;
		int fd = accept4(lp->lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				qstp_log_limited(&lp->rl, lp->now_ms, QSTP_LOG_ERR, "accept: %s", strerror(errno));
			return;
		}
		lp->ctr.accepted++;
		net_addr_from(&peer, &ss);
		/* The text form only when a line may be logged (one per connection otherwise). */
		ps[0] = 0;
		if (qstp_log_level() >= QSTP_LOG_WARNING)
			net_addr_str(ps, sizeof ps, &peer);
		if (__atomic_load_n(&srv->conns, __ATOMIC_RELAXED) >= cfg->max_conns) {
			lp->ctr.refused_conns++;
			qstp_log_limited(&lp->rl, lp->now_ms, QSTP_LOG_WARNING,
			                 "peer %s: refused: %u connections (the maximum)", ps, cfg->max_conns);
			close(fd);
			continue;
		}
		if (__atomic_load_n(&srv->handshakes, __ATOMIC_RELAXED) >= cfg->max_handshakes) {
			lp->ctr.refused_handshakes++;
			qstp_log_limited(&lp->rl, lp->now_ms, QSTP_LOG_WARNING,
			                 "peer %s: refused: %u handshakes in progress (the maximum)", ps,
			                 cfg->max_handshakes);
			close(fd);
			continue;
		}
		if (srv->rate && !net_rate_allow(srv->rate, &peer, lp->now_ms)) {
			lp->ctr.refused_rate++;
			qstp_log_limited(&lp->rl, lp->now_ms, QSTP_LOG_WARNING,
			                 "peer %s: refused: more than %u handshakes/s from this address", ps,
			                 cfg->source_rate);
			close(fd);
			continue;
		}
		c = calloc(1, sizeof *c);
		if (c == NULL || (c->sess = cfg->proto->new_server(cfg->proto_ctx)) == NULL) {
			free(c);
			close(fd);
			if (ps[0] == 0)
				net_addr_str(ps, sizeof ps, &peer);
			qstp_log_limited(&lp->rl, lp->now_ms, QSTP_LOG_ERR, "peer %s: out of memory", ps);
			continue;
		}
		/* Keepalive and TCP_NODELAY come from the listener (net_listen):
		 * Linux copies them to accepted sockets, which saves five
		 * setsockopt calls per connection. */
		c->fd = fd;
		c->lp = lp;
		c->peer = peer;
		c->events = EPOLLIN;
		ev.events = EPOLLIN;
		ev.data.ptr = c;
		if (epoll_ctl(lp->ep, EPOLL_CTL_ADD, fd, &ev) != 0 ||
		    net_heap_set(&lp->heap, &c->timer, lp->now_ms + cfg->handshake_timeout_ms) != 0) {
			close(fd);
			cfg->proto->free(c->sess);
			free(c);
			continue;
		}
		__atomic_fetch_add(&srv->conns, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&srv->handshakes, 1, __ATOMIC_RELAXED);
		lp->ctr.connections++;
		c->next = lp->conns;
		if (lp->conns)
			lp->conns->prev = c;
		lp->conns = c;
		if (qstp_log_level() >= QSTP_LOG_DEBUG)
			qstp_log(QSTP_LOG_DEBUG, "peer %s: connected", ps);
	}
}

static void on_timer(loop *lp, conn *c)
{
	const qstp_server_config *cfg = &lp->srv->cfg;
	if (!c->established) {
		conn_close(c, CLOSE_TIMEOUT, "handshake deadline passed");
		return;
	}
	/* Idle timers are re-armed lazily: activity only stamps last_ms. */
	if (c->last_ms + cfg->idle_timeout_ms > lp->now_ms) {
		(void)net_heap_set(&lp->heap, &c->timer, c->last_ms + cfg->idle_timeout_ms);
		return;
	}
	cfg->proto->close(c->sess, lp->now_s, &lp->out);
	(void)conn_flush_scratch(c);
	conn_close(c, CLOSE_TIMEOUT, "idle timeout");
}

static void shutdown_all(loop *lp)
{
	const qstp_net_proto *pr = lp->srv->cfg.proto;
	if (lp->lfd >= 0) {
		epoll_ctl(lp->ep, EPOLL_CTL_DEL, lp->lfd, NULL);
		close(lp->lfd);
		lp->lfd = -1;
	}
	while (lp->conns) {
		conn *c = lp->conns;
		if (c->established && !c->busy) {
			/* The encrypted close of 7.3, then TCP close. */
			if (pr->close(c->sess, lp->now_s, &lp->out) == 0)
				(void)conn_flush_scratch(c);
			lp->out.len = 0;
		}
		conn_close(c, CLOSE_SHUTDOWN, "server shutting down");
	}
}

void *loop_run(void *arg)
{
	loop *lp = arg;
	struct epoll_event evs[256];

	for (;;) {
		net_timer *t;
		int timeout = -1, n;

		lp->now_ms = qstp_net_now_ms();
		lp->now_s = qstp_net_unix_s();
		while ((t = net_heap_top(&lp->heap)) != NULL && t->when <= lp->now_ms)
			on_timer(lp, conn_of_timer(t));
		if (__atomic_exchange_n(&lp->dump, 0, __ATOMIC_ACQ_REL)) {
			const qstp_net_counters *k = &lp->ctr;
			qstp_log(QSTP_LOG_NOTICE,
			         "loop %u: %llu connections, %llu established; %llu accepted, %llu handshakes ok, "
			         "%llu failed, %llu timed out, %llu aborted; refused %llu (handshakes) %llu (queue) "
			         "%llu (rate) %llu (max conns); closed %llu by peer, %llu on error, %llu idle; "
			         "%llu bytes in, %llu out; %llu work steps inline",
			         lp->idx, (unsigned long long)k->connections, (unsigned long long)k->established,
			         (unsigned long long)k->accepted, (unsigned long long)k->handshakes_ok,
			         (unsigned long long)k->handshakes_failed, (unsigned long long)k->handshake_timeouts,
			         (unsigned long long)k->handshake_aborted, (unsigned long long)k->refused_handshakes,
			         (unsigned long long)k->refused_queue, (unsigned long long)k->refused_rate,
			         (unsigned long long)k->refused_conns, (unsigned long long)k->closed_by_peer,
			         (unsigned long long)k->closed_error, (unsigned long long)k->idle_timeouts,
			         (unsigned long long)k->bytes_in, (unsigned long long)k->bytes_out,
			         (unsigned long long)k->inline_steps);
		}
		if (__atomic_load_n(&lp->stopping, __ATOMIC_ACQUIRE)) {
			shutdown_all(lp);
			if (lp->busy == 0)
				break;
		}
		if ((t = net_heap_top(&lp->heap)) != NULL)
			timeout = (int)(t->when - lp->now_ms) + 1;
		/* Workers write the eventfd only while the loop sleeps (job_run):
		 * announce it, then look at the done list once more.  Both sides
		 * store then load with seq_cst, so either this load sees their
		 * job or they see `sleeping` and wake us. */
		__atomic_store_n(&lp->sleeping, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&lp->done, __ATOMIC_SEQ_CST) != NULL)
			timeout = 0;
		n = epoll_wait(lp->ep, evs, 256, timeout);
		__atomic_store_n(&lp->sleeping, 0, __ATOMIC_RELAXED);
		lp->now_ms = qstp_net_now_ms();
		lp->now_s = qstp_net_unix_s();
		for (int i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;
			uint32_t e = evs[i].events;
			if (p == &lp->listen_tag) {
				on_accept(lp);
			} else if (p == &lp->wake_tag) {
				/* Edge-triggered eventfd, never read (its counter
				 * cannot reach 2^64 - 1): the wake-up is all it
				 * carries; the done list is taken below. */
			} else {
				conn *c = p;
				/* Closed earlier in this batch: still allocated (graveyard). */
				if (c->closed)
					continue;
				if (e & EPOLLOUT)
					conn_on_writable(c);
				if (c->closed)
					continue;
				if (c->busy) {
					/* Parked: input is kept for the resume; a hang-up ends it. */
					if (e & (EPOLLHUP | EPOLLERR))
						conn_close(c, CLOSE_PEER, "peer disconnected");
					else if (e & EPOLLIN)
						conn_on_readable_parked(c);
				} else if (e & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
					conn_on_readable(c);
				}
			}
		}
		/* Finished work steps, whether or not they woke us. */
		if (__atomic_load_n(&lp->done, __ATOMIC_ACQUIRE) != NULL) {
			job *j;
			pthread_mutex_lock(&lp->mu);
			j = lp->done;
			__atomic_store_n(&lp->done, NULL, __ATOMIC_RELAXED);
			pthread_mutex_unlock(&lp->mu);
			while (j) {
				job *next = j->done_next;
				conn_job_done(j);
				j = next;
			}
		}
		while (lp->graveyard) {
			conn *c = lp->graveyard;
			lp->graveyard = c->next;
			conn_free(c);
		}
	}
	while (lp->graveyard) {
		conn *c = lp->graveyard;
		lp->graveyard = c->next;
		conn_free(c);
	}
	return NULL;
}
