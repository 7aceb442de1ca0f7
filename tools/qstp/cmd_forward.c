/* qstp forward: port forwarding through QSTP tunnels (services on the
 * server, local forwards on the client), configured by a file and/or
 * flags; qstp status: ask a running forwarder what it is doing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "net/conf.h"
#include "net/forward.h"
#include "qstp/errors.h"
#include "qstp/session.h"

static const char forward_help[] =
	"usage: qstp forward [-c FILE] [-L SPEC]... [-S SPEC]... [options]\n"
	"Forward TCP connections through QSTP tunnels, one tunnel per connection.\n"
	"A service (server side) accepts tunnels and connects each to its one fixed\n"
	"target; a local forward (client side) accepts plain TCP, loopback by default,\n"
	"and carries each connection to a QSTP server.  Runs until SIGTERM or SIGINT;\n"
	"SIGHUP reloads the configuration, certificates and keys for new connections.\n"
	"  -c, --config FILE          configuration file (see qstp.conf(5)); flags add to it\n"
	"  -t, --test                 check the configuration, certificates and keys, and exit\n"
	"  --print-config             print the effective configuration and exit\n"
	"  -L, --local SPEC           local forward [ADDRESS:]PORT:SERVER:PORT (ADDRESS\n"
	"                             default 127.0.0.1); needs --root and --cert\n"
	"  -S, --service SPEC         service [ADDRESS:]PORT:TARGET:PORT (ADDRESS default ::);\n"
	"                             needs --root, --cert and --key\n"
	"  --root FILE                the root certificate\n"
	"  --cert FILE                the server's signed certificate\n"
	"  --key FILE                 the server's secret key (services only)\n"
	"  --status-socket PATH       answer `qstp status` on this unix socket\n"
	"  --port-file FILE           write \"NAME PORT\" per listener once listening\n"
	"  --workers N                handshake worker threads (default: one per CPU)\n"
	"  --handshake-timeout SECS   deadline from accept to data flowing (default: 10)\n"
	"  --max-conns N              forwarded connections at once (default: 10000)\n"
	"  --cert-warn-days N         warn this many days before a certificate expires (default: 30)\n"
	"  --log-level LEVEL          err, warning, notice, info or debug (default: notice)\n"
	"  --help                     show this help\n"
	"Exit status: 0 success, 1 failure, 2 usage or configuration error,\n"
	"3 a certificate or key check failed.\n";

static const char status_help[] =
	"usage: qstp status [--socket PATH] [--json]\n"
	"Print a running forwarder's tunnels (peer, bytes each way, age, certificate\n"
	"expiry) and services.\n"
	"  --socket PATH   the forwarder's status socket (default: /run/qstp/qstp.sock)\n"
	"  --json          JSON instead of text\n"
	"  --help          show this help\n";

enum { O_TEST = 't', O_CONFIG = 'c', O_LOCAL = 'L', O_SERVICE = 'S', O_PRINT = 256, O_ROOT, O_CERT,
       O_KEY, O_STATUS, O_PORTFILE, O_WORKERS, O_HSTO, O_MAXCONNS, O_WARN, O_LOG, O_HELP, O_JSON,
       O_SOCKET };

static const struct option fopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "test", no_argument, NULL, O_TEST },
	{ "print-config", no_argument, NULL, O_PRINT },
	{ "local", required_argument, NULL, O_LOCAL },
	{ "service", required_argument, NULL, O_SERVICE },
	{ "root", required_argument, NULL, O_ROOT },
	{ "cert", required_argument, NULL, O_CERT },
	{ "key", required_argument, NULL, O_KEY },
	{ "status-socket", required_argument, NULL, O_STATUS },
	{ "port-file", required_argument, NULL, O_PORTFILE },
	{ "workers", required_argument, NULL, O_WORKERS },
	{ "handshake-timeout", required_argument, NULL, O_HSTO },
	{ "max-conns", required_argument, NULL, O_MAXCONNS },
	{ "cert-warn-days", required_argument, NULL, O_WARN },
	{ "log-level", required_argument, NULL, O_LOG },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

typedef struct fctx {
	int argc;
	char **argv;
	int test, print;
	qstp_conf conf;
} fctx;

/* The file first, then the flags on top; run again on each SIGHUP so the
 * file's changes are seen and the flags keep their meaning.  0, or an exit
 * code after a message. */
static int build(fctx *x)
{
	qstp_conf *c = &x->conf;
	const char *file = NULL;
	char err[1200], nm[QSTP_FWD_NAME_MAX];
	unsigned nl = 0, ns = 0;
	int o;

	qstp_conf_init(c);
	x->test = x->print = 0;
	optind = 1;
	while ((o = getopt_long(x->argc, x->argv, "c:tL:S:", fopts, NULL)) != -1) {
		if (o == O_CONFIG)
			file = optarg;
		else if (o == O_HELP) {
			fputs(forward_help, stdout);
			return -1;
		} else if (o == '?') {
			fputs(forward_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (check_args("forward", x->argc, x->argv, 1, NULL) != 0)
		return EXIT_USAGE;
	if (file && qstp_conf_load(c, file, err, sizeof err) != 0) {
		die_msg("%s", err);
		return EXIT_USAGE;
	}
	optind = 1;
	while ((o = getopt_long(x->argc, x->argv, "c:tL:S:", fopts, NULL)) != -1) {
		static const char *const keys[] = {
			[O_ROOT - O_PRINT] = "root", [O_CERT - O_PRINT] = "cert", [O_KEY - O_PRINT] = "key",
			[O_STATUS - O_PRINT] = "status-socket", [O_PORTFILE - O_PRINT] = "port-file",
			[O_WORKERS - O_PRINT] = "workers", [O_HSTO - O_PRINT] = "handshake-timeout",
			[O_MAXCONNS - O_PRINT] = "max-conns", [O_WARN - O_PRINT] = "cert-warn-days",
			[O_LOG - O_PRINT] = "log-level",
		};
		int r = 0;
		switch (o) {
		case O_CONFIG: break;
		case O_TEST: x->test = 1; break;
		case O_PRINT: x->print = 1; break;
		case O_LOCAL:
			snprintf(nm, sizeof nm, "local-%u", ++nl);
			r = qstp_conf_add_spec(c, QSTP_FWD_LOCAL, nm, optarg, err, sizeof err);
			break;
		case O_SERVICE:
			snprintf(nm, sizeof nm, "service-%u", ++ns);
			r = qstp_conf_add_spec(c, QSTP_FWD_SERVICE, nm, optarg, err, sizeof err);
			break;
		default:
			r = qstp_conf_set(c, NULL, keys[o - O_PRINT], optarg, err, sizeof err);
			break;
		}
		if (r != 0) {
			die_msg("%s", err);
			return EXIT_USAGE;
		}
	}
	if (qstp_conf_check(c, err, sizeof err) != 0) {
		die_msg("%s", err);
		return EXIT_USAGE;
	}
	return 0;
}

/* The services with their identities and trusts, from x->conf. */
static int load_svcs(fctx *x, qstp_fwd_svc ***out, size_t *nout)
{
	qstp_conf *c = &x->conf;
	qstp_server_identity *id = NULL;
	qstp_fwd_svc **v = calloc(c->nsvcs, sizeof *v);
	uint8_t *root = NULL, *cert = NULL, *key = NULL;
	size_t rootlen = 0, certlen = 0, keylen = 0, i;
	uint64_t now = (uint64_t)time(NULL);
	qstp_server_cert sc;
	char ser[2 * QSTP_CERT_SERIAL_BYTES + 1];
	int r = EXIT_FAIL, kind;

	if (v == NULL)
		goto out;
	for (i = 0; i < c->nsvcs; i++) {
		const qstp_conf_svc *cs = &c->svcs[i];
		qstp_fwd_svc *sv = v[i] = calloc(1, sizeof *sv);
		if (sv == NULL)
			goto out;
		sv->lfd = -1;
		sv->kind = cs->kind;
		memcpy(sv->name, cs->name, sizeof sv->name);
		memcpy(sv->bind, cs->bind, sizeof sv->bind);
		memcpy(sv->host, cs->host, sizeof sv->host);
		sv->port = cs->port;
		sv->tport = cs->tport;
		if (cs->kind == QSTP_FWD_SERVICE) {
			if (id == NULL) {
				if ((r = read_file(c->root, &root, &rootlen, 1 << 20, 0)) != 0 ||
				    (r = read_file(c->cert, &cert, &certlen, 1 << 20, 0)) != 0 ||
				    (r = read_file(c->key, &key, &keylen, 1 << 16, 1)) != 0)
					goto out;
				r = qstp_server_identity_new(&id, root, rootlen, cert, certlen, key, keylen, now);
				free_secret(key, keylen);
				key = NULL;
				free(root);
				free(cert);
				root = cert = NULL;
				if (r != 0) {
					die_msg("server identity check failed (%s, %s, %s): %s", c->root, c->cert,
					        c->key, check_words(r));
					r = EXIT_VERIFY;
					goto out;
				}
			}
			qstp_server_identity_ref(id);
			sv->id = id;
			sv->cert_expiry = qstp_server_identity_cert(id)->valid_to;
			qstp_net_hex(sv->cert_serial, qstp_server_identity_cert(id)->serial, QSTP_CERT_SERIAL_BYTES);
			snprintf(sv->cert_path, sizeof sv->cert_path, "%s", c->cert);
		} else {
			const char *rp = cs->root[0] ? cs->root : c->root;
			const char *cp = cs->cert[0] ? cs->cert : c->cert;
			if ((r = read_file(rp, &root, &rootlen, 1 << 20, 0)) != 0 ||
			    (r = load_cert(cp, NULL, &sc, &kind, &cert, &certlen)) != 0)
				goto out;
			r = qstp_client_trust_new(&sv->trust, root, rootlen, cert, certlen, now);
			free(root);
			free(cert);
			root = cert = NULL;
			if (r != 0) {
				die_msg("[forward %s]: server certificate %s against root %s: %s", cs->name, cp,
				        rp, check_words(r));
				r = EXIT_VERIFY;
				goto out;
			}
			sv->cert_expiry = sc.valid_to;
			qstp_net_hex(ser, sc.serial, QSTP_CERT_SERIAL_BYTES);
			memcpy(sv->cert_serial, ser, sizeof sv->cert_serial);
			snprintf(sv->cert_path, sizeof sv->cert_path, "%s", cp);
		}
	}
	*out = v;
	*nout = c->nsvcs;
	v = NULL;
	r = 0;
out:
	if (v) {
		for (i = 0; i < c->nsvcs; i++)
			qstp_fwd_svc_free(v[i]);
		free(v);
	}
	if (id)
		qstp_server_identity_unref(id);
	free(root);
	free(cert);
	free_secret(key, keylen);
	return r;
}

/* The engine's loader (start and SIGHUP). */
static int loader(void *ctx, qstp_fwd_svc ***svcs, size_t *n)
{
	fctx *x = ctx;
	if (build(x) != 0)
		return -1;
	return load_svcs(x, svcs, n) == 0 ? 0 : -1;
}

int cmd_forward(int argc, char **argv)
{
	fctx *x = calloc(1, sizeof *x);
	qstp_fwd_config fc;
	qstp_fwd_svc **v = NULL;
	char *status_path, *port_file;
	size_t n = 0;
	int r;

	if (x == NULL)
		return EXIT_FAIL;
	x->argc = argc;
	x->argv = argv;
	if ((r = build(x)) != 0) {
		r = r < 0 ? 0 : r;   /* --help */
		goto out;
	}
	if (x->conf.log_level > 0)
		qstp_log_set_level(x->conf.log_level);
	if (x->print) {
		qstp_conf_print(&x->conf, stdout);
		r = 0;
		goto out;
	}
	if (x->test) {
		if ((r = load_svcs(x, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++)
				qstp_fwd_svc_free(v[i]);
			free(v);
			printf("configuration ok: %zu services and forwards\n", n);
		}
		goto out;
	}
	memset(&fc, 0, sizeof fc);
	fc.workers = x->conf.workers;
	fc.handshake_timeout_ms = x->conf.handshake_timeout_ms;
	fc.max_conns = x->conf.max_conns;
	fc.cert_warn_days = x->conf.cert_warn_days;
	/* Fixed for the process's life (a reload changes services, certificates and keys). */
	status_path = x->conf.status_socket[0] ? strdup(x->conf.status_socket) : NULL;
	port_file = x->conf.port_file[0] ? strdup(x->conf.port_file) : NULL;
	fc.status_path = status_path;
	fc.port_file = port_file;
	fc.proto = &session_proto;
	fc.load = loader;
	fc.load_ctx = x;
	r = qstp_fwd_run(&fc) == 0 ? 0 : EXIT_FAIL;
	free(status_path);
	free(port_file);
out:
	free(x);
	return r;
}

int cmd_status(int argc, char **argv)
{
	static const struct option sopts[] = {
		{ "socket", required_argument, NULL, O_SOCKET },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = "/run/qstp/qstp.sock";
	struct sockaddr_un sa;
	char buf[4096];
	int json = 0, o, fd;
	ssize_t k;

	optind = 1;
	while ((o = getopt_long(argc, argv, "", sopts, NULL)) != -1) {
		if (o == O_SOCKET)
			path = optarg;
		else if (o == O_JSON)
			json = 1;
		else if (o == O_HELP) {
			fputs(status_help, stdout);
			return 0;
		} else {
			fputs(status_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || strlen(path) >= sizeof sa.sun_path) {
		fputs(status_help, stderr);
		return EXIT_USAGE;
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)&sa, sizeof sa) != 0) {
		die_msg("status socket %s: %s (is qstp forward running with --status-socket?)", path,
		        strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_FAIL;
	}
	if (send(fd, json ? "json\n" : "text\n", 5, MSG_NOSIGNAL) != 5) {
		die_msg("status socket %s: %s", path, strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	while ((k = read(fd, buf, sizeof buf)) > 0)
		if (fwrite(buf, 1, (size_t)k, stdout) != (size_t)k)
			break;
	close(fd);
	return 0;
}
