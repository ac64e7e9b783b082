/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * writer_sink.h - the trace writer (trace_file.h) as an event sink: what
 * `run -o FILE` and `record` write, fed by the same tee as the model.
 */
#ifndef SCHEDVIZ_WRITER_SINK_H
#define SCHEDVIZ_WRITER_SINK_H

#include <stdio.h>

#include "event_sink.h"
#include "run_info.h"

struct writer_sink;

/*
 * trace_writer__open(path, ri) wrapped as a sink. path is borrowed for the
 * sink's life (messages name it); problems go to diag as one line
 * ("schedviz: cannot write the trace file 'PATH': why", or, when an
 * existing PATH cannot be renamed to PATH.old, a line naming PATH.old).
 * *out is owned by the caller (writer_sink__close). Returns 0 or the
 * -errno of trace_writer__keep_old() or trace_writer__open().
 */
int writer_sink__open(struct writer_sink **out, const char *path, const struct run_info *ri,
		      FILE *diag);

/*
 * ws as a sink (borrowed). A failed write does not end the stream (the
 * model goes on): event, task, lost return 0 and, after the first failure,
 * write nothing more; finish reports it. flush writes the buffered chunk
 * at most every 0.5 s (trace_writer__flush()). finish(ri) writes the footer
 * from ri, fsyncs and closes; on the first error met it says so on diag
 * ("... the file is incomplete") and returns it.
 */
struct event_sink writer_sink__sink(struct writer_sink *ws);

/*
 * Index each chunk written from now on in ix (borrowed; trace_writer__index()),
 * for reading back while the run goes on. A finished ws ignores it.
 */
struct chunk_index;
void writer_sink__index(struct writer_sink *ws, struct chunk_index *ix);

/*
 * Free ws. A file not yet finished is closed with ri as its footer (NULL:
 * none, read back as cut short). NULL-safe.
 */
void writer_sink__close(struct writer_sink *ws, const struct run_info *ri);

#endif
