/*
 * The forwarder's loop: listeners, signals (signalfd: SIGHUP reload,
 * SIGTERM/SIGINT stop), the work-done eventfd, timers, certificate-expiry
 * warnings and the status socket.  The data path is forward.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "fwd_int.h"
#include "qstp/errors.h"

enum { CERT_CHECK_MS = 3600 * 1000, STATUS_REQ_MAX = 16 };

void qstp_sd_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	size_t n;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') || (n = strlen(path)) >= sizeof sa.sun_path)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = 0;   /* abstract namespace */
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL, (const struct sockaddr *)&sa,
	           (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n)) < 0)
		qstp_log(QSTP_LOG_WARNING, "sd_notify %s: %s", state, strerror(errno));
	close(fd);
}

void qstp_fwd_svc_free(qstp_fwd_svc *sv)
{
	if (sv == NULL)
		return;
	if (sv->id)
		qstp_server_identity_unref(sv->id);
	if (sv->trust)
		qstp_client_trust_free(sv->trust);
	if (sv->lfd >= 0)
		close(sv->lfd);
	free(sv);
}

void fwd_svc_put(qstp_fwd_svc *sv)
{
	if (--sv->refs == 0)
		qstp_fwd_svc_free(sv);
}

static void free_list(qstp_fwd_svc **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		qstp_fwd_svc_free(v[i]);
	free(v);
}

static int resolve(qstp_fwd_svc *sv)
{
	struct addrinfo hints, *res = NULL;
	char port[8];
	int g;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%u", sv->tport);
	if ((g = getaddrinfo(sv->host, port, &hints, &res)) != 0) {
		qstp_log(QSTP_LOG_ERR, "%s: cannot resolve %s: %s", sv->name, sv->host, gai_strerror(g));
		return -1;
	}
	memcpy(&sv->taddr, res->ai_addr, res->ai_addrlen);
	sv->taddrlen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static void write_port_file(fwd *fw)
{
	FILE *f;
	char tmp[4096];
	if (fw->cfg.port_file == NULL)
		return;
	snprintf(tmp, sizeof tmp, "%s.tmp", fw->cfg.port_file);
	if ((f = fopen(tmp, "w")) == NULL)
		goto fail;
	for (size_t i = 0; i < fw->nsvcs; i++)
		fprintf(f, "%s %u\n", fw->svcs[i]->name, net_local_port(fw->svcs[i]->lfd));
	if (fclose(f) != 0 || rename(tmp, fw->cfg.port_file) != 0)
		goto fail;
	return;
fail:
	qstp_log(QSTP_LOG_ERR, "cannot write %s: %s", fw->cfg.port_file, strerror(errno));
}

static void check_certs(fwd *fw)
{
	uint64_t warn = (uint64_t)fw->cfg.cert_warn_days * 86400;
	for (size_t i = 0; i < fw->nsvcs; i++) {
		const qstp_fwd_svc *sv = fw->svcs[i];
		char day[32];
		time_t t = (time_t)sv->cert_expiry;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(day, sizeof day, "%Y-%m-%d %H:%M UTC", &tm);
		if (sv->cert_expiry <= fw->now_s)
			qstp_log(QSTP_LOG_ERR, "%s: certificate %s (%s) expired on %s: new tunnels will fail",
			         sv->name, sv->cert_serial, sv->cert_path, day);
		else if (sv->cert_expiry - fw->now_s < warn)
			qstp_log(QSTP_LOG_WARNING, "%s: certificate %s (%s) expires in %llu days, on %s",
			         sv->name, sv->cert_serial, sv->cert_path,
			         (unsigned long long)((sv->cert_expiry - fw->now_s) / 86400), day);
	}
	fw->next_cert_check_ms = fw->now_ms + CERT_CHECK_MS;
}

/* Takes over a new service list: listeners of unchanged addresses are kept
 * (no refused connection during a reload), new ones opened, gone ones
 * closed.  On failure nothing changes and -1 is returned. */
static int adopt(fwd *fw, qstp_fwd_svc **nv, size_t nn)
{
	ltag *tags = calloc(nn ? nn : 1, sizeof *tags);
	qstp_fwd_svc **keep = calloc(nn ? nn : 1, sizeof *keep);   /* old svc whose fd is reused */
	size_t i, j;

	if (tags == NULL || keep == NULL)
		goto fail;
	for (i = 0; i < nn; i++) {
		nv[i]->lfd = -1;
		nv[i]->refs = 1;
		if (resolve(nv[i]) != 0)
			goto fail;
		/* The same listener: same kind, address and port, and the same
		 * name when the port is 0 (any free port); each old one once. */
		for (j = 0; j < fw->nsvcs && keep[i] == NULL; j++) {
			qstp_fwd_svc *o = fw->svcs[j];
			size_t k;
			if (o->lfd < 0 || o->kind != nv[i]->kind || o->port != nv[i]->port ||
			    strcmp(o->bind, nv[i]->bind) != 0 ||
			    (o->port == 0 && strcmp(o->name, nv[i]->name) != 0))
				continue;
			for (k = 0; k < i && keep[k] != o; k++)
				;
			if (k == i)
				keep[i] = o;
		}
		if (keep[i] == NULL && (nv[i]->lfd = net_listen(nv[i]->bind, nv[i]->port)) < 0)
			goto fail;
	}
	/* Cannot fail from here on. */
	for (i = 0; i < nn; i++) {
		struct epoll_event ev;
		tags[i].tag = T_LISTEN;
		tags[i].sv = nv[i];
		ev.events = EPOLLIN;
		ev.data.ptr = &tags[i];
		if (keep[i]) {
			nv[i]->lfd = keep[i]->lfd;
			keep[i]->lfd = -1;
			(void)epoll_ctl(fw->ep, EPOLL_CTL_MOD, nv[i]->lfd, &ev);
		} else {
			(void)epoll_ctl(fw->ep, EPOLL_CTL_ADD, nv[i]->lfd, &ev);
		}
		qstp_log(QSTP_LOG_NOTICE, "%s %s: listening on %s port %u, %s %s port %u", 
		         nv[i]->kind == QSTP_FWD_SERVICE ? "service" : "forward", nv[i]->name,
		         nv[i]->bind, net_local_port(nv[i]->lfd),
		         nv[i]->kind == QSTP_FWD_SERVICE ? "target" : "server", nv[i]->host, nv[i]->tport);
	}
	for (j = 0; j < fw->nsvcs; j++) {
		qstp_fwd_svc *o = fw->svcs[j];
		if (o->lfd >= 0) {
			(void)epoll_ctl(fw->ep, EPOLL_CTL_DEL, o->lfd, NULL);
			close(o->lfd);
			o->lfd = -1;
		}
		fwd_svc_put(o);   /* connections keep theirs */
	}
	free(fw->svcs);
	free(fw->ltags);
	free(keep);
	fw->svcs = nv;
	fw->nsvcs = nn;
	fw->ltags = tags;
	write_port_file(fw);
	check_certs(fw);
	return 0;
fail:
	for (i = 0; i < nn; i++)
		if (keep && keep[i] == NULL && nv[i]->lfd >= 0) {
			close(nv[i]->lfd);
			nv[i]->lfd = -1;
		}
	free(tags);
	free(keep);
	return -1;
}

static void reload(fwd *fw)
{
	qstp_fwd_svc **nv = NULL;
	size_t nn = 0;

	qstp_sd_notify("RELOADING=1");
	qstp_log(QSTP_LOG_NOTICE, "SIGHUP: reloading the configuration, certificates and keys");
	if (fw->cfg.load(fw->cfg.load_ctx, &nv, &nn) != 0) {
		qstp_log(QSTP_LOG_ERR, "reload failed: keeping the running configuration");
	} else if (adopt(fw, nv, nn) != 0) {
		qstp_log(QSTP_LOG_ERR, "reload failed: keeping the running configuration");
		free_list(nv, nn);
	} else {
		fw->reloads++;
		qstp_log(QSTP_LOG_NOTICE, "reloaded: %zu services and forwards; %u established tunnels kept",
		         nn, fw->nconns);
	}
	qstp_sd_notify("READY=1");
}

/* ---- status socket: one request line ("text" or "json"), one answer ---- */

typedef struct stconn {
	uint8_t tag;   /* T_STATUS_CONN */
	int fd;
	size_t n;
	char req[STATUS_REQ_MAX];
} stconn;

static int status_listen(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof sa.sun_path) {
		qstp_log(QSTP_LOG_ERR, "status socket path too long: %s", path);
		return -1;
	}
	/* A stale socket from an earlier run: only a socket is ever removed. */
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (const struct sockaddr *)&sa, sizeof sa) != 0 || chmod(path, 0600) != 0 ||
	    listen(fd, 16) != 0) {
		qstp_log(QSTP_LOG_ERR, "status socket %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void status_accept(fwd *fw)
{
	for (;;) {
		struct epoll_event ev;
		stconn *s;
		int fd = accept4(fw->stfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if ((s = calloc(1, sizeof *s)) == NULL) {
			close(fd);
			continue;
		}
		s->tag = T_STATUS_CONN;
		s->fd = fd;
		ev.events = EPOLLIN;
		ev.data.ptr = s;
		if (epoll_ctl(fw->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
			close(fd);
			free(s);
		}
	}
}

static void status_read(fwd *fw, stconn *s)
{
	ssize_t r = recv(s->fd, s->req + s->n, sizeof s->req - 1 - s->n, 0);
	char *text;
	size_t len = 0, off = 0;

	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r > 0) {
		s->n += (size_t)r;
		s->req[s->n] = 0;
		if (strchr(s->req, '\n') == NULL && s->n < sizeof s->req - 1)
			return;
	}
	if (r > 0 && (text = fwd_status(fw, strncmp(s->req, "json", 4) == 0, &len)) != NULL) {
		/* A small answer to a local client: a bounded blocking write. */
		struct timeval tv = { 1, 0 };
		int fl = fcntl(s->fd, F_GETFL);
		(void)setsockopt(s->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (fl >= 0)
			(void)fcntl(s->fd, F_SETFL, fl & ~O_NONBLOCK);
		while (off < len) {
			ssize_t w = send(s->fd, text + off, len - off, MSG_NOSIGNAL);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		free(text);
	}
	close(s->fd);   /* also leaves the epoll set */
	free(s);
}

/* ---- the loop ---- */

static int setup(fwd *fw, const qstp_fwd_config *cfg, sigset_t *sigs)
{
	struct epoll_event ev;
	qstp_fwd_svc **nv = NULL;
	size_t nn = 0;

	fw->cfg = *cfg;
	if (fw->cfg.workers == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		fw->cfg.workers = n > 0 ? (unsigned)n : 1;
	}
	if (fw->cfg.handshake_timeout_ms == 0)
		fw->cfg.handshake_timeout_ms = QSTP_NET_HANDSHAKE_TIMEOUT_MS;
	if (fw->cfg.max_conns == 0)
		fw->cfg.max_conns = 10000;
	if (fw->cfg.cert_warn_days == 0)
		fw->cfg.cert_warn_days = 30;
	fw->rl.per_s = 10;
	fw->rl.burst = 20;
	fw->rl.tokens = 20;
	fw->ep = fw->wfd = fw->sfd = fw->stfd = -1;
	fw->wake_tag = T_WAKE;
	fw->sig_tag = T_SIGNAL;
	fw->status_tag = T_STATUS_LISTEN;
	pthread_mutex_init(&fw->mu, NULL);
	fw->now_ms = qstp_net_now_ms();
	fw->now_s = fw->started_s = qstp_net_unix_s();
	qstp_net_raise_nofile(0);   /* as many as the hard limit allows */
	/* Signals go to the signalfd; the pool's threads inherit the mask. */
	sigemptyset(sigs);
	sigaddset(sigs, SIGHUP);
	sigaddset(sigs, SIGTERM);
	sigaddset(sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	fw->ep = epoll_create1(EPOLL_CLOEXEC);
	fw->wfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	fw->sfd = signalfd(-1, sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	fw->rbuf = malloc(QSTP_FWD_TUN_READ_BYTES); /* >= QSTP_FWD_READ_BYTES */
	fw->pool = net_pool_new(fw->cfg.workers, 4 * fw->cfg.workers + 1024);
	if (fw->ep < 0 || fw->wfd < 0 || fw->sfd < 0 || fw->rbuf == NULL || fw->pool == NULL) {
		qstp_log(QSTP_LOG_ERR, "forwarder setup: %s", strerror(errno));
		return -1;
	}
	ev.events = EPOLLIN;
	ev.data.ptr = &fw->wake_tag;
	(void)epoll_ctl(fw->ep, EPOLL_CTL_ADD, fw->wfd, &ev);
	ev.data.ptr = &fw->sig_tag;
	(void)epoll_ctl(fw->ep, EPOLL_CTL_ADD, fw->sfd, &ev);
	if (fw->cfg.status_path) {
		if ((fw->stfd = status_listen(fw->cfg.status_path)) < 0)
			return -1;
		ev.data.ptr = &fw->status_tag;
		(void)epoll_ctl(fw->ep, EPOLL_CTL_ADD, fw->stfd, &ev);
	}
	if (fw->cfg.load(fw->cfg.load_ctx, &nv, &nn) != 0)
		return -1;
	if (adopt(fw, nv, nn) != 0) {
		free_list(nv, nn);
		return -1;
	}
	return 0;
}

static void drain_done(fwd *fw)
{
	fjob *j;
	uint64_t v;
	if (read(fw->wfd, &v, sizeof v) < 0) {
		/* EAGAIN: the list is checked anyway */
	}
	pthread_mutex_lock(&fw->mu);
	j = fw->done;
	fw->done = NULL;
	pthread_mutex_unlock(&fw->mu);
	while (j) {
		fjob *next = j->done_next;
		fwd_job_done(j);
		j = next;
	}
}

static void bury(fwd *fw)
{
	while (fw->graveyard) {
		fconn *c = fw->graveyard;
		fw->graveyard = c->next;
		fwd_conn_free(c);
	}
}

int qstp_fwd_run(const qstp_fwd_config *cfg)
{
	fwd *fw = calloc(1, sizeof *fw);
	struct epoll_event evs[256];
	sigset_t sigs;
	int r = QSTP_ERR_IO;

	if (fw == NULL)
		return QSTP_ERR_NOMEM;
	if (setup(fw, cfg, &sigs) != 0)
		goto out;
	qstp_sd_notify("READY=1");
	qstp_log(QSTP_LOG_NOTICE, "ready: %zu services and forwards", fw->nsvcs);
	for (;;) {
		net_timer *t;
		int timeout, n, want_reload = 0, want_stop = 0;

		fw->now_ms = qstp_net_now_ms();
		fw->now_s = qstp_net_unix_s();
		while ((t = net_heap_top(&fw->heap)) != NULL && t->when <= fw->now_ms)
			fwd_timeout((fconn *)(void *)((char *)t - offsetof(fconn, timer)));
		if (fw->now_ms >= fw->next_cert_check_ms)
			check_certs(fw);
		bury(fw);
		if (fw->stopping && fw->busy == 0)
			break;
		timeout = (int)(fw->next_cert_check_ms - fw->now_ms);
		if ((t = net_heap_top(&fw->heap)) != NULL && (int)(t->when - fw->now_ms) + 1 < timeout)
			timeout = (int)(t->when - fw->now_ms) + 1;
		n = epoll_wait(fw->ep, evs, 256, timeout);
		fw->now_ms = qstp_net_now_ms();
		fw->now_s = qstp_net_unix_s();
		for (int i = 0; i < n; i++) {
			uint8_t *tag = evs[i].data.ptr;
			switch (*tag) {
			case T_SIDE:
				fwd_side_event((side *)(void *)tag, evs[i].events);
				break;
			case T_LISTEN:
				if (!fw->stopping)
					fwd_accept(fw, ((ltag *)(void *)tag)->sv);
				break;
			case T_WAKE:
				drain_done(fw);
				break;
			case T_STATUS_LISTEN:
				status_accept(fw);
				break;
			case T_STATUS_CONN:
				status_read(fw, (stconn *)(void *)tag);
				break;
			case T_SIGNAL: {
				struct signalfd_siginfo si;
				while (read(fw->sfd, &si, sizeof si) == (ssize_t)sizeof si) {
					if (si.ssi_signo == SIGHUP)
						want_reload = 1;
					else
						want_stop = (int)si.ssi_signo;
				}
				break;
			}
			}
		}
		bury(fw);
		/* After the batch: events above may name the old listeners. */
		if (want_reload && !fw->stopping)
			reload(fw);
		if (want_stop && !fw->stopping) {
			qstp_sd_notify("STOPPING=1");
			qstp_log(QSTP_LOG_NOTICE, "signal %d: closing every tunnel and stopping", want_stop);
			fw->stopping = 1;
			for (size_t i = 0; i < fw->nsvcs; i++)
				if (fw->svcs[i]->lfd >= 0) {
					close(fw->svcs[i]->lfd);
					fw->svcs[i]->lfd = -1;
				}
			while (fw->conns)
				fwd_shutdown_conn(fw->conns);
		}
	}
	qstp_log(QSTP_LOG_NOTICE,
	         "stopped: %llu accepted, %llu tunnels, %llu failed, %llu refused, %llu B up, %llu B down",
	         (unsigned long long)fw->accepted, (unsigned long long)fw->established_total,
	         (unsigned long long)fw->failed, (unsigned long long)fw->refused,
	         (unsigned long long)fw->bytes_up, (unsigned long long)fw->bytes_down);
	r = 0;
out:
	if (fw->pool)
		net_pool_free(fw->pool);
	if (fw->wfd >= 0)
		drain_done(fw);
	bury(fw);
	free_list(fw->svcs, fw->nsvcs);
	free(fw->ltags);
	if (fw->stfd >= 0) {
		close(fw->stfd);
		unlink(fw->cfg.status_path);
	}
	if (fw->ep >= 0)
		close(fw->ep);
	if (fw->wfd >= 0)
		close(fw->wfd);
	if (fw->sfd >= 0)
		close(fw->sfd);
	free(fw->rbuf);
	net_heap_free(&fw->heap);
	fw->cfg.proto->buf_free(&fw->out);
	fw->cfg.proto->buf_free(&fw->app);
	pthread_mutex_destroy(&fw->mu);
	free(fw);
	return r;
}
