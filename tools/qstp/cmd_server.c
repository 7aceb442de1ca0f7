/* qstp server: load the identity, run the event-driven server until
 * SIGTERM/SIGINT, then close every tunnel with an encrypted close. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "qstp/errors.h"
#include "qstp/session.h"

static const char server_help[] =
	"usage: qstp server --root FILE --cert FILE --key FILE [options]\n"
	"       qstp server keygen [options]   (see qstp server keygen --help)\n"
	"Serve QSTP tunnels (echo service) on TCP, IPv6 and IPv4, until SIGTERM or SIGINT.\n"
	"SIGUSR1 logs each event loop's counters.\n"
	"  --root FILE               the root certificate\n"
	"  --cert FILE               this server's certificate, signed by the root\n"
	"  --key FILE                this server's secret key (must not be readable by others)\n"
	"  --listen ADDR             address to listen on (default: ::, all IPv6 and IPv4)\n"
	"  --port N                  TCP port (default: 32119; 0: any free port)\n"
	"  --port-file FILE          write the port listened on to FILE once ready\n"
	"  --loops N                 event loops (default: one per CPU)\n"
	"  --workers N               handshake worker threads (default: one per CPU)\n"
	"  --queue N                 worker queue cap; beyond it handshakes are refused (default: 2048)\n"
	"  --max-handshakes N        concurrent handshakes (default: 4096)\n"
	"  --max-conns N             connections (default: what the open-file limit allows)\n"
	"  --source-rate N           handshakes per second per source address (default: 0, no limit)\n"
	"  --handshake-timeout SECS  handshake deadline from accept (default: 10; fractions allowed)\n"
	"  --idle-timeout SECS       close tunnels idle this long (default: 0, never)\n"
	"  --log-level LEVEL         err, warning, notice, info or debug (default: notice)\n"
	"  --help                    show this help\n";

enum { O_ROOT = 256, O_CERT, O_KEY, O_LISTEN, O_PORT, O_PORTFILE, O_LOOPS, O_WORKERS, O_QUEUE,
       O_MAXHS, O_MAXCONNS, O_RATE, O_HSTO, O_IDLE, O_LOG, O_HELP };

static const struct option opts[] = {
	{ "root", required_argument, NULL, O_ROOT },
	{ "cert", required_argument, NULL, O_CERT },
	{ "key", required_argument, NULL, O_KEY },
	{ "listen", required_argument, NULL, O_LISTEN },
	{ "port", required_argument, NULL, O_PORT },
	{ "port-file", required_argument, NULL, O_PORTFILE },
	{ "loops", required_argument, NULL, O_LOOPS },
	{ "workers", required_argument, NULL, O_WORKERS },
	{ "queue", required_argument, NULL, O_QUEUE },
	{ "max-handshakes", required_argument, NULL, O_MAXHS },
	{ "max-conns", required_argument, NULL, O_MAXCONNS },
	{ "source-rate", required_argument, NULL, O_RATE },
	{ "handshake-timeout", required_argument, NULL, O_HSTO },
	{ "idle-timeout", required_argument, NULL, O_IDLE },
	{ "log-level", required_argument, NULL, O_LOG },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

int cmd_server(int argc, char **argv)
{
	const char *root_path = NULL, *cert_path = NULL, *key_path = NULL, *port_file = NULL;
	qstp_server_config cfg;
	qstp_server_identity *id = NULL;
	qstp_server *srv = NULL;
	qstp_net_counters k;
	uint8_t *root = NULL, *cert = NULL, *key = NULL;
	size_t rootlen = 0, certlen = 0, keylen = 0;
	sigset_t sigs;
	int c, r, sig = 0;
	long v;

	if (argc >= 2 && strcmp(argv[1], "keygen") == 0)
		return cmd_server_keygen(argc - 1, argv + 1);
	memset(&cfg, 0, sizeof cfg);
	cfg.port = QSTP_DEFAULT_PORT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const char *bad = NULL;
		switch (c) {
		case O_ROOT: root_path = optarg; break;
		case O_CERT: cert_path = optarg; break;
		case O_KEY: key_path = optarg; break;
		case O_LISTEN: cfg.listen_addr = optarg; break;
		case O_PORT:
			if ((v = parse_num(optarg, 0, 65535)) < 0)
				bad = "--port";
			cfg.port = (uint16_t)v;
			break;
		case O_PORTFILE: port_file = optarg; break;
		case O_LOOPS: if ((v = parse_num(optarg, 1, 1024)) < 0) bad = "--loops"; cfg.loops = (unsigned)v; break;
		case O_WORKERS: if ((v = parse_num(optarg, 1, 1024)) < 0) bad = "--workers"; cfg.workers = (unsigned)v; break;
		case O_QUEUE: if ((v = parse_num(optarg, 1, 1000000)) < 0) bad = "--queue"; cfg.queue_max = (unsigned)v; break;
		case O_MAXHS: if ((v = parse_num(optarg, 1, 1000000)) < 0) bad = "--max-handshakes"; cfg.max_handshakes = (unsigned)v; break;
		case O_MAXCONNS: if ((v = parse_num(optarg, 1, 10000000)) < 0) bad = "--max-conns"; cfg.max_conns = (unsigned)v; break;
		case O_RATE: if ((v = parse_num(optarg, 0, 1000000)) < 0) bad = "--source-rate"; cfg.source_rate = (unsigned)v; break;
		case O_HSTO: if ((v = parse_secs_ms(optarg, 86400.0 * 365, 0)) < 0) bad = "--handshake-timeout"; cfg.handshake_timeout_ms = (unsigned)v; break;
		case O_IDLE: if ((v = parse_secs_ms(optarg, 86400.0 * 365, 1)) < 0) bad = "--idle-timeout"; cfg.idle_timeout_ms = (unsigned)v; break;
		case O_LOG: if (set_log_level(optarg) != 0) bad = "--log-level"; break;
		case O_HELP: fputs(server_help, stdout); return 0;
		default: fputs(server_help, stderr); return EXIT_USAGE;
		}
		if (bad)
			return bad_value("server", bad, optarg);
	}
	r = check_args("server", argc, argv, root_path && cert_path && key_path,
	               "--root, --cert and --key");
	if (r != 0)
		return r;
	if ((r = read_file(root_path, &root, &rootlen, 1 << 20, 0)) != 0 ||
	    (r = read_file(cert_path, &cert, &certlen, 1 << 20, 0)) != 0 ||
	    (r = read_file(key_path, &key, &keylen, 1 << 16, 1)) != 0)
		goto out;
	r = qstp_server_identity_new(&id, root, rootlen, cert, certlen, key, keylen, (uint64_t)time(NULL));
	free_secret(key, keylen);
	key = NULL;
	if (r != 0) {
		die_msg("server identity check failed (%s, %s, %s): %s", root_path, cert_path, key_path,
		        check_words(r));
		r = EXIT_VERIFY;
		goto out;
	}
	cfg.proto = &session_proto;
	cfg.proto_ctx = id;
	/* Signals are taken by sigwait here, never by the loop threads, which
	 * inherit this mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (qstp_server_start(&srv, &cfg) != 0) {
		r = EXIT_FAIL;
		goto out;
	}
	{
		const qstp_server_cert *sc = qstp_server_identity_cert(id);
		const qstp_config_set *cs = qstp_server_identity_set(id);
		char ser[2 * QSTP_CERT_SERIAL_BYTES + 1];
		qstp_net_hex(ser, sc->serial, QSTP_CERT_SERIAL_BYTES);
		qstp_log(QSTP_LOG_NOTICE, "listening on %s port %u: set %u (%s), certificate serial %s",
		         cfg.listen_addr ? cfg.listen_addr : "[::]", qstp_server_port(srv), cs->id, cs->name,
		         ser);
	}
	if (port_file) {
		FILE *f = fopen(port_file, "w");
		if (f == NULL || fprintf(f, "%u\n", qstp_server_port(srv)) < 0 || fclose(f) != 0)
			qstp_log(QSTP_LOG_ERR, "cannot write %s", port_file);
	}
	for (;;) {
		if (sigwait(&sigs, &sig) != 0)
			continue;
		if (sig != SIGUSR1)
			break;
		qstp_server_log_counters(srv);
	}
	qstp_log(QSTP_LOG_NOTICE, "signal %d: closing every tunnel and stopping", sig);
	qstp_server_stop(srv, &k);
	qstp_log(QSTP_LOG_NOTICE,
	         "stopped: %llu accepted, %llu handshakes ok, %llu failed, %llu timed out, %llu aborted, "
	         "refused %llu (busy) %llu (queue) %llu (rate) %llu (max conns), %llu tunnels closed at "
	         "shutdown, %llu bytes echoed",
	         (unsigned long long)k.accepted, (unsigned long long)k.handshakes_ok,
	         (unsigned long long)k.handshakes_failed, (unsigned long long)k.handshake_timeouts,
	         (unsigned long long)k.handshake_aborted, (unsigned long long)k.refused_handshakes,
	         (unsigned long long)k.refused_queue, (unsigned long long)k.refused_rate,
	         (unsigned long long)k.refused_conns, (unsigned long long)k.closed_shutdown,
	         (unsigned long long)k.bytes_in);
	r = 0;
out:
	if (id)
		qstp_server_identity_unref(id);
	free(root);
	free(cert);
	free_secret(key, keylen);
	return r;
}
