/*
 * Internal: the bounded reader used by every decoder in src/cert.
 *
 * A reader walks one input buffer front to back.  Every read checks the
 * remaining length first (as `n > end - p`, never `p + n > end`); a failed
 * read returns the error the reader was created with and leaves the reader
 * failed (sticky), so a chain of reads needs only one check at the end.
 * rd_done() fails unless the input was consumed exactly.  Nothing else in
 * src/cert does pointer arithmetic on untrusted input.
 */
#ifndef QSTP_CERT_RD_H
#define QSTP_CERT_RD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct rd {
	const uint8_t *p, *end;
	int err;   /* 0, or the sticky error */
	int fail;  /* the error to report on overrun or trailing bytes */
} rd;

static inline void rd_init(rd *r, const uint8_t *in, size_t len, int fail)
{
	r->p = in;
	r->end = in + len;
	r->err = 0;
	r->fail = fail;
}

static inline size_t rd_left(const rd *r)
{
	return (size_t)(r->end - r->p);
}

/* Points *out at the next n bytes (no copy) and advances. */
static inline int rd_ptr(rd *r, const uint8_t **out, size_t n)
{
	if (r->err != 0 || n > rd_left(r)) {
		r->err = r->fail;
		*out = NULL;
		return r->err;
	}
	*out = r->p;
	r->p += n;
	return 0;
}

/* Copies the next n bytes into out (out untouched on failure). */
static inline int rd_bytes(rd *r, uint8_t *out, size_t n)
{
	const uint8_t *q;
	int e = rd_ptr(r, &q, n);
	if (e == 0 && n != 0)
		memcpy(out, q, n);
	return e;
}

static inline int rd_u8(rd *r, uint8_t *v)
{
	return rd_bytes(r, v, 1);
}

static inline int rd_u64le(rd *r, uint64_t *v)
{
	const uint8_t *q;
	int e = rd_ptr(r, &q, 8);
	if (e != 0)
		return e;
	uint64_t x = 0;
	for (int i = 7; i >= 0; i--)
		x = x << 8 | q[i];
	*v = x;
	return 0;
}

/* The byte k positions before the end of the input (k >= 1), without
 * moving the reader: the fixed formats of PROTOCOL.md 4 all end with
 * algorithm || version, so the set can be read before the sizes are known. */
static inline int rd_tail_u8(const rd *r, size_t k, uint8_t *v)
{
	if (k == 0 || k > rd_left(r))
		return r->fail;
	*v = r->end[-(ptrdiff_t)k];
	return 0;
}

/* 0 if every byte was consumed and no read failed. */
static inline int rd_done(rd *r)
{
	if (r->err == 0 && r->p != r->end)
		r->err = r->fail;
	return r->err;
}

#endif
