/*
 * The one bounded reader and writer of the protocol layer.
 *
 * Every decoder of untrusted bytes goes through wire_rd; nothing else in
 * src/proto does pointer arithmetic on input.  Lengths are compared as
 * `n > end - p`, never `p + n > end`.  Integers are little-endian
 * (PROTOCOL.md 0).  A failed read leaves the reader where it was and returns
 * QSTP_ERR_PROTO_LENGTH; rd_done() closes a message (no trailing bytes).
 * The writer is the mirror image for building packets into a buffer whose
 * size the caller computed; a short buffer is an internal error.
 */
#ifndef QSTP_PROTO_WIRE_H
#define QSTP_PROTO_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "qstp/errors.h"

typedef struct wire_rd {
	const uint8_t *p, *end;
} wire_rd;

typedef struct wire_wr {
	uint8_t *p, *end;
	int err;
} wire_wr;

static inline void rd_init(wire_rd *r, const uint8_t *in, size_t len)
{
	r->p = in;
	r->end = in + len;
}

static inline size_t rd_left(const wire_rd *r)
{
	return (size_t)(r->end - r->p);
}

/* Points *out at the next n bytes of the input and skips them. */
static inline int rd_bytes(wire_rd *r, const uint8_t **out, size_t n)
{
	if (n > (size_t)(r->end - r->p))
		return QSTP_ERR_PROTO_LENGTH;
	*out = r->p;
	r->p += n;
	return 0;
}

static inline int rd_copy(wire_rd *r, uint8_t *out, size_t n)
{
	const uint8_t *p;
	int e = rd_bytes(r, &p, n);
	if (e == 0 && n > 0)
		memcpy(out, p, n);
	return e;
}

static inline int rd_u8(wire_rd *r, uint8_t *v)
{
	const uint8_t *p;
	int e = rd_bytes(r, &p, 1);
	if (e == 0)
		*v = p[0];
	return e;
}

static inline int rd_u32(wire_rd *r, uint32_t *v)
{
	const uint8_t *p;
	int e = rd_bytes(r, &p, 4);
	if (e == 0)
		*v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		     (uint32_t)p[3] << 24;
	return e;
}

static inline int rd_u64(wire_rd *r, uint64_t *v)
{
	const uint8_t *p;
	int e = rd_bytes(r, &p, 8);
	if (e == 0) {
		uint64_t x = 0;
		for (int i = 7; i >= 0; i--)
			x = x << 8 | p[i];
		*v = x;
	}
	return e;
}

/* 0 when the whole input was read, QSTP_ERR_PROTO_LENGTH otherwise. */
static inline int rd_done(const wire_rd *r)
{
	return r->p == r->end ? 0 : QSTP_ERR_PROTO_LENGTH;
}

static inline void wr_init(wire_wr *w, uint8_t *out, size_t len)
{
	w->p = out;
	w->end = out + len;
	w->err = 0;
}

static inline void wr_bytes(wire_wr *w, const uint8_t *in, size_t n)
{
	if (w->err || n > (size_t)(w->end - w->p)) {
		w->err = QSTP_ERR_INTERNAL;
		return;
	}
	if (n > 0)
		memcpy(w->p, in, n);
	w->p += n;
}

static inline void wr_u8(wire_wr *w, uint8_t v)
{
	wr_bytes(w, &v, 1);
}

static inline void wr_u32(wire_wr *w, uint32_t v)
{
	uint8_t b[4];
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	wr_bytes(w, b, 4);
}

static inline void wr_u64(wire_wr *w, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	wr_bytes(w, b, 8);
}

/* 0 when exactly the whole buffer was written. */
static inline int wr_done(const wire_wr *w)
{
	return w->err ? w->err : (w->p == w->end ? 0 : QSTP_ERR_INTERNAL);
}

#endif
