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
 *   GIL figures     the same two over the futex words the trace names as a
 *                   CPython GIL (user/collect/lock_names.h: "GIL ..."), for
 *                   any program whose GIL schedviz recognized: shown after
 *                   the lesson's figures whenever there are GIL waits.
 * Pure: no terminal.
 */
#ifndef SCHEDVIZ_TUI_FIGURES_H
#define SCHEDVIZ_TUI_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "futex_fold.h"
#include "task_totals.h"
#include "trace_model.h"

#define FIGURES_WASTED_NS FUTEX_WASTED_NS	/* 100 us: "back waiting at once" */

/*
 * The names of the figures, as a scenario's registry entry lists them
 * (struct scenario.figures, comma-separated, in display order).
 */
#define FIGURE_HANDOFF_RATE	"handoff_rate"	/* lock hand-offs with their rate */
#define FIGURE_WASTED		"wasted_wakeups" /* with their share of hand-offs */
#define FIGURE_CPUS_BUSY	"cpus_busy"
#define FIGURE_VOLUNTARY	"voluntary"	/* voluntary switches and their rate */
#define FIGURE_INVOLUNTARY	"involuntary"
#define FIGURE_FUTEX		"futex_waits"	/* count and time waited */
#define FIGURE_HANDOFFS		"handoffs"	/* lock hand-offs, count only */
#define FIGURE_MAX_LATENCY	"max_wakeup_latency"
#define FIGURE_TASKS		"tasks"		/* tasks, threads, exited */
/* The figures of a scenario that names none, or of a command. */
#define FIGURES_DEFAULT "cpus_busy,voluntary,involuntary,futex_waits,handoffs," \
			"max_wakeup_latency,tasks"

struct figures {
	uint64_t elapsed_ns;
	struct task_totals totals;	/* of the tasks: switches, run time, futex waits, ... */
	double cpus_busy;		/* run time / elapsed_ns */
	uint64_t futex_wait_ns;		/* summed over futex waits, open ones up to now */
	uint64_t handoffs, wasted_wakeups;
	uint64_t gil_waits, gil_handoffs, gil_wasted;	/* on words named as a GIL */
};

/*
 * Figures over tasks[0..n) up to now_ns (open states included), for a trace
 * elapsed_ns long; tt: their totals (task_totals__of_tasks() over the same
 * tasks and now_ns), from which the counts and times come; m: the model
 * whose lock names tell the GIL's words and whose tasks are the traced
 * wakers (NULL: no hand-offs, no GIL figures). The futex figures are
 * futex_tally__add() over each task's waits plus what it folded.
 */
void figures__compute(const struct trace_model *m, const struct trace_task *const *tasks,
		      size_t n, uint64_t now_ns, uint64_t elapsed_ns,
		      const struct task_totals *tt, struct figures *out);

/* One line of figures: a label and its value, formatted. */
struct figure_line {
	char label[32];
	char value[64];
};

/*
 * The lines of the figures `names` (comma-separated FIGURE_* names in
 * display order, as a scenario's registry entry gives them; NULL:
 * FIGURES_DEFAULT; unknown names are skipped). Writes up to cap lines;
 * returns how many.
 */
size_t figures__lines(const char *names, const struct figures *f, bool utf8,
		      struct figure_line *lines, size_t cap);

/* Is figure `name` among `names` (as figures__lines() reads them)? */
bool figures__has(const char *names, const char *name);

#endif
