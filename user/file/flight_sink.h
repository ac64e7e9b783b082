/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * flight_sink.h - a flight recording (`record --flight-recorder SECONDS`):
 * an event sink that keeps only the last window of the run in memory, as
 * compressed chunks (trace_writer__open_ring()), and writes it out as a
 * whole trace file when asked (SIGUSR1), at the end, or when its trigger
 * fires: a traced task that waited longer than the trigger on a run queue,
 * by the kernel's own count (sched_info.run_delay, carried by the switch
 * that ends the run after the wait; kernel/sched/stats.h).
 *
 * The file reads like any other: its header and footer say it is a flight
 * recording (run_info.flight) that begins at its oldest kept record, and
 * the tasks and lock names known before that are declared first (task and
 * lock records), so every lane has its name and process.
 */
#ifndef SCHEDVIZ_FLIGHT_SINK_H
#define SCHEDVIZ_FLIGHT_SINK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event_sink.h"
#include "run_info.h"

struct flight_sink;

/*
 * A flight recorder of the last window_ns, to be written to path
 * (borrowed for the sink's life; an existing file is kept as PATH.old, as
 * by record). trigger_wait_ns: the run-queue wait that fires the trigger
 * (0: none). Problems go to diag as one line. *out is the caller's
 * (flight_sink__close()). Returns 0 or -ENOMEM.
 */
int flight_sink__open(struct flight_sink **out, const char *path, uint64_t window_ns,
		      uint64_t trigger_wait_ns, FILE *diag);

/*
 * fs as a sink (borrowed). finish(ri) writes the file (flight_sink__write)
 * from ri.
 */
struct event_sink flight_sink__sink(struct flight_sink *fs);

/*
 * Write what the window holds now to the file, with ri's facts (argv,
 * pid, exit...; its rusage is left out and start_ns is the window's
 * start). Recording goes on. Returns 0, or the -errno of the write after
 * one line on diag.
 */
int flight_sink__write(struct flight_sink *fs, const struct run_info *ri);

/* Has the trigger fired (once fired, it stays so)? */
bool flight_sink__fired(const struct flight_sink *fs);

/* Free fs (writes nothing). NULL-safe. */
void flight_sink__close(struct flight_sink *fs);

#endif
