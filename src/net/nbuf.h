/*
 * An owned byte buffer for a connection's unsent output or parked input.  It
 * holds memory only while bytes are waiting: nbuf_free it when it drains, so
 * idle connections hold no buffer.
 */
#ifndef QSTP_NET_NBUF_H
#define QSTP_NET_NBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct nbuf {
	uint8_t *p;
	uint32_t len, cap;
} nbuf;

/* Appends n bytes, growing by doubling; -1 on allocation failure or when the
 * buffer would pass 2 GiB (the capacity must stay representable). */
int nbuf_append(nbuf *b, const uint8_t *p, size_t n);
void nbuf_free(nbuf *b);

/* Writes n bytes to the non-blocking socket fd after anything already
 * pending: sends what the socket takes now and keeps the rest in b.
 * Returns -1 if the socket broke or the rest cannot be kept. */
int nbuf_write(nbuf *b, int fd, const uint8_t *p, size_t n);
/* Sends pending bytes until the socket would block; frees b once drained
 * (idle connections hold no buffer).  Returns -1 if the socket broke. */
int nbuf_flush(nbuf *b, int fd);

#endif
