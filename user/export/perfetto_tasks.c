// SPDX-License-Identifier: GPL-2.0-only
/* perfetto_tasks.c - the tasks the Perfetto export has met (see perfetto_tasks.h). */
#include "perfetto_tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

bool pf_tasks__named(const char *comm)
{
	return comm[0] && (comm[0] != '<' || strcmp(comm, "<...>"));
}

void pf_tasks__set_comm(char dst[SCHED_COMM_LEN], const char *src)
{
	size_t n = strnlen(src, SCHED_COMM_LEN - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

struct pf_task *pf_tasks__get(struct pf_tasks *ts, int32_t tid)
{
	uint32_t i = tid_map__find(&ts->map, tid);
	struct pf_task *t;

	if (i != TID_MAP_NONE)
		return &ts->v[i];
	if (vec__reserve((void **)&ts->v, &ts->cap, ts->n + 1, sizeof(*ts->v)) ||
	    tid_map__set(&ts->map, tid, (uint32_t)ts->n)) {
		ts->err = -ENOMEM;
		return NULL;
	}
	t = &ts->v[ts->n++];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	return t;
}

struct pf_task *pf_tasks__note(struct pf_tasks *ts, int32_t tid, int32_t tgid, const char *comm)
{
	struct pf_task *t;

	if (tid <= 0 || !(t = pf_tasks__get(ts, tid)))
		return NULL;
	if (!t->tgid)
		t->tgid = tgid;
	if (!pf_tasks__named(t->first) && pf_tasks__named(comm)) {
		pf_tasks__set_comm(t->first, comm);
		pf_tasks__set_comm(t->cur, comm);
		pf_tasks__set_comm(t->told, comm);
	}
	return t;
}

bool pf_tasks__renames(const struct pf_task *t, const char *comm)
{
	return t && strncmp(t->told, comm, SCHED_COMM_LEN - 1) && pf_tasks__named(comm);
}

void pf_tasks__note_both(struct pf_tasks *ts, const struct sched_event *ev, struct pf_task **a,
			 struct pf_task **b)
{
	bool had = pf_tasks__note(ts, ev->tid, ev->tgid, ev->comm) != NULL;

	*b = pf_tasks__note(ts, ev->tid2, ev->tgid2, ev->comm2);
	*a = had ? pf_tasks__get(ts, ev->tid) : NULL;
}

const struct pf_task *pf_tasks__leader(const struct pf_tasks *ts, const struct pf_task *t)
{
	uint32_t i = tid_map__find(&ts->map, t->tgid);

	return i != TID_MAP_NONE && ts->v[i].tgid == t->tgid ? &ts->v[i] : t;
}

void pf_tasks__release(struct pf_tasks *ts)
{
	free(ts->v);
	tid_map__release(&ts->map);
	memset(ts, 0, sizeof(*ts));
}
