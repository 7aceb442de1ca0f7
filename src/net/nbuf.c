#include "nbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int nbuf_append(nbuf *b, const uint8_t *p, size_t n)
{
	/* Bounded so that doubling the capacity never leaves uint32_t. */
	if (n > UINT32_MAX / 2 - b->len)
		return -1;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 512;
		uint8_t *q;
		while (cap < b->len + n)
			cap *= 2;
		if ((q = realloc(b->p, cap)) == NULL)
			return -1;
		b->p = q;
		b->cap = (uint32_t)cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += (uint32_t)n;
	return 0;
}

void nbuf_free(nbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* send() until done or the socket would block; returns bytes sent or -1. */
static ssize_t send_some(int fd, const uint8_t *p, size_t n)
{
	size_t off = 0;
	while (off < n) {
		ssize_t w = send(fd, p + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w < 0)
			return -1;
		off += (size_t)w;
	}
	return (ssize_t)off;
}

int nbuf_write(nbuf *b, int fd, const uint8_t *p, size_t n)
{
	if (b->len == 0) {
		ssize_t w = send_some(fd, p, n);
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return n > 0 ? nbuf_append(b, p, n) : 0;
}

int nbuf_flush(nbuf *b, int fd)
{
	ssize_t w = send_some(fd, b->p, b->len);
	if (w < 0)
		return -1;
	if (w > 0) {
		memmove(b->p, b->p + w, b->len - (size_t)w);
		b->len -= (uint32_t)w;
	}
	if (b->len == 0)
		nbuf_free(b);
	return 0;
}
