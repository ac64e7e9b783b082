/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * task_names.h - TID -> (comm, TGID) as last seen in a trace, the way the
 * kernel's saved_cmdlines and saved_tgids map a pid when it prints a trace
 * (kernel/trace/trace_sched_switch.c: trace_find_cmdline(),
 * trace_find_tgid()). The exporters learn it in a first pass over the file
 * and use it for line prefixes and trace.dat's cmdlines section.
 */
#ifndef SCHEDVIZ_TASK_NAMES_H
#define SCHEDVIZ_TASK_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "sched_event.h"
#include "trace_file.h"

struct task_name {
	int32_t tid, tgid;		/* tgid 0: not known */
	char comm[SCHED_COMM_LEN];	/* NUL-terminated */
};

struct task_names;

/* Empty map; *out owned by the caller (task_names__free). 0 or -ENOMEM. */
int task_names__new(struct task_names **out);
void task_names__free(struct task_names *n);

/*
 * Learn from one record: every task it names, with the comm and TGID it
 * gives (a task_rename's new comm; never the idle task, pid 0, nor the
 * placeholder comm "<...>").
 * Returns 0 or -ENOMEM.
 */
int task_names__note(struct task_names *n, const struct trace_record *rec);

/* The entry for tid, or NULL. Valid until the next note. */
const struct task_name *task_names__find(const struct task_names *n, int32_t tid);

/* Entries in first-seen order, for iteration (0 <= i < count). */
size_t task_names__count(const struct task_names *n);
const struct task_name *task_names__at(const struct task_names *n, size_t i);

#endif
