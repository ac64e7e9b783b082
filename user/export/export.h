/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * export.h - a schedviz trace file converted for the viewers people already
 * use. Every exporter but the Perfetto one reads the file in
 * passes through an export_src: the first pass learns the task names, the
 * counts and the run; later passes see exactly the same records. The
 * Perfetto export needs nothing up front and reads the file once
 * (export_perfetto.c).
 */
#ifndef SCHEDVIZ_EXPORT_H
#define SCHEDVIZ_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "lock_table.h"
#include "run_info.h"
#include "task_names.h"
#include "trace_file.h"

enum export_format {
	EXPORT_FTRACE,		/* kernel text trace: Perfetto, catapult, grep */
	EXPORT_JSON,		/* Chrome Trace Event JSON: Perfetto UI, chrome://tracing */
	EXPORT_TRACEDAT,	/* trace-cmd trace.dat v6: trace-cmd report, KernelShark */
	EXPORT_CSV,		/* one row per event: pandas, spreadsheets */
	EXPORT_PERFETTO,	/* Perfetto's protobuf trace: Perfetto UI, trace_processor */
};

/* "ftrace", "json", "tracedat", "csv", "perfetto" -> *out. Returns 0 or -EINVAL. */
int export_format__parse(const char *s, enum export_format *out);

/* What the first pass over a trace file learned. */
struct export_src {
	const char *name;		/* its path (borrowed) */
	FILE *diag;			/* where messages go (borrowed) */
	uint64_t records;		/* records in the file (later passes stop there) */
	uint64_t lines;			/* of which events with an ftrace event name */
	unsigned ncpus;			/* max(header's CPU count, highest event CPU + 1) */
	struct run_info ri;		/* header + footer (or what a cut-short file gives) */
	struct task_names *names;	/* last comm and TGID per TID */
	struct lock_table locks;	/* the futex words' names the file holds */
};

/*
 * Open the trace at path and make the first pass. Messages about the trace
 * (damage, a file cut short) go to diag once, here. Returns 0, the
 * negative errno of fopen or trace_reader__open/next (message given), or
 * -ENOMEM (no message).
 */
int export_src__open(struct export_src *s, const char *path, FILE *diag);

/*
 * Another pass: fn(ctx, rec) for each of the first s->records records, in
 * file order. A nonzero return from fn stops the pass and is returned.
 * Returns 0, fn's value, or a negative errno.
 */
int export_src__scan(struct export_src *s, int (*fn)(void *ctx, const struct trace_record *rec),
		     void *ctx);

/*
 * The name the file gives the futex word at addr in process tgid (borrowed
 * from s, valid until export_src__close()), or NULL.
 */
const char *export_src__lock_name(const struct export_src *s, int32_t tgid, uint64_t addr);

/* Release what open took. NULL-safe members. */
void export_src__close(struct export_src *s);

/*
 * The ftrace text of s (header block, then a line per event, from
 * ftrace_text) in pieces, each given to put(ctx, text, len) (borrowed for
 * the call). A nonzero return from put stops and is returned. Returns 0, a
 * negative errno from reading, or put's value.
 */
int export_ftrace__text(struct export_src *s, int (*put)(void *ctx, const char *text, size_t len),
			void *ctx);

/*
 * Write the trace at in_path to out in one format. Problems with the trace
 * are reported on diag. Returns 0, a negative errno from reading (message
 * given), -ENOMEM (no message), or -EIO when writing out fails (ferror(out)
 * set, no message).
 */
int export_ftrace__write(FILE *out, const char *in_path, FILE *diag);
int export_json__write(FILE *out, const char *in_path, FILE *diag);
int export_tracedat__write(FILE *out, const char *in_path, FILE *diag);
int export_csv__write(FILE *out, const char *in_path, FILE *diag);
/* perfetto.protos.Trace; what goes in it: export_perfetto.c. */
int export_perfetto__write(FILE *out, const char *in_path, FILE *diag);

#endif
