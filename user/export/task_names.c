// SPDX-License-Identifier: GPL-2.0-only
/* task_names.c - TID -> last comm and TGID seen (see task_names.h). */
#include "task_names.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tid_map.h"
#include "vec.h"

struct task_names {
	struct task_name *v;		/* first-seen order */
	size_t n, cap;
	struct tid_map by_tid;		/* TID -> index into v; a TID is never forgotten */
};

int task_names__new(struct task_names **out)
{
	struct task_names *n = calloc(1, sizeof(*n));

	if (!n)
		return -ENOMEM;
	*out = n;
	return 0;
}

void task_names__free(struct task_names *n)
{
	if (!n)
		return;
	free(n->v);
	tid_map__release(&n->by_tid);
	free(n);
}

/* A reused TID keeps its entry: the saved_cmdlines way, last name seen wins. */
static int set(struct task_names *n, int32_t tid, int32_t tgid, const char *comm)
{
	struct task_name *t;
	uint32_t i;

	if (tid <= 0)
		return 0;
	i = tid_map__find(&n->by_tid, tid);
	if (i == TID_MAP_NONE) {
		if (n->n >= TID_MAP_SLOT_MAX ||
		    vec__reserve((void **)&n->v, &n->cap, n->n + 1, sizeof(*n->v)) ||
		    tid_map__set(&n->by_tid, tid, (uint32_t)n->n))
			return -ENOMEM;
		i = (uint32_t)n->n++;
		n->v[i] = (struct task_name){ .tid = tid };
	}
	t = &n->v[i];
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
	uint32_t i = tid_map__find(&n->by_tid, tid);

	return i == TID_MAP_NONE ? NULL : &n->v[i];
}

size_t task_names__count(const struct task_names *n)
{
	return n->n;
}

const struct task_name *task_names__at(const struct task_names *n, size_t i)
{
	return &n->v[i];
}
