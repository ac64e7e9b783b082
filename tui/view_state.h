/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * view_state.h - what the user chose: the panel shown, folded processes,
 * the name filter, the sort, the selection, the time window, and the frozen
 * copy a paused view shows. Changed only by input (input.c) and by the loop
 * committing a frame's selection; read by frame__build() and the painters.
 * Pure: no terminal.
 */
#ifndef SCHEDVIZ_TUI_VIEW_STATE_H
#define SCHEDVIZ_TUI_VIEW_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lane_list.h"
#include "layout.h"
#include "time_window.h"
#include "tui.h"

#define TUI_FILTER_MAX 32

enum tui_view {
	VIEW_TASKS = 0,
	VIEW_CPUS,
	VIEW_DETAIL,
	VIEW_LESSON,
	VIEW_METHOD,
	VIEW__COUNT
};

/* The frozen copy a paused view paints from (capture continues meanwhile). */
struct snapshot {
	bool on;
	uint64_t now;			/* ns: the source's now_ns when paused */
	struct trace_task *tasks;	/* shallow copies; iv/fw re-pointed each frame */
	size_t cap_tasks;
	const struct trace_task **ptrs;	/* &tasks[i] */
	size_t cap_ptrs;
	size_t n;
	struct trace_model_stats stats;
};

struct view_state {
	enum tui_view view, back_view;	/* back_view: VIEW_TASKS or VIEW_CPUS */
	bool help;
	bool side_lesson;	/* lesson column beside the lanes, on wide terminals */
	bool paused;
	struct snapshot snap;
	enum output_mode out_mode;

	struct time_window win;
	enum lane_sort sort;
	char filter[TUI_FILTER_MAX];
	bool filter_edit;
	int32_t *folded;	/* TGIDs of folded processes (vec.h) */
	size_t n_folded, cap_folded;
	bool fold_quiet;	/* quiet children share a lane (the whole system; 'z' on it: off) */
	int32_t sel_tid;	/* selection follows the task, not the row */
	uint32_t sel_index;	/* its task index, to tell reused TIDs apart */
	size_t sel, top;	/* selected lane and first lane shown */
};

/* The state of a new view: the task lanes, the whole trace, following. */
void view_state__init(struct view_state *vs);

/* Free what vs holds (folded TGIDs, snapshot); vs can be initialised again. */
void view_state__free(struct view_state *vs);

/* Is a lane panel (tasks or CPUs) shown? */
bool view_state__lanes_view(const struct view_state *vs);

/* Show panel v, or go back to the lanes when v is already shown. */
void view_state__enter(struct view_state *vs, enum tui_view v);

/* Fold or unfold the process with this TGID. Returns 0 or -ENOMEM. */
int view_state__toggle_fold(struct view_state *vs, int32_t tgid);

/*
 * Pause: freeze the tasks of src->model (shallow copies, storage reused
 * across pauses) and its stats at src->now_ns. Returns 0 or -ENOMEM (not
 * paused then).
 */
int view_state__pause(struct view_state *vs, const struct tui_source *src);

/* Resume the live picture. */
void view_state__resume(struct view_state *vs);

/*
 * Histories only grow at their ends: re-point the frozen copies' interval
 * and futex arrays at the live ones (which realloc may have moved). Call
 * before each frame while paused.
 */
void view_state__refresh_snapshot(struct view_state *vs, const struct tui_source *src);

/*
 * Remember `top` as the first lane shown and, when task is not NULL (no
 * lanes), lane `sel` showing task as the selection.
 */
void view_state__commit(struct view_state *vs, size_t sel, const struct trace_task *task,
			size_t top);

#endif
