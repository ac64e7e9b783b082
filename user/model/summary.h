/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * summary.h - the end-of-run summary of a trace: a JSON document
 * (schema "schedviz.summary/1", for scripts and tests) and a text table
 * (one row per task, in the spirit of `perf sched latency`).
 * Shared by `run --no-tui`, `run --json` and `report`.
 */
#ifndef SCHEDVIZ_SUMMARY_H
#define SCHEDVIZ_SUMMARY_H

#include <stdio.h>

#include "run_info.h"
#include "trace_model.h"

enum summary_sort {
	SUMMARY_SORT_CREATION = 0,	/* task creation order (default) */
	SUMMARY_SORT_RUN,		/* run time (the kernel's), largest first */
	SUMMARY_SORT_SWITCHES,		/* voluntary + involuntary, largest first */
	SUMMARY_SORT_RUNNABLE,		/* runnable (run-queue) time, largest first */
	SUMMARY_SORT_MAX_LATENCY,	/* largest wakeup latency first */
	SUMMARY_SORT_FUTEX,		/* futex wait time, largest first */
};

/*
 * Parse a --sort key ("creation", "run", "switches", "runnable",
 * "latency", "futex"). Returns 0 and sets *out, or -EINVAL.
 */
int summary_sort__parse(const char *s, enum summary_sort *out);

/*
 * Write the JSON summary of m (call trace_model__finish() first) and ri to f,
 * one document followed by a newline. Times in ns. Per task, run_ns is the
 * kernel's run time, on_cpu_ns the wall clock's, irq_steal_ns what the
 * kernel left out of it, run_ns_from_kernel whether the trace carried the
 * kernel's figure (task_totals.h). Deterministic: the same model and
 * run_info give the same bytes. Returns 0 or -EIO.
 */
int summary_json__write(FILE *f, const struct run_info *ri, const struct trace_model *m);

/*
 * Write the human-readable table: a header line about the target (argv,
 * exit, rusage, events, lost), then one row per task sorted by `sort`,
 * then totals checked against rusage. Times printed in ms. Returns 0 or -EIO.
 */
int summary_text__write(FILE *f, const struct run_info *ri, const struct trace_model *m,
			enum summary_sort sort);

#endif
