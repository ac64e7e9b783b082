// SPDX-License-Identifier: GPL-2.0-only
/* task_names.c - TID -> last comm and TGID seen (see task_names.h). */
#include "task_names.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct task_names {
	struct task_name *v;	/* first-seen order */
	size_t n, cap;
	uint32_t *slot;		/* open addressing: index + 1, 0 = empty */
	size_t n_slots;		/* power of two, > 2 * n */
};

static size_t hash(int32_t tid, size_t n_slots)
{
	return ((uint32_t)tid * 2654435761u) & (n_slots - 1);
}

static size_t probe(const struct task_names *n, int32_t tid)
{
	size_t i = hash(tid, n->n_slots);

	while (n->slot[i] && n->v[n->slot[i] - 1].tid != tid)
		i = (i + 1) & (n->n_slots - 1);
	return i;
}

int task_names__new(struct task_names **out)
{
	struct task_names *n = calloc(1, sizeof(*n));

	if (!n)
		return -ENOMEM;
	n->n_slots = 64;
	n->slot = calloc(n->n_slots, sizeof(*n->slot));
	if (!n->slot) {
		free(n);
		return -ENOMEM;
	}
	*out = n;
	return 0;
}

void task_names__free(struct task_names *n)
{
	if (!n)
		return;
	free(n->v);
	free(n->slot);
	free(n);
}

static int rehash(struct task_names *n)
{
	size_t n_slots = n->n_slots * 2;
	uint32_t *slot = calloc(n_slots, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	free(n->slot);
	n->slot = slot;
	n->n_slots = n_slots;
	for (size_t i = 0; i < n->n; i++)
		n->slot[probe(n, n->v[i].tid)] = (uint32_t)i + 1;
	return 0;
}

static int set(struct task_names *n, int32_t tid, int32_t tgid, const char *comm)
{
	struct task_name *t;
	size_t i;

	if (tid <= 0)
		return 0;
	i = probe(n, tid);
	if (!n->slot[i]) {
		if (n->n == n->cap) {
			size_t cap = n->cap ? n->cap * 2 : 64;
			struct task_name *v = realloc(n->v, cap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			n->v = v;
			n->cap = cap;
		}
		if (2 * (n->n + 1) > n->n_slots) {
			if (rehash(n))
				return -ENOMEM;
			i = probe(n, tid);
		}
		n->v[n->n] = (struct task_name){ .tid = tid };
		n->slot[i] = (uint32_t)++n->n;
	}
	t = &n->v[n->slot[i] - 1];
	if (tgid > 0)
		t->tgid = tgid;
	/* "<...>" is what a tracer writes for a name it did not know */
	if (comm[0] && strncmp(comm, "<...>", SCHED_COMM_LEN))
		strncpy(t->comm, comm, SCHED_COMM_LEN - 1);	/* t->comm[15] stays 0 */
	return 0;
}

int task_names__note(struct task_names *n, const struct trace_record *rec)
{
	const struct sched_event *ev = &rec->ev;
	int err;

	if (rec->kind == TRACE_REC_TASK)
		return set(n, rec->tid, rec->tgid, rec->comm);
	if (rec->kind != TRACE_REC_EVENT)
		return 0;
	err = set(n, ev->tid, ev->tgid, ev->comm);
	switch (ev->type) {
	case SE_SWITCH:
	case SE_WAKING:
	case SE_WAKEUP:
	case SE_WAKEUP_NEW:
	case SE_FORK:
		if (!err)
			err = set(n, ev->tid2, ev->tgid2, ev->comm2);
		break;
	default:		/* rename: comm2 is tid's old name */
		break;
	}
	return err;
}

const struct task_name *task_names__find(const struct task_names *n, int32_t tid)
{
	size_t i = probe(n, tid);

	return n->slot[i] ? &n->v[n->slot[i] - 1] : NULL;
}

size_t task_names__count(const struct task_names *n)
{
	return n->n;
}

const struct task_name *task_names__at(const struct task_names *n, size_t i)
{
	return &n->v[i];
}
