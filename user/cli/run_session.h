/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run_session.h - one traced run of `run` or `record`, from launch to
 * reap: the live source feeding a tee of the model and (with -o) the trace
 * writer, the live view or a plain wait, the target's exit followed until
 * its final switches are in, signals passed on, snapshots on SIGUSR1.
 *
 *   live source (collector + launcher) -> tee -> model sink  -> view, summary
 *                                            \-> writer sink -> FILE
 */
#ifndef SCHEDVIZ_RUN_SESSION_H
#define SCHEDVIZ_RUN_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "attach.h"
#include "registry.h"
#include "run_info.h"
#include "trace_model.h"

struct run_opts {
	const char *output;	/* trace file, or NULL */
	const char *snapshot;	/* SIGUSR1 writes the summary so far here */
	bool no_tui, json, verbose, record;
	bool as_root;		/* under sudo the target stays root (identity.h) */
	size_t ring_bytes;	/* 0: the collector's default */
	size_t memory_bytes;	/* the model's history budget, 0: none (--memory-mb) */
	uint64_t flight_ns;	/* --flight-recorder: keep the last flight_ns only, 0: all */
	uint64_t trigger_wait_ns; /* --trigger-latency: a run-queue wait that ends it, 0: none */
	const struct attach_spec *attach; /* NULL: launch the target; else attach
					     to what runs (-p, --all, --cgroup) */
	uint64_t duration_ns;	/* 0: none; else end after it: detach, or for a
				   launched target act as on Ctrl-C (SIGINT passed on) */
};

struct run_session;

/*
 * Trace targv (argc strings; the scenario scn, or NULL for a command) with
 * options o (borrowed for the session's life): launch, capture until the
 * target is reaped and its tasks' final switches are in, finish the sinks,
 * show the final picture until q (with a view), then print the target's
 * output kept meanwhile. With o->attach instead (argc 1, targv[0] what the
 * run is called: the view's title and the file's argv): attach, capture
 * until Ctrl-C (SIGINT, SIGTERM, SIGHUP), --duration, or (-p) every traced
 * task exited, then detach; the processes run on, never signalled.
 * *out is owned by the caller (run_session__free) on every path, NULL only
 * on -ENOMEM. Returns 0, or the exit code to leave with after one line on
 * stderr: 125 (schedviz failed), EXIT_NO_PRIVILEGE..EXIT_KERNEL_FEATURE
 * (tracing cannot start, load_exit.h), 126/127 (the command cannot be run /
 * found), EXIT_NO_PROCESS (-p: a PID is no running process).
 */
int run_session__run(struct run_session **out, const struct run_opts *o, int argc,
		     char **targv, const struct scenario *scn);

/* The model and the run's facts, once run_session__run() returned 0. */
const struct trace_model *run_session__model(const struct run_session *rs);
const struct run_info *run_session__info(const struct run_session *rs);

/* Did the session show the live view (a terminal, no --no-tui/--json/record)? */
bool run_session__viewed(const struct run_session *rs);

/* Release everything; a target still running is killed and reaped. NULL-safe. */
void run_session__free(struct run_session *rs);

/*
 * What is printed once the view is gone, on a finished run: with --json
 * the JSON summary on stdout; for record one line on stderr (events, lost,
 * tasks, the file); without a view the table on stdout; with a view
 * nothing (the view showed it). Flushes stdout.
 */
void run_session__print(const struct run_session *rs);

#endif
