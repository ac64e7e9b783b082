/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tui.h - the ncurses view of a trace model, live or replayed.
 *
 * The caller owns the event loop: it polls its own fds plus tui__input_fd(),
 * feeds the model, and calls tui__step() whenever input is ready or a frame
 * is due. The view never blocks.
 */
#ifndef SCHEDVIZ_TUI_H
#define SCHEDVIZ_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run_info.h"
#include "switch_cost.h"
#include "trace_model.h"

struct tui;

/* What the trace file gave back for a window (tui_detail.get). */
enum tui_detail_status {
	TUI_DETAIL_READ = 0,	/* m holds the window's detail */
	TUI_DETAIL_NONE,	/* the file holds nothing there (yet) */
	TUI_DETAIL_TOO_MANY,	/* more records there than the memory budget reads: zoom in */
	TUI_DETAIL_FAILED,	/* the file could not be read there */
};

struct tui_detail_window {
	const struct trace_model *m;	/* READ: borrowed until the next get */
	uint64_t from_ns, to_ns;	/* READ: the time m holds */
	uint64_t records;		/* READ, TOO_MANY: records in the window */
};

/*
 * Time the model summarized under its memory budget, read back in detail
 * from the trace file being written (run -o) or replayed: the view asks
 * for [lo, hi), the part of its window before the model's detail begins.
 */
struct tui_detail {
	void *ctx;
	/* Fill *out for model m (the source's); returns enum tui_detail_status. */
	int (*get)(void *ctx, const struct trace_model *m, uint64_t lo, uint64_t hi,
		   struct tui_detail_window *out);
};

/* What the view shows. All pointers are borrowed for the call. */
struct tui_source {
	const struct trace_model *model;
	const struct run_info *info;	/* argv, pid; exit_code once exited */
	const char *title;		/* scenario name or command, for the header */
	const char *lesson;		/* scenario lesson, or NULL */
	const char *figures;		/* the scenario's live figures (its registry
					   entry's `figures`), NULL: the default set */
	bool live;			/* target still running / events arriving */
	bool loading;			/* a replay still reading its file */
	double loaded;			/* then: the share of it read, 0..1 */
	bool target_exited;		/* wait4() returned */
	uint64_t now_ns;		/* CLOCK_MONOTONIC "now" (live) or trace end */
	const struct tui_detail *detail; /* summarized time read back from the file, or NULL */
};

enum tui_result {
	TUI_CONTINUE = 0,
	TUI_QUIT = 1,			/* user asked to leave */
};

/* Options of tui__open(). */
struct tui_options {
	/*
	 * What a context switch costs here, as measured before the screen
	 * was taken (collect/switch_measure.h) or given (tests, replays);
	 * all zero: unknown. Copied.
	 */
	struct switch_cost cost;
	/*
	 * The whole machine is traced (run -a): open on the CPU lanes, the
	 * task lanes below sorted by run time, busiest first.
	 */
	bool whole_system;
};

/*
 * Take over the terminal (stdin/stdout must be a tty); opts NULL: the
 * switch cost is unknown. *out is owned by the caller and must be released
 * with tui__close() on every path. Returns 0, -ENOTTY (not a terminal),
 * -EINVAL (terminal unusable: TERM unset or unknown), -ENOMEM.
 */
int tui__open(struct tui **out, const struct tui_options *opts);

/* fd to poll for key presses (POLLIN). */
int tui__input_fd(const struct tui *t);

/*
 * Handle pending keys and redraw if something changed or a frame is due
 * (at most ~20 frames/s). Returns enum tui_result.
 */
int tui__step(struct tui *t, const struct tui_source *src);

/* Append the target's own output (stdout+stderr bytes) to the output pane. */
void tui__append_output(struct tui *t, const char *buf, size_t n);

/* Restore the terminal and free t. NULL-safe; safe to call from any exit path. */
void tui__close(struct tui *t);

/*
 * Restore the terminal only (no free): for fatal-signal handlers and
 * atexit(). Idempotent.
 */
void tui__emergency_restore(void);

#endif
