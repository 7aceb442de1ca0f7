/* Timer min-heap: one per event loop (DESIGN.md: never a scan of all connections). */
#include <stdlib.h>

#include "internal.h"

static void place(net_heap *h, uint32_t i, net_timer *t)
{
	h->v[i] = t;
	t->idx = i + 1;
}

static void sift_up(net_heap *h, uint32_t i)
{
	net_timer *t = h->v[i];
	while (i > 0) {
		uint32_t p = (i - 1) / 2;
		if (h->v[p]->when <= t->when)
			break;
		place(h, i, h->v[p]);
		i = p;
	}
	place(h, i, t);
}

static void sift_down(net_heap *h, uint32_t i)
{
	net_timer *t = h->v[i];
	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1]->when < h->v[c]->when)
			c++;
		if (t->when <= h->v[c]->when)
			break;
		place(h, i, h->v[c]);
		i = c;
	}
	place(h, i, t);
}

int net_heap_set(net_heap *h, net_timer *t, uint64_t when)
{
	if (t->idx) {
		uint64_t old = t->when;
		t->when = when;
		if (when < old)
			sift_up(h, t->idx - 1);
		else
			sift_down(h, t->idx - 1);
		return 0;
	}
	if (h->n == h->cap) {
		uint32_t cap = h->cap ? h->cap * 2 : 64;
		net_timer **v = realloc(h->v, cap * sizeof *v);
		if (v == NULL)
			return -1;
		h->v = v;
		h->cap = cap;
	}
	t->when = when;
	h->v[h->n] = t;
	sift_up(h, h->n++);
	return 0;
}

void net_heap_del(net_heap *h, net_timer *t)
{
	uint32_t i;
	net_timer *last;

	if (t->idx == 0)
		return;
	i = t->idx - 1;
	t->idx = 0;
	last = h->v[--h->n];
	if (i == h->n)
		return;
	h->v[i] = last;
	last->idx = i + 1;
	if (i > 0 && h->v[(i - 1) / 2]->when > last->when)
		sift_up(h, i);
	else
		sift_down(h, i);
}

net_timer *net_heap_top(const net_heap *h)
{
	return h->n ? h->v[0] : NULL;
}

void net_heap_free(net_heap *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}
