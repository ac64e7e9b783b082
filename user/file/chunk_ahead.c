// SPDX-License-Identifier: GPL-2.0-only
/*
 * chunk_ahead.c - chunks read ahead on a thread (see chunk_ahead.h).
 *
 * A ring of CA_SLOTS chunks between the thread and the reader, under one
 * lock taken twice a chunk. Waking is what costs (a first version that
 * woke the other side for every 2,048 decoded records ran slower than one
 * thread on this project's VM), so neither side is woken for every chunk:
 * the reader only when it waits on an empty ring, the thread, which
 * inflates faster than the reader decodes, only once the full ring it
 * waits on has been half emptied.
 */
#include "chunk_ahead.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_format.h"

#define CA_SLOTS 8

struct chunk_ahead {
	struct chunk_in in;	/* the thread's */
	FILE *diag;		/* the caller's: in.diag is a buffer when it is set */
	char *said_buf;
	size_t said_len, said_taken;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t filled, freed;
	struct chunk_read slot[CA_SLOTS];
	unsigned put, take, n_full;	/* under lock */
	bool reader_waits, thread_waits, stop;
};

/* What was said since the last call, as a new string, or NULL. */
static char *take_said(struct chunk_ahead *ca)
{
	char *s;

	if (!ca->in.diag || fflush(ca->in.diag) || ca->said_len <= ca->said_taken)
		return NULL;
	s = strndup(ca->said_buf + ca->said_taken, ca->said_len - ca->said_taken);
	ca->said_taken = ca->said_len;
	return s;
}

/* Read one chunk into s; true when it is the last the thread reads. */
static bool read_one(struct chunk_ahead *ca, struct chunk_read *s)
{
	bool evts;

	s->chunk_start = ca->in.offset;
	s->records_before = ca->in.records_before;
	s->trailing = false;
	memset(&s->c, 0, sizeof(s->c));
	s->status = chunk_in__read(&ca->in, &s->c, &s->raw, &s->raw_cap);
	evts = s->status == CHUNK_OK && !strcmp(s->c.tag, TRACE_TAG_EVTS);
	if (evts)
		ca->in.records_before += s->c.n_records;
	else if (s->status == CHUNK_OK && !strcmp(s->c.tag, TRACE_TAG_FOOT))
		s->trailing = fgetc(ca->in.f) != EOF;
	s->offset_after = ca->in.offset;
	s->said = take_said(ca);
	if (!s->said && ca->in.diag && ferror(ca->in.diag) && !evts)
		s->said = strdup("schedviz: (a message of the trace reader was lost: out of "
				 "memory)\n");
	return !evts;
}

static void *run(void *arg)
{
	struct chunk_ahead *ca = arg;

	for (;;) {
		struct chunk_read *s;
		bool last;

		pthread_mutex_lock(&ca->lock);
		while (ca->n_full == CA_SLOTS && !ca->stop) {
			ca->thread_waits = true;
			pthread_cond_wait(&ca->freed, &ca->lock);
		}
		ca->thread_waits = false;
		if (ca->stop) {
			pthread_mutex_unlock(&ca->lock);
			return NULL;
		}
		s = &ca->slot[ca->put];
		pthread_mutex_unlock(&ca->lock);
		last = read_one(ca, s);
		pthread_mutex_lock(&ca->lock);
		ca->put = (ca->put + 1) % CA_SLOTS;
		ca->n_full++;
		if (ca->reader_waits)
			pthread_cond_signal(&ca->filled);
		pthread_mutex_unlock(&ca->lock);
		if (last)
			return NULL;
	}
}

int chunk_ahead__start(struct chunk_ahead **out, const struct chunk_in *at)
{
	struct chunk_ahead *ca = calloc(1, sizeof(*ca));
	sigset_t all, was;
	int err;

	if (!ca)
		return -ENOMEM;
	ca->in = (struct chunk_in){
		.f = at->f, .name = at->name, .offset = at->offset,
		.records_before = at->records_before, .past_header = at->past_header,
	};
	ca->diag = at->diag;
	if (ca->diag && !(ca->in.diag = open_memstream(&ca->said_buf, &ca->said_len))) {
		free(ca);
		return -ENOMEM;
	}
	pthread_mutex_init(&ca->lock, NULL);
	pthread_cond_init(&ca->filled, NULL);
	pthread_cond_init(&ca->freed, NULL);
	/* signals stay with the caller's threads: the thread blocks them all */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &was);
	err = pthread_create(&ca->thread, NULL, run, ca);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (err) {
		ca->stop = true;	/* no thread to join */
		ca->thread = pthread_self();
		chunk_ahead__stop(ca);
		return -err;
	}
	*out = ca;
	return 0;
}

void chunk_ahead__take(struct chunk_ahead *ca, struct chunk_read *out, uint8_t **raw,
		       size_t *raw_cap)
{
	struct chunk_read *s;
	uint8_t *mine = *raw;
	size_t mine_cap = *raw_cap;

	pthread_mutex_lock(&ca->lock);
	while (!ca->n_full) {
		ca->reader_waits = true;
		pthread_cond_wait(&ca->filled, &ca->lock);
	}
	ca->reader_waits = false;
	s = &ca->slot[ca->take];
	pthread_mutex_unlock(&ca->lock);

	*out = *s;
	*raw = s->raw;
	*raw_cap = s->raw_cap;
	out->raw = NULL;
	out->raw_cap = 0;
	s->raw = mine;
	s->raw_cap = mine_cap;
	s->said = NULL;

	pthread_mutex_lock(&ca->lock);
	ca->take = (ca->take + 1) % CA_SLOTS;
	ca->n_full--;
	if (ca->thread_waits && ca->n_full <= CA_SLOTS / 2)
		pthread_cond_signal(&ca->freed);
	pthread_mutex_unlock(&ca->lock);
}

void chunk_ahead__stop(struct chunk_ahead *ca)
{
	if (!ca)
		return;
	pthread_mutex_lock(&ca->lock);
	if (!ca->stop) {
		ca->stop = true;
		pthread_cond_broadcast(&ca->freed);
		pthread_mutex_unlock(&ca->lock);
		pthread_join(ca->thread, NULL);
	} else {
		pthread_mutex_unlock(&ca->lock);
	}
	pthread_mutex_destroy(&ca->lock);
	pthread_cond_destroy(&ca->filled);
	pthread_cond_destroy(&ca->freed);
	for (unsigned i = 0; i < CA_SLOTS; i++) {
		free(ca->slot[i].raw);
		free(ca->slot[i].said);
	}
	chunk_in__release(&ca->in);
	if (ca->in.diag)
		fclose(ca->in.diag);
	free(ca->said_buf);
	free(ca);
}
