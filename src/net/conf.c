/* The configuration file parser: one bounded line reader, one setter per
 * key, strict values (an unknown key or a bad value fails with its line). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

static int err_at(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int err_at(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

void qstp_conf_init(qstp_conf *c)
{
	memset(c, 0, sizeof *c);
	c->log_level = -1;
}

/* A file path, from the file or a flag, must be one the file can hold, so
 * that --print-config's output reads back as the same configuration: no
 * control characters, no leading '#' or blank, no trailing blank, no " #"
 * (the file would read those as a comment or trim them away). */
static int set_path(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n == 0 || n >= cap || src[0] == '#' || src[0] == ' ' || src[n - 1] == ' ' ||
	    strstr(src, " #") != NULL)
		return -1;
	for (const char *p = src; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -1;
	memset(dst, 0, cap); /* a later value leaves nothing of an earlier one */
	memcpy(dst, src, n);
	return 0;
}

static long num(const char *s, long lo, long hi)
{
	char *end;
	long v;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	return v;
}

/* Host names and addresses: letters, digits and . - _ : % only (so they
 * need no quoting in logs and JSON). */
static int host_ok(const char *h)
{
	if (*h == 0)
		return 0;
	for (; *h; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') || (*h >= '0' && *h <= '9') ||
		      *h == '.' || *h == '-' || *h == '_' || *h == ':' || *h == '%'))
			return 0;
	return 1;
}

static int name_ok(const char *n)
{
	size_t len = strlen(n);
	if (len == 0 || len >= QSTP_FWD_NAME_MAX)
		return 0;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') || (*n >= '0' && *n <= '9') ||
		      *n == '.' || *n == '-' || *n == '_'))
			return 0;
	return 1;
}

/* Splits "a:b:[v6]:d" at colons outside brackets (brackets removed).
 * Returns the number of parts, or -1. */
static int split(const char *s, char parts[4][QSTP_FWD_HOST_MAX])
{
	int n = 0;
	size_t k = 0;
	while (*s) {
		if (n >= 4)
			return -1;
		k = 0;
		if (*s == '[') {
			s++;
			while (*s && *s != ']') {
				if (k + 1 >= QSTP_FWD_HOST_MAX)
					return -1;
				parts[n][k++] = *s++;
			}
			if (*s != ']')
				return -1;
			s++;
			if (*s && *s != ':')
				return -1;
		} else {
			while (*s && *s != ':') {
				if (k + 1 >= QSTP_FWD_HOST_MAX)
					return -1;
				parts[n][k++] = *s++;
			}
		}
		parts[n++][k] = 0;
		if (*s == ':') {
			s++;
			if (*s == 0)
				return -1;
		}
	}
	return n;
}

/* "[bind:]port" (accept) */
static int set_accept(qstp_conf_svc *sv, const char *v)
{
	char p[4][QSTP_FWD_HOST_MAX];
	int n = split(v, p);
	long port;
	if (n < 1 || n > 2 || (port = num(p[n - 1], 0, 65535)) < 0)
		return -1;
	if (n == 2 && !host_ok(p[0]))
		return -1;
	memset(sv->bind, 0, sizeof sv->bind); /* nothing left of an earlier value */
	if (n == 2) {
		strcpy(sv->bind, p[0]);
	} else {
		/* Forwards listen on loopback unless told otherwise. */
		strcpy(sv->bind, sv->kind == QSTP_FWD_LOCAL ? "127.0.0.1" : "::");
	}
	sv->port = (uint16_t)port;
	sv->have_accept = 1;
	return 0;
}

/* "host:port" (connect) */
static int set_connect(qstp_conf_svc *sv, const char *v)
{
	char p[4][QSTP_FWD_HOST_MAX];
	long port;
	if (split(v, p) != 2 || !host_ok(p[0]) || (port = num(p[1], 1, 65535)) < 0)
		return -1;
	memset(sv->host, 0, sizeof sv->host);
	strcpy(sv->host, p[0]);
	sv->tport = (uint16_t)port;
	sv->have_connect = 1;
	return 0;
}

static long secs_ms(const char *s)
{
	char *end;
	double v;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtod(s, &end);
	if (*end || v < 0.001 || v > 3600)
		return -1;
	return (long)(v * 1000.0 + 0.5);
}

static const char *const levels[] = { "err", "warning", "notice", "info", "debug" };

static const char bad_path[] = "bad path (empty, over 1023 bytes, a control character, "
                               "a leading '#' or blank, a trailing blank, or \" #\")";

int qstp_conf_set(qstp_conf *c, qstp_conf_svc *sv, const char *key, const char *val, char *err,
                  size_t errlen)
{
	long v;
	if (sv) {
		if (strcmp(key, "accept") == 0) {
			if (set_accept(sv, val) != 0)
				return err_at(err, errlen, "accept: bad value '%s' (want [ADDRESS:]PORT)", val);
		} else if (strcmp(key, "connect") == 0) {
			if (set_connect(sv, val) != 0)
				return err_at(err, errlen, "connect: bad value '%s' (want HOST:PORT)", val);
		} else if (sv->kind == QSTP_FWD_LOCAL && strcmp(key, "root") == 0) {
			if (set_path(sv->root, sizeof sv->root, val) != 0)
				return err_at(err, errlen, "root: %s", bad_path);
		} else if (sv->kind == QSTP_FWD_LOCAL && strcmp(key, "cert") == 0) {
			if (set_path(sv->cert, sizeof sv->cert, val) != 0)
				return err_at(err, errlen, "cert: %s", bad_path);
		} else {
			return err_at(err, errlen, "unknown key '%s' in a [%s] section", key,
			              sv->kind == QSTP_FWD_LOCAL ? "forward" : "service");
		}
		return 0;
	}
	if (strcmp(key, "root") == 0 || strcmp(key, "cert") == 0 || strcmp(key, "key") == 0 ||
	    strcmp(key, "status-socket") == 0 || strcmp(key, "port-file") == 0) {
		char *dst = key[0] == 'r' ? c->root : key[0] == 'c' ? c->cert : key[0] == 'k' ? c->key
		            : key[0] == 's' ? c->status_socket : c->port_file;
		if (set_path(dst, QSTP_CONF_PATH_MAX, val) != 0)
			return err_at(err, errlen, "%s: %s", key, bad_path);
	} else if (strcmp(key, "log-level") == 0) {
		c->log_level = -1;
		for (int i = 0; i < 5; i++)
			if (strcmp(val, levels[i]) == 0)
				c->log_level = 3 + i;
		if (c->log_level < 0)
			return err_at(err, errlen, "log-level: '%s' (want err, warning, notice, info or debug)", val);
	} else if (strcmp(key, "workers") == 0) {
		if ((v = num(val, 1, 1024)) < 0)
			return err_at(err, errlen, "workers: '%s' (want 1 to 1024)", val);
		c->workers = (unsigned)v;
	} else if (strcmp(key, "handshake-timeout") == 0) {
		if ((v = secs_ms(val)) < 0)
			return err_at(err, errlen, "handshake-timeout: '%s' (want seconds, 0.001 to 3600)", val);
		c->handshake_timeout_ms = (unsigned)v;
	} else if (strcmp(key, "max-conns") == 0) {
		if ((v = num(val, 1, 1000000)) < 0)
			return err_at(err, errlen, "max-conns: '%s' (want 1 to 1000000)", val);
		c->max_conns = (unsigned)v;
	} else if (strcmp(key, "cert-warn-days") == 0) {
		if ((v = num(val, 1, 3650)) < 0)
			return err_at(err, errlen, "cert-warn-days: '%s' (want 1 to 3650)", val);
		c->cert_warn_days = (unsigned)v;
	} else {
		return err_at(err, errlen, "unknown key '%s'", key);
	}
	return 0;
}

qstp_conf_svc *qstp_conf_add(qstp_conf *c, int kind, const char *name, char *err, size_t errlen)
{
	qstp_conf_svc *sv;
	if (!name_ok(name)) {
		err_at(err, errlen, "bad section name '%s' (letters, digits, . - _; at most %d)", name,
		       QSTP_FWD_NAME_MAX - 1);
		return NULL;
	}
	for (size_t i = 0; i < c->nsvcs; i++)
		if (strcmp(c->svcs[i].name, name) == 0) {
			err_at(err, errlen, "section name '%s' used twice", name);
			return NULL;
		}
	if (c->nsvcs >= QSTP_CONF_SVCS_MAX) {
		err_at(err, errlen, "more than %d sections", QSTP_CONF_SVCS_MAX);
		return NULL;
	}
	sv = &c->svcs[c->nsvcs++];
	memset(sv, 0, sizeof *sv);
	sv->kind = kind;
	strcpy(sv->name, name);
	return sv;
}

int qstp_conf_add_spec(qstp_conf *c, int kind, const char *name, const char *spec, char *err,
                       size_t errlen)
{
	char p[4][QSTP_FWD_HOST_MAX], acc[2 * QSTP_FWD_HOST_MAX + 8], con[QSTP_FWD_HOST_MAX + 8];
	qstp_conf_svc *sv;
	int n = split(spec, p);

	if (n < 3 || !host_ok(p[n - 2]))
		return err_at(err, errlen, "'%s': want [ADDRESS:]PORT:HOST:PORT", spec);
	if (n == 4)
		snprintf(acc, sizeof acc, "[%s]:%s", p[0], p[1]);
	else
		snprintf(acc, sizeof acc, "%s", p[0]);
	snprintf(con, sizeof con, "[%s]:%s", p[n - 2], p[n - 1]);
	if ((sv = qstp_conf_add(c, kind, name, err, errlen)) == NULL)
		return -1;
	if (set_accept(sv, acc) != 0 || set_connect(sv, con) != 0) {
		c->nsvcs--;
		return err_at(err, errlen, "'%s': want [ADDRESS:]PORT:HOST:PORT", spec);
	}
	return 0;
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = 0;
	return s;
}

int qstp_conf_load(qstp_conf *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	int r;

	if (f == NULL)
		return err_at(err, errlen, "%s: cannot open: %s", path, strerror(errno));
	r = qstp_conf_read(c, f, path, err, errlen);
	fclose(f);
	return r;
}

int qstp_conf_read(qstp_conf *c, FILE *f, const char *path, char *err, size_t errlen)
{
	char line[QSTP_CONF_LINE_MAX], why[512];
	qstp_conf_svc *sv = NULL;
	unsigned no = 0;

	while (fgets(line, sizeof line, f)) {
		char *s, *eq, *hash, *tab;
		no++;
		if (strchr(line, '\n') == NULL && !feof(f))
			return err_at(err, errlen, "%s:%u: line longer than %d bytes", path, no,
			              QSTP_CONF_LINE_MAX - 2);
		/* Comments: '#' or ';' at the start, or '#' after a blank. */
		hash = strstr(line, " #");
		tab = strstr(line, "\t#");
		if (tab != NULL && (hash == NULL || tab < hash))
			hash = tab;
		if (hash != NULL)
			*hash = 0;
		s = trim(line);
		if (*s == 0 || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']'), *nm;
			int kind;
			if (end == NULL || end[1] != 0)
				goto bad_section;
			*end = 0;
			s = trim(s + 1);
			if (strncmp(s, "service", 7) == 0 && (s[7] == ' ' || s[7] == '\t'))
				kind = QSTP_FWD_SERVICE;
			else if (strncmp(s, "forward", 7) == 0 && (s[7] == ' ' || s[7] == '\t'))
				kind = QSTP_FWD_LOCAL;
			else
				goto bad_section;
			nm = trim(s + 8);
			if ((sv = qstp_conf_add(c, kind, nm, why, sizeof why)) == NULL)
				return err_at(err, errlen, "%s:%u: %s", path, no, why);
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL)
			return err_at(err, errlen, "%s:%u: want KEY = VALUE, [service NAME] or [forward NAME]",
			              path, no);
		*eq = 0;
		if (qstp_conf_set(c, sv, trim(s), trim(eq + 1), why, sizeof why) != 0)
			return err_at(err, errlen, "%s:%u: %s", path, no, why);
	}
	if (ferror(f))
		return err_at(err, errlen, "%s:%u: read error", path, no);
	return 0;
bad_section:
	return err_at(err, errlen, "%s:%u: bad section header (want [service NAME] or [forward NAME])",
	              path, no);
}

int qstp_conf_check(const qstp_conf *c, char *err, size_t errlen)
{
	int services = 0;
	if (c->nsvcs == 0)
		return err_at(err, errlen, "nothing to do: no [service] or [forward] section (or -S/-L flag)");
	for (size_t i = 0; i < c->nsvcs; i++) {
		const qstp_conf_svc *sv = &c->svcs[i];
		const char *k = sv->kind == QSTP_FWD_SERVICE ? "service" : "forward";
		if (!sv->have_accept)
			return err_at(err, errlen, "[%s %s]: no accept", k, sv->name);
		if (!sv->have_connect)
			return err_at(err, errlen, "[%s %s]: no connect", k, sv->name);
		if (sv->kind == QSTP_FWD_SERVICE)
			services++;
		else if (!sv->root[0] && !c->root[0])
			return err_at(err, errlen, "[forward %s]: no root (in the section or global)", sv->name);
		else if (!sv->cert[0] && !c->cert[0])
			return err_at(err, errlen, "[forward %s]: no cert (the server's certificate)", sv->name);
	}
	if (services && (!c->root[0] || !c->cert[0] || !c->key[0]))
		return err_at(err, errlen, "services need the global root, cert and key");
	return 0;
}

static void path(FILE *f, const char *key, const char *v)
{
	if (v[0])
		fprintf(f, "%s = %s\n", key, v);
	else
		fprintf(f, "# %s = (not set)\n", key);
}

void qstp_conf_print(const qstp_conf *c, FILE *f)
{
	fprintf(f, "# effective configuration\n");
	path(f, "root", c->root);
	path(f, "cert", c->cert);
	path(f, "key", c->key);
	path(f, "status-socket", c->status_socket);
	path(f, "port-file", c->port_file);
	fprintf(f, "log-level = %s\n", levels[(c->log_level < 0 ? 5 : c->log_level) - 3]);
	if (c->workers)
		fprintf(f, "workers = %u\n", c->workers);
	else
		fprintf(f, "# workers = (one per CPU)\n");
	unsigned ms = c->handshake_timeout_ms ? c->handshake_timeout_ms : QSTP_NET_HANDSHAKE_TIMEOUT_MS;
	if (ms % 1000 == 0)
		fprintf(f, "handshake-timeout = %u\n", ms / 1000);
	else if (ms % 100 == 0)
		fprintf(f, "handshake-timeout = %u.%u\n", ms / 1000, ms % 1000 / 100);
	else if (ms % 10 == 0)
		fprintf(f, "handshake-timeout = %u.%02u\n", ms / 1000, ms % 1000 / 10);
	else
		fprintf(f, "handshake-timeout = %u.%03u\n", ms / 1000, ms % 1000);
	fprintf(f, "max-conns = %u\n", c->max_conns ? c->max_conns : 10000);
	fprintf(f, "cert-warn-days = %u\n", c->cert_warn_days ? c->cert_warn_days : 30);
	for (size_t i = 0; i < c->nsvcs; i++) {
		const qstp_conf_svc *sv = &c->svcs[i];
		int v6b = strchr(sv->bind, ':') != NULL, v6h = strchr(sv->host, ':') != NULL;
		fprintf(f, "\n[%s %s]\n", sv->kind == QSTP_FWD_SERVICE ? "service" : "forward", sv->name);
		if (sv->have_accept)
			fprintf(f, "accept = %s%s%s:%u\n", v6b ? "[" : "", sv->bind, v6b ? "]" : "", sv->port);
		else
			fprintf(f, "# accept = (not set)\n");
		if (sv->have_connect)
			fprintf(f, "connect = %s%s%s:%u\n", v6h ? "[" : "", sv->host, v6h ? "]" : "",
			        sv->tport);
		else
			fprintf(f, "# connect = (not set)\n");
		if (sv->kind == QSTP_FWD_LOCAL) {
			path(f, "root", sv->root[0] ? sv->root : c->root);
			path(f, "cert", sv->cert[0] ? sv->cert : c->cert);
		}
	}
}
