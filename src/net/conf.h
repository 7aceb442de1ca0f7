/*
 * The forwarder's configuration file (docs/man/qstp.conf.5): INI-like, one
 * per instance.  Global "key = value" lines first, then sections
 * "[service NAME]" (accept QSTP, connect to a fixed target) and
 * "[forward NAME]" (accept plain TCP locally, connect to a QSTP server).
 * Command-line flags are applied on top with the same setters, so the file
 * and the flags cannot disagree about what a key means.
 */
#ifndef QSTP_NET_CONF_H
#define QSTP_NET_CONF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "forward.h"

enum { QSTP_CONF_PATH_MAX = 1024, QSTP_CONF_LINE_MAX = 4096, QSTP_CONF_SVCS_MAX = 256 };

typedef struct qstp_conf_svc {
	int kind;                               /* QSTP_FWD_SERVICE or QSTP_FWD_LOCAL */
	char name[QSTP_FWD_NAME_MAX];
	char bind[QSTP_FWD_HOST_MAX];
	uint16_t port;
	int have_accept, have_connect;
	char host[QSTP_FWD_HOST_MAX];
	uint16_t tport;
	char root[QSTP_CONF_PATH_MAX];          /* forward: overrides the global root */
	char cert[QSTP_CONF_PATH_MAX];          /* forward: the server's certificate */
} qstp_conf_svc;

typedef struct qstp_conf {
	char root[QSTP_CONF_PATH_MAX];
	char cert[QSTP_CONF_PATH_MAX];
	char key[QSTP_CONF_PATH_MAX];
	char status_socket[QSTP_CONF_PATH_MAX];
	char port_file[QSTP_CONF_PATH_MAX];
	int log_level;                          /* -1: not set (notice) */
	unsigned workers;                       /* 0: one per CPU */
	unsigned handshake_timeout_ms;          /* 0: 10 s */
	unsigned max_conns;                     /* 0: 10000 */
	unsigned cert_warn_days;                /* 0: 30 */
	qstp_conf_svc svcs[QSTP_CONF_SVCS_MAX];
	size_t nsvcs;
} qstp_conf;

void qstp_conf_init(qstp_conf *c);
/* Reads a file; 0, or -1 with "FILE:LINE: what" in err. */
int qstp_conf_load(qstp_conf *c, const char *path, char *err, size_t errlen);
/* The same from an open stream (left open); path names it in errors. */
int qstp_conf_read(qstp_conf *c, FILE *f, const char *path, char *err, size_t errlen);
/* Sets a global key (sv == NULL) or a section's key. 0 or -1 with err. */
int qstp_conf_set(qstp_conf *c, qstp_conf_svc *sv, const char *key, const char *val, char *err,
                  size_t errlen);
/* Adds a section; NULL with err if the name is taken or invalid. */
qstp_conf_svc *qstp_conf_add(qstp_conf *c, int kind, const char *name, char *err, size_t errlen);
/* A flag's "[bind:]port:host:port" as a new section named NAME. */
int qstp_conf_add_spec(qstp_conf *c, int kind, const char *name, const char *spec, char *err,
                       size_t errlen);
/* Whole-configuration checks (required keys, at least one section). */
int qstp_conf_check(const qstp_conf *c, char *err, size_t errlen);
/* The effective configuration, defaults spelled out, in the file's syntax. */
void qstp_conf_print(const qstp_conf *c, FILE *f);

#endif
