/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace_out.h - the trace file a run writes (-o, record): the whole run
 * (file/writer_sink.h), or with --flight-recorder its last window only,
 * written on SIGUSR1, at the end, or when --trigger-latency fires
 * (file/flight_sink.h).
 */
#ifndef SCHEDVIZ_CLI_TRACE_OUT_H
#define SCHEDVIZ_CLI_TRACE_OUT_H

#include <stdbool.h>

#include "chunk_index.h"
#include "event_tee.h"
#include "flight_sink.h"
#include "run_info.h"
#include "run_session.h"
#include "tui.h"
#include "window_detail.h"
#include "writer_sink.h"

struct trace_out {
	struct writer_sink *writer;	/* owned: the whole run */
	struct flight_sink *flight;	/* owned: its last window */
	struct chunk_index ix;		/* the writer's chunks, by time */
	struct window_detail *back;	/* owned: what the view reads back, or NULL */
	struct tui_detail detail;	/* the view's handle on back */
};

/*
 * With o->output, open the file's sink (ri: the header's facts) and add it
 * to tee; without, nothing. view: a live view will show the run, so the
 * file's chunks are indexed for reading back (trace_out__detail()); a run
 * without one (record, --no-tui, --json) indexes nothing. Returns 0, or
 * EXIT_SCHEDVIZ_FAILED after one line on stderr.
 */
int trace_out__open(struct trace_out *to, const struct run_opts *o, const struct run_info *ri,
		    struct event_tee *tee, bool view);

/*
 * The view's way to read time the model summarized back from the file
 * being written (borrowed from to), or NULL: no file, or a flight
 * recording's (written only at the end).
 */
const struct tui_detail *trace_out__detail(const struct trace_out *to);

/*
 * SIGUSR1 came (usr1): a flight recording writes its window now, with ri's
 * facts. Returns true once its trigger has fired (the run should end as
 * --duration ends it).
 */
bool trace_out__poll(struct trace_out *to, bool usr1, const struct run_info *ri);

/* The line record prints at the end: what the file holds. */
void trace_out__say(const struct trace_out *to, const struct run_opts *o,
		    const struct run_info *ri, unsigned long long events, size_t tasks);

/* Close both (a file not finished gets ri as its footer), and what reads it back. */
void trace_out__close(struct trace_out *to, const struct run_info *ri);

#endif
