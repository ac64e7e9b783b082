/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * task_detail.h - what the detail view of one task lists, computed without
 * a terminal: the task's family and labels for the wakeup-latency
 * histogram (its futex waits by lock: model/futex_groups.h).
 */
#ifndef SCHEDVIZ_TUI_TASK_DETAIL_H
#define SCHEDVIZ_TUI_TASK_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_model.h"

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
