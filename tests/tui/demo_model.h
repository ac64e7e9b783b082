/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * demo_model.h - a small deterministic trace for the view's tests: a
 * process "demo" with two worker threads on two CPUs and a child process,
 * passing through every task state (running, runnable, preempted,
 * sleeping, blocked, futex wait, exited), with a rename, a fork from a
 * thread, futex hand-offs and a migration. Times start at DEMO_BASE_NS.
 */
#ifndef SCHEDVIZ_TESTS_TUI_DEMO_MODEL_H
#define SCHEDVIZ_TESTS_TUI_DEMO_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "run_info.h"
#include "trace_model.h"

#define DEMO_BASE_NS 1000000000ull	/* first event: 1 s on the clock */
#define DEMO_END_NS (DEMO_BASE_NS + 100000000ull) /* 100 ms later */
#define DEMO_MAIN 100
#define DEMO_W1 101
#define DEMO_W2 102
#define DEMO_CHILD 200

/*
 * The demo's events in timestamp order (static storage, valid until the
 * next call), after the task declared with trace_model__add_task(DEMO_MAIN,
 * DEMO_MAIN, 1, "demo", DEMO_BASE_NS). Returns 0.
 */
int demo_model__events(const struct sched_event **out, size_t *n);

/* Feed the demo (task, then events) into m (empty) and finish it at DEMO_END_NS. 0 or -errno. */
int demo_model__build(struct trace_model *m);

/* The run_info of the demo: argv, pid, exit 0, 2 CPUs. Clear with run_info__clear. */
int demo_model__info(struct run_info *ri);

#endif
