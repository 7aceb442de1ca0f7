/* Shared by fuzz_session_client and fuzz_session_server: feeds a session
 * the fuzzer's bytes as its peer's, in chunks of 1 + data[0] % 251 bytes,
 * running the work steps it asks for and sending back what it delivers once
 * established; stops at the first error or when it takes no more.  Include
 * once, after session_util.c. */
#ifndef QSTP_FUZZ_SESSION_FEED_H
#define QSTP_FUZZ_SESSION_FEED_H

#include <stdint.h>
#include <stdlib.h>

#include "qstp/session.h"

/* start: call qstp_session_start first (a client speaks first).  Frees s
 * (which may be NULL). */
static void feed_session(qstp_session *s, int start, const uint8_t *data, size_t size,
                         uint64_t now)
{
	qstp_buf out = { 0 }, app = { 0 };
	if (start && s != NULL && qstp_session_start(s, now, &out) != 0)
		abort();
	size_t off = 0;
	unsigned chunk = size > 0 ? 1u + data[0] % 251u : 1;
	while (s != NULL && off < size) {
		size_t n = size - off < chunk ? size - off : chunk;
		size_t want = n;
		if (qstp_session_input(s, data + off, &n, now, &out, &app) != 0)
			break;
		off += n;
		if (qstp_session_flags(s) & QSTP_WANT_WORK) {
			if (qstp_session_work(s, now, &out) != 0)
				break;
		} else if (n < want) {
			break;
		}
		if ((qstp_session_flags(s) & QSTP_ESTABLISHED) && app.len > 0) {
			if (qstp_session_send(s, app.data, app.len, now, &out) != 0)
				break;
			app.len = 0;
		}
		out.len = 0;
	}
	qstp_session_free(s);
	qstp_buf_free(&out);
	qstp_buf_free(&app);
}

#endif
