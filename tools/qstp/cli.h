/* The qstp command: shared helpers of the subcommand files. */
#ifndef QSTP_CLI_H
#define QSTP_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "qstp/cert.h"

/* Exit codes (docs/man/qstp.1, EXIT STATUS). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,      /* an operation failed (I/O, network, handshake) */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_VERIFY = 3,    /* a certificate or key check failed */
};

/* Subcommands: argv[0] is the subcommand's own name. */
int cmd_root(int argc, char **argv);
int cmd_server_keygen(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_server(int argc, char **argv);
int cmd_client(int argc, char **argv);
int cmd_forward(int argc, char **argv);   /* cmd_forward.c */
int cmd_status(int argc, char **argv);

/* "qstp: " + message on stderr. */
void die_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file (at most max bytes).  secret: refuse it if its mode
 * lets group or others read it.  Returns 0, or an exit code after a message. */
int read_file(const char *path, uint8_t **out, size_t *len, size_t max, int secret);
/* Writes a file: never replaces an existing one unless force.  secret: mode
 * 0600, and the directory must be 0700 (created so if missing).  Written to a
 * temporary name and renamed, so a reader never sees half a file. */
int write_file(const char *path, const uint8_t *data, size_t len, int secret, int force);
/* Zeroes and frees. */
void free_secret(uint8_t *p, size_t len);

/* Parses "1".."3" or a set name; 0 on error. */
uint8_t parse_set(const char *s);
/* Parses an unsigned decimal in [lo, hi]; -1 on error. */
long parse_num(const char *s, long lo, long hi);
/* Seconds with an optional fraction (at most max_s; 0 only when allow_zero)
 * to milliseconds; -1 on error. */
long parse_secs_ms(const char *s, double max_s, int allow_zero);

/* A subcommand's option handling.  set_log_level: --log-level's value,
 * applied; -1 on an unknown level name.  bad_value: the message for an
 * option value that did not parse, naming the option, the value and
 * `qstp cmd --help`; returns EXIT_USAGE.  check_args, after the getopt
 * loop: no operands are left and the required options were given
 * (have_required; `needs` names them); 0, or EXIT_USAGE after a message. */
int set_log_level(const char *name);
int bad_value(const char *cmd, const char *opt, const char *val);
int check_args(const char *cmd, int argc, char **argv, int have_required, const char *needs);

/* Words for a certificate or key check failure (12b), naming the check. */
const char *check_words(int err);

/* Loads a certificate file of either kind (armour or binary). kind: 1 root,
 * 2 server.  Returns 0 or an exit code after a message. */
int load_cert(const char *path, qstp_root_cert *root, qstp_server_cert *srv, int *kind,
              uint8_t **bin, size_t *binlen);

/* The session core as the net layer's protocol table. */
extern const qstp_net_proto session_proto;

#endif
