/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * layout.h - where the parts of the view go on a rows x cols screen: the
 * header, the main panel, the lesson column, the legend, the output pane,
 * the hint line, and inside the lane panels the name, count and timeline
 * columns. Pure: no terminal; sizes in screen cells.
 */
#ifndef SCHEDVIZ_TUI_LAYOUT_H
#define SCHEDVIZ_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

#define LAYOUT_STATS_W_NARROW 17	/* vol(6) inv(6) run%(5) */
#define LAYOUT_STATS_W_WIDE 33		/* ... vol/s(8) inv/s(8) */

struct rect {
	int y, x, h, w;
};

enum output_mode {
	OUTPUT_SMALL = 0,
	OUTPUT_LARGE,
	OUTPUT_HIDDEN,
	OUTPUT__COUNT
};

/* The screen's areas; a rect with h or w 0 is not shown. */
struct layout {
	bool too_small;		/* below TUI_MIN_COLS x TUI_MIN_ROWS: only a message */
	struct rect header, main, side, legend, output, status;
};

/* Does a lesson column fit beside the lanes (lanes view, from 150 columns)? */
bool layout__side_fits(int cols, bool lanes_view);

/*
 * The areas of a rows x cols screen with the output pane in out_mode; the
 * lesson column `side` only when `side` is asked for and fits. Fills *L.
 */
void layout__screen(int rows, int cols, enum output_mode out_mode, bool side, bool lanes_view,
		    struct layout *L);

/*
 * The columns of a lane panel w cells wide on a screen cols wide: the name,
 * the counts and the timeline (at least 1).
 */
void layout__lane_columns(int cols, int w, int *name_w, int *stats_w, int *tl_w);

/*
 * The CPU rows the CPU view shows in a main area h rows high for ncpus
 * CPUs: at least 1, at most ncpus, about half the area.
 */
int layout__cpu_rows(int h, size_t ncpus);

#endif
