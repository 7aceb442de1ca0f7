/*
 * The forwarder's data path: one connection = a QSTP socket (tun) and a
 * plain socket (pl) joined by a session.  See forward.h for the rules
 * (back-pressure bound, half-close, teardown).  Life cycle:
 *
 *   SERVICE: accept tun -> handshake (work on the pool) -> connect target
 *            -> flowing -> ends (both directions done, peer close, error)
 *   LOCAL:   accept pl -> connect server -> handshake -> flowing -> ends
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fwd_int.h"
#include "qstp/errors.h"

#define SIDE_RETIRED 0xffffffffu   /* events of a side that left the epoll set */

static const qstp_net_proto *proto(const fconn *c)
{
	return c->fw->cfg.proto;
}

static const char *name(const fconn *c)
{
	return c->sv->name;
}

/* ---- epoll interest ---- */

static uint32_t want_tun(const fconn *c)
{
	uint32_t w = 0;
	if (c->tun.connecting)
		return EPOLLOUT;
	if (c->tun.out.len)
		w |= EPOLLOUT;
	if (!c->busy && !c->tun.eof_in && !c->peer_closed && !c->close_sent &&
	    (!c->established || (c->flowing && c->pl.out.len < QSTP_FWD_PENDING_MAX)))
		w |= EPOLLIN;
	return w;
}

static uint32_t want_pl(const fconn *c)
{
	uint32_t w = 0;
	if (c->pl.connecting)
		return EPOLLOUT;
	if (c->pl.out.len)
		w |= EPOLLOUT;
	if (c->flowing && !c->pl.eof_in && !c->peer_closed && !c->close_sent && !c->tun.shut_out &&
	    c->tun.out.len < QSTP_FWD_PENDING_MAX)
		w |= EPOLLIN;
	return w;
}

static void set_side(fwd *fw, side *s, uint32_t want)
{
	struct epoll_event ev;
	if (s->fd < 0 || want == s->events || s->events == SIDE_RETIRED)
		return;
	ev.events = want;
	ev.data.ptr = s;
	if (epoll_ctl(fw->ep, EPOLL_CTL_MOD, s->fd, &ev) == 0)
		s->events = want;
}

/* A socket done both ways (EOF read, sending side shut, nothing pending)
 * leaves the epoll set: its hang-up would otherwise be reported on every
 * wait while the other side finishes. */
static void retire(fwd *fw, side *s)
{
	if (s->fd >= 0 && s->events != SIDE_RETIRED && s->eof_in && s->shut_out && s->out.len == 0) {
		(void)epoll_ctl(fw->ep, EPOLL_CTL_DEL, s->fd, NULL);
		s->events = SIDE_RETIRED;
	}
}

static void update(fconn *c)
{
	if (c->closed)
		return;
	retire(c->fw, &c->tun);
	retire(c->fw, &c->pl);
	set_side(c->fw, &c->tun, want_tun(c));
	set_side(c->fw, &c->pl, want_pl(c));
}

static int add_side(fwd *fw, side *s, uint32_t want)
{
	struct epoll_event ev;
	ev.events = want;
	ev.data.ptr = s;
	if (epoll_ctl(fw->ep, EPOLL_CTL_ADD, s->fd, &ev) != 0)
		return -1;
	s->events = want;
	return 0;
}

/* ---- writing ---- */

/* Sends what the socket takes now, keeps the rest; -1 if it broke. */
static int side_send(side *s, const uint8_t *p, size_t n)
{
	if (s->fd < 0 || s->connecting) /* not writable yet: keep it all */
		return n > 0 ? nbuf_append(&s->out, p, n) : 0;
	return nbuf_write(&s->out, s->fd, p, n);
}

static int side_flush(side *s)
{
	return nbuf_flush(&s->out, s->fd);
}

/* The session's scratch output to the tunnel socket. */
static int flush_out(fconn *c)
{
	fwd *fw = c->fw;
	int r = side_send(&c->tun, fw->out.data, fw->out.len);
	fw->out.len = 0;
	return r;
}

/* ---- ending ---- */

static void conn_close(fconn *c, int reset)
{
	fwd *fw = c->fw;
	if (c->closed)
		return;
	c->closed = 1;
	net_heap_del(&fw->heap, &c->timer);
	if (c->pl.fd >= 0) {
		if (reset) {
			struct linger lg = { 1, 0 };
			(void)setsockopt(c->pl.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		}
		close(c->pl.fd);
		c->pl.fd = -1;
	}
	if (c->tun.fd >= 0) {
		close(c->tun.fd);
		c->tun.fd = -1;
	}
	fw->nconns--;
	fw->bytes_up += c->up;
	fw->bytes_down += c->down;
	if (c->prev)
		c->prev->next = c->next;
	else
		fw->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = NULL;
	/* A connection whose work step is running is freed when it returns;
	 * others after the current event batch, which may still name them. */
	if (!c->busy) {
		c->next = fw->graveyard;
		fw->graveyard = c;
	} else {
		c->next = NULL;
	}
}

void fwd_conn_free(fconn *c)
{
	proto(c)->free(c->sess);
	nbuf_free(&c->tun.out);
	nbuf_free(&c->pl.out);
	nbuf_free(&c->pend_in);
	fwd_svc_put(c->sv);
	free(c);
}

static void log_end(fconn *c, int level, const char *what)
{
	char peer[64];
	net_addr_str(peer, sizeof peer, &c->peer);
	if (level <= QSTP_LOG_WARNING)
		qstp_log_limited(&c->fw->rl, c->fw->now_ms, level, "%s %s: peer %s: %s (up %llu B, down %llu B)",
		                 c->sv->kind == QSTP_FWD_SERVICE ? "service" : "forward", name(c), peer,
		                 what, (unsigned long long)c->up, (unsigned long long)c->down);
	else
		qstp_log(level, "%s %s: peer %s: %s (up %llu B, down %llu B)",
		         c->sv->kind == QSTP_FWD_SERVICE ? "service" : "forward", name(c), peer, what,
		         (unsigned long long)c->up, (unsigned long long)c->down);
}

/* Error on either side: best-effort encrypted close, reset the plain side. */
void fwd_abort(fconn *c, const char *reason)
{
	fwd *fw = c->fw;
	if (c->closed)
		return;
	if (!c->established || !c->flowing)
		fw->failed++;
	if (c->established && !c->busy && !c->peer_closed && !c->close_sent && !c->tun.shut_out &&
	    c->tun.fd >= 0 && !(proto(c)->flags(c->sess) & QSTP_CLOSED)) {
		if (proto(c)->close(c->sess, fw->now_s, &fw->out) == 0)
			(void)flush_out(c);
		fw->out.len = 0;
	}
	log_end(c, QSTP_LOG_WARNING, reason);
	conn_close(c, 1);
}

static void finish(fconn *c, const char *what)
{
	log_end(c, QSTP_LOG_INFO, what);
	conn_close(c, 0);
}

/* Shutdown of the process: encrypted close for established tunnels. */
void fwd_shutdown_conn(fconn *c)
{
	fwd *fw = c->fw;
	if (c->established && !c->busy && !c->peer_closed && !c->close_sent && !c->tun.shut_out &&
	    !(proto(c)->flags(c->sess) & QSTP_CLOSED)) {
		if (proto(c)->close(c->sess, fw->now_s, &fw->out) == 0)
			(void)flush_out(c);
		fw->out.len = 0;
	}
	log_end(c, QSTP_LOG_INFO, "closed: shutting down");
	conn_close(c, 0);
}

void fwd_timeout(fconn *c)
{
	if (!c->flowing)
		fwd_abort(c, c->established ? "target connect deadline passed" : "handshake deadline passed");
}

/* After every event: has a direction ended, has the connection? */
static void check_done(fconn *c)
{
	int up_done, down_done;

	if (c->closed)
		return;
	if (c->close_sent) {
		if (c->tun.out.len == 0)
			finish(c, "closed");
		return;
	}
	if (c->peer_closed) {
		int nothing = c->sv->kind == QSTP_FWD_LOCAL && c->down == 0;
		if (c->pl.fd >= 0 && !c->pl.connecting && c->pl.out.len > 0)
			return;   /* deliver what came first */
		/* (The handshake's last packet and the close may come in one read:
		 * then the session never showed ESTABLISHED, and nothing flowed.) */
		if (c->pl.fd >= 0 && !c->pl.eof_in && !c->pl.connecting) {
			/* The peer ended the tunnel while our application was still
			 * sending (a restart, a shutdown, its target down or gone):
			 * the transfer failed, and a reset says so. */
			fwd_abort(c, nothing ? "the server closed the tunnel before any data came back "
			                       "(is the service's target down? the server's log says)"
			                     : "tunnel closed by the peer while the application was still sending");
			return;
		}
		if (nothing)
			log_end(c, QSTP_LOG_WARNING, "the server closed the tunnel before any data came back");
		finish(c, "closed by peer");
		return;
	}
	if (!c->flowing) {
		if (c->tun.eof_in)
			fwd_abort(c, c->sv->kind == QSTP_FWD_LOCAL
			                 ? "the server closed the connection during the handshake"
			                 : "peer disconnected before the tunnel was up");
		return;
	}
	up_done = c->pl.eof_in && c->tun.out.len == 0;
	down_done = c->tun.eof_in && c->pl.out.len == 0;
	if (down_done && !c->pl.shut_out) {
		(void)shutdown(c->pl.fd, SHUT_WR);
		c->pl.shut_out = 1;
	}
	if (up_done && down_done) {
		if (c->tun.shut_out) {
			finish(c, "closed");
			return;
		}
		/* We finished last: the encrypted close ends the tunnel. */
		if (proto(c)->close(c->sess, c->fw->now_s, &c->fw->out) != 0 || flush_out(c) != 0) {
			c->fw->out.len = 0;
			fwd_abort(c, "tunnel write failed");
			return;
		}
		c->close_sent = 1;
		if (c->tun.out.len == 0)
			finish(c, "closed");
		return;
	}
	if (up_done && !c->tun.shut_out) {
		(void)shutdown(c->tun.fd, SHUT_WR);   /* half-close: the far end sees EOF */
		c->tun.shut_out = 1;
	}
}

/* ---- establishment ---- */

static void start_flowing(fconn *c)
{
	c->flowing = 1;
	net_heap_del(&c->fw->heap, &c->timer);
	log_end(c, QSTP_LOG_INFO, "tunnel up");
	if (c->pl.out.len && side_flush(&c->pl) != 0)
		fwd_abort(c, "target write failed");
}

static void on_established(fconn *c)
{
	fwd *fw = c->fw;
	qstp_fwd_svc *sv = c->sv;
	int fd;

	c->established = 1;
	fw->established_total++;
	if (sv->kind == QSTP_FWD_LOCAL) {
		start_flowing(c);
		return;
	}
	/* SERVICE: now (never before authentication) connect to the one target. */
	fd = socket(sv->taddr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fwd_abort(c, "cannot create the target socket");
		return;
	}
	c->pl.fd = fd;
	if (connect(fd, (const struct sockaddr *)&sv->taddr, sv->taddrlen) != 0 && errno != EINPROGRESS) {
		char why[400];
		snprintf(why, sizeof why, "target %s port %u: %s", sv->host, sv->tport, strerror(errno));
		fwd_abort(c, why);
		return;
	}
	c->pl.connecting = 1;
	if (add_side(fw, &c->pl, EPOLLOUT) != 0)
		fwd_abort(c, "epoll failed");
}

static void target_connected(fconn *c)
{
	int err = 0;
	socklen_t el = sizeof err;
	if (getsockopt(c->pl.fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
		err = errno;
	if (err) {
		char why[400];
		c->fw->failed++;
		snprintf(why, sizeof why, "target %s port %u: %s: closing the tunnel", c->sv->host,
		         c->sv->tport, strerror(err));
		log_end(c, QSTP_LOG_WARNING, why);
		/* The encrypted close tells the client at once. */
		if (proto(c)->close(c->sess, c->fw->now_s, &c->fw->out) == 0 && flush_out(c) == 0) {
			c->close_sent = 1;
			close(c->pl.fd);
			c->pl.fd = -1;
			c->pl.connecting = 0;
			return;
		}
		c->fw->out.len = 0;
		conn_close(c, 1);
		return;
	}
	c->pl.connecting = 0;
	qstp_net_tune(c->pl.fd);
	start_flowing(c);
}

static void server_connected(fconn *c)
{
	int err = 0;
	socklen_t el = sizeof err;
	if (getsockopt(c->tun.fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
		err = errno;
	if (err) {
		char why[400];
		snprintf(why, sizeof why, "server %s port %u: %s", c->sv->host, c->sv->tport, strerror(err));
		fwd_abort(c, why);
		return;
	}
	c->tun.connecting = 0;
	qstp_net_tune(c->tun.fd);
	if (proto(c)->start(c->sess, c->fw->now_s, &c->fw->out) != 0 || flush_out(c) != 0) {
		c->fw->out.len = 0;
		fwd_abort(c, "cannot start the handshake");
	}
}

/* ---- the handshake's work steps on the pool ---- */

static void job_run(net_job *nj)
{
	fjob *j = (fjob *)nj;
	fwd *fw = j->c->fw;
	uint64_t one = 1;

	j->r = fw->cfg.proto->work(j->c->sess, qstp_net_unix_s(), &j->out);
	pthread_mutex_lock(&fw->mu);
	j->done_next = fw->done;
	fw->done = j;
	pthread_mutex_unlock(&fw->mu);
	if (write(fw->wfd, &one, sizeof one) < 0) {
		/* the eventfd counter cannot overflow at our rates */
	}
}

static void submit(fconn *c)
{
	fwd *fw = c->fw;
	fjob *j = calloc(1, sizeof *j);
	if (j == NULL) {
		fwd_abort(c, "out of memory");
		return;
	}
	j->base.fn = job_run;
	j->c = c;
	c->busy = 1;
	fw->busy++;
	if (net_pool_submit(fw->pool, &j->base) != 0) {
		c->busy = 0;
		fw->busy--;
		free(j);
		fw->refused++;
		fwd_abort(c, "busy: handshake worker queue full");
	}
}

static void feed(fconn *c, const uint8_t *data, size_t n);

void fwd_job_done(fjob *j)
{
	fconn *c = j->c;
	fwd *fw = c->fw;
	nbuf in;

	c->busy = 0;
	fw->busy--;
	if (c->closed) {
		c->next = fw->graveyard;
		fw->graveyard = c;
		goto out;
	}
	if (side_send(&c->tun, j->out.data, j->out.len) != 0) {
		fwd_abort(c, "peer disconnected");
		goto out;
	}
	if (j->r != 0) {
		fwd_abort(c, qstp_strerror(j->r));
		goto out;
	}
	in = c->pend_in;
	memset(&c->pend_in, 0, sizeof c->pend_in);
	feed(c, in.p, in.len);
	free(in.p);
	if (!c->closed) {
		check_done(c);
		update(c);
	}
out:
	fw->cfg.proto->buf_free(&j->out);
	free(j);
}

/* ---- reading ---- */

static void to_plain(fconn *c, const uint8_t *p, size_t n)
{
	c->down += n;
	if (side_send(&c->pl, p, n) != 0)
		fwd_abort(c, c->sv->kind == QSTP_FWD_SERVICE ? "target write failed"
		                                              : "application write failed");
}

/* Tunnel bytes through the session; data n == 0 only resumes after work. */
static void feed(fconn *c, const uint8_t *data, size_t n)
{
	fwd *fw = c->fw;
	const qstp_net_proto *pr = proto(c);

	for (;;) {
		size_t used = n;
		unsigned fl;
		int r = 0;

		if (n > 0) {
			r = pr->input(c->sess, data, &used, fw->now_s, &fw->out, &fw->app);
			data += used;
			n -= used;
		}
		if (fw->app.len) {
			to_plain(c, fw->app.data, fw->app.len);
			fw->app.len = 0;
			if (c->closed) {
				fw->out.len = 0;
				return;
			}
		}
		if (r != 0) {
			char why[200];
			(void)flush_out(c);   /* the error packet of 5.8, if any */
			snprintf(why, sizeof why, "tunnel error: %s", qstp_strerror(r));
			fwd_abort(c, why);
			return;
		}
		fl = pr->flags(c->sess);
		if (flush_out(c) != 0) {
			fwd_abort(c, "tunnel write failed");
			return;
		}
		if ((fl & QSTP_ESTABLISHED) && !c->established) {
			on_established(c);
			if (c->closed)
				return;
		}
		if (fl & QSTP_CLOSED) {
			c->peer_closed = 1;
			return;
		}
		if (fl & QSTP_WANT_WORK) {
			if (n > 0 && nbuf_append(&c->pend_in, data, n) != 0) {
				fwd_abort(c, "out of memory");
				return;
			}
			submit(c);
			return;
		}
		if (n == 0 || used == 0)
			return;
	}
}

static void tun_readable(fconn *c)
{
	fwd *fw = c->fw;
	ssize_t n;
	do
		n = recv(c->tun.fd, fw->rbuf, QSTP_FWD_TUN_READ_BYTES, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n < 0) {
		fwd_abort(c, "tunnel connection reset");
		return;
	}
	if (n == 0) {
		c->tun.eof_in = 1;
		return;
	}
	feed(c, fw->rbuf, (size_t)n);
}

static void pl_readable(fconn *c)
{
	fwd *fw = c->fw;
	ssize_t n;
	do
		n = recv(c->pl.fd, fw->rbuf, QSTP_FWD_READ_BYTES, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n < 0) {
		fwd_abort(c, c->sv->kind == QSTP_FWD_SERVICE ? "target connection reset"
		                                              : "application connection reset");
		return;
	}
	if (n == 0) {
		c->pl.eof_in = 1;
		return;
	}
	c->up += (size_t)n;
	if (proto(c)->send(c->sess, fw->rbuf, (size_t)n, fw->now_s, &fw->out) != 0) {
		fw->out.len = 0;
		fwd_abort(c, "tunnel send failed");
		return;
	}
	if (flush_out(c) != 0)
		fwd_abort(c, "tunnel write failed");
}

void fwd_side_event(side *s, uint32_t ev)
{
	fconn *c = s->c;

	if (c->closed)
		return;
	if (s == &c->tun) {
		if (s->connecting) {
			server_connected(c);
		} else {
			if ((ev & EPOLLOUT) && side_flush(s) != 0) {
				fwd_abort(c, "tunnel write failed");
				return;
			}
			if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
				if (c->busy)
					fwd_abort(c, "peer disconnected during the handshake");
				else if (!c->tun.eof_in && !c->peer_closed && !c->close_sent)
					tun_readable(c);
				else if (ev & EPOLLERR)
					fwd_abort(c, "tunnel connection reset");
			}
		}
	} else {
		if (s->connecting) {
			target_connected(c);
		} else {
			if ((ev & EPOLLOUT) && side_flush(s) != 0) {
				fwd_abort(c, c->sv->kind == QSTP_FWD_SERVICE ? "target write failed"
				                                              : "application write failed");
				return;
			}
			if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
				if (!c->pl.eof_in && c->flowing && !c->peer_closed && !c->close_sent &&
				    !c->tun.shut_out)
					pl_readable(c);
				else if (ev & (EPOLLERR | EPOLLHUP))
					fwd_abort(c, c->sv->kind == QSTP_FWD_SERVICE ? "target connection reset"
					                                              : "application connection reset");
			}
		}
	}
	if (!c->closed)
		check_done(c);
	update(c);
}

/* ---- accepting ---- */

static fconn *conn_new(fwd *fw, qstp_fwd_svc *sv)
{
	fconn *c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->fw = fw;
	c->sv = sv;
	sv->refs++;
	c->tun.tag = c->pl.tag = T_SIDE;
	c->tun.c = c->pl.c = c;
	c->tun.fd = c->pl.fd = -1;
	c->t0 = fw->now_s;
	c->next = fw->conns;
	if (fw->conns)
		fw->conns->prev = c;
	fw->conns = c;
	fw->nconns++;
	return c;
}

void fwd_accept(fwd *fw, qstp_fwd_svc *sv)
{
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		fconn *c;
		int fd = accept4(sv->lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				qstp_log_limited(&fw->rl, fw->now_ms, QSTP_LOG_ERR, "accept: %s", strerror(errno));
			return;
		}
		fw->accepted++;
		if (fw->nconns >= fw->cfg.max_conns) {
			fw->refused++;
			qstp_log_limited(&fw->rl, fw->now_ms, QSTP_LOG_WARNING,
			                 "%s: refused: %u connections (the maximum)", sv->name, fw->cfg.max_conns);
			close(fd);
			continue;
		}
		if ((c = conn_new(fw, sv)) == NULL) {
			close(fd);
			continue;
		}
		net_addr_from(&c->peer, &ss);
		qstp_net_tune(fd);
		if (sv->kind == QSTP_FWD_SERVICE) {
			c->tun.fd = fd;
			c->sess = fw->cfg.proto->new_server(sv->id);
			if (c->sess == NULL || add_side(fw, &c->tun, EPOLLIN) != 0) {
				fwd_abort(c, "out of memory");
				continue;
			}
		} else {
			int tfd;
			c->pl.fd = fd;
			c->sess = fw->cfg.proto->new_client(sv->trust);
			if (c->sess == NULL || add_side(fw, &c->pl, 0) != 0) {
				fwd_abort(c, "out of memory");
				continue;
			}
			tfd = socket(sv->taddr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
			c->tun.fd = tfd;
			if (tfd < 0 || (connect(tfd, (const struct sockaddr *)&sv->taddr, sv->taddrlen) != 0 &&
			                errno != EINPROGRESS)) {
				char why[400];
				snprintf(why, sizeof why, "server %s port %u: %s", sv->host, sv->tport,
				         strerror(errno));
				fwd_abort(c, why);
				continue;
			}
			c->tun.connecting = 1;
			if (add_side(fw, &c->tun, EPOLLOUT) != 0) {
				fwd_abort(c, "epoll failed");
				continue;
			}
		}
		if (net_heap_set(&fw->heap, &c->timer, fw->now_ms + fw->cfg.handshake_timeout_ms) != 0)
			fwd_abort(c, "out of memory");
	}
}
