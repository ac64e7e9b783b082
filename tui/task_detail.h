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
 * Group t's futex waits by address, largest total wait first (ties: lower
 * address). Writes up to cap groups into out (NULL with cap 0: count only);
 * returns the number of groups (may exceed cap), or -ENOMEM.
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
