// SPDX-License-Identifier: GPL-2.0-only
/*
 * task_detail.c - futex groups, children and histogram labels of one task.
 */
#include "task_detail.h"

#include <errno.h>
#include <stdio.h>
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

/* Keep the TASK_DETAIL_WAKERS most frequent wakers (ties: first seen). */
static void add_waker(struct futex_group *g, int32_t tid, uint32_t count)
{
	size_t n = g->n_wakers < TASK_DETAIL_WAKERS ? g->n_wakers : TASK_DETAIL_WAKERS;
	size_t at = n;

	g->n_wakers++;
	while (at > 0 && g->wakers[at - 1].count < count)
		at--;
	if (at >= TASK_DETAIL_WAKERS)
		return;
	if (n == TASK_DETAIL_WAKERS)
		n--;
	memmove(&g->wakers[at + 1], &g->wakers[at], (n - at) * sizeof(g->wakers[0]));
	g->wakers[at] = (struct futex_waker){ tid, count };
}

void task_detail_work__free(struct task_detail_work *w)
{
	free(w->waits);
	free(w->groups);
	memset(w, 0, sizeof(*w));
}

long task_detail__group_futex(struct task_detail_work *w, const struct trace_task *t,
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

long task_detail__futex_groups(const struct trace_task *t, uint64_t now_ns,
			       struct futex_group *out, size_t cap)
{
	struct task_detail_work w = { 0 };
	const struct futex_group *groups;
	long ng = task_detail__group_futex(&w, t, now_ns, &groups);

	if (ng > 0 && out && cap)
		memcpy(out, groups, ((size_t)ng < cap ? (size_t)ng : cap) * sizeof(*groups));
	task_detail_work__free(&w);
	return ng;
}

size_t task_detail__children(const struct trace_task *const *tasks, size_t n,
			     const struct trace_task *t, uint32_t *out, size_t cap)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		if (tasks[i] == t || tasks[i]->parent_tid != t->tid ||
		    tasks[i]->index <= t->index)
			continue;
		if (count < cap)
			out[count] = (uint32_t)i;
		count++;
	}
	return count;
}

static void unit(char *buf, size_t len, uint64_t us, bool utf8)
{
	if (us >= 1000000)
		snprintf(buf, len, "%llus", (unsigned long long)(us / 1000000));
	else if (us >= 1000)
		snprintf(buf, len, "%llums", (unsigned long long)(us / 1000));
	else
		snprintf(buf, len, "%llu%s", (unsigned long long)us, utf8 ? "\u00b5s" : "us");
}

char *task_detail__hist_label(char *buf, size_t len, unsigned int i, bool utf8)
{
	char lo[16], hi[16];

	if (i == 0) {
		snprintf(buf, len, "<2%s", utf8 ? "\u00b5s" : "us");
		return buf;
	}
	if (i >= WAKEUP_HIST_BUCKETS - 1) {
		unit(lo, sizeof(lo), 1ull << i, utf8);
		snprintf(buf, len, ">=%s", lo);
		return buf;
	}
	unit(lo, sizeof(lo), 1ull << i, utf8);
	unit(hi, sizeof(hi), 1ull << (i + 1), utf8);
	/* buckets are powers of two of us: 1024 us reads as 1ms (the label rounds) */
	snprintf(buf, len, "%s-%s", lo, hi);
	return buf;
}
