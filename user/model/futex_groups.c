// SPDX-License-Identifier: GPL-2.0-only
/* futex_groups.c - a task's futex waits by lock (see futex_groups.h). */
#include "futex_groups.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

static int cmp_by_addr(const void *a, const void *b)
{
	const struct futex_wait *x = *(const struct futex_wait *const *)a;
	const struct futex_wait *y = *(const struct futex_wait *const *)b;

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
	const struct futex_wait **v, *open_wait;
	struct futex_group *g0;
	size_t ng = 0;

	*groups = w->groups;
	if (!t->n_fw)
		return 0;
	if (vec__reserve((void **)&w->waits, &w->cap_waits, t->n_fw, sizeof(*w->waits)) ||
	    vec__reserve((void **)&w->groups, &w->cap_groups, t->n_fw, sizeof(*w->groups)))
		return -ENOMEM;
	v = w->waits;
	g0 = w->groups;
	memset(g0, 0, t->n_fw * sizeof(*g0));
	*groups = g0;
	for (size_t i = 0; i < t->n_fw; i++)
		v[i] = &t->fw[i];
	/* only the last wait can still be open: the task is in it now */
	open_wait = t->state == TS_FUTEX ? &t->fw[t->n_fw - 1] : NULL;
	qsort(v, t->n_fw, sizeof(*v), cmp_by_addr);
	for (size_t i = 0; i < t->n_fw;) {
		struct futex_group *g = &g0[ng++];
		size_t j = i;

		g->addr = v[i]->addr;
		while (j < t->n_fw && v[j]->addr == g->addr) {
			size_t k = j;

			while (k < t->n_fw && v[k]->addr == g->addr &&
			       v[k]->waker_tid == v[j]->waker_tid) {
				uint64_t end = v[k] == open_wait && now_ns > v[k]->end_ns
						       ? now_ns : v[k]->end_ns;

				if (end > v[k]->start_ns)
					g->wait_ns += end - v[k]->start_ns;
				g->waits++;
				k++;
			}
			add_waker(g, v[j]->waker_tid, (uint32_t)(k - j));
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
