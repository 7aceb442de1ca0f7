#include "nbuf.h"

#include <stdlib.h>
#include <string.h>

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
