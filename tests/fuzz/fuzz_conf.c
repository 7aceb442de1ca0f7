/*
 * libFuzzer harness: the forwarder's configuration file parser (qstp.conf(5),
 * src/net/conf.c).  fuzz-sources: src/net/conf.c
 *
 * Properties checked on every input the parser accepts: the effective
 * configuration it prints (qstp forward --print-config) parses back into the
 * same configuration (the same structure byte for byte once the defaults
 * print spells out are filled in on both sides), and printing that again
 * gives the same text, so --print-config's output can always serve as a
 * configuration file; and a configuration that passes the whole-file checks
 * still passes them after the round trip.  Inputs it
 * rejects must come with a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses len bytes of text into c; the parser's result. */
static int parse(qstp_conf *c, const void *text, size_t len, char *err, size_t errlen)
{
	FILE *f;
	int r;

	qstp_conf_init(c);
	if (len == 0)
		return 0; /* fmemopen rejects an empty buffer; an empty file parses */
	if ((f = fmemopen((void *)text, len, "r")) == NULL)
		abort();
	r = qstp_conf_read(c, f, "fuzz", err, errlen);
	fclose(f);
	return r;
}

/* What print spells out: the defaults of unset keys (qstp.conf(5)) and the
 * global root and cert that a forward section inherits. */
static void effective(qstp_conf *c)
{
	if (c->log_level < 0)
		c->log_level = 5;
	if (c->handshake_timeout_ms == 0)
		c->handshake_timeout_ms = 10000;
	if (c->max_conns == 0)
		c->max_conns = 10000;
	if (c->cert_warn_days == 0)
		c->cert_warn_days = 30;
	for (size_t i = 0; i < c->nsvcs; i++) {
		qstp_conf_svc *sv = &c->svcs[i];
		if (sv->kind != QSTP_FWD_LOCAL)
			continue;
		if (sv->root[0] == 0)
			memcpy(sv->root, c->root, sizeof sv->root);
		if (sv->cert[0] == 0)
			memcpy(sv->cert, c->cert, sizeof sv->cert);
	}
}

/* The effective configuration as text (malloc'd, *len bytes). */
static char *print(const qstp_conf *c, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (f == NULL)
		abort();
	qstp_conf_print(c, f);
	if (fclose(f) != 0)
		abort();
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static qstp_conf a, b;
	char err[1024] = "";
	size_t la, lb;
	char *pa, *pb;
	int checked;

	if (size > 64 * 1024)
		return 0;
	if (parse(&a, data, size, err, sizeof err) != 0) {
		if (err[0] == 0)
			abort(); /* rejected without a word */
		return 0;
	}
	checked = qstp_conf_check(&a, err, sizeof err) == 0;
	pa = print(&a, &la);
	if (parse(&b, pa, la, err, sizeof err) != 0) {
		fprintf(stderr, "printed configuration does not parse: %s\n---\n%s---\n", err, pa);
		abort();
	}
	if (checked && qstp_conf_check(&b, err, sizeof err) != 0) {
		fprintf(stderr, "printed configuration fails the checks: %s\n", err);
		abort();
	}
	effective(&a);
	effective(&b);
	if (memcmp(&a, &b, sizeof a) != 0) {
		fprintf(stderr, "the printed configuration reads back different:\n---\n%s---\n", pa);
		abort();
	}
	pb = print(&b, &lb);
	if (la != lb || memcmp(pa, pb, la) != 0) {
		fprintf(stderr, "printing is not stable:\n---\n%s---\n%s---\n", pa, pb);
		abort();
	}
	free(pa);
	free(pb);
	return 0;
}
