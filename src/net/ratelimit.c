/* Per-source handshake rate limit (DESIGN.md limits): token buckets in a
 * fixed direct-mapped table. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct slot {
	uint8_t family;
	uint8_t ip[16];
	double tokens;
	uint64_t last_ms;
};

struct net_rate {
	pthread_mutex_t mu;
	unsigned per_s, nslots;
	uint64_t seed;
	struct slot s[];
};

net_rate *net_rate_new(unsigned per_s, unsigned slots)
{
	net_rate *r = calloc(1, sizeof *r + slots * sizeof(struct slot));
	if (r == NULL)
		return NULL;
	pthread_mutex_init(&r->mu, NULL);
	r->per_s = per_s;
	r->nslots = slots;
	r->seed = (uint64_t)(uintptr_t)r ^ 0x9e3779b97f4a7c15u;
	return r;
}

static uint64_t hash(const net_rate *r, const net_addr *a)
{
	/* FNV-1a with a per-process seed; not secret, only spreads addresses. */
	uint64_t h = 0xcbf29ce484222325u ^ r->seed;
	h = (h ^ a->family) * 0x100000001b3u;
	for (int i = 0; i < 16; i++)
		h = (h ^ a->ip[i]) * 0x100000001b3u;
	return h;
}

int net_rate_allow(net_rate *r, const net_addr *a, uint64_t now_ms)
{
	struct slot *s;
	int ok;
	/* Burst: two seconds' worth, at least one. */
	double burst = r->per_s ? 2.0 * r->per_s : 1.0;

	if (r->per_s == 0)
		return 1;
	pthread_mutex_lock(&r->mu);
	s = &r->s[hash(r, a) % r->nslots];
	if (s->family != a->family || memcmp(s->ip, a->ip, 16) != 0) {
		s->family = a->family;
		memcpy(s->ip, a->ip, 16);
		s->tokens = burst;
		s->last_ms = now_ms;
	}
	s->tokens += (double)(now_ms - s->last_ms) * r->per_s / 1000.0;
	if (s->tokens > burst)
		s->tokens = burst;
	s->last_ms = now_ms;
	ok = s->tokens >= 1.0;
	if (ok)
		s->tokens -= 1.0;
	pthread_mutex_unlock(&r->mu);
	return ok;
}

void net_rate_free(net_rate *r)
{
	if (r == NULL)
		return;
	pthread_mutex_destroy(&r->mu);
	free(r);
}
