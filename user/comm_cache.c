// SPDX-License-Identifier: GPL-2.0-only
#include "comm_cache.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	int32_t tid;		/* 0: empty; -1: deleted */
	char comm[SCHED_COMM_LEN];
};

struct comm_cache {
	struct slot *s;
	size_t n, used;		/* n: power of two; used: live + deleted */
};

int comm_cache__new(struct comm_cache **out)
{
	struct comm_cache *c = calloc(1, sizeof(*c));

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

void comm_cache__free(struct comm_cache *c)
{
	if (!c)
		return;
	free(c->s);
	free(c);
}

static size_t find(const struct comm_cache *c, int32_t tid, bool for_insert)
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

static int grow(struct comm_cache *c)
{
	struct comm_cache bigger = { .n = c->n * 2 };

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

int comm_cache__set(struct comm_cache *c, int32_t tid, const char *comm)
{
	size_t i;

	if (tid <= 0)
		return 0;
	if ((c->used + 1) * 2 > c->n && grow(c))
		return -ENOMEM;
	i = find(c, tid, true);
	if (c->s[i].tid != tid) {
		if (c->s[i].tid == 0)
			c->used++;
		c->s[i].tid = tid;
	}
	memcpy(c->s[i].comm, comm, SCHED_COMM_LEN);
	c->s[i].comm[SCHED_COMM_LEN - 1] = '\0';
	return 0;
}

void comm_cache__drop(struct comm_cache *c, int32_t tid)
{
	size_t i;

	if (tid <= 0)
		return;
	i = find(c, tid, false);
	if (c->s[i].tid == tid)
		c->s[i].tid = -1;
}

void comm_cache__get(const struct comm_cache *c, int32_t tid, unsigned cpu,
		     char out[SCHED_COMM_LEN])
{
	size_t i;

	if (tid == 0) {
		snprintf(out, SCHED_COMM_LEN, "swapper/%u", cpu);
		return;
	}
	i = find(c, tid, false);
	if (c->s[i].tid == tid)
		memcpy(out, c->s[i].comm, SCHED_COMM_LEN);
	else
		snprintf(out, SCHED_COMM_LEN, "<...>");
}
