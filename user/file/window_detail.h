/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * window_detail.h - the detail of a window of time read back from the
 * trace file, for a view whose model summarized that time under its memory
 * budget (trace_model__set_budget()). The file's chunks that hold the
 * window (chunk_index.h: filled by the writer of a run being recorded, or
 * by the reader of a file being replayed) are read into a model of their
 * own, unbounded but for the records it will read, and kept for the next
 * frame while the window stays inside what was read.
 */
#ifndef SCHEDVIZ_WINDOW_DETAIL_H
#define SCHEDVIZ_WINDOW_DETAIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "chunk_index.h"
#include "trace_model.h"

/* Bytes of model a record read back takes, about (two intervals of a switch). */
#define WINDOW_DETAIL_RECORD_BYTES 48
#define WINDOW_DETAIL_MIN_RECORDS (64u * 1024)

enum window_detail_status {
	WINDOW_DETAIL_READ = 0,	/* *out holds the window's detail */
	WINDOW_DETAIL_NONE,	/* the index has no record there (yet) */
	WINDOW_DETAIL_TOO_MANY,	/* the window holds more records than the budget reads */
	WINDOW_DETAIL_FAILED,	/* the file could not be read there (said on diag once) */
};

/* What was read: a model of [from_ns, to_ns). */
struct window_detail_view {
	const struct trace_model *m;	/* borrowed from the window_detail until the next get */
	uint64_t from_ns, to_ns;	/* its first and last record's time */
	uint64_t records;		/* the records in the window, read or not */
};

struct window_detail;

/*
 * For the file at path (copied) and its index ix (borrowed: it may grow
 * while wd lives, as the file does). budget: bytes the window's model may
 * take, about (records read = budget / WINDOW_DETAIL_RECORD_BYTES, at
 * least WINDOW_DETAIL_MIN_RECORDS). Messages go to diag (borrowed; NULL:
 * none). *out is the caller's (window_detail__free()). 0 or -ENOMEM.
 */
int window_detail__new(struct window_detail **out, const char *path,
		       const struct chunk_index *ix, size_t budget, FILE *diag);

/*
 * The detail of [lo, hi) (ns, lo < hi) for model (borrowed: the one that
 * summarized it; NULL: none known): the chunks holding it, from the
 * earliest start of its spans that hold lo (trace_model__summary_start():
 * every task's state at lo can then be told) or, if the budget does not
 * read that far, from half the window's width before lo, to as far after
 * hi; read into a new model unless the last one read already covers
 * [lo, hi) from such a start and the model's spans have not widened since.
 * Returns enum window_detail_status; *out is filled for WINDOW_DETAIL_READ
 * (records also for TOO_MANY), else zeroed.
 */
int window_detail__get(struct window_detail *wd, const struct trace_model *model, uint64_t lo,
		       uint64_t hi, struct window_detail_view *out);

/* Free wd and the model it read. NULL-safe. */
void window_detail__free(struct window_detail *wd);

#endif
