// SPDX-License-Identifier: GPL-2.0-only
/* futex_groups.c - a task's futex waits by lock (see futex_groups.h). */
#include "futex_groups.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

static int cmp_by_addr(const void *a, const void *b)
{
	const struct futex_fold_item *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->waker_tid != y->waker_tid)
		return x->waker_tid < y->waker_tid ? -1 : 1;
	return 0;
}

static int cmp_group(const void *a, const void *b)
{
	const struct futex_group *x = a, *y = b;

	if (x->wait_ns != y->wait_ns)
		return x->wait_ns > y->wait_ns ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Keep the FUTEX_GROUP_WAKERS most frequent wakers (ties: first seen). */
static void add_waker(struct futex_group *g, int32_t tid, uint32_t count)
{
	size_t n = g->n_wakers < FUTEX_GROUP_WAKERS ? g->n_wakers : FUTEX_GROUP_WAKERS;
	size_t at = n;

	g->n_wakers++;
	while (at > 0 && g->wakers[at - 1].count < count)
		at--;
	if (at >= FUTEX_GROUP_WAKERS)
		return;
	if (n == FUTEX_GROUP_WAKERS)
		n--;
	memmove(&g->wakers[at + 1], &g->wakers[at], (n - at) * sizeof(g->wakers[0]));
	g->wakers[at] = (struct futex_waker){ tid, count };
}

void futex_groups_work__free(struct futex_groups_work *w)
{
	free(w->waits);
	free(w->groups);
	memset(w, 0, sizeof(*w));
}

long futex_groups__of_task(struct futex_groups_work *w, const struct trace_task *t,
			      uint64_t now_ns, const struct futex_group **groups)
{
	size_t nf = t->ff ? t->ff->n : 0, n = t->n_fw + nf, ng = 0;
	struct futex_fold_item *v;
	struct futex_group *g0;

	*groups = w->groups;
	if (!n)
		return 0;
	if (vec__reserve((void **)&w->waits, &w->cap_waits, n, sizeof(*w->waits)) ||
	    vec__reserve((void **)&w->groups, &w->cap_groups, n, sizeof(*w->groups)))
		return -ENOMEM;
	v = w->waits;
	g0 = w->groups;
	memset(g0, 0, n * sizeof(*g0));
	*groups = g0;
	for (size_t i = 0; i < t->n_fw; i++) {
		const struct futex_wait *fw = &t->fw[i];
		/* only the last wait can still be open: the task is in it now */
		bool open = i + 1 == t->n_fw && t->state == TS_FUTEX && now_ns > fw->end_ns;
		uint64_t end = open ? now_ns : fw->end_ns;

		v[i] = (struct futex_fold_item){ .addr = fw->addr, .waker_tid = fw->waker_tid,
						 .count = 1,
						 .wait_ns = end > fw->start_ns ? end - fw->start_ns : 0 };
	}
	if (nf)
		memcpy(&v[t->n_fw], t->ff->items, nf * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_by_addr);
	for (size_t i = 0; i < n;) {
		struct futex_group *g = &g0[ng++];
		size_t j = i;

		g->addr = v[i].addr;
		while (j < n && v[j].addr == g->addr) {
			size_t k = j;
			uint32_t count = 0;

			while (k < n && v[k].addr == g->addr && v[k].waker_tid == v[j].waker_tid) {
				g->wait_ns += v[k].wait_ns;
				g->waits += v[k].count;
				count += v[k].count;
				k++;
			}
			add_waker(g, v[j].waker_tid, count);
			j = k;
		}
		i = j;
	}
	qsort(g0, ng, sizeof(*g0), cmp_group);
	return (long)ng;
}

long futex_groups__copy(const struct trace_task *t, uint64_t now_ns,
			       struct futex_group *out, size_t cap)
{
	struct futex_groups_work w = { 0 };
	const struct futex_group *groups;
	long ng = futex_groups__of_task(&w, t, now_ns, &groups);

	if (ng > 0 && out && cap)
		memcpy(out, groups, ((size_t)ng < cap ? (size_t)ng : cap) * sizeof(*groups));
	futex_groups_work__free(&w);
	return ng;
}
