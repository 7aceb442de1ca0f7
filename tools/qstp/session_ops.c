/* The sans-I/O session core (qstp/session.h) as the net layer's protocol
 * table: the only place the tool binds the two together. */
#include <string.h>

#include "cli.h"
#include "qstp/session.h"

static void *new_server(void *ctx)
{
	return qstp_session_new_server(ctx, NULL);
}

static void *new_client(void *ctx)
{
	return qstp_session_new_client(ctx, NULL);
}

static void sfree(void *s)
{
	qstp_session_free(s);
}

static int start(void *s, uint64_t now, qstp_buf *out)
{
	return qstp_session_start(s, now, out);
}

static int input(void *s, const uint8_t *in, size_t *inlen, uint64_t now, qstp_buf *out, qstp_buf *app)
{
	return qstp_session_input(s, in, inlen, now, out, app);
}

static int work(void *s, uint64_t now, qstp_buf *out)
{
	return qstp_session_work(s, now, out);
}

static int ssend(void *s, const uint8_t *data, size_t len, uint64_t now, qstp_buf *out)
{
	return qstp_session_send(s, data, len, now, out);
}

static int sclose(void *s, uint64_t now, qstp_buf *out)
{
	return qstp_session_close(s, now, out);
}

static unsigned flags(const void *s)
{
	return qstp_session_flags(s);
}

static int error(const void *s)
{
	return qstp_session_error(s);
}

static void serial(const void *s, uint8_t out[QSTP_NET_SERIAL_BYTES])
{
	qstp_session_info info;
	qstp_session_get_info(s, &info);
	memcpy(out, info.server_serial, QSTP_NET_SERIAL_BYTES);
}

const qstp_net_proto session_proto = {
	.new_server = new_server,
	.new_client = new_client,
	.free = sfree,
	.start = start,
	.input = input,
	.work = work,
	.send = ssend,
	.close = sclose,
	.flags = flags,
	.error = error,
	.serial = serial,
	.buf_free = qstp_buf_free,
};
