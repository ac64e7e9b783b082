/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * figures.h - the live figures a lesson points at, computed from tasks.
 *
 *   cpus_busy       summed run time of all tasks / elapsed time: how many
 *                   CPUs the target kept busy on average (about 1 under a
 *                   global lock, up to the CPU count when threads run in
 *                   parallel).
 *   hand-off        a futex wait ended by another traced task's wakeup: the
 *                   lock (or condition) passed from one task to another.
 *   wasted wake-up  a hand-off after which the woken task was back waiting
 *                   on the same futex word within FIGURES_WASTED_NS: woken
 *                   only to find the lock taken again.
 * Pure: no terminal.
 */
#ifndef SCHEDVIZ_TUI_FIGURES_H
#define SCHEDVIZ_TUI_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_model.h"

#define FIGURES_WASTED_NS 100000ull	/* 100 us: "back waiting at once" */

struct figures {
	uint64_t elapsed_ns;
	uint64_t run_ns;		/* summed over tasks */
	double cpus_busy;		/* run_ns / elapsed_ns */
	uint64_t voluntary, involuntary;
	uint64_t futex_waits, futex_wait_ns;
	uint64_t handoffs, wasted_wakeups;
	uint64_t max_wakeup_latency_ns;
	uint32_t tasks, processes, threads, exited;
};

/*
 * Figures over tasks[0..n) up to now_ns (open states included), for a trace
 * elapsed_ns long.
 */
void figures__compute(const struct trace_task *const *tasks, size_t n,
		      uint64_t now_ns, uint64_t elapsed_ns, struct figures *out);

/* One line of figures: a label and its value, formatted. */
struct figure_line {
	char label[32];
	char value[64];
};

/*
 * The lines worth showing beside the lesson of `scenario` (a bundled
 * scenario name, or "" for a command): for "gil"-like scenarios hand-offs
 * and wasted wake-ups first, for race_counter the CPUs kept busy; switch
 * counts always. Writes up to cap lines; returns how many.
 */
size_t figures__lines(const char *scenario, const struct figures *f, bool utf8,
		      struct figure_line *lines, size_t cap);

#endif
