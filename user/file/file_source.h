/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * file_source.h - a trace file as an event source: its records given to a
 * sink (event_sink.h) in file order, as the live run gave them to its
 * sinks, then the run's facts from the footer.
 */
#ifndef SCHEDVIZ_FILE_SOURCE_H
#define SCHEDVIZ_FILE_SOURCE_H

#include <stdio.h>

#include "event_sink.h"
#include "run_info.h"
#include "trace_file.h"

/*
 * Give one record to sink: EVENT -> event, TASK -> task, LOST -> lost.
 * Returns the sink's return.
 */
int file_source__record(const struct trace_record *rec, const struct event_sink *sink);

/*
 * Every record of the file at path to sink (file_source__record(), in file
 * order), then *ri (must be empty; it gets its own argv: run_info__clear()
 * it) from the header and footer, then sink->finish(ri). A file cut short
 * is read up to its last good chunk and a one-line warning saying what was
 * lost goes to warn. Returns 0 (also for a file cut short), the negative
 * errno of trace_reader__open/next (message on warn), of the sink (message
 * "cannot load the trace" on warn) or -ENOMEM.
 */
int file_source__run(const char *path, const struct event_sink *sink, struct run_info *ri,
		     FILE *warn);

/*
 * The same a step at a time, for a view that shows the file while it loads
 * (replay). Open path (errors as trace_reader__open(), said on warn); *out
 * is the caller's (file_source__close()).
 */
struct file_source;
int file_source__open(struct file_source **out, const char *path, FILE *warn);

/*
 * Give up to max more records to sink. Returns 1 while records remain; 0
 * once the file is read, after *ri (must be empty) got the run's facts and
 * sink->finish(ri) ran, as file_source__run() ends; or its negative errno.
 */
int file_source__step(struct file_source *fs, const struct event_sink *sink, size_t max,
		      struct run_info *ri);

/*
 * Index the file's chunks in ix (borrowed; NULL: stop) as their records
 * are given (trace_reader__index()).
 */
struct chunk_index;
void file_source__index(struct file_source *fs, struct chunk_index *ix);

/* The share of the file's bytes read so far, 0..1. */
double file_source__progress(const struct file_source *fs);

/* The header's facts (argv, start), borrowed from fs while it is open. */
const struct run_info *file_source__header(const struct file_source *fs);

/* Close fs. NULL-safe. */
void file_source__close(struct file_source *fs);

/* As file_source__run(), from an open stream (see trace_reader__open_stream). */
int file_source__run_stream(FILE *f, const char *name, const struct event_sink *sink,
			    struct run_info *ri, FILE *warn);

#endif
