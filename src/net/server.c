/*
 * The server's connections (the loop that drives them is loop.c): see net.h
 * for the architecture; this file is the per-connection life cycle:
 *
 *   accept -> limits -> handshake (input / park for work / resume) ->
 *   established (service: echo) -> close (peer, error, timeout, shutdown)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"

static const char *hex_serial(char out[2 * QSTP_NET_SERIAL_BYTES + 1], conn *c)
{
	uint8_t s[QSTP_NET_SERIAL_BYTES];
	/* A worker owns the session while its step runs: do not read it. */
	if (c->busy)
		return "-";
	c->lp->srv->cfg.proto->serial(c->sess, s);
	qstp_net_hex(out, s, sizeof s);
	return out;
}

/* ---- epoll interest ---- */

/* Interest is changed lazily: parking a connection for a work step keeps
 * EPOLLIN (the handshake is lock-step, so a well-behaved peer sends nothing
 * until the answer; parking and resuming would otherwise cost two
 * epoll_ctl calls per step).  Input that does arrive while parked is read
 * into pend_in (conn_on_readable_parked) until QSTP_NET_PARKED_IN_MAX,
 * and only then is EPOLLIN dropped until the step returns. */
static void set_events(conn *c)
{
	struct epoll_event ev;
	uint32_t want = 0;
	if (c->fd < 0)
		return;
	if (c->pend_out.len < QSTP_NET_PENDING_MAX &&
	    !(c->busy && (c->pend_in.len >= QSTP_NET_PARKED_IN_MAX || c->parked_eof)))
		want |= EPOLLIN;
	if (c->pend_out.len)
		want |= EPOLLOUT;
	if (want == c->events)
		return;
	ev.events = want;
	ev.data.ptr = c;
	if (epoll_ctl(c->lp->ep, EPOLL_CTL_MOD, c->fd, &ev) == 0)
		c->events = want;
}

/* Writes `n` bytes (after anything already pending); keeps what the socket
 * does not take.  Returns -1 if the connection broke. */
static int conn_write(conn *c, const uint8_t *p, size_t n)
{
	if (c->fd < 0)
		return -1;
	if (nbuf_write(&c->pend_out, c->fd, p, n) != 0)
		return -1;
	set_events(c);
	return 0;
}

int conn_flush_scratch(conn *c)
{
	loop *lp = c->lp;
	int r = conn_write(c, lp->out.data, lp->out.len);
	lp->out.len = 0;
	return r;
}

void conn_on_writable(conn *c)
{
	if (nbuf_flush(&c->pend_out, c->fd) != 0) {
		conn_close(c, CLOSE_PEER, "write failed");
		return;
	}
	set_events(c);
}

/* ---- life cycle ---- */

void conn_free(conn *c)
{
	const qstp_net_proto *pr = c->lp->srv->cfg.proto;
	pr->free(c->sess);
	nbuf_free(&c->pend_out);
	nbuf_free(&c->pend_in);
	free(c);
}

void conn_close(conn *c, int why, const char *reason)
{
	loop *lp = c->lp;
	qstp_server *srv = lp->srv;
	char peer[64], ser[2 * QSTP_NET_SERIAL_BYTES + 1];

	if (c->closed)
		return;
	c->closed = 1;
	/* Every branch below logs at INFO or WARNING: skip the formatting when
	 * neither is on (a benchmark at --log-level err). */
	peer[0] = ser[0] = 0;
	if (qstp_log_level() >= QSTP_LOG_WARNING)
		net_addr_str(peer, sizeof peer, &c->peer);
	if (c->established) {
		lp->ctr.established--;
		if (why == CLOSE_PEER)
			lp->ctr.closed_by_peer++;
		else if (why == CLOSE_TIMEOUT)
			lp->ctr.idle_timeouts++;
		else if (why == CLOSE_SHUTDOWN)
			lp->ctr.closed_shutdown++;
		else
			lp->ctr.closed_error++;
		if (why == CLOSE_ERROR && qstp_log_level() >= QSTP_LOG_WARNING)
			qstp_log_limited(&lp->rl, lp->now_ms, QSTP_LOG_WARNING,
			                 "peer %s serial %s: tunnel closed: %s", peer, hex_serial(ser, c), reason);
		else if (why != CLOSE_ERROR && qstp_log_level() >= QSTP_LOG_INFO)
			qstp_log(QSTP_LOG_INFO, "peer %s serial %s: tunnel closed: %s (in %llu B, out %llu B)",
			         peer, hex_serial(ser, c), reason, (unsigned long long)c->bytes_in,
			         (unsigned long long)c->bytes_out);
	} else {
		__atomic_fetch_sub(&srv->handshakes, 1, __ATOMIC_RELAXED);
		if (why == CLOSE_TIMEOUT)
			lp->ctr.handshake_timeouts++;
		else if (why == CLOSE_PEER || why == CLOSE_SHUTDOWN)
			lp->ctr.handshake_aborted++;
		else if (why != CLOSE_REFUSED)   /* refusals have their own counters */
			lp->ctr.handshakes_failed++;
		if (qstp_log_level() >= QSTP_LOG_WARNING)
			qstp_log_limited(&lp->rl, lp->now_ms,
			                 why == CLOSE_SHUTDOWN ? QSTP_LOG_INFO : QSTP_LOG_WARNING,
			                 "peer %s serial %s: handshake failed: %s", peer, hex_serial(ser, c),
			                 reason);
	}
	__atomic_fetch_sub(&srv->conns, 1, __ATOMIC_RELAXED);
	lp->ctr.connections--;
	net_heap_del(&lp->heap, &c->timer);
	if (c->fd >= 0) {
		close(c->fd);   /* also leaves the epoll set */
		c->fd = -1;
	}
	/* unlink */
	if (c->prev)
		c->prev->next = c->next;
	else
		lp->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = NULL;
	/* A connection whose work step is running is freed when it returns;
	 * others after the current event batch, which may still name them. */
	if (!c->busy) {
		c->next = lp->graveyard;
		lp->graveyard = c;
	} else {
		c->next = NULL;
	}
}

/* Words for the handshake failures a server operator sees most. */
static const char *why_words(int err)
{
	switch (err) {
	case QSTP_ERR_PROTO_KEY_UNKNOWN:
		return "key_unrecognized: the client asked for another server certificate (serial)";
	case QSTP_ERR_PROTO_CONFIG:
		return "unknown_protocol: the client uses another configuration set";
	case QSTP_ERR_PROTO_TIME:
		return "message_time_invalid: the client's clock is off by more than 60 s";
	case QSTP_ERR_PROTO_PEER_ERROR:
		return "connection_failure: the client reported an error";
	default:
		return qstp_strerror(err);
	}
}

static void fail(conn *c, int err)
{
	/* The error packet of 5.8, if the session produced one, goes first. */
	(void)conn_flush_scratch(c);
	conn_close(c, CLOSE_ERROR, why_words(err));
}

static void on_established(conn *c)
{
	loop *lp = c->lp;
	qstp_server *srv = lp->srv;
	char peer[64], ser[2 * QSTP_NET_SERIAL_BYTES + 1];

	c->established = 1;
	__atomic_fetch_sub(&srv->handshakes, 1, __ATOMIC_RELAXED);
	lp->ctr.handshakes_ok++;
	lp->ctr.established++;
	if (qstp_log_level() >= QSTP_LOG_INFO) {
		net_addr_str(peer, sizeof peer, &c->peer);
		qstp_log(QSTP_LOG_INFO, "peer %s serial %s: tunnel established", peer,
		         hex_serial(ser, c));
	}
	c->last_ms = lp->now_ms;
	if (srv->cfg.idle_timeout_ms)
		(void)net_heap_set(&lp->heap, &c->timer, lp->now_ms + srv->cfg.idle_timeout_ms);
	else
		net_heap_del(&lp->heap, &c->timer);
}

static void job_run(net_job *nj);
static void feed(conn *c, const uint8_t *data, size_t n);

/* Hands the connection's work step to the pool and parks it, or runs the
 * step right here when no tunnel of this loop is established.
 *
 * Inline steps save two thread hand-offs per step (waking a worker, and
 * the worker waking the loop through the eventfd): about half the
 * server's context switches per handshake under load.  They keep the
 * rule that handshake crypto never stalls an established tunnel: a
 * connection lives in one loop for its whole life and only this loop's
 * thread establishes it, so a loop with no established tunnel when the
 * step starts has none until the step ends.  What waits meanwhile is
 * other handshakes and accepts of this loop, for one step. */
static void submit(conn *c)
{
	loop *lp = c->lp;
	job *j = calloc(1, sizeof *j);

	if (j == NULL) {
		fail(c, QSTP_ERR_NOMEM);
		return;
	}
	j->base.fn = job_run;
	j->c = c;
	if (lp->ctr.established == 0 && !lp->srv->cfg.pool_only) {
		c->busy = 1;
		lp->busy++;
		lp->ctr.inline_steps++;
		j->r = lp->srv->cfg.proto->work(c->sess, qstp_net_unix_s(), &j->out);
		lp->now_ms = qstp_net_now_ms();
		lp->now_s = qstp_net_unix_s();
		conn_job_done(j);
		return;
	}
	c->busy = 1;
	lp->busy++;
	if (net_pool_submit(lp->srv->pool, &j->base) != 0) {
		c->busy = 0;
		lp->busy--;
		free(j);
		lp->ctr.refused_queue++;
		conn_close(c, CLOSE_REFUSED, "server busy: worker queue full");
		return;
	}
	set_events(c);
}

/* Worker thread: run the expensive step, then post the job back to its loop. */
static void job_run(net_job *nj)
{
	job *j = (job *)nj;
	loop *lp = j->c->lp;
	uint64_t one = 1;

	int wake;

	j->r = lp->srv->cfg.proto->work(j->c->sess, qstp_net_unix_s(), &j->out);
	pthread_mutex_lock(&lp->mu);
	/* Only the job that makes the list non-empty may need to wake the
	 * loop (a non-empty list is taken whole, with it), and only while the
	 * loop sleeps or is about to: an awake loop takes the list after its
	 * current batch.  seq_cst store, then load: see loop_run. */
	wake = lp->done == NULL;
	j->done_next = lp->done;
	__atomic_store_n(&lp->done, j, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&lp->mu);
	if (wake && __atomic_load_n(&lp->sleeping, __ATOMIC_SEQ_CST) &&
	    write(lp->wfd, &one, sizeof one) < 0) {
		/* The eventfd counter cannot overflow at our rates; nothing to do. */
	}
}

void conn_job_done(job *j)
{
	conn *c = j->c;
	loop *lp = c->lp;
	const qstp_net_proto *pr = lp->srv->cfg.proto;
	nbuf in;

	c->busy = 0;
	c->parked_eof = 0;
	lp->busy--;
	if (c->closed) {
		c->next = lp->graveyard;
		lp->graveyard = c;
		goto out;
	}
	if (conn_write(c, j->out.data, j->out.len) != 0) {
		conn_close(c, CLOSE_PEER, "peer disconnected");
		goto out;
	}
	if (j->r != 0) {
		fail(c, j->r);
		goto out;
	}
	if ((pr->flags(c->sess) & QSTP_ESTABLISHED) && !c->established)
		on_established(c);
	/* Input that arrived while the step ran. */
	in = c->pend_in;
	memset(&c->pend_in, 0, sizeof c->pend_in);
	if (in.len)
		feed(c, in.p, in.len);
	else
		feed(c, NULL, 0);
	free(in.p);
out:
	pr->buf_free(&j->out);
	free(j);
}

/* The service run on delivered plaintext: echo (the reference server's).
 * Forwarding (issue 8) replaces this with a write to the target socket. */
static int service(conn *c, const uint8_t *data, size_t len)
{
	loop *lp = c->lp;
	c->bytes_in += len;
	lp->ctr.bytes_in += len;
	c->bytes_out += len;
	lp->ctr.bytes_out += len;
	return lp->srv->cfg.proto->send(c->sess, data, len, lp->now_s, &lp->out);
}

static void feed(conn *c, const uint8_t *data, size_t n)
{
	loop *lp = c->lp;
	const qstp_net_proto *pr = lp->srv->cfg.proto;

	for (;;) {
		size_t used = n;
		unsigned fl;
		int r = 0;

		if (n > 0 || data == NULL) {
			if (n > 0)
				r = pr->input(c->sess, data, &used, lp->now_s, &lp->out, &lp->app);
			else
				used = 0;
			data = data ? data + used : NULL;
			n -= used;
		}
		if (r == 0 && lp->app.len) {
			r = service(c, lp->app.data, lp->app.len);
			lp->app.len = 0;
		}
		if (r != 0) {
			fail(c, r);
			return;
		}
		fl = pr->flags(c->sess);
		if ((fl & QSTP_ESTABLISHED) && !c->established)
			on_established(c);
		if (fl & QSTP_CLOSED) {
			(void)conn_flush_scratch(c);
			conn_close(c, CLOSE_PEER, (fl & QSTP_PEER_CLOSED) ? "closed by peer" : "closed");
			return;
		}
		if (fl & QSTP_WANT_WORK) {
			if (n > 0 && nbuf_append(&c->pend_in, data, n) != 0) {
				fail(c, QSTP_ERR_NOMEM);
				return;
			}
			if (conn_flush_scratch(c) != 0) {
				conn_close(c, CLOSE_PEER, "peer disconnected");
				return;
			}
			submit(c);
			return;
		}
		if (n == 0 || used == 0)
			break;
	}
	if (conn_flush_scratch(c) != 0)
		conn_close(c, CLOSE_PEER, "peer disconnected");
}

/* Input while a work step runs: kept for the resume (set_events' comment). */
void conn_on_readable_parked(conn *c)
{
	loop *lp = c->lp;
	size_t room = QSTP_NET_PARKED_IN_MAX - c->pend_in.len;
	ssize_t n;

	if (c->pend_in.len >= QSTP_NET_PARKED_IN_MAX)
		return;
	do
		n = recv(c->fd, lp->rbuf, room < QSTP_NET_READ_BYTES ? room : QSTP_NET_READ_BYTES, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n < 0) {
		conn_close(c, CLOSE_PEER, "connection reset");
		return;
	}
	if (n == 0) {
		/* A half-close: the step's answer still goes out, and the
		 * resumed connection reads the end of input again. */
		c->parked_eof = 1;
		set_events(c);
		return;
	}
	if (nbuf_append(&c->pend_in, lp->rbuf, (size_t)n) != 0) {
		conn_close(c, CLOSE_ERROR, qstp_strerror(QSTP_ERR_NOMEM));
		return;
	}
	set_events(c);
}

void conn_on_readable(conn *c)
{
	loop *lp = c->lp;
	ssize_t n;

	do
		n = recv(c->fd, lp->rbuf, QSTP_NET_READ_BYTES, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		conn_close(c, CLOSE_PEER, n == 0 ? "peer disconnected" : "connection reset");
		return;
	}
	if (c->established) {
		c->last_ms = lp->now_ms;
	}
	feed(c, lp->rbuf, (size_t)n);
}
