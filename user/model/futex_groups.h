/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * futex_groups.h - a task's futex waits grouped by lock (the futex word):
 * how many, how long in all, and who woke them, most frequent first. The
 * view's detail (tui/) and the JSON summary (summary_json.c) both list
 * them; the lock's name comes from trace_model__lock_name().
 */
#ifndef SCHEDVIZ_MODEL_FUTEX_GROUPS_H
#define SCHEDVIZ_MODEL_FUTEX_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "futex_fold.h"
#include "trace_model.h"

#define FUTEX_GROUP_WAKERS 3	/* wakers kept per futex address */

struct futex_waker {
	int32_t tid;		/* 0: woken by no traced task (timeout, signal, untraced waker) */
	uint32_t count;
};

struct futex_group {
	uint64_t addr;		/* futex word, user virtual address in the task's process */
	uint32_t waits;
	uint64_t wait_ns;	/* summed, open waits counted up to now */
	struct futex_waker wakers[FUTEX_GROUP_WAKERS]; /* most frequent first */
	uint32_t n_wakers;	/* distinct wakers (may exceed FUTEX_GROUP_WAKERS) */
};

/*
 * Working memory of futex_groups__of_task(), kept between calls (vec.h)
 * so that a view grouping every frame does not allocate once sizes settle.
 * Zero-initialise; release with futex_groups_work__free().
 */
struct futex_groups_work {
	struct futex_fold_item *waits;	/* the waits, one item each, then t->ff's */
	size_t cap_waits;
	struct futex_group *groups;
	size_t cap_groups;
};

void futex_groups_work__free(struct futex_groups_work *w);

/*
 * Group t's futex waits by address, largest total wait first (ties: lower
 * address), into w (the waits the memory budget folded count too, from
 * t->ff): *groups points at them (valid until the next call on
 * w). A wait still open counts up to now_ns (TASK_TOTALS_CLOSED, 0: closed
 * waits only). Returns the number of groups, or -ENOMEM.
 */
long futex_groups__of_task(struct futex_groups_work *w, const struct trace_task *t,
			   uint64_t now_ns, const struct futex_group **groups);

/*
 * The same into out: writes up to cap groups (NULL with cap 0: count only);
 * returns the number of groups (may exceed cap), or -ENOMEM. Allocates for
 * the call.
 */
long futex_groups__copy(const struct trace_task *t, uint64_t now_ns, struct futex_group *out,
			size_t cap);

#endif
