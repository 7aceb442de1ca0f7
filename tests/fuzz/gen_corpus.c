/* Writes the seed transcripts of fuzz_session_server / fuzz_session_client:
 * a deterministic client/server run (tests/unit/session_util.c, set 0x01,
 * seed 1) recorded per direction.  Built by hand, not by make:
 *   cc -Iinclude -Isrc -Itests/unit tests/fuzz/gen_corpus.c tests/unit/session_util.c \
 *      build/lib/libqstp.a -o build/gen_corpus && build/gen_corpus tests/fuzz/corpus */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/session_int.h"
#include "session_util.h"

static qstp_buf c2s_all, s2c_all;

static void keep(qstp_buf *all, const qstp_buf *b)
{
	uint8_t *p = qstp_buf_reserve(all, b->len);
	if (p == NULL)
		abort();
	memcpy(p, b->data, b->len);
	all->len += b->len;
}

static void pump(test_pair *p)
{
	while (p->c2s.len > 0 || p->s2c.len > 0) {
		if (p->c2s.len > 0) {
			keep(&c2s_all, &p->c2s);
			if (test_feed(p, p->s, &p->c2s, &p->s2c, &p->sapp) != 0)
				abort();
		}
		if (p->s2c.len > 0) {
			keep(&s2c_all, &p->s2c);
			if (test_feed(p, p->c, &p->s2c, &p->c2s, &p->capp) != 0)
				abort();
		}
	}
}

static void put(const char *dir, const char *name, const qstp_buf *b)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(b->data, 1, b->len, f) != b->len)
		abort();
	fclose(f);
}

/* One deterministic run in which only `ratcheter` (the peer of the fuzzed
 * side) initiates a ratchet and closes, so that the fuzzed side, which only
 * answers, keeps exactly the keys of the recorded run. */
static void record(const char *dir, int server_fuzzed)
{
	static const uint8_t m[300] = { 'h', 'e', 'l', 'l', 'o' };
	test_pair p;
	c2s_all.len = s2c_all.len = 0;
	if (test_pair_new(&p, 1, 0, 1) != 0)
		abort();
	pump(&p);
	qstp_session *peer = server_fuzzed ? p.c : p.s;
	qstp_buf *pout = server_fuzzed ? &p.c2s : &p.s2c;
	qstp_session_send(peer, m, sizeof m, p.now, pout);
	pump(&p);
	qstp_session_ratchet(peer, p.now, pout);
	qstp_session_send(peer, m, 70, p.now, pout);
	pump(&p);
	qstp_session_close(peer, p.now, pout);
	pump(&p);
	char d[400];
	snprintf(d, sizeof d, "%s/%s", dir, server_fuzzed ? "session_server" : "session_client");
	put(d, "transcript", server_fuzzed ? &c2s_all : &s2c_all);
	test_pair_free(&p);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 1;
	record(argv[1], 1);
	record(argv[1], 0);
	return 0;
}
