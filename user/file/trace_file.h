/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace_file.h - schedviz's own trace file ("schedviz.data"): the writer the
 * recorder feeds while events arrive (as a sink: writer_sink.h), a streaming
 * reader for the exporters and the file source (file_source.h), and a
 * loader that rebuilds a trace model for replay and report.
 * The bytes on disk are described in trace_format.h.
 *
 * Replaying a file gives the same model as the live run because the writer
 * and the model are two sinks of one tee (event_tee.h): the writer sink
 * (writer_sink.h) gets every event, task and lost mark the model sink
 * (model_sink.h) gets, in the same order, and both are finished with the
 * same run_info (end_ns, lost...). Lost events: the source marks them in
 * the stream where they happened (the JSON export marks them there); the
 * loaded model's count is topped up to the footer's ri->lost either way.
 * Reading back: file_source.h gives the records to any sink; the loader
 * below feeds a model.
 */
#ifndef SCHEDVIZ_TRACE_FILE_H
#define SCHEDVIZ_TRACE_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "run_info.h"
#include "sched_event.h"
#include "trace_model.h"

/* Default file name; an existing file of that name is kept as NAME ".old". */
#define TRACE_FILE_DEFAULT "schedviz.data"

/* ---- writing ---- */

struct trace_writer;

/*
 * Create the trace file at path and write its header from ri: format
 * version, kernel release and CPU count (filled from uname(2) and
 * sysconf(_SC_NPROCESSORS_CONF) when ri leaves them empty), clock
 * (CLOCK_MONOTONIC), the target's argv and scenario, pid, start_ns.
 * A regular file already at path is first renamed to path ".old", as
 * perf record does with perf.data. ri is borrowed for the call.
 * *out is owned by the caller until trace_writer__close().
 * Returns 0, -ENOMEM, or the -errno of rename/open/write.
 */
int trace_writer__open(struct trace_writer **out, const char *path, const struct run_info *ri);

/*
 * perf.data's rule: a regular file at path is renamed to path ".old"
 * (rename(2): an existing path.old file is replaced); nothing at path, or
 * not a regular file (/dev/null, a FIFO), is left as it is.
 * trace_writer__open() does this itself; a caller that wants to say which
 * step failed calls it first. Returns 0 (also when stat(2) fails: then
 * open(2) will say why), -ENOMEM, or the -errno of rename(2) (-EISDIR
 * when path.old is a directory).
 */
int trace_writer__keep_old(const char *path);

/*
 * Append one event (copied; ev is borrowed). Events are expected in
 * timestamp order (any order is stored faithfully). Buffered: a
 * zlib-compressed chunk with a CRC-32 is written when about 64 KiB of
 * encoded events have gathered. Returns 0 or the -errno of a failed write;
 * after a failed write every later call returns that error again, and the
 * file has been cut back to the end of its last whole chunk (ftruncate(2);
 * kept on a special file that refuses it), so it reads cleanly up to there.
 */
int trace_writer__add(struct trace_writer *w, const struct sched_event *ev);

/*
 * Record n events lost upstream at ts_ns (ns, CLOCK_MONOTONIC), in stream,
 * on CPU cpu (-1: unknown). Errors as add.
 */
int trace_writer__add_lost(struct trace_writer *w, uint64_t n, uint64_t ts_ns, int32_t cpu);

/*
 * Record the name of the futex word at addr in process tgid (name
 * borrowed, cut to TRACE_LOCK_NAME_LEN - 1 bytes). Errors as add.
 */
int trace_writer__add_lock(struct trace_writer *w, int32_t tgid, uint64_t addr, const char *name,
			   uint64_t ts_ns);

/*
 * Record a task that existed before tracing began, as given to
 * trace_model__add_task() (comm borrowed, cut to 15 bytes). Errors as add.
 */
int trace_writer__add_task(struct trace_writer *w, int32_t tid, int32_t tgid, int32_t ppid,
			   const char *comm, uint64_t ts_ns);

/*
 * Write what is buffered as a chunk now (nothing when empty), so a
 * recording killed later keeps it. No fsync. Call at least every ~0.5 s
 * while recording. Errors as add.
 */
int trace_writer__flush(struct trace_writer *w);

/*
 * A file writer indexes each EVTS chunk it writes from now on in ix
 * (borrowed; NULL: stop): once a chunk is in ix, its bytes are in the
 * file, for a reader to read back while the run goes on
 * (trace_reader__open_at()). On -ENOMEM the writer stops indexing.
 */
struct chunk_index;
void trace_writer__index(struct trace_writer *w, struct chunk_index *ix);

/*
 * Records (events, tasks, losses) in the chunks written whole so far. After a
 * failed write (a full disk) the file was cut back to its last whole chunk,
 * so this is what a reader gets back from it.
 */
uint64_t trace_writer__kept(const struct trace_writer *w);

/*
 * A ring writer: records are added and chunked as by a file writer, but
 * its chunks stay in memory, those whose newest record is older than
 * window_ns before the newest record dropped as chunks close (a flight
 * recording; trace_writer__copy_ring() writes them out). No header, no
 * file; trace_writer__close(w, NULL) frees it. *out is the caller's.
 * Returns 0 or -ENOMEM.
 */
int trace_writer__open_ring(struct trace_writer **out, uint64_t window_ns);

/*
 * Close ring's open chunk and drop what fell out of its window; *first_ns
 * gets the oldest record kept (0: none), *last_ns the newest added.
 * Returns 0 or the writer's -errno.
 */
int trace_writer__ring_span(struct trace_writer *ring, uint64_t *first_ns, uint64_t *last_ns);

/*
 * Write out the chunks ring (a ring writer) holds, oldest first, into the
 * file writer w, after closing both open chunks; ring keeps them. Each
 * chunk decodes on its own (trace_format.h), so w's file reads as if w had
 * written them. Returns 0 or the first -errno (w's file then ends at its
 * last whole chunk, as after any failed write).
 */
int trace_writer__copy_ring(struct trace_writer *w, struct trace_writer *ring);

/* Bytes of chunks a ring writer holds. */
size_t trace_writer__ring_bytes(const struct trace_writer *ring);

/*
 * Write the last chunk and the footer holding ri_final (exit code, rusage,
 * end_ns, lost, ...; borrowed; kernel release and CPU count filled as at
 * open), fsync, close and free w. ri_final == NULL leaves the file without
 * a footer (read back as cut short). NULL-safe. Call it after a failed
 * write too: it returns the first -errno met by this writer, and w is
 * freed either way.
 */
int trace_writer__close(struct trace_writer *w, const struct run_info *ri_final);

/* ---- reading ---- */

/* A lock's name, with its NUL (user/collect/lock_names.h: LOCK_NAME_LEN). */
#define TRACE_LOCK_NAME_LEN 96

enum trace_record_kind {
	TRACE_REC_EVENT = 1,	/* ev */
	TRACE_REC_TASK,		/* tid, tgid, ppid, comm: a task declared before tracing */
	TRACE_REC_LOST,		/* lost: events lost upstream */
	TRACE_REC_LOCK,		/* tgid, lock_addr, lock_name: a futex word's name */
};

/*
 * One record read. Every member a record's kind does not set is 0, but for
 * the bytes after the NUL of ev.filename and lock_name (read as strings).
 */
struct trace_record {
	enum trace_record_kind kind;
	uint64_t ts_ns;			/* every kind; for EVENT equal to ev.ts_ns */
	struct sched_event ev;		/* EVENT */
	uint64_t lost;			/* LOST */
	int32_t cpu;			/* LOST: the CPU that lost them, -1 unknown */
	int32_t tid, tgid, ppid;	/* TASK */
	char comm[SCHED_COMM_LEN];	/* TASK, NUL-terminated */
	uint64_t lock_addr;		/* LOCK (tgid above) */
	char lock_name[TRACE_LOCK_NAME_LEN]; /* LOCK, NUL-terminated */
};

struct trace_reader;

/*
 * Open a trace file and read its header. Problems go to diag (NULL: say
 * nothing) as one line "schedviz: PATH: what; remedy". *out is owned by
 * the caller (trace_reader__close). Returns 0, -errno of fopen (-EISDIR
 * for a directory), -EINVAL (not a schedviz trace), -ENOTSUP (a format major version or clock this
 * build does not read), -EBADMSG (header damaged or cut short), -ENOMEM.
 */
int trace_reader__open(struct trace_reader **out, const char *path, FILE *diag);

/*
 * As trace_reader__open(), over an open stream f (borrowed; must stay open
 * until trace_reader__close) named name (borrowed, for messages), e.g. an
 * fmemopen() buffer.
 */
int trace_reader__open_stream(struct trace_reader **out, FILE *f, const char *name, FILE *diag);

/*
 * Read the next record into *rec (overwritten). Returns 1 for a record,
 * 0 at the end: after the footer, or at the last whole chunk of a file cut
 * short (a one-line warning saying what is missing goes to diag; see
 * trace_reader__complete()). Errors, after a one-line message to diag:
 * -EBADMSG (a chunk fails its CRC-32, does not inflate, holds a malformed
 * record, or data follows the footer), -EIO, -ENOMEM. Records already
 * returned stay valid.
 */
int trace_reader__next(struct trace_reader *r, struct trace_record *rec);

/*
 * The run described by the file: the header's run_info, replaced by the
 * footer's once trace_reader__next() has returned 0 on a complete file.
 * For a file cut short, at that point end_ns is the last record's time,
 * lost the sum of its lost records, and exit_code -1 (unknown).
 * Owned by r.
 */
const struct run_info *trace_reader__info(const struct trace_reader *r);

/*
 * Deep-copy trace_reader__info() into *out (must be empty; it gets its own
 * argv: run_info__clear() it). Returns 0 or -ENOMEM.
 */
int trace_reader__copy_info(const struct trace_reader *r, struct run_info *out);

/*
 * As trace_reader__open() (errors alike), then reading goes on from the
 * chunk whose header is at offset and ends (trace_reader__next() returns
 * 0) at the chunk that starts at or past end (0: at the footer), every
 * chunk read on the calling thread: the bytes chunk_index__find() names,
 * also of a file still being written. The records decode as ever, each
 * chunk standing alone. -EINVAL (said on diag): offset lies in the header.
 */
int trace_reader__open_at(struct trace_reader **out, const char *path, uint64_t offset,
			  uint64_t end, FILE *diag);

/*
 * Index each EVTS chunk in ix (borrowed; NULL: stop) once its last record
 * has been returned (chunk_index__add()). On -ENOMEM the reader stops
 * indexing: ix then ends at the last chunk it could add.
 */
struct chunk_index;
void trace_reader__index(struct trace_reader *r, struct chunk_index *ix);

/* Bytes of the file read so far (whole chunks): how far a load has come. */
uint64_t trace_reader__offset(const struct trace_reader *r);

/* True once the footer has been read: the file is whole. */
bool trace_reader__complete(const struct trace_reader *r);

/* Free r (and close the file it opened). NULL-safe. */
void trace_reader__close(struct trace_reader *r);

/* ---- loading ---- */

/*
 * Read every record of the file at path into m (file_source__run() into
 * a model sink, in file order: an event the model refuses as malformed is
 * counted and skipped, as it was live), fill *ri (must be empty; it gets
 * its own argv: run_info__clear() it) from the header and footer, then
 * finish the sink: the model's lost count topped up to the footer's total,
 * trace_model__finish(m, ri->end_ns). A file cut short is read up to its last good
 * chunk and a one-line warning saying what was lost goes to warn; so does
 * model_sink__warn()'s line when the model refused events. Returns
 * 0 (also for a file cut short), or a negative errno from
 * trace_reader__open/next (message on warn) or -ENOMEM (message on warn).
 */
int trace_file__load(const char *path, struct trace_model *m, struct run_info *ri, FILE *warn);

/*
 * trace_file__load() into a new model, *m (the caller's: trace_model__free()
 * it, also after an error; NULL when it could not be made, after the line
 * "schedviz: out of memory" on warn and -ENOMEM), whose history is bounded
 * to budget bytes (trace_model__set_budget(); 0: no bound).
 */
int trace_file__load_new(const char *path, size_t budget, struct trace_model **m,
			 struct run_info *ri,
			 FILE *warn);

/* As trace_file__load(), from an open stream (see trace_reader__open_stream). */
int trace_file__load_stream(FILE *f, const char *name, struct trace_model *m,
			    struct run_info *ri, FILE *warn);

#endif
