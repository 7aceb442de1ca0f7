/* qstp: one command for the three roles of QSTP (root, server, client). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: qstp [--log-level LEVEL] COMMAND [options]\n"
	"Post-quantum tunnels (QSTP: ML-KEM + ML-DSA handshake, RCS-256 transport).\n"
	"Commands:\n"
	"  root init        create a root certificate and its secret key\n"
	"  root sign        sign a server certificate with the root's key\n"
	"  server keygen    create a server secret key and an unsigned certificate\n"
	"  server           serve tunnels (echo service)\n"
	"  client           connect to a server and pass data through a tunnel\n"
	"  cert show        print a certificate in words or as JSON\n"
	"  cert verify      check a server certificate against a root\n"
	"  forward          forward TCP ports through tunnels (services, -L forwards)\n"
	"  status           show a running forwarder's tunnels\n"
	"Options:\n"
	"  --log-level LEVEL  err, warning, notice, info or debug (default: notice)\n"
	"  --version          print the version\n"
	"  --help             show this help; 'qstp COMMAND --help' for a command's options\n"
	"Exit status: 0 success, 1 failure, 2 usage, 3 a certificate or key check failed.\n";

int main(int argc, char **argv)
{
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			puts("qstp 0.1.0");
			return 0;
		}
		if (strcmp(argv[i], "--log-level") == 0 && i + 1 < argc) {
			int l = qstp_log_level_parse(argv[i + 1]);
			if (l < 0) {
				die_msg("--log-level: unknown level '%s' (err, warning, notice, info, debug)",
				        argv[i + 1]);
				return EXIT_USAGE;
			}
			qstp_log_set_level(l);
			i += 2;
			continue;
		}
		die_msg("unknown option %s (see qstp --help)", argv[i]);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	argc -= i;
	argv += i;
	if (strcmp(argv[0], "root") == 0)
		return cmd_root(argc, argv);
	if (strcmp(argv[0], "server") == 0)
		return cmd_server(argc, argv);
	if (strcmp(argv[0], "client") == 0)
		return cmd_client(argc, argv);
	if (strcmp(argv[0], "cert") == 0)
		return cmd_cert(argc, argv);
	if (strcmp(argv[0], "forward") == 0)
		return cmd_forward(argc, argv);
	if (strcmp(argv[0], "status") == 0)
		return cmd_status(argc, argv);
	die_msg("unknown command '%s' (see qstp --help)", argv[0]);
	return EXIT_USAGE;
}
