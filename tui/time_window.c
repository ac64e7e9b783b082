// SPDX-License-Identifier: GPL-2.0-only
/*
 * time_window.c - zoom, pan and follow arithmetic for the timeline.
 */
#include "time_window.h"

void time_window__init(struct time_window *w)
{
	w->span_ns = 0;
	w->t0_ns = 0;
	w->follow = true;
}

static uint64_t trace_len(uint64_t begin, uint64_t end)
{
	return end > begin ? end - begin : 1;
}

void time_window__resolve(const struct time_window *w, uint64_t begin, uint64_t end,
			  uint64_t *t0, uint64_t *t1)
{
	uint64_t len = trace_len(begin, end);
	uint64_t span = w->span_ns ? w->span_ns : len;
	uint64_t a;

	if (span >= len) {
		a = begin;
	} else if (w->follow) {
		a = end - span;
	} else {
		a = w->t0_ns < begin ? begin : w->t0_ns;
		if (a > end - span)
			a = end - span;
	}
	*t0 = a;
	*t1 = a + span;
}

void time_window__zoom(struct time_window *w, uint64_t begin, uint64_t end,
		       unsigned int ncols, unsigned int anchor_col,
		       uint64_t num, uint64_t den)
{
	uint64_t t0, t1, span, anchor, len = trace_len(begin, end);
	uint64_t min_span = (uint64_t)(ncols ? ncols : 1) * TIME_WINDOW_MIN_BUCKET_NS;
	unsigned __int128 wide;

	if (!den || !num)
		return;
	time_window__resolve(w, begin, end, &t0, &t1);
	if (anchor_col > ncols)
		anchor_col = ncols;
	wide = (unsigned __int128)(t1 - t0) * num / den;
	span = wide > UINT64_MAX / 2 ? UINT64_MAX / 2 : (uint64_t)wide;
	if (span < min_span)
		span = min_span;
	if (span >= len) {
		time_window__fit(w);
		return;
	}
	anchor = t0 + (uint64_t)((unsigned __int128)(t1 - t0) * anchor_col / (ncols ? ncols : 1));
	w->span_ns = span;
	if (w->follow && anchor_col >= ncols)
		return;
	/* keep `anchor` under the same column */
	{
		uint64_t left = (uint64_t)((unsigned __int128)span * anchor_col / (ncols ? ncols : 1));

		w->t0_ns = anchor > begin + left ? anchor - left : begin;
	}
	if (w->t0_ns + span >= end)
		return; /* still touching the end: keep following if we were */
	w->follow = false;
}

void time_window__pan(struct time_window *w, uint64_t begin, uint64_t end,
		      unsigned int ncols, int cols)
{
	uint64_t t0, t1, step;

	time_window__resolve(w, begin, end, &t0, &t1);
	if (!w->span_ns)
		return; /* the whole trace is in view: nothing to pan */
	step = (uint64_t)((unsigned __int128)(t1 - t0) * (unsigned)(cols < 0 ? -cols : cols) /
			  (ncols ? ncols : 1));
	if (cols < 0) {
		w->t0_ns = t0 > begin + step ? t0 - step : begin;
		w->follow = false;
	} else {
		w->t0_ns = t0 + step;
		if (end < w->span_ns || w->t0_ns >= end - w->span_ns) {
			w->t0_ns = end > w->span_ns ? end - w->span_ns : begin;
			w->follow = true;
		}
	}
}

void time_window__home(struct time_window *w, uint64_t begin, uint64_t end)
{
	(void)end;
	w->t0_ns = begin;
	w->follow = false;
}

void time_window__end(struct time_window *w, uint64_t begin, uint64_t end)
{
	(void)begin;
	(void)end;
	w->follow = true;
}

void time_window__fit(struct time_window *w)
{
	w->span_ns = 0;
	w->follow = true;
}

void time_window__toggle_follow(struct time_window *w, uint64_t begin, uint64_t end)
{
	uint64_t t0, t1;

	if (w->follow) {
		time_window__resolve(w, begin, end, &t0, &t1);
		w->t0_ns = t0;
		/* fit follows by nature; parking it freezes today's length */
		if (!w->span_ns)
			w->span_ns = t1 - t0;
		w->follow = false;
	} else {
		w->follow = true;
	}
}
