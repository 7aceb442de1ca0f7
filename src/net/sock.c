/* Socket helpers: listeners, connect with a deadline, keepalive, fd limit. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"
#include "net.h"

long qstp_net_raise_nofile(long want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return -1;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (want > 0 && (rlim_t)want > rl.rlim_cur)
		qstp_log(QSTP_LOG_WARNING,
		         "open file limit is %llu (hard limit); fewer than the %ld connections asked for "
		         "fit: raise it with 'ulimit -Hn' or LimitNOFILE=",
		         (unsigned long long)rl.rlim_cur, want);
	return (long)rl.rlim_cur;
}

void qstp_net_tune(int fd)
{
	int one = 1, idle = QSTP_NET_KEEPIDLE_S, intvl = QSTP_NET_KEEPINTVL_S, cnt = QSTP_NET_KEEPCNT;
	/* Failures leave a working socket without the tuning: nothing to report. */
	(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static int resolve(struct addrinfo **res, const char *host, uint16_t port, int passive)
{
	struct addrinfo hints;
	char ps[8];
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : AI_ADDRCONFIG);
	snprintf(ps, sizeof ps, "%u", port);
	return getaddrinfo(host, ps, &hints, res);
}

int net_listen(const char *addr, uint16_t port)
{
	struct addrinfo *res = NULL;
	int fd = -1, one = 1, zero = 0, g;

	if (addr == NULL)
		addr = "::";
	if ((g = resolve(&res, addr, port, 1)) != 0) {
		qstp_log(QSTP_LOG_ERR, "listen address %s: %s", addr, gai_strerror(g));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 && res->ai_family == AF_INET6 && strcmp(addr, "::") == 0) {
		/* No IPv6 on this host: fall back to IPv4 only. */
		freeaddrinfo(res);
		return net_listen("0.0.0.0", port);
	}
	if (fd < 0)
		goto fail;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
		goto fail;
	if (res->ai_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
	/* Accepted sockets inherit keepalive (with its timers) and TCP_NODELAY. */
	qstp_net_tune(fd);
	if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 4096) != 0)
		goto fail;
	freeaddrinfo(res);
	return fd;
fail:
	qstp_log(QSTP_LOG_ERR, "listen on %s port %u: %s", addr, port, strerror(errno));
	if (fd >= 0)
		close(fd);
	freeaddrinfo(res);
	return -1;
}

uint16_t net_local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

void net_addr_from(net_addr *a, const void *sa)
{
	const struct sockaddr *s = sa;
	memset(a, 0, sizeof *a);
	if (s->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = sa;
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			a->family = 4;
			memcpy(a->ip, &s6->sin6_addr.s6_addr[12], 4);
		} else {
			a->family = 6;
			memcpy(a->ip, &s6->sin6_addr, 16);
		}
		a->port = ntohs(s6->sin6_port);
	} else if (s->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = sa;
		a->family = 4;
		memcpy(a->ip, &s4->sin_addr, 4);
		a->port = ntohs(s4->sin_port);
	}
}

void qstp_net_hex(char *out, const uint8_t *b, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[2 * n] = 0;
}

void net_addr_str(char *out, size_t outlen, const net_addr *a)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	if (a->family == 6) {
		inet_ntop(AF_INET6, a->ip, ip, sizeof ip);
		snprintf(out, outlen, "[%s]:%u", ip, a->port);
	} else {
		inet_ntop(AF_INET, a->ip, ip, sizeof ip);
		snprintf(out, outlen, "%s:%u", ip, a->port);
	}
}

static int connect_one(const struct addrinfo *ai, unsigned timeout_ms, char *err, size_t errlen)
{
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	struct pollfd pfd;

	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
		snprintf(err, errlen, "connect: %s", strerror(errno));
		goto fail;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	for (;;) {
		int n = poll(&pfd, 1, (int)timeout_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0) {
			snprintf(err, errlen, "connect: timed out after %u ms", timeout_ms);
			goto fail;
		}
		break;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0) {
		snprintf(err, errlen, "connect: %s", strerror(soerr ? soerr : errno));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

int qstp_net_connect(const char *host, uint16_t port, unsigned timeout_ms, char *err, size_t errlen)
{
	struct addrinfo *res = NULL;
	int fd = -1, g;

	if ((g = resolve(&res, host, port, 0)) != 0) {
		snprintf(err, errlen, "cannot resolve %s: %s", host, gai_strerror(g));
		return -1;
	}
	for (const struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next)
		fd = connect_one(ai, timeout_ms, err, errlen);
	freeaddrinfo(res);
	if (fd >= 0)
		qstp_net_tune(fd);
	return fd;
}
