/* The forwarder's status: established tunnels (peer, bytes each way, age,
 * certificate and its expiry) and the services, as text or as JSON, built
 * from the same counters the log uses.  Names and hosts are restricted by
 * the configuration loader to characters that need no JSON escaping. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fwd_int.h"

typedef struct sb {
	char *p;
	size_t len, cap;
	int bad;
} sb;

static void put(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (b->bad)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->bad = 1;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t cap = 2 * b->cap + (size_t)n + 1;
			char *q = realloc(b->p, cap);
			if (q == NULL) {
				b->bad = 1;
				return;
			}
			b->p = q;
			b->cap = cap;
		}
	}
}

static void day(char out[32], uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *kind(const qstp_fwd_svc *sv)
{
	return sv->kind == QSTP_FWD_SERVICE ? "service" : "forward";
}

char *fwd_status(fwd *fw, int json, size_t *len)
{
	sb b = { malloc(4096), 0, 4096, 0 };
	unsigned up = 0;
	const char *sep = "";

	if (b.p == NULL)
		return NULL;
	for (fconn *c = fw->conns; c; c = c->next)
		up += c->flowing;
	if (json) {
		put(&b, "{\"pid\":%ld,\"uptime_s\":%llu,\"connections\":%u,\"tunnels_up\":%u,"
		        "\"accepted\":%llu,\"tunnels_total\":%llu,\"failed\":%llu,\"refused\":%llu,"
		        "\"reloads\":%llu,\"services\":[",
		    (long)getpid(), (unsigned long long)(fw->now_s - fw->started_s), fw->nconns, up,
		    (unsigned long long)fw->accepted, (unsigned long long)fw->established_total,
		    (unsigned long long)fw->failed, (unsigned long long)fw->refused,
		    (unsigned long long)fw->reloads);
		for (size_t i = 0; i < fw->nsvcs; i++) {
			const qstp_fwd_svc *sv = fw->svcs[i];
			char d[32];
			day(d, sv->cert_expiry);
			put(&b, "%s{\"kind\":\"%s\",\"name\":\"%s\",\"listen\":\"%s\",\"port\":%u,"
			        "\"connect\":\"%s\",\"connect_port\":%u,\"cert_serial\":\"%s\","
			        "\"cert_expiry\":\"%s\"}",
			    sep, kind(sv), sv->name, sv->bind, net_local_port(sv->lfd), sv->host, sv->tport,
			    sv->cert_serial, d);
			sep = ",";
		}
		put(&b, "],\"tunnels\":[");
		sep = "";
	} else {
		put(&b, "pid %ld, up %llu s: %u connections, %u tunnels up; %llu accepted, %llu tunnels, "
		        "%llu failed, %llu refused, %llu reloads\n",
		    (long)getpid(), (unsigned long long)(fw->now_s - fw->started_s), fw->nconns, up,
		    (unsigned long long)fw->accepted, (unsigned long long)fw->established_total,
		    (unsigned long long)fw->failed, (unsigned long long)fw->refused,
		    (unsigned long long)fw->reloads);
		for (size_t i = 0; i < fw->nsvcs; i++) {
			const qstp_fwd_svc *sv = fw->svcs[i];
			char d[32];
			day(d, sv->cert_expiry);
			put(&b, "%s %s: listen %s port %u, connect %s port %u, certificate %s expires %s\n",
			    kind(sv), sv->name, sv->bind, net_local_port(sv->lfd), sv->host, sv->tport,
			    sv->cert_serial, d);
		}
		put(&b, "%-8s %-16s %-40s %14s %14s %8s %-32s %s\n", "KIND", "NAME", "PEER", "BYTES_UP",
		    "BYTES_DOWN", "AGE_S", "CERT_SERIAL", "CERT_EXPIRY");
	}
	for (fconn *c = fw->conns; c; c = c->next) {
		char peer[64], d[32];
		if (!c->flowing)
			continue;
		net_addr_str(peer, sizeof peer, &c->peer);
		day(d, c->sv->cert_expiry);
		if (json)
			put(&b, "%s{\"kind\":\"%s\",\"name\":\"%s\",\"peer\":\"%s\",\"bytes_up\":%llu,"
			        "\"bytes_down\":%llu,\"age_s\":%llu,\"cert_serial\":\"%s\",\"cert_expiry\":\"%s\"}",
			    sep, kind(c->sv), c->sv->name, peer, (unsigned long long)c->up,
			    (unsigned long long)c->down, (unsigned long long)(fw->now_s - c->t0),
			    c->sv->cert_serial, d);
		else
			put(&b, "%-8s %-16s %-40s %14llu %14llu %8llu %-32s %s\n", kind(c->sv), c->sv->name,
			    peer, (unsigned long long)c->up, (unsigned long long)c->down,
			    (unsigned long long)(fw->now_s - c->t0), c->sv->cert_serial, d);
		sep = ",";
	}
	if (json)
		put(&b, "]}\n");
	if (b.bad) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}
