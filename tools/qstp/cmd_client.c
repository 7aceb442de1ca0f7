/* qstp client: verify the server's certificate against the root, connect,
 * handshake, then line mode (a terminal) or pipe/--send mode. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "qstp/errors.h"
#include "qstp/session.h"

static const char client_help[] =
	"usage: qstp client --root FILE --cert FILE [options]\n"
	"Connect to a QSTP server, verify it, and pass data through the tunnel: standard\n"
	"input (or --send FILE) to the server, the server's replies to standard output.\n"
	"On a terminal this is a line mode; at end of input or on Ctrl-C the tunnel is\n"
	"closed with an encrypted close.\n"
	"  --root FILE                the root certificate\n"
	"  --cert FILE                the server's certificate (signed by the root)\n"
	"  --host HOST                server name or address (default: localhost)\n"
	"  --port N                   server port (default: 32119)\n"
	"  --set N                    require configuration set N (1, 2 or 3)\n"
	"  --send FILE                send FILE instead of standard input\n"
	"  --wait SECS                after the input ends, wait this long for replies; stops\n"
	"                             early once as many bytes came back as were sent (default: 5)\n"
	"  --connect-timeout SECS     TCP connect deadline (default: 10)\n"
	"  --handshake-timeout SECS   handshake deadline (default: 10)\n"
	"  --log-level LEVEL          err, warning, notice, info or debug (default: notice)\n"
	"  --help                     show this help\n"
	"Exit status: 0 success, 1 connection or handshake failure, 2 usage,\n"
	"3 a certificate check failed (the message names the check).\n";

enum { O_ROOT = 256, O_CERT, O_HOST, O_PORT, O_SET, O_SEND, O_WAIT, O_CTO, O_HSTO, O_LOG, O_HELP };

static const struct option opts[] = {
	{ "root", required_argument, NULL, O_ROOT },
	{ "cert", required_argument, NULL, O_CERT },
	{ "host", required_argument, NULL, O_HOST },
	{ "port", required_argument, NULL, O_PORT },
	{ "set", required_argument, NULL, O_SET },
	{ "send", required_argument, NULL, O_SEND },
	{ "wait", required_argument, NULL, O_WAIT },
	{ "connect-timeout", required_argument, NULL, O_CTO },
	{ "handshake-timeout", required_argument, NULL, O_HSTO },
	{ "log-level", required_argument, NULL, O_LOG },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

int cmd_client(int argc, char **argv)
{
	const char *root_path = NULL, *cert_path = NULL, *send_path = NULL;
	qstp_client_config cc;
	qstp_client_result res;
	qstp_client_trust *trust = NULL;
	uint8_t *root = NULL, *cert = NULL, want_set = 0;
	size_t rootlen = 0, certlen = 0;
	int c, r, in_fd = 0;
	long v;

	memset(&cc, 0, sizeof cc);
	cc.host = "localhost";
	cc.port = QSTP_DEFAULT_PORT;
	cc.connect_timeout_ms = 10000;
	cc.handshake_timeout_ms = QSTP_NET_HANDSHAKE_TIMEOUT_MS;
	cc.wait_ms = 5000;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const char *bad = NULL;
		switch (c) {
		case O_ROOT: root_path = optarg; break;
		case O_CERT: cert_path = optarg; break;
		case O_HOST: cc.host = optarg; break;
		case O_PORT: if ((v = parse_num(optarg, 1, 65535)) < 0) bad = "--port"; cc.port = (uint16_t)v; break;
		case O_SET: if ((want_set = parse_set(optarg)) == 0) bad = "--set"; break;
		case O_SEND: send_path = optarg; break;
		case O_WAIT: if ((v = parse_secs_ms(optarg, 86400.0, 1)) < 0) bad = "--wait"; cc.wait_ms = (unsigned)v; break;
		case O_CTO: if ((v = parse_secs_ms(optarg, 86400.0, 1)) <= 0) bad = "--connect-timeout"; cc.connect_timeout_ms = (unsigned)v; break;
		case O_HSTO: if ((v = parse_secs_ms(optarg, 86400.0, 1)) <= 0) bad = "--handshake-timeout"; cc.handshake_timeout_ms = (unsigned)v; break;
		case O_LOG: if (set_log_level(optarg) != 0) bad = "--log-level"; break;
		case O_HELP: fputs(client_help, stdout); return 0;
		default: fputs(client_help, stderr); return EXIT_USAGE;
		}
		if (bad)
			return bad_value("client", bad, optarg);
	}
	r = check_args("client", argc, argv, root_path && cert_path, "--root and --cert");
	if (r != 0)
		return r;
	if ((r = read_file(root_path, &root, &rootlen, 1 << 20, 0)) != 0 ||
	    (r = read_file(cert_path, &cert, &certlen, 1 << 20, 0)) != 0)
		goto out;
	if (want_set) {
		qstp_root_cert *rc = malloc(sizeof *rc);
		int kind, e = rc ? load_cert(root_path, rc, NULL, &kind, NULL, NULL) : EXIT_FAIL;
		uint8_t have = rc ? rc->set : 0;
		free(rc);
		if (e != 0) {
			r = e;
			goto out;
		}
		if (have != want_set) {
			const qstp_config_set *a = qstp_config_get(have), *b = qstp_config_get(want_set);
			die_msg("configuration set check failed: the root certificate is set %u (%s), "
			        "--set asks for %u (%s)", have, a ? a->name : "?", want_set, b ? b->name : "?");
			r = EXIT_VERIFY;
			goto out;
		}
	}
	r = qstp_client_trust_new(&trust, root, rootlen, cert, certlen, (uint64_t)time(NULL));
	if (r != 0) {
		die_msg("server certificate check failed (%s against root %s): %s", cert_path, root_path,
		        check_words(r));
		r = EXIT_VERIFY;
		goto out;
	}
	if (send_path && (in_fd = open(send_path, O_RDONLY | O_CLOEXEC)) < 0) {
		die_msg("cannot open %s: %s", send_path, strerror(errno));
		r = EXIT_FAIL;
		goto out;
	}
	if (!send_path && isatty(0))
		fprintf(stderr, "qstp: connecting to %s port %u; type lines to send, Ctrl-D or Ctrl-C "
		        "to close\n", cc.host, cc.port);
	cc.in_fd = in_fd;
	cc.out_fd = 1;
	cc.proto = &session_proto;
	cc.proto_ctx = trust;
	r = qstp_client_run(&cc, &res);
	if (r != 0) {
		die_msg("%s", res.reason[0] ? res.reason : qstp_strerror(r));
		r = EXIT_FAIL;
	} else {
		qstp_log(QSTP_LOG_INFO, "closed%s: %llu bytes sent, %llu received",
		         res.interrupted ? " on a signal" : "", (unsigned long long)res.bytes_sent,
		         (unsigned long long)res.bytes_received);
	}
out:
	if (in_fd > 0)
		close(in_fd);
	if (trust)
		qstp_client_trust_free(trust);
	free(root);
	free(cert);
	return r;
}
