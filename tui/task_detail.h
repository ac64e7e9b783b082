/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * task_detail.h - what the detail view of one task lists, computed without
 * a terminal: futex waits grouped by lock address with who woke them, the
 * task's family, and labels for the wakeup-latency histogram.
 */
#ifndef SCHEDVIZ_TUI_TASK_DETAIL_H
#define SCHEDVIZ_TUI_TASK_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_model.h"

#define TASK_DETAIL_WAKERS 3	/* wakers listed per futex address */

struct futex_waker {
	int32_t tid;		/* 0: woken by no traced task (timeout, signal, untraced waker) */
	uint32_t count;
};

struct futex_group {
	uint64_t addr;		/* futex word, user virtual address in the task's process */
	uint32_t waits;
	uint64_t wait_ns;	/* summed, open waits counted up to now */
	struct futex_waker wakers[TASK_DETAIL_WAKERS]; /* most frequent first */
	uint32_t n_wakers;	/* distinct wakers (may exceed TASK_DETAIL_WAKERS) */
};

/*
 * Working memory of task_detail__group_futex(), kept between calls (vec.h)
 * so that a view grouping every frame does not allocate once sizes settle.
 * Zero-initialise; release with task_detail_work__free().
 */
struct task_detail_work {
	const struct futex_wait **waits;
	size_t cap_waits;
	struct futex_group *groups;
	size_t cap_groups;
};

void task_detail_work__free(struct task_detail_work *w);

/*
 * Group t's futex waits by address, largest total wait first (ties: lower
 * address), into w: *groups points at them (valid until the next call on
 * w). Returns the number of groups, or -ENOMEM.
 */
long task_detail__group_futex(struct task_detail_work *w, const struct trace_task *t,
			      uint64_t now_ns, const struct futex_group **groups);

/*
 * The same into out: writes up to cap groups (NULL with cap 0: count only);
 * returns the number of groups (may exceed cap), or -ENOMEM. Allocates for
 * the call.
 */
long task_detail__futex_groups(const struct trace_task *t, uint64_t now_ns,
			       struct futex_group *out, size_t cap);

/*
 * Indexes (into tasks) of the tasks t created (parent_tid == t->tid, created
 * after t). Writes up to cap; returns the count.
 */
size_t task_detail__children(const struct trace_task *const *tasks, size_t n,
			     const struct trace_task *t, uint32_t *out, size_t cap);

/*
 * Label of wakeup-latency histogram bucket i (see WAKEUP_HIST_BUCKETS):
 * "<2us", "2-4us", ..., "1-2ms", ... utf8 selects "µs".
 */
char *task_detail__hist_label(char *buf, size_t len, unsigned int i, bool utf8);

#endif
