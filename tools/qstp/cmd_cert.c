/* qstp cert show, qstp cert verify. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "qstp/errors.h"
#include "qstp/keccak.h"

static const char show_help[] =
	"usage: qstp cert show [--json] FILE...\n"
	"Print certificates (root or server, binary or armour) in words, or as JSON.\n"
	"  --json             one JSON object per certificate\n"
	"  --help             show this help\n";

static const char verify_help[] =
	"usage: qstp cert verify --root FILE [options] FILE...\n"
	"Check server certificates against a root with every check of PROTOCOL.md 12b\n"
	"(signature, validity, configuration set, version, issuing root, not outliving\n"
	"the root).  A root certificate given as FILE is checked on its own.\n"
	"Exit status 0 when all pass, 3 when a check fails (the message names it).\n"
	"  --root FILE        the root certificate\n"
	"  --set N            the configuration set required (default: the root's)\n"
	"  --at UNIX          check validity at this Unix time (default: now)\n"
	"  --help             show this help\n";

enum { O_JSON = 256, O_HELP, O_ROOT, O_SET, O_AT };

static void iso(char out[32], uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "%llu", (unsigned long long)t);
}

static void json_str(const uint8_t *s, size_t max)
{
	putchar('"');
	for (size_t i = 0; i < max && s[i]; i++) {
		if (s[i] == '"' || s[i] == '\\')
			printf("\\%c", s[i]);
		else if (s[i] < 0x20 || s[i] > 0x7e)
			printf("\\u%04x", s[i]);
		else
			putchar(s[i]);
	}
	putchar('"');
}

static void show_json(int kind, const qstp_root_cert *rc, const qstp_server_cert *sc,
                      const uint8_t *bin, size_t binlen)
{
	uint8_t fp[32];
	char h[65], from[32], to[32];
	const qstp_config_set *cs = qstp_config_known(kind == 1 ? rc->set : sc->set);
	const uint8_t *issuer = kind == 1 ? rc->issuer : sc->issuer;
	const uint8_t *serial = kind == 1 ? rc->serial : sc->serial;
	uint64_t vf = kind == 1 ? rc->valid_from : sc->valid_from;
	uint64_t vt = kind == 1 ? rc->valid_to : sc->valid_to;

	qstp_sha3_256(fp, bin, binlen);
	iso(from, vf);
	iso(to, vt);
	printf("{\"type\":\"%s\",\"set\":%u,\"algorithm\":\"%s\",\"signature\":\"%s\",\"kem\":\"%s\","
	       "\"supported\":%s,\"version\":%u,\"issuer\":",
	       kind == 1 ? "root" : "server", cs ? cs->id : 0, cs ? cs->name : "unknown",
	       cs ? cs->sig_name : "", cs ? cs->kem_name : "", cs && cs->supported ? "true" : "false",
	       kind == 1 ? rc->version : sc->version);
	json_str(issuer, QSTP_CERT_ISSUER_BYTES);
	qstp_net_hex(h, serial, QSTP_CERT_SERIAL_BYTES);
	printf(",\"serial\":\"%s\"", h);
	if (kind == 2) {
		static const uint8_t zero[QSTP_CERT_SERIAL_BYTES];
		qstp_net_hex(h, sc->rootser, QSTP_CERT_SERIAL_BYTES);
		printf(",\"root_serial\":\"%s\",\"signed\":%s", h,
		       memcmp(sc->rootser, zero, sizeof zero) ? "true" : "false");
	}
	qstp_net_hex(h, fp, 32);
	printf(",\"valid_from\":\"%s\",\"valid_to\":\"%s\",\"valid_from_unix\":%llu,"
	       "\"valid_to_unix\":%llu,\"fingerprint_sha3_256\":\"%s\"}\n",
	       from, to, (unsigned long long)vf, (unsigned long long)vt, h);
}

static int show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, O_JSON }, { "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int json = 0, c, rc_all = 0;
	qstp_root_cert *rc = malloc(sizeof *rc);
	qstp_server_cert *sc = malloc(sizeof *sc);
	char *text = malloc(1 << 16);

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_JSON: json = 1; break;
		case O_HELP: fputs(show_help, stdout); goto out;
		default: fputs(show_help, stderr); rc_all = EXIT_USAGE; goto out;
		}
	}
	if (optind == argc || rc == NULL || sc == NULL || text == NULL) {
		fputs(show_help, stderr);
		rc_all = EXIT_USAGE;
		goto out;
	}
	for (int i = optind; i < argc; i++) {
		uint8_t *bin = NULL;
		size_t binlen = 0;
		int kind, r = load_cert(argv[i], rc, sc, &kind, &bin, &binlen);
		if (r != 0) {
			rc_all = r;
			continue;
		}
		if (json) {
			show_json(kind, rc, sc, bin, binlen);
		} else {
			int n = kind == 1 ? qstp_root_cert_describe(text, 1 << 16, rc)
			                  : qstp_server_cert_describe(text, 1 << 16, sc);
			if (n < 0) {
				die_msg("%s: %s", argv[i], qstp_strerror(n));
				rc_all = EXIT_FAIL;
			} else {
				printf("%s%s%s", argc - optind > 1 ? argv[i] : "", argc - optind > 1 ? ":\n" : "",
				       text);
				if (n > 0 && text[n - 1] != '\n')
					putchar('\n');
			}
		}
		free(bin);
	}
out:
	free(rc);
	free(sc);
	free(text);
	return rc_all;
}

static int verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, O_ROOT }, { "set", required_argument, NULL, O_SET },
		{ "at", required_argument, NULL, O_AT },     { "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *root_path = NULL;
	uint8_t set = 0;
	long at = -1;
	int c, kind, r = 0;
	qstp_root_cert *root = malloc(sizeof *root), *rc = malloc(sizeof *rc);
	qstp_server_cert *sc = malloc(sizeof *sc);

	if (root == NULL || rc == NULL || sc == NULL) {
		r = EXIT_FAIL;
		goto out;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_ROOT: root_path = optarg; break;
		case O_SET:
			if ((set = parse_set(optarg)) == 0) {
				die_msg("--set: unknown or unsupported configuration set: %s", optarg);
				r = EXIT_USAGE;
				goto out;
			}
			break;
		case O_AT:
			if ((at = parse_num(optarg, 0, 0x7fffffffffffL)) < 0) {
				die_msg("--at: not a Unix time: %s", optarg);
				r = EXIT_USAGE;
				goto out;
			}
			break;
		case O_HELP: fputs(verify_help, stdout); goto out;
		default: fputs(verify_help, stderr); r = EXIT_USAGE; goto out;
		}
	}
	if (root_path == NULL || optind == argc) {
		fputs(verify_help, stderr);
		r = EXIT_USAGE;
		goto out;
	}
	if (at < 0)
		at = (long)time(NULL);
	if ((r = load_cert(root_path, root, NULL, &kind, NULL, NULL)) != 0)
		goto out;
	{
		int e = qstp_root_cert_verify(root, set, (uint64_t)at);
		if (e != 0) {
			printf("%s: FAILED: root certificate: %s\n", root_path, check_words(e));
			r = EXIT_VERIFY;
			goto out;
		}
	}
	for (int i = optind; i < argc; i++) {
		int e = load_cert(argv[i], rc, sc, &kind, NULL, NULL);
		if (e != 0) {
			r = e;
			continue;
		}
		e = kind == 1 ? qstp_root_cert_verify(rc, set, (uint64_t)at)
		              : qstp_cert_verify(root, sc, set, (uint64_t)at);
		if (e == 0 && kind == 1 && memcmp(rc->serial, root->serial, sizeof rc->serial) != 0)
			printf("%s: OK (a root certificate, valid on its own; not the root given)\n", argv[i]);
		else if (e == 0)
			printf("%s: OK\n", argv[i]);
		else {
			printf("%s: FAILED: %s\n", argv[i], check_words(e));
			r = EXIT_VERIFY;
		}
	}
out:
	free(root);
	free(rc);
	free(sc);
	return r;
}

int cmd_cert(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return show(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return verify(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: qstp cert show [--json] FILE...\n"
		       "       qstp cert verify --root FILE [options] FILE...\n"
		       "Run 'qstp cert show --help' or 'qstp cert verify --help' for their options.\n");
		return 0;
	}
	die_msg("usage: qstp cert show|verify ... (see qstp cert --help)");
	return EXIT_USAGE;
}
