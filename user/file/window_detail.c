// SPDX-License-Identifier: GPL-2.0-only
/*
 * window_detail.c - a window's detail read back from the trace file
 * (window_detail.h).
 */
#include "window_detail.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "file_source.h"
#include "model_sink.h"
#include "trace_file.h"

struct window_detail {
	char *path;
	const struct chunk_index *ix;
	FILE *diag;
	uint64_t max_records;
	struct trace_model *m;		/* the last read, or NULL */
	uint64_t lo, hi;		/* the time it was read for */
	bool exact;			/* read from where every task's state is known */
	uint64_t span_ns;		/* the model's summary width then */
	struct window_detail_view view;
	uint64_t bad_from, bad_to;	/* bytes that failed to read: not tried again */
};

int window_detail__new(struct window_detail **out, const char *path,
		       const struct chunk_index *ix, size_t budget, FILE *diag)
{
	struct window_detail *wd = calloc(1, sizeof(*wd));

	if (!wd || !(wd->path = strdup(path))) {
		free(wd);
		return -ENOMEM;
	}
	wd->ix = ix;
	wd->diag = diag;
	wd->max_records = budget / WINDOW_DETAIL_RECORD_BYTES;
	if (wd->max_records < WINDOW_DETAIL_MIN_RECORDS)
		wd->max_records = WINDOW_DETAIL_MIN_RECORDS;
	*out = wd;
	return 0;
}

/* The records of bytes [from, to) of the file into a new model, *m. */
static int read_bytes(struct window_detail *wd, uint64_t from, uint64_t to,
		      struct trace_model **m, uint64_t *first_ns, uint64_t *last_ns)
{
	struct trace_reader *r = NULL;
	struct trace_record rec;
	struct model_sink ms;
	struct event_sink sink;
	int err = trace_model__new(m);

	*first_ns = UINT64_MAX;
	*last_ns = 0;
	if (!err)
		err = trace_reader__open_at(&r, wd->path, from, to, wd->diag);
	if (err)
		return err;
	model_sink__init(&ms, *m);
	sink = model_sink__sink(&ms);
	while ((err = trace_reader__next(r, &rec)) > 0) {
		if (rec.ts_ns < *first_ns)
			*first_ns = rec.ts_ns;
		if (rec.ts_ns > *last_ns)
			*last_ns = rec.ts_ns;
		err = file_source__record(&rec, &sink);
		if (err)
			break;
	}
	trace_reader__close(r);
	return err;
}

/* The bytes to read for [a, b), if the budget reads them: 0, else a status. */
static int bytes_for(const struct window_detail *wd, uint64_t a, uint64_t b, uint64_t *from,
		     uint64_t *to, uint64_t *records)
{
	if (chunk_index__find(wd->ix, a, b, from, to, records))
		return WINDOW_DETAIL_NONE;
	return *records > wd->max_records ? WINDOW_DETAIL_TOO_MANY : 0;
}

int window_detail__get(struct window_detail *wd, const struct trace_model *model, uint64_t lo,
		       uint64_t hi, struct window_detail_view *out)
{
	uint64_t w = hi - lo, from = 0, to = 0, records = 0, first, last;
	uint64_t a = lo > w / 2 ? lo - w / 2 : 0, b = hi + w / 2;
	uint64_t lead = model ? trace_model__summary_start(model, lo) : lo;
	uint64_t span_ns = model ? trace_model__span_ns(model) : 0;
	struct trace_model *m = NULL;
	bool exact;
	int st;

	memset(out, 0, sizeof(*out));
	if (wd->m && wd->lo <= lo && hi <= wd->hi && wd->span_ns == span_ns &&
	    (lead >= wd->lo || !wd->exact)) {
		*out = wd->view;
		return WINDOW_DETAIL_READ;
	}
	/* from the start of the spans that hold lo: every task's state at
	 * lo is then known (lanes.h: lanes_overlay), if the budget reads
	 * that far; else from half a window before */
	st = bytes_for(wd, lead < a ? lead : a, b, &from, &to, &records);
	exact = !st;
	if (st)
		st = bytes_for(wd, a, b, &from, &to, &records);
	else if (lead < a)
		a = lead;
	out->records = records;
	if (st)
		return st;
	if (wd->bad_to && from < wd->bad_to && wd->bad_from < to)
		return WINDOW_DETAIL_FAILED;
	st = read_bytes(wd, from, to, &m, &first, &last);
	if (st || first > last) {
		trace_model__free(m);
		wd->bad_from = from;
		wd->bad_to = to;
		return WINDOW_DETAIL_FAILED;
	}
	trace_model__free(wd->m);
	wd->m = m;
	/* good for any window inside [a, b) the index covered: a file still
	 * being written is read again for a window past what it held */
	wd->lo = a;
	wd->hi = b < wd->ix->e[wd->ix->n - 1].max_ts ? b : wd->ix->e[wd->ix->n - 1].max_ts;
	wd->span_ns = span_ns;
	wd->exact = exact;
	wd->view = (struct window_detail_view){ .m = m, .from_ns = first, .to_ns = last,
						.records = records };
	*out = wd->view;
	return WINDOW_DETAIL_READ;
}

void window_detail__free(struct window_detail *wd)
{
	if (!wd)
		return;
	trace_model__free(wd->m);
	free(wd->path);
	free(wd);
}
