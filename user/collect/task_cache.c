// SPDX-License-Identifier: GPL-2.0-only
/* task_cache.c - what the collector remembers per task (see task_cache.h). */
#include "task_cache.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tid_map.h"
#include "vec.h"

struct entry {
	bool named;
	bool based;		/* counters known: born, or a baseline */
	int32_t tgid;		/* 0: not known */
	char comm[SCHED_COMM_LEN];
	struct task_counters k;	/* at its last switch-out or baseline */
};

struct task_cache {
	struct tid_map by_tid;		/* TID -> index into e */
	struct entry *e;		/* n used, cap allocated */
	size_t n, cap;
	uint32_t *free;			/* indices into e of dropped tasks, n_free of them; */
	size_t n_free, cap_free;	/* cap_free >= n, so a drop never allocates */
};

int task_cache__new(struct task_cache **out)
{
	struct task_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	*out = c;
	return 0;
}

void task_cache__free(struct task_cache *c)
{
	if (!c)
		return;
	tid_map__release(&c->by_tid);
	free(c->e);
	free(c->free);
	free(c);
}

/* A zeroed entry for a task new to the cache: a dropped one's, or a new one. */
static int new_entry(struct task_cache *c, uint32_t *out)
{
	if (c->n_free) {
		*out = c->free[--c->n_free];
	} else {
		if (c->n >= TID_MAP_SLOT_MAX ||
		    vec__reserve((void **)&c->e, &c->cap, c->n + 1, sizeof(*c->e)) ||
		    vec__reserve((void **)&c->free, &c->cap_free, c->n + 1, sizeof(*c->free)))
			return -ENOMEM;
		*out = (uint32_t)c->n++;
	}
	memset(&c->e[*out], 0, sizeof(c->e[*out]));
	return 0;
}

/* tid's entry, made (zeroed) if new; NULL on -ENOMEM. tid > 0. */
static struct entry *slot_of(struct task_cache *c, int32_t tid)
{
	uint32_t i = tid_map__find(&c->by_tid, tid);

	if (i != TID_MAP_NONE)
		return &c->e[i];
	if (new_entry(c, &i))
		return NULL;
	if (tid_map__set(&c->by_tid, tid, i)) {
		c->free[c->n_free++] = i;
		return NULL;
	}
	return &c->e[i];
}

/* *out: tid's slot, or NULL for the idle task (tid <= 0). 0 or -ENOMEM. */
static int task_slot(struct task_cache *c, int32_t tid, struct entry **out)
{
	*out = tid > 0 ? slot_of(c, tid) : NULL;
	return tid > 0 && !*out ? -ENOMEM : 0;
}

int task_cache__set_comm(struct task_cache *c, int32_t tid, const char *comm)
{
	struct entry *s;
	int err = task_slot(c, tid, &s);

	if (!s)
		return err;
	memcpy(s->comm, comm, SCHED_COMM_LEN);
	s->comm[SCHED_COMM_LEN - 1] = '\0';
	s->named = true;
	return 0;
}

int task_cache__set_tgid(struct task_cache *c, int32_t tid, int32_t tgid)
{
	struct entry *s;
	int err = task_slot(c, tid, &s);

	if (s)
		s->tgid = tgid;
	return err;
}

int32_t task_cache__tgid(const struct task_cache *c, int32_t tid)
{
	uint32_t i = tid > 0 ? tid_map__find(&c->by_tid, tid) : TID_MAP_NONE;

	if (tid <= 0)
		return 0;
	return i != TID_MAP_NONE && c->e[i].tgid ? c->e[i].tgid : tid;
}

int task_cache__born(struct task_cache *c, int32_t tid, int32_t tgid)
{
	struct entry *s;
	int err = task_slot(c, tid, &s);

	if (!s)
		return err;
	memset(&s->k, 0, sizeof(s->k));
	s->tgid = tgid;
	s->based = true;
	return 0;
}

int task_cache__baseline(struct task_cache *c, int32_t tid, const struct task_counters *k)
{
	struct entry *s;
	int err = task_slot(c, tid, &s);

	if (!s)
		return err;
	s->k = *k;
	s->based = true;
	return 0;
}

bool task_cache__based(const struct task_cache *c, int32_t tid)
{
	uint32_t i = tid > 0 ? tid_map__find(&c->by_tid, tid) : TID_MAP_NONE;

	return i != TID_MAP_NONE && c->e[i].based;
}

void task_cache__drop(struct task_cache *c, int32_t tid)
{
	uint32_t i;

	if (tid <= 0)
		return;
	i = tid_map__del(&c->by_tid, tid);
	if (i != TID_MAP_NONE)
		c->free[c->n_free++] = i;	/* cap_free >= n */
}

void task_cache__get_comm(const struct task_cache *c, int32_t tid, unsigned cpu,
			  char out[SCHED_COMM_LEN])
{
	uint32_t i;

	if (tid == 0) {
		snprintf(out, SCHED_COMM_LEN, "swapper/%u", cpu);
		return;
	}
	i = tid_map__find(&c->by_tid, tid);
	if (i != TID_MAP_NONE && c->e[i].named)
		memcpy(out, c->e[i].comm, SCHED_COMM_LEN);
	else
		snprintf(out, SCHED_COMM_LEN, "<...>");
}

/* b - a of a kernel ns counter that only grows; 0 if it went back (a TID reused unseen) */
static uint64_t grown(uint64_t a, uint64_t b)
{
	return b >= a ? b - a : 0;
}

int task_cache__switch_out(struct task_cache *c, int32_t tid, const struct task_counters *k,
			   struct task_delta *d)
{
	struct entry *s;
	int err = task_slot(c, tid, &s);

	memset(d, 0, sizeof(*d));
	if (!s)
		return err;
	/* unsigned differences: the 32-bit counters may wrap */
	d->nvcsw = k->nvcsw - s->k.nvcsw;
	d->nivcsw = k->nivcsw - s->k.nivcsw;
	d->pcount = k->pcount - s->k.pcount;
	d->run_ns = grown(s->k.runtime_ns, k->runtime_ns);
	d->run_delay_ns = grown(s->k.run_delay_ns, k->run_delay_ns);
	s->k = *k;
	s->based = true;
	return 0;
}
