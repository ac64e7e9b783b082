/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * frame.h - one frame of the view, computed before anything is painted:
 * the source resolved (live, or frozen by pause), the screen layout, the
 * lanes in order with the selection and the scroll position, the cells and
 * counts of every lane row shown, the CPU rows, the figures, and the hit map
 * the mouse reads. Pure: no terminal; the painters only read a frame.
 *
 * Storage: everything a frame points into lives in a struct frame_store,
 * grown with vec.h and reused, so once sizes settle no frame allocates.
 * A frame is valid until the next frame__build() on the same store.
 */
#ifndef SCHEDVIZ_TUI_FRAME_H
#define SCHEDVIZ_TUI_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "figures.h"
#include "lane_list.h"
#include "lanes.h"
#include "layout.h"
#include "futex_groups.h"
#include "task_detail.h"
#include "task_totals.h"
#include "tui.h"
#include "view_state.h"

#define FRAME_MAX_Y 512		/* screen rows the hit map answers for */

/* One lane row shown. */
struct frame_row {
	size_t lane;			/* index into frame.lanes */
	int y;				/* screen row */
	struct task_totals totals;	/* the task's, or a folded group's summed */
	bool exited;			/* the task (every member of a group) exited by now */
	uint64_t exit_ns;		/* the (last) exit, ns */
	const struct lane_cell *cells;	/* frame.tl_w cells */
};

struct frame {
	const struct tui_source *src;
	const struct trace_task *const *tasks;	/* creation order */
	size_t ntasks;
	struct trace_model_stats stats;
	uint64_t begin;		/* trace start (launch or first event), ns */
	uint64_t now;		/* newest time shown: src->now_ns, or the pause time */
	uint64_t t0, t1;	/* timeline window, ns */
	size_t ncpus;
	const char *scenario;	/* registry name, or the title: heads the lesson */
	const char *figures;	/* src->figures: the lesson's figures, NULL: default */

	/* the screen */
	struct layout layout;
	bool lanes_shown;	/* a lane panel is painted (not help, not too small) */
	struct rect lane_area;	/* the lane panel's axis row and lane rows */
	int name_w, stats_w;	/* lane panel columns */
	int tl_x, tl_w;		/* timeline columns on screen */
	int cpu_rows;		/* CPU rows shown above the task lanes (CPU view) */

	/* the lanes, as lane_list__build ordered them */
	const struct lane *lanes;
	size_t nlanes;
	size_t sel;		/* selected lane (< nlanes unless nlanes == 0) */
	size_t top;		/* first lane shown */
	size_t page;		/* lane rows the panel holds (>= 1) */

	/* filled by frame__rows() */
	const struct frame_row *rows;	/* lanes top .. top + nrows */
	size_t nrows;
	const struct lane_cpu_cell *cpu_cells;	/* ncpus rows of tl_w, or NULL */
	struct task_totals totals;	/* over every task */
	struct figures fig;		/* the lesson's live figures */
	const struct futex_group *groups;	/* detail view: the selected task's futex */
	long ngroups;			/* waits by address, or -ENOMEM */
	/* the window's summarized time read back from the trace file */
	struct lanes_overlay ov;	/* m NULL: none */
	int detail_status;		/* enum tui_detail_status, -1: not asked */
	uint64_t detail_records;	/* records the file holds there (READ, TOO_MANY) */
};

/* Storage frames point into; zero-initialised, freed by frame_store__free(). */
struct frame_store {
	const struct trace_task **tasks;
	size_t cap_tasks;
	struct lane *lanes;
	size_t cap_lanes;
	struct lane_list_opts lane_opts;	/* the last build's: a quiet lane's members */
	uint64_t *scratch;
	size_t cap_scratch;
	struct lane_cell *cells;
	size_t cap_cells;
	struct lane_cpu_cell *cpu_cells;
	size_t cap_cpu_cells;
	uint32_t *members;
	size_t cap_members;
	const struct trace_task **group;
	size_t cap_group;
	struct frame_row *rows;
	size_t cap_rows;
	struct lane_list_work work;	/* lane_list__build() and __subtree() */
	struct futex_groups_work detail;	/* the selected task's futex groups */
};

void frame_store__free(struct frame_store *st);

/*
 * Resolve src (or vs's snapshot while paused; refresh it first with
 * view_state__refresh_snapshot()) as vs shows it on a rows x cols screen:
 * times, layout, lanes, selection (following vs->sel_index), scroll. Does
 * not compute cells (frame__rows() does). src and vs are only read.
 * Returns 0 or -ENOMEM.
 */
int frame__build(struct frame_store *st, const struct tui_source *src,
		 const struct view_state *vs, int rows, int cols, struct frame *f);

/*
 * The rest of a built frame, for painting: the cells and counts of every
 * lane row shown, the CPU rows (CPU view), the selected task's futex
 * groups (detail view), the totals and the lesson's figures.
 * Returns 0 or -ENOMEM.
 */
int frame__rows(struct frame_store *st, const struct view_state *vs, struct frame *f);

/* The task shown as lane l (a folded group's leader), or NULL past the lanes. */
const struct trace_task *frame__lane_task(const struct frame *f, size_t l);

/* The hit map: the lane shown on screen row y, or -1 (none, or no lanes shown). */
long frame__lane_at(const struct frame *f, int y);

/* The timeline column under screen column x, or -1 (outside the timeline). */
int frame__timeline_col(const struct frame *f, int x);

#endif
