/* qstp root init, qstp root sign, qstp server keygen: the PKI (PROTOCOL.md 4). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "qstp/errors.h"
#include "qstp/util.h"

static const char root_init_help[] =
	"usage: qstp root init [options]\n"
	"Create a root: a self-signed root certificate and its secret key.\n"
	"  --issuer NAME      issuer name, at most 31 ASCII characters (default: qstp-root)\n"
	"  --days N           validity in days (default: 365)\n"
	"  --set N            configuration set 1, 2 or 3 (default: 3)\n"
	"  --cert FILE        root certificate to write (default: root.qrr)\n"
	"  --key FILE         root secret key to write, mode 0600 in a 0700 directory\n"
	"                     (default: root-key/root.qsk)\n"
	"  --armor            write the certificate in text armour instead of binary\n"
	"  --valid-from UNIX  start of validity in Unix seconds (default: now)\n"
	"  --force            replace existing files\n"
	"  --help             show this help\n";

static const char root_sign_help[] =
	"usage: qstp root sign --root-cert FILE --root-key FILE [options] CERT\n"
	"Sign a server certificate with the root's key (never letting it outlive the root).\n"
	"  --root-cert FILE   the root certificate\n"
	"  --root-key FILE    the root's secret key (must not be readable by others)\n"
	"  --out FILE         signed certificate to write (default: CERT itself, needs --force)\n"
	"  --armor            write the certificate in text armour instead of binary\n"
	"  --force            replace an existing file\n"
	"  --help             show this help\n";

static const char keygen_help[] =
	"usage: qstp server keygen [options]\n"
	"Create a server's secret key and its unsigned certificate (sign it with 'qstp root sign').\n"
	"  --issuer NAME      issuer name, at most 31 ASCII characters (default: qstp-server)\n"
	"  --days N           validity in days, 1 to 730 (default: 365)\n"
	"  --set N            configuration set 1, 2 or 3 (default: 3)\n"
	"  --cert FILE        unsigned server certificate to write (default: server.qrc)\n"
	"  --key FILE         server secret key to write, mode 0600 in a 0700 directory\n"
	"                     (default: server-key/server.qsk)\n"
	"  --armor            write the certificate in text armour instead of binary\n"
	"  --valid-from UNIX  start of validity in Unix seconds (default: now)\n"
	"  --force            replace existing files\n"
	"  --help             show this help\n";

enum { O_ISSUER = 256, O_DAYS, O_SET, O_CERT, O_KEY, O_ARMOR, O_FROM, O_FORCE, O_HELP,
       O_RCERT, O_RKEY, O_OUT };

static const struct option gen_opts[] = {
	{ "issuer", required_argument, NULL, O_ISSUER }, { "days", required_argument, NULL, O_DAYS },
	{ "set", required_argument, NULL, O_SET },       { "cert", required_argument, NULL, O_CERT },
	{ "key", required_argument, NULL, O_KEY },       { "armor", no_argument, NULL, O_ARMOR },
	{ "valid-from", required_argument, NULL, O_FROM }, { "force", no_argument, NULL, O_FORCE },
	{ "help", no_argument, NULL, O_HELP },           { NULL, 0, NULL, 0 },
};

/* Writes a certificate's binary form, or its armour. */
static int write_cert(const char *path, const uint8_t *bin, size_t len, int is_server, int armor,
                      int force)
{
	char *txt;
	int n, r;
	if (!armor)
		return write_file(path, bin, len, 0, force);
	if ((txt = malloc(qstp_armor_size(len))) == NULL)
		return EXIT_FAIL;
	n = qstp_armor_encode(txt, qstp_armor_size(len), bin, len, is_server);
	if (n < 0) {
		die_msg("armour: %s", qstp_strerror(n));
		free(txt);
		return EXIT_FAIL;
	}
	r = write_file(path, (const uint8_t *)txt, (size_t)n, 0, force);
	free(txt);
	return r;
}

static int generate(int argc, char **argv, int server)
{
	const char *issuer = server ? "qstp-server" : "qstp-root";
	const char *cert_path = server ? "server.qrc" : "root.qrr";
	const char *key_path = server ? "server-key/server.qsk" : "root-key/root.qsk";
	long days = QSTP_CERT_DAYS_DEFAULT, from = -1;
	uint8_t set = QSTP_SET_DEFAULT;
	int armor = 0, force = 0, c, r;
	qstp_root_cert *rc = calloc(1, sizeof *rc);
	qstp_server_cert *sc = calloc(1, sizeof *sc);
	qstp_secret_key *key = calloc(1, sizeof *key);
	uint8_t *cbin = NULL, *kbin = NULL;
	size_t clen = 0, klen = 0;

	if (rc == NULL || sc == NULL || key == NULL) {
		r = EXIT_FAIL;
		goto out;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "", gen_opts, NULL)) != -1) {
		switch (c) {
		case O_ISSUER: issuer = optarg; break;
		case O_DAYS:
			if ((days = parse_num(optarg, 1, 100000)) < 0) {
				die_msg("--days: not a number of days: %s", optarg);
				r = EXIT_USAGE;
				goto out;
			}
			break;
		case O_SET:
			if ((set = parse_set(optarg)) == 0) {
				die_msg("--set: unknown or unsupported configuration set: %s (use 1, 2 or 3)", optarg);
				r = EXIT_USAGE;
				goto out;
			}
			break;
		case O_CERT: cert_path = optarg; break;
		case O_KEY: key_path = optarg; break;
		case O_ARMOR: armor = 1; break;
		case O_FROM:
			if ((from = parse_num(optarg, 0, 0x7fffffffffffL)) < 0) {
				die_msg("--valid-from: not a Unix time: %s", optarg);
				r = EXIT_USAGE;
				goto out;
			}
			break;
		case O_FORCE: force = 1; break;
		case O_HELP: fputs(server ? keygen_help : root_init_help, stdout); r = 0; goto out;
		default: fputs(server ? keygen_help : root_init_help, stderr); r = EXIT_USAGE; goto out;
		}
	}
	if ((r = check_args(server ? "server keygen" : "root init", argc, argv, 1, NULL)) != 0)
		goto out;
	if (from < 0)
		from = (long)time(NULL);
	if (!force) {
		/* Check both before creating either, so a refusal leaves nothing half-made. */
		const char *p[2] = { cert_path, key_path };
		for (int i = 0; i < 2; i++)
			if (access(p[i], F_OK) == 0) {
				die_msg("%s exists; not overwriting it (use --force to replace it)", p[i]);
				r = EXIT_FAIL;
				goto out;
			}
	}
	if (server)
		r = qstp_server_generate(sc, key, set, issuer, (unsigned)days, (uint64_t)from,
		                         qstp_random_system, NULL);
	else
		r = qstp_root_generate(rc, key, set, issuer, (unsigned)days, (uint64_t)from,
		                       qstp_random_system, NULL);
	if (r != 0) {
		die_msg("cannot create the %s: %s", server ? "server key" : "root",
		        r == QSTP_ERR_CERT_ISSUER ? "the issuer must be 1 to 31 ASCII characters"
		        : r == QSTP_ERR_CERT_VALIDITY ? "--days is out of range"
		                                      : qstp_strerror(r));
		r = r == QSTP_ERR_CERT_ISSUER || r == QSTP_ERR_CERT_VALIDITY ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}
	clen = server ? qstp_server_cert_size(set) : qstp_root_cert_size(set);
	klen = server ? qstp_server_key_size(set) : qstp_root_key_size(set);
	cbin = malloc(clen);
	kbin = malloc(klen);
	if (cbin == NULL || kbin == NULL) {
		r = EXIT_FAIL;
		goto out;
	}
	r = server ? qstp_server_cert_encode(cbin, clen, sc) : qstp_root_cert_encode(cbin, clen, rc);
	if (r == 0)
		r = qstp_secret_key_encode(kbin, klen, key);
	if (r != 0) {
		die_msg("encode: %s", qstp_strerror(r));
		r = EXIT_FAIL;
		goto out;
	}
	/* The key first: a certificate without its key is useless, and a
	 * refused key directory must stop us before anything is written. */
	if ((r = write_file(key_path, kbin, klen, 1, force)) != 0)
		goto out;
	if ((r = write_cert(cert_path, cbin, clen, server, armor, force)) != 0)
		goto out;
	printf("%s: wrote %s (certificate%s) and %s (secret key), set %u, %ld days\n",
	       server ? "server keygen" : "root init", cert_path, server ? ", unsigned" : "", key_path,
	       set, days);
out:
	if (key)
		qstp_key_wipe(key);
	free(key);
	free(rc);
	free(sc);
	free(cbin);
	free_secret(kbin, klen);
	return r;
}

int cmd_server_keygen(int argc, char **argv)
{
	return generate(argc, argv, 1);
}

static const struct option sign_opts[] = {
	{ "root-cert", required_argument, NULL, O_RCERT }, { "root-key", required_argument, NULL, O_RKEY },
	{ "out", required_argument, NULL, O_OUT },         { "armor", no_argument, NULL, O_ARMOR },
	{ "force", no_argument, NULL, O_FORCE },           { "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

static int sign(int argc, char **argv)
{
	const char *rcert = NULL, *rkey = NULL, *out_path = NULL, *in_path;
	int armor = 0, force = 0, c, r, kind;
	qstp_root_cert *root = calloc(1, sizeof *root);
	qstp_server_cert *srv = calloc(1, sizeof *srv);
	qstp_secret_key *key = calloc(1, sizeof *key);
	uint8_t *kraw = NULL, *bin = NULL;
	size_t krawlen = 0, binlen = 0;

	if (root == NULL || srv == NULL || key == NULL) {
		r = EXIT_FAIL;
		goto out;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "", sign_opts, NULL)) != -1) {
		switch (c) {
		case O_RCERT: rcert = optarg; break;
		case O_RKEY: rkey = optarg; break;
		case O_OUT: out_path = optarg; break;
		case O_ARMOR: armor = 1; break;
		case O_FORCE: force = 1; break;
		case O_HELP: fputs(root_sign_help, stdout); r = 0; goto out;
		default: fputs(root_sign_help, stderr); r = EXIT_USAGE; goto out;
		}
	}
	if (optind + 1 != argc || rcert == NULL || rkey == NULL) {
		fputs(root_sign_help, stderr);
		r = EXIT_USAGE;
		goto out;
	}
	in_path = argv[optind];
	if (out_path == NULL)
		out_path = in_path;
	if ((r = load_cert(rcert, root, NULL, &kind, NULL, NULL)) != 0)
		goto out;
	if ((r = load_cert(in_path, NULL, srv, &kind, NULL, NULL)) != 0)
		goto out;
	if ((r = read_file(rkey, &kraw, &krawlen, 1 << 16, 1)) != 0)
		goto out;
	if ((r = qstp_secret_key_decode(key, kraw, krawlen, 0)) != 0) {
		die_msg("%s: not a root secret key: %s", rkey, check_words(r));
		r = EXIT_VERIFY;
		goto out;
	}
	if ((r = qstp_root_cert_verify(root, 0, (uint64_t)time(NULL))) != 0) {
		die_msg("root certificate %s: %s", rcert, check_words(r));
		r = EXIT_VERIFY;
		goto out;
	}
	if (srv->set != root->set) {
		die_msg("configuration set check failed: the server certificate is set %u, the root set %u",
		        srv->set, root->set);
		r = EXIT_VERIFY;
		goto out;
	}
	if ((r = qstp_root_sign(srv, root, key)) != 0) {
		die_msg("cannot sign: %s", check_words(r));
		r = r == QSTP_ERR_CERT_KEY_MISMATCH ? EXIT_VERIFY : EXIT_FAIL;
		goto out;
	}
	binlen = qstp_server_cert_size(srv->set);
	if ((bin = malloc(binlen)) == NULL || qstp_server_cert_encode(bin, binlen, srv) != 0) {
		r = EXIT_FAIL;
		goto out;
	}
	if ((r = write_cert(out_path, bin, binlen, 1, armor, force)) != 0)
		goto out;
	printf("root sign: wrote %s (server certificate signed by %s)\n", out_path, rcert);
out:
	if (key)
		qstp_key_wipe(key);
	free(key);
	free(root);
	free(srv);
	free(bin);
	free_secret(kraw, krawlen);
	return r;
}

int cmd_root(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return generate(argc - 1, argv + 1, 0);
	if (argc >= 2 && strcmp(argv[1], "sign") == 0)
		return sign(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: qstp root init [options]\n       qstp root sign [options] CERT\n"
		       "Run 'qstp root init --help' or 'qstp root sign --help' for their options.\n");
		return 0;
	}
	die_msg("usage: qstp root init|sign [options] (see qstp root --help)");
	return EXIT_USAGE;
}
