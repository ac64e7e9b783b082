/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lanes.h - timeline rows as cells, computed from tasks without a terminal.
 *
 * A time window [t0, t1) is cut into ncols equal buckets; bucket b covers
 * [t0 + b*(t1-t0)/ncols, t0 + (b+1)*(t1-t0)/ncols). For each bucket the
 * functions here sum how long the task spent in each state there (closed
 * intervals from trace_task.iv, then the open state from state_since_ns up
 * to now_ns), and reduce that to one cell. ncurses only paints the cells.
 * Time the model summarized under its memory budget (trace_task.sp) adds
 * each state's share of a span, spread evenly over the span, and on CPU
 * rows its run time to the CPU it ran on longest.
 *
 * The cell rule (task rows):
 *   1. A bucket where the task did not exist yet (or nothing is known) is
 *      TS_UNKNOWN, painted blank.
 *   2. A bucket where the task ran at all is TS_RUNNING, however short the
 *      run: a 10 us slice in a 5 ms bucket must stay visible, because a
 *      switch-in is the event the view exists to show. run_pct tells how
 *      much of the bucket it ran, so the painter can tell a full run
 *      (>= LANES_FULL_RUN_PCT) from a sliver.
 *   3. Otherwise the state with the most time in the bucket wins; a tie goes
 *      to the more telling waiting state, in the order futex, blocked,
 *      preempted, runnable, sleeping, exited, unknown.
 * The exit of a task is marked (LANE_MARK_EXIT) on the first bucket whose
 * cell is TS_EXITED.
 *
 * CPU rows: bucket (cpu, b) names the task that ran longest on that CPU in
 * the bucket, or LANES_IDLE when no traced task ran there (the CPU was idle
 * or ran something untraced). busy_pct is the share of the bucket covered by
 * traced tasks on that CPU.
 */
#ifndef SCHEDVIZ_TUI_LANES_H
#define SCHEDVIZ_TUI_LANES_H

#include <stddef.h>
#include <stdint.h>

#include "trace_model.h"

#define LANES_FULL_RUN_PCT 50	/* run_pct from which a cell reads as "running", not a sliver */
#define LANES_IDLE UINT32_MAX	/* lane_cpu_cell.task: no traced task ran */

#define LANE_MARK_EXIT 0x01u	/* the task exited in this bucket (first TS_EXITED cell) */

struct lane_cell {
	uint8_t state;		/* enum task_state shown in the bucket (rule above) */
	uint8_t run_pct;	/* 0..100: share of the bucket spent running */
	uint8_t mark;		/* LANE_MARK_* */
	uint8_t pad;
};

/*
 * Detail of a window read back from the trace file (the view's
 * tui_detail) for time the model summarized: within [from_ns, to_ns), a
 * task of the model is painted from the task with its TID and TGID in m,
 * from that task's first event there; before that event, in the one state
 * the task's own history says it was in then, when it can say exactly (its
 * detail, or the state a span ends in, trace_span.end_state), else from
 * its summary. Elsewhere, and for tasks m does not hold, from its own
 * history. m's open states end at to_ns. NULL or m NULL: none.
 */
struct lanes_overlay {
	const struct trace_model *m;	/* borrowed */
	uint64_t from_ns, to_ns;
};

struct lane_cpu_cell {
	uint32_t task;		/* index into the tasks array, or LANES_IDLE */
	uint8_t busy_pct;	/* 0..100: share of the bucket any traced task ran here */
	uint8_t ntasks;		/* distinct traced tasks that ran here in the bucket (saturates at 255) */
	uint8_t pad[2];
};

/*
 * Start of bucket b of ncols in [t0, t1), ns. Exact (128-bit arithmetic);
 * b == ncols gives t1. Requires t1 > t0 and ncols > 0.
 */
uint64_t lanes__bucket_start(uint64_t t0, uint64_t t1, size_t ncols, size_t b);

/*
 * Bucket of ncols in [t0, t1) that contains ts (t0 <= ts < t1), 0-based.
 */
size_t lanes__bucket_of(uint64_t t0, uint64_t t1, size_t ncols, uint64_t ts);

/*
 * Per-bucket state times of a set of tasks, summed: acc[b * TS__COUNT + s]
 * gets the ns the tasks spent in state s within bucket b of [t0, t1).
 * The open state of each task counts up to now_ns (pass the trace end, or
 * the frozen time of a paused view). acc (ncols * TS__COUNT entries) is
 * zeroed first; caller-owned. tasks[i] may not be NULL. ov: detail read
 * back from the file for summarized time, or NULL.
 * Returns 0, or -EINVAL when t1 <= t0 or ncols == 0.
 */
int lanes__accumulate(const struct trace_task *const *tasks, size_t ntasks,
		      uint64_t t0, uint64_t t1, uint64_t now_ns,
		      size_t ncols, const struct lanes_overlay *ov, uint64_t *acc);

/*
 * One task row: cells[0..ncols) from the task's intervals by the cell rule.
 * scratch: ncols * TS__COUNT uint64_t, caller-owned (no allocation here).
 * Returns 0 or -EINVAL (t1 <= t0, ncols == 0).
 */
int lanes__task_row(const struct trace_task *t, uint64_t t0, uint64_t t1,
		    uint64_t now_ns, size_t ncols, uint64_t *scratch,
		    struct lane_cell *cells);

/*
 * One row for a group of tasks (a folded process and what it hides), by the
 * same rule over the summed state times: it shows running when any member
 * ran, and the exit mark only when every member has exited.
 * Returns 0 or -EINVAL.
 */
int lanes__group_row(const struct trace_task *const *tasks, size_t ntasks,
		     uint64_t t0, uint64_t t1, uint64_t now_ns, size_t ncols,
		     const struct lanes_overlay *ov, uint64_t *scratch, struct lane_cell *cells);

/*
 * Reduce accumulated state times (as lanes__accumulate leaves them) to
 * cells by the cell rule. Bucket widths come from [t0, t1) and ncols.
 */
void lanes__reduce(const uint64_t *acc, uint64_t t0, uint64_t t1, size_t ncols,
		   struct lane_cell *cells);

/*
 * CPU rows: cells[cpu * ncols + b] for cpu < ncpus. RUNNING intervals on a
 * CPU >= ncpus (or < 0) are ignored. scratch: ncpus * ncols * 2 uint64_t,
 * caller-owned. Returns 0 or -EINVAL (t1 <= t0, ncols == 0, ncpus == 0).
 */
int lanes__cpu_rows(const struct trace_task *const *tasks, size_t ntasks,
		    uint64_t t0, uint64_t t1, uint64_t now_ns,
		    size_t ncols, size_t ncpus, const struct lanes_overlay *ov,
		    uint64_t *scratch, struct lane_cpu_cell *cells);

/*
 * Highest CPU number a RUNNING interval (or open run) names, plus one; 0 if
 * no task ever ran. O(intervals).
 */
size_t lanes__cpus_seen(const struct trace_task *const *tasks, size_t ntasks);

#endif
