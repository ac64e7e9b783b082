// SPDX-License-Identifier: GPL-2.0-only
/* futex_locks.c - a task's futex waits by lock (see futex_locks.h). */
#include "futex_locks.h"

#include <errno.h>
#include <stdlib.h>

#include "vec.h"

static int by_wait_desc(const void *a, const void *b)
{
	const struct futex_lock *x = a, *y = b;

	if (x->wait_ns != y->wait_ns)
		return x->wait_ns < y->wait_ns ? 1 : -1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void note_waker(struct futex_lock *l, int32_t tid)
{
	if (!tid)
		return;
	for (uint32_t i = 0; i < l->n_wakers; i++)
		if (l->wakers[i] == tid)
			return;
	if (l->n_wakers < FUTEX_LOCK_WAKERS)
		l->wakers[l->n_wakers++] = tid;
}

int futex_locks__of_task(const struct trace_model *m, const struct trace_task *t,
			 struct futex_lock **out, size_t *n)
{
	struct futex_lock *v = NULL;
	size_t cap = 0, k = 0;

	for (size_t i = 0; i < t->n_fw; i++) {
		const struct futex_wait *w = &t->fw[i];
		size_t j;

		for (j = 0; j < k && v[j].addr != w->addr; j++)
			;
		if (j == k) {
			if (vec__reserve((void **)&v, &cap, k + 1, sizeof(*v))) {
				free(v);
				*out = NULL;
				*n = 0;
				return -ENOMEM;
			}
			v[k] = (struct futex_lock){ .addr = w->addr,
						    .name = trace_model__lock_name(m, t->tgid,
										   w->addr) };
			k++;
		}
		v[j].waits++;
		v[j].wait_ns += w->end_ns > w->start_ns ? w->end_ns - w->start_ns : 0;
		note_waker(&v[j], w->waker_tid);
	}
	if (k)
		qsort(v, k, sizeof(*v), by_wait_desc);
	*out = v;
	*n = k;
	return 0;
}
