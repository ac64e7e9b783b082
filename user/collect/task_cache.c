// SPDX-License-Identifier: GPL-2.0-only
#include "task_cache.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	int32_t tid;		/* 0: empty; -1: deleted */
	bool named;
	char comm[SCHED_COMM_LEN];
	uint32_t nvcsw, nivcsw;
	uint64_t runtime;
};

struct task_cache {
	struct slot *s;
	size_t n, used;		/* n: power of two; used: live + deleted */
};

int task_cache__new(struct task_cache **out)
{
	struct task_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->n = 64;
	c->s = calloc(c->n, sizeof(*c->s));
	if (!c->s) {
		free(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

void task_cache__free(struct task_cache *c)
{
	if (!c)
		return;
	free(c->s);
	free(c);
}

static size_t find(const struct task_cache *c, int32_t tid, bool for_insert)
{
	size_t i = ((uint32_t)tid * 2654435761u) & (c->n - 1);
	size_t tomb = (size_t)-1;

	while (c->s[i].tid) {
		if (c->s[i].tid == tid)
			return i;
		if (c->s[i].tid == -1 && tomb == (size_t)-1)
			tomb = i;
		i = (i + 1) & (c->n - 1);
	}
	return for_insert && tomb != (size_t)-1 ? tomb : i;
}

static int grow(struct task_cache *c)
{
	struct task_cache bigger = { .n = c->n * 2 };

	bigger.s = calloc(bigger.n, sizeof(*bigger.s));
	if (!bigger.s)
		return -ENOMEM;
	for (size_t i = 0; i < c->n; i++) {
		if (c->s[i].tid <= 0)
			continue;
		bigger.s[find(&bigger, c->s[i].tid, true)] = c->s[i];
		bigger.used++;
	}
	free(c->s);
	*c = bigger;
	return 0;
}

/* tid's slot, made (zeroed) if new; NULL on -ENOMEM. tid > 0. */
static struct slot *slot_of(struct task_cache *c, int32_t tid)
{
	size_t i;

	if ((c->used + 1) * 2 > c->n && grow(c))
		return NULL;
	i = find(c, tid, true);
	if (c->s[i].tid != tid) {
		if (c->s[i].tid == 0)
			c->used++;
		memset(&c->s[i], 0, sizeof(c->s[i]));
		c->s[i].tid = tid;
	}
	return &c->s[i];
}

/* *out: tid's slot, or NULL for the idle task (tid <= 0). 0 or -ENOMEM. */
static int task_slot(struct task_cache *c, int32_t tid, struct slot **out)
{
	*out = tid > 0 ? slot_of(c, tid) : NULL;
	return tid > 0 && !*out ? -ENOMEM : 0;
}

int task_cache__set_comm(struct task_cache *c, int32_t tid, const char *comm)
{
	struct slot *s;
	int err = task_slot(c, tid, &s);

	if (!s)
		return err;
	memcpy(s->comm, comm, SCHED_COMM_LEN);
	s->comm[SCHED_COMM_LEN - 1] = '\0';
	s->named = true;
	return 0;
}

int task_cache__born(struct task_cache *c, int32_t tid)
{
	struct slot *s;
	int err = task_slot(c, tid, &s);

	if (!s)
		return err;
	s->nvcsw = s->nivcsw = 0;
	s->runtime = 0;
	return 0;
}

void task_cache__drop(struct task_cache *c, int32_t tid)
{
	size_t i;

	if (tid <= 0)
		return;
	i = find(c, tid, false);
	if (c->s[i].tid == tid)
		c->s[i].tid = -1;
}

void task_cache__get_comm(const struct task_cache *c, int32_t tid, unsigned cpu,
			  char out[SCHED_COMM_LEN])
{
	size_t i;

	if (tid == 0) {
		snprintf(out, SCHED_COMM_LEN, "swapper/%u", cpu);
		return;
	}
	i = find(c, tid, false);
	if (c->s[i].tid == tid && c->s[i].named)
		memcpy(out, c->s[i].comm, SCHED_COMM_LEN);
	else
		snprintf(out, SCHED_COMM_LEN, "<...>");
}

int task_cache__switch_out(struct task_cache *c, int32_t tid, uint32_t nvcsw,
			   uint32_t nivcsw, uint64_t runtime, struct task_delta *d)
{
	struct slot *s;
	int err = task_slot(c, tid, &s);

	memset(d, 0, sizeof(*d));
	if (!s)
		return err;
	/* unsigned differences: the 32-bit counters may wrap */
	d->nvcsw = nvcsw - s->nvcsw;
	d->nivcsw = nivcsw - s->nivcsw;
	d->run_ns = runtime >= s->runtime ? runtime - s->runtime : 0;
	s->nvcsw = nvcsw;
	s->nivcsw = nivcsw;
	s->runtime = runtime;
	return 0;
}
