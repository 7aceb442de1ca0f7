/* The forwarder's configuration parser (src/net/conf.c): keys, sections,
 * flag specs, errors naming file:line, and print -> parse giving the same
 * configuration back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conf.h"
#include "test.h"

static char path[64];

static int load_text(qstp_conf *c, const char *text, char *err, size_t errlen)
{
	FILE *f;
	int fd;
	strcpy(path, "/tmp/qstp-test-conf-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -2;
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	qstp_conf_init(c);
	fd = qstp_conf_load(c, path, err, errlen);
	unlink(path);
	return fd;
}

/* What qstp_conf_print writes (malloc'd). */
static char *printed(const qstp_conf *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f == NULL)
		abort();
	qstp_conf_print(c, f);
	fclose(f);
	return text;
}

TEST(conf_full_file)
{
	static qstp_conf c;
	char err[512] = "";
	int r = load_text(&c,
	                  "# comment\n"
	                  "; another\n"
	                  "root = /r.qrr\n"
	                  "  cert=/c.qrc   # trailing comment\n"
	                  "key = /k.qsk\n"
	                  "log-level = debug\n"
	                  "workers = 3\n"
	                  "handshake-timeout = 2.5\n"
	                  "max-conns = 77\n"
	                  "cert-warn-days = 9\n"
	                  "\n"
	                  "[service web]\n"
	                  "accept = 8443\n"
	                  "connect = 127.0.0.1:80\n"
	                  "[forward db]\n"
	                  "accept = [::1]:5432\n"
	                  "connect = [2001:db8::1]:8443\n"
	                  "cert = /other.qrc\n",
	                  err, sizeof err);
	if (r != 0)
		fprintf(stderr, "%s\n", err);
	CHECK_EQ(r, 0);
	CHECK(strcmp(c.root, "/r.qrr") == 0);
	CHECK(strcmp(c.cert, "/c.qrc") == 0);
	CHECK_EQ(c.log_level, 7);
	CHECK_EQ(c.workers, 3);
	CHECK_EQ(c.handshake_timeout_ms, 2500);
	CHECK_EQ(c.max_conns, 77);
	CHECK_EQ(c.cert_warn_days, 9);
	CHECK_EQ(c.nsvcs, 2);
	CHECK_EQ(c.svcs[0].kind, QSTP_FWD_SERVICE);
	CHECK(strcmp(c.svcs[0].bind, "::") == 0);   /* services: all addresses */
	CHECK_EQ(c.svcs[0].port, 8443);
	CHECK(strcmp(c.svcs[0].host, "127.0.0.1") == 0);
	CHECK_EQ(c.svcs[0].tport, 80);
	CHECK_EQ(c.svcs[1].kind, QSTP_FWD_LOCAL);
	CHECK(strcmp(c.svcs[1].bind, "::1") == 0);
	CHECK(strcmp(c.svcs[1].host, "2001:db8::1") == 0);
	CHECK(strcmp(c.svcs[1].cert, "/other.qrc") == 0);
	CHECK_EQ(qstp_conf_check(&c, err, sizeof err), 0);
}

TEST(conf_errors_name_the_line)
{
	static qstp_conf c;
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "root = a\nbogus = 1\n", ":2: unknown key 'bogus'" },
		{ "[service a]\naccept = 99999\n", ":2: accept: bad value" },
		{ "[service a]\nconnect = nohost\n", ":2: connect: bad value" },
		{ "[service a]\nconnect = h:0\n", ":2: connect: bad value" },
		{ "[service a]\n[service a]\n", ":2: section name 'a' used twice" },
		{ "[tunnel a]\n", ":1: bad section header" },
		{ "[service a b]\n", ":1: bad section name" },
		{ "[service a]\nkey = x\n", ":2: unknown key 'key' in a [service] section" },
		{ "workers = 0\n", ":1: workers" },
		{ "log-level = loud\n", ":1: log-level" },
		{ "just words\n", ":1: want KEY = VALUE" },
		{ "[service x]\naccept = 1\nconnect = a\"b:1\n", ":3: connect: bad value" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[512] = "";
		CHECK_EQ(load_text(&c, bad[i].text, err, sizeof err), -1);
		if (strstr(err, bad[i].want) == NULL) {
			fprintf(stderr, "case %zu: '%s' lacks '%s'\n", i, err, bad[i].want);
			CHECK(0);
		}
	}
}

TEST(conf_check_requirements)
{
	static qstp_conf c;
	char err[512];
	qstp_conf_init(&c);
	CHECK_EQ(qstp_conf_check(&c, err, sizeof err), -1);   /* nothing to do */
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_SERVICE, "s", "8443:127.0.0.1:80", err, sizeof err), 0);
	CHECK_EQ(qstp_conf_check(&c, err, sizeof err), -1);   /* a service needs root, cert, key */
	CHECK(strstr(err, "root, cert and key") != NULL);
	CHECK_EQ(qstp_conf_set(&c, NULL, "root", "r", err, sizeof err), 0);
	CHECK_EQ(qstp_conf_set(&c, NULL, "cert", "c", err, sizeof err), 0);
	CHECK_EQ(qstp_conf_check(&c, err, sizeof err), -1);
	CHECK_EQ(qstp_conf_set(&c, NULL, "key", "k", err, sizeof err), 0);
	CHECK_EQ(qstp_conf_check(&c, err, sizeof err), 0);
}

TEST(conf_specs)
{
	static qstp_conf c;
	char err[512];
	qstp_conf_init(&c);
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_LOCAL, "a", "8080:srv.example:8443", err, sizeof err), 0);
	CHECK(strcmp(c.svcs[0].bind, "127.0.0.1") == 0);   /* loopback by default */
	CHECK_EQ(c.svcs[0].port, 8080);
	CHECK(strcmp(c.svcs[0].host, "srv.example") == 0);
	CHECK_EQ(c.svcs[0].tport, 8443);
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_LOCAL, "b", "0.0.0.0:1:[::1]:2", err, sizeof err), 0);
	CHECK(strcmp(c.svcs[1].bind, "0.0.0.0") == 0);
	CHECK(strcmp(c.svcs[1].host, "::1") == 0);
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_LOCAL, "c", "[::]:3:h:4", err, sizeof err), 0);
	CHECK(strcmp(c.svcs[2].bind, "::") == 0);
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_LOCAL, "d", "8080:h", err, sizeof err), -1);
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_LOCAL, "d", "a:b:c:d:e", err, sizeof err), -1);
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_LOCAL, "d", "1:h:2:", err, sizeof err), -1);
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_LOCAL, "d", "[::1:1:h:2", err, sizeof err), -1);
	CHECK_EQ(qstp_conf_add_spec(&c, QSTP_FWD_LOCAL, "a", "1:h:2", err, sizeof err), -1);   /* taken */
	CHECK_EQ(c.nsvcs, 3);
}

/* Property: printing the effective configuration and parsing it back gives
 * the same configuration (defaults spelled out become explicit). */
TEST(conf_print_roundtrip)
{
	static qstp_conf a, b;
	char err[512], *text;
	qstp_conf_init(&a);
	CHECK_EQ(qstp_conf_set(&a, NULL, "root", "/etc/qstp/root.qrr", err, sizeof err), 0);
	CHECK_EQ(qstp_conf_set(&a, NULL, "status-socket", "/run/q.sock", err, sizeof err), 0);
	CHECK_EQ(qstp_conf_set(&a, NULL, "workers", "5", err, sizeof err), 0);
	CHECK_EQ(qstp_conf_add_spec(&a, QSTP_FWD_SERVICE, "s", "[::1]:8443:10.0.0.1:80", err, sizeof err), 0);
	CHECK_EQ(qstp_conf_add_spec(&a, QSTP_FWD_LOCAL, "l", "9:[fe80::1%eth0]:8443", err, sizeof err), 0);
	text = printed(&a);
	CHECK_EQ(load_text(&b, text, err, sizeof err), 0);
	free(text);
	CHECK(strcmp(a.root, b.root) == 0);
	CHECK(strcmp(a.status_socket, b.status_socket) == 0);
	CHECK_EQ(b.key[0], 0);   /* "not set" stays unset */
	CHECK_EQ(a.workers, b.workers);
	CHECK_EQ(b.handshake_timeout_ms, 10000);
	CHECK_EQ(b.max_conns, 10000);
	CHECK_EQ(b.log_level, 5);
	CHECK_EQ(a.nsvcs, b.nsvcs);
	for (size_t i = 0; i < a.nsvcs; i++) {
		CHECK_EQ(a.svcs[i].kind, b.svcs[i].kind);
		CHECK(strcmp(a.svcs[i].name, b.svcs[i].name) == 0);
		CHECK(strcmp(a.svcs[i].bind, b.svcs[i].bind) == 0);
		CHECK(strcmp(a.svcs[i].host, b.svcs[i].host) == 0);
		CHECK_EQ(a.svcs[i].port, b.svcs[i].port);
		CHECK_EQ(a.svcs[i].tport, b.svcs[i].tport);
	}
	CHECK(strcmp(b.svcs[1].root, "/etc/qstp/root.qrr") == 0);   /* inherited, printed */
}

/* Paths the file could not hold are refused, from the file and from flags:
 * printed, they would read back as something else (found by fuzz_conf). */
TEST(conf_paths_the_file_can_hold)
{
	static qstp_conf c;
	char err[512] = "";
	static const char *const bad[] = {
		"#x", " lead", "trail ", "my #1.qrr", "tab\there", "del\x7f", "",
	};
	CHECK_EQ(load_text(&c, "root =#x\n", err, sizeof err), -1);
	CHECK(strstr(err, ":1: root: bad path") != NULL);
	qstp_conf_init(&c);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = 0;
		CHECK_EQ(qstp_conf_set(&c, NULL, "cert", bad[i], err, sizeof err), -1);
		CHECK(strstr(err, "cert: bad path") != NULL);
	}
	CHECK_EQ(c.cert[0], 0);
	CHECK_EQ(qstp_conf_set(&c, NULL, "cert", "./#x.qrc", err, sizeof err), 0);
	CHECK(strcmp(c.cert, "./#x.qrc") == 0);
	CHECK_EQ(qstp_conf_set(&c, NULL, "cert", "/a b#c", err, sizeof err), 0);   /* no blank before # */
	CHECK(strcmp(c.cert, "/a b#c") == 0);
}

/* The printed handshake timeout is exact to the millisecond, and a section
 * missing accept or connect prints them as not set, not as ":0". */
TEST(conf_print_exact_and_unset)
{
	static qstp_conf c;
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "3599.999", "handshake-timeout = 3599.999\n" },
		{ "0.001", "handshake-timeout = 0.001\n" },
		{ "2.5", "handshake-timeout = 2.5\n" },
		{ "0.05", "handshake-timeout = 0.05\n" },
		{ "7", "handshake-timeout = 7\n" },
	};
	char err[512] = "", *text;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		qstp_conf_init(&c);
		CHECK_EQ(qstp_conf_set(&c, NULL, "handshake-timeout", t[i].in, err, sizeof err), 0);
		text = printed(&c);
		if (strstr(text, t[i].out) == NULL)
			fprintf(stderr, "%s printed as:\n%s", t[i].in, text);
		CHECK(strstr(text, t[i].out) != NULL);
		free(text);
	}
	CHECK_EQ(load_text(&c, "[forward a]\naccept = 80\n", err, sizeof err), 0);
	text = printed(&c);
	CHECK(strstr(text, "accept = 127.0.0.1:80\n# connect = (not set)\n") != NULL);
	free(text);
}

/* A comment starts at the first blank-then-'#', tab or space. */
TEST(conf_comment_at_the_first_blank_hash)
{
	static qstp_conf c;
	char err[512] = "";
	CHECK_EQ(load_text(&c, "root = /r.qrr\t# tab # space\n", err, sizeof err), 0);
	CHECK(strcmp(c.root, "/r.qrr") == 0);
	CHECK_EQ(load_text(&c, "root = /r.qrr # space\t# tab\n", err, sizeof err), 0);
	CHECK(strcmp(c.root, "/r.qrr") == 0);
}
