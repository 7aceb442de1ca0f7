/* The stand-in protocol of fakeproto.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fakeproto.h"
#include "qstp/errors.h"

unsigned fake_work_delay_ms;

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_held;
static unsigned gate_waiting, gate_timeouts;

void fake_work_gate_hold(void)
{
	pthread_mutex_lock(&gate_mu);
	gate_held = 1;
	pthread_mutex_unlock(&gate_mu);
}

void fake_work_gate_release(void)
{
	pthread_mutex_lock(&gate_mu);
	gate_held = 0;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

static unsigned gate_read(const unsigned *v)
{
	pthread_mutex_lock(&gate_mu);
	unsigned n = *v;
	pthread_mutex_unlock(&gate_mu);
	return n;
}

unsigned fake_work_gate_waiting(void)
{
	return gate_read(&gate_waiting);
}

unsigned fake_work_gate_timeouts(void)
{
	return gate_read(&gate_timeouts);
}

static void gate_pass(void)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&gate_mu);
	gate_waiting++;
	while (gate_held) {
		if (pthread_cond_timedwait(&gate_cv, &gate_mu, &until) != 0) {
			gate_timeouts++;
			break;
		}
	}
	gate_waiting--;
	pthread_mutex_unlock(&gate_mu);
}

typedef struct fs {
	int server;
	unsigned flags;
	int err;
	uint8_t acc[2 + QSTP_PAYLOAD_MAX];
	size_t acclen;
} fs;

static int put(qstp_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		uint8_t *q;
		while (cap < b->len + n)
			cap *= 2;
		if ((q = realloc(b->data, cap)) == NULL)
			return QSTP_ERR_NOMEM;
		b->data = q;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

static void *fnew(int server)
{
	fs *s = calloc(1, sizeof *s);
	if (s) {
		s->server = server;
		s->flags = QSTP_WANT_READ;
	}
	return s;
}

static void *new_server(void *ctx)
{
	(void)ctx;
	return fnew(1);
}

static void *new_client(void *ctx)
{
	(void)ctx;
	return fnew(0);
}

static void ffree(void *s)
{
	free(s);
}

static int start(void *vs, uint64_t now, qstp_buf *out)
{
	(void)vs;
	(void)now;
	return put(out, "HELO", 4);
}

static int fail(fs *s, int err)
{
	s->err = err;
	s->flags = QSTP_CLOSED;
	return err;
}

static int input(void *vs, const uint8_t *in, size_t *inlen, uint64_t now, qstp_buf *out, qstp_buf *app)
{
	fs *s = vs;
	size_t n = *inlen, i = 0;
	(void)now;
	*inlen = 0;
	if (s->err)
		return s->err;
	if (s->flags & (QSTP_WANT_WORK | QSTP_CLOSED))
		return 0;
	while (i < n) {
		s->acc[s->acclen++] = in[i++];
		if (!(s->flags & QSTP_ESTABLISHED)) {
			if (s->acclen < 4)
				continue;
			*inlen = i;
			s->acclen = 0;
			if (memcmp(s->acc, s->server ? "HELO" : "OK!!", 4) != 0) {
				if (s->server)
					(void)put(out, "ERR!", 4);
				return fail(s, QSTP_ERR_PROTO_FLAG);
			}
			s->flags = QSTP_WANT_WORK;
			return 0;
		}
		if (s->acclen < 2)
			continue;
		{
			size_t len = (size_t)s->acc[0] << 8 | s->acc[1];
			if (len == 0) {
				s->flags = QSTP_CLOSED | QSTP_PEER_CLOSED;
				*inlen = i;
				return 0;
			}
			if (len > QSTP_PAYLOAD_MAX)
				return fail(s, QSTP_ERR_PROTO_LENGTH);
			if (s->acclen < 2 + len)
				continue;
			if (put(app, s->acc + 2, len) != 0)
				return fail(s, QSTP_ERR_NOMEM);
			s->acclen = 0;
		}
	}
	*inlen = i;
	return 0;
}

static int work(void *vs, uint64_t now, qstp_buf *out)
{
	fs *s = vs;
	(void)now;
	if (fake_work_delay_ms) {
		struct timespec ts = { fake_work_delay_ms / 1000, (long)(fake_work_delay_ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	gate_pass();
	s->flags = QSTP_ESTABLISHED | QSTP_WANT_READ;
	return s->server ? put(out, "OK!!", 4) : 0;
}

static int fsend(void *vs, const uint8_t *data, size_t len, uint64_t now, qstp_buf *out)
{
	fs *s = vs;
	(void)now;
	if (!(s->flags & QSTP_ESTABLISHED) || (s->flags & QSTP_CLOSED))
		return QSTP_ERR_PROTO_STATE;
	while (len > 0) {
		size_t k = len > QSTP_PAYLOAD_MAX ? QSTP_PAYLOAD_MAX : len;
		uint8_t h[2] = { (uint8_t)(k >> 8), (uint8_t)k };
		if (put(out, h, 2) != 0 || put(out, data, k) != 0)
			return fail(s, QSTP_ERR_NOMEM);
		data += k;
		len -= k;
	}
	return 0;
}

static int fclose_(void *vs, uint64_t now, qstp_buf *out)
{
	fs *s = vs;
	(void)now;
	if (s->flags & QSTP_ESTABLISHED && !(s->flags & QSTP_CLOSED))
		(void)put(out, "\0\0", 2);
	s->flags = QSTP_CLOSED;
	return 0;
}

static unsigned flags(const void *vs)
{
	return ((const fs *)vs)->flags;
}

static int error(const void *vs)
{
	return ((const fs *)vs)->err;
}

static void serial(const void *vs, uint8_t out[QSTP_NET_SERIAL_BYTES])
{
	(void)vs;
	memset(out, 0xab, QSTP_NET_SERIAL_BYTES);
}

static void buf_free(qstp_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const qstp_net_proto fake_proto = {
	.new_server = new_server,
	.new_client = new_client,
	.free = ffree,
	.start = start,
	.input = input,
	.work = work,
	.send = fsend,
	.close = fclose_,
	.flags = flags,
	.error = error,
	.serial = serial,
	.buf_free = buf_free,
};
