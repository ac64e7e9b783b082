/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tui_internal.h - the view's state, shared by the loop (tui.c), the chrome
 * (header, legend, output, hints, help) and the panels. Not for use outside
 * tui/.
 *
 * One loop (tui__step) owns input and redraw. Each key becomes an action
 * (keymap.h); the active panel handles it first and returns PANEL_* flags,
 * then the loop's global handler takes what the panel left. Panels paint
 * into the rectangle they are given; they read the frame, never the source
 * directly, so a paused view paints from its frozen copy.
 */
#ifndef SCHEDVIZ_TUI_INTERNAL_H
#define SCHEDVIZ_TUI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "keymap.h"
#include "lane_list.h"
#include "lanes.h"
#include "output_log.h"
#include "switch_cost.h"
#include "theme.h"
#include "time_window.h"
#include "tui.h"

#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24
#define TUI_FRAME_NS 50000000ull	/* at most 20 frames/s */
#define TUI_FILTER_MAX 32
#define TUI_MAX_ROWS 512		/* screen rows remembered for the mouse */

/* panel flags */
#define PANEL_HANDLED 0x1
#define PANEL_REDRAW 0x2
#define PANEL_QUIT 0x4

enum tui_view {
	VIEW_TASKS = 0,
	VIEW_CPUS,
	VIEW_DETAIL,
	VIEW_LESSON,
	VIEW_METHOD,
	VIEW__COUNT
};

enum output_mode {
	OUTPUT_SMALL = 0,
	OUTPUT_LARGE,
	OUTPUT_HIDDEN,
	OUTPUT__COUNT
};

struct rect {
	int y, x, h, w;
};

/* What one frame shows: the source resolved, live or frozen by pause. */
struct frame {
	const struct tui_source *src;
	const struct trace_task *const *tasks;	/* creation order */
	size_t ntasks;
	struct trace_model_stats stats;
	uint64_t begin;		/* trace start (launch or first event), ns */
	uint64_t now;		/* newest time shown: src->now_ns, or the pause time */
	uint64_t t0, t1;	/* timeline window */
	size_t ncpus;
	const char *scenario;	/* for the lesson figures: registry name or "" */
	/* the lanes, as lane_list__build ordered them */
	const struct lane *lanes;
	size_t nlanes;
	size_t sel;		/* selected lane (< nlanes unless nlanes == 0) */
	int tl_cols;		/* timeline columns this frame was resolved for */
};

struct tui;

struct panel {
	const char *name;
	/* handle an action; return PANEL_* flags (0: not handled) */
	int (*on_action)(struct tui *t, const struct frame *f, enum tui_action a);
	void (*paint)(struct tui *t, const struct frame *f, struct rect r);
};

/* The frozen copy a paused view paints from (capture continues meanwhile). */
struct snapshot {
	bool on;
	uint64_t now;
	struct trace_task *tasks;	/* shallow copies; iv/fw re-pointed each frame */
	const struct trace_task **ptrs;
	size_t n;
	struct trace_model_stats stats;
};

struct tui {
	SCREEN *screen;
	struct theme theme;
	int rows, cols;
	bool mouse;

	enum tui_view view, back_view;
	bool help;
	bool side_lesson;	/* lesson column beside the lanes, on wide terminals */
	bool paused;
	struct snapshot snap;
	enum output_mode out_mode;

	struct time_window win;
	enum lane_sort sort;
	char filter[TUI_FILTER_MAX];
	bool filter_edit;
	int32_t *folded;	/* TGIDs */
	size_t n_folded, cap_folded;
	int32_t sel_tid;	/* selection follows the task, not the row */
	uint32_t sel_index;	/* its task index, to tell reused TIDs apart */
	size_t sel, top;	/* selected lane and first lane shown */

	struct output_log out;
	struct switch_cost cost;

	bool dirty;		/* repaint now: a key, a resize */
	bool out_changed;	/* the target printed: repaint with the next paced frame */
	uint64_t last_paint_ns;
	uint64_t painted_events, painted_now;
	bool painted_live;

	/* per-frame storage, grown as needed */
	const struct trace_task **tasks;
	size_t cap_tasks;
	struct lane *lanes;
	size_t cap_lanes;
	uint64_t *scratch;
	size_t cap_scratch;
	struct lane_cell *cells;
	size_t cap_cells;
	struct lane_cpu_cell *cpu_cells;
	size_t cap_cpu_cells;
	uint32_t *members;
	size_t cap_members;

	/* where the last paint put things, for the mouse */
	int row_lane[TUI_MAX_ROWS];	/* screen row -> lane index, -1 none */
	int tl_x, tl_w;			/* timeline columns on screen */
	int lanes_page;			/* lane rows visible */
};

/* --- tui.c --- */
/*
 * Grow per-frame storage for rows of ncols cells: scratch for
 * lanes__accumulate/lanes__cpu_rows and cells/cpu_cells for nrows_cells rows.
 * Returns 0 or -ENOMEM.
 */
int tui__reserve(struct tui *t, size_t ncols, size_t nrows_cells);
/* Make lane `sel` of f the selection (clamped), scrolling it into view. */
void tui__select(struct tui *t, const struct frame *f, size_t sel);
/* The task shown as lane l (the folded group's leader for a folded lane). */
const struct trace_task *tui__lane_task(const struct frame *f, size_t l);
/* Fold or unfold the process with this TGID. Returns 0 or -ENOMEM. */
int tui__toggle_fold(struct tui *t, int32_t tgid);

/* --- paint.c: primitives --- */
/* Text clipped to w columns at (y, x) in role; returns columns used. */
int paint__text(struct tui *t, int y, int x, int w, enum tui_role role, const char *s);
/* printf into a clipped line. */
int paint__textf(struct tui *t, int y, int x, int w, enum tui_role role, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* One glyph at (y, x) in role. */
void paint__glyph(struct tui *t, int y, int x, enum theme_glyph g, enum tui_role role);
/* Blank w columns at (y, x) in role. */
void paint__fill(struct tui *t, int y, int x, int w, enum tui_role role);
/* Display width of a UTF-8 string (1 per character where wcwidth fails). */
int paint__width(const char *s);
/* A task's name made printable ASCII (comm can hold anything). */
void paint__task_name(const struct trace_task *task, char *buf, size_t len);
/* Letter naming task i in the CPU lanes. */
char paint__task_letter(size_t i);

/* --- chrome.c --- */
void chrome__header(struct tui *t, const struct frame *f, struct rect r);
void chrome__legend(struct tui *t, const struct frame *f, struct rect r);
void chrome__output(struct tui *t, struct rect r);
void chrome__status(struct tui *t, const struct frame *f, struct rect r);
void chrome__help(struct tui *t, struct rect r);
void chrome__too_small(struct tui *t);

/* --- panels --- */
extern const struct panel panel_tasks;	/* panel_lanes.c */
extern const struct panel panel_cpus;	/* panel_lanes.c */
extern const struct panel panel_detail;	/* panel_detail.c */
extern const struct panel panel_lesson;	/* panel_text.c */
extern const struct panel panel_method;	/* panel_text.c */
/* The lesson column beside the lanes (panel_text.c). */
void panel_text__lesson(struct tui *t, const struct frame *f, struct rect r);

/* Timeline geometry of the lane panels for a main area w columns wide. */
void panel_lanes__columns(const struct tui *t, int w, int *name_w, int *stats_w, int *tl_w);

#endif
