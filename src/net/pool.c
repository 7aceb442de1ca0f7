/* The bounded worker pool for handshake crypto (DESIGN.md "Server threading"). */
#include <pthread.h>
#include <stdlib.h>

#include "internal.h"

struct net_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	net_job *head, *tail;
	unsigned queued, cap;
	int stopping;
	unsigned nthreads;
	pthread_t th[];
};

static void *worker(void *arg)
{
	net_pool *p = arg;
	for (;;) {
		net_job *j;
		pthread_mutex_lock(&p->mu);
		while (p->head == NULL && !p->stopping)
			pthread_cond_wait(&p->cv, &p->mu);
		j = p->head;
		if (j == NULL) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		p->head = j->next;
		if (p->head == NULL)
			p->tail = NULL;
		p->queued--;
		pthread_mutex_unlock(&p->mu);
		j->next = NULL;
		j->fn(j);
	}
}

net_pool *net_pool_new(unsigned threads, unsigned cap)
{
	net_pool *p;
	if (threads == 0)
		threads = 1;
	p = calloc(1, sizeof *p + threads * sizeof(pthread_t));
	if (p == NULL)
		return NULL;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->cap = cap;
	for (unsigned i = 0; i < threads; i++) {
		if (pthread_create(&p->th[i], NULL, worker, p) != 0) {
			p->nthreads = i;
			net_pool_free(p);
			return NULL;
		}
		p->nthreads = i + 1;
	}
	return p;
}

int net_pool_submit(net_pool *p, net_job *job)
{
	int r = -1;
	pthread_mutex_lock(&p->mu);
	if (p->queued < p->cap && !p->stopping) {
		job->next = NULL;
		if (p->tail)
			p->tail->next = job;
		else
			p->head = job;
		p->tail = job;
		p->queued++;
		r = 0;
		pthread_cond_signal(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return r;
}

void net_pool_free(net_pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stopping = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->th[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}
