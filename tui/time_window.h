/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * time_window.h - which stretch of the trace the timeline shows.
 *
 * The window is either the whole trace ("fit"), or span_ns wide and either
 * following the newest time (its right edge is the trace end) or parked at
 * t0_ns. Resolved against the trace's [begin, end) each frame, so a live
 * trace that grows keeps the view consistent. Pure arithmetic, ns.
 */
#ifndef SCHEDVIZ_TUI_TIME_WINDOW_H
#define SCHEDVIZ_TUI_TIME_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#define TIME_WINDOW_MIN_BUCKET_NS 100	/* zoom stops when a column is this narrow */

struct time_window {
	uint64_t span_ns;	/* 0: fit the whole trace */
	uint64_t t0_ns;		/* left edge while not following */
	bool follow;		/* right edge stays on the trace end */
};

/* The initial window: the whole trace, following. */
void time_window__init(struct time_window *w);

/*
 * Resolve w against the trace [begin, end) (ns) into the window
 * [*t0, *t1), t1 > t0: a following window ends at end, a parked one starts
 * at its t0_ns (kept inside the trace). A span longer than the trace starts
 * at begin.
 */
void time_window__resolve(const struct time_window *w, uint64_t begin, uint64_t end,
			  uint64_t *t0, uint64_t *t1);

/*
 * Zoom by num/den (num < den zooms in) keeping the time under column
 * anchor_col (of ncols) in place; a following window keeps its right edge.
 * Zooming out past the whole trace returns to fit. The span never drops
 * below ncols * TIME_WINDOW_MIN_BUCKET_NS.
 */
void time_window__zoom(struct time_window *w, uint64_t begin, uint64_t end,
		       unsigned int ncols, unsigned int anchor_col,
		       uint64_t num, uint64_t den);

/*
 * Pan by cols columns (negative: back in time). Panning back stops
 * following; reaching the trace end while live resumes it.
 */
void time_window__pan(struct time_window *w, uint64_t begin, uint64_t end,
		      unsigned int ncols, int cols);

/*
 * Jump to the start (stops following; in fit mode the whole trace stays in
 * view, but zooming then keeps the start) or to the end (follows again).
 */
void time_window__home(struct time_window *w, uint64_t begin, uint64_t end);
void time_window__end(struct time_window *w, uint64_t begin, uint64_t end);

/* Back to the whole trace, following. */
void time_window__fit(struct time_window *w);

/* Toggle following the trace end; parks the window where it is when stopping. */
void time_window__toggle_follow(struct time_window *w, uint64_t begin, uint64_t end);

#endif
