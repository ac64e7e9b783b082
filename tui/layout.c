// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout.c - the view's areas and columns (layout.h).
 */
#include "layout.h"

#include <string.h>

#define NAME_W_NARROW 18
#define NAME_W_WIDE 24
#define WIDE_COLS 150		/* from here: wider names, the lesson beside the lanes */
#define WIDE_STATS 120		/* main width from which the rates are shown */
#define SIDE_MAX_W 50

bool layout__side_fits(int cols, bool lanes_view)
{
	return cols >= WIDE_COLS && lanes_view;
}

void layout__screen(int rows, int cols, enum output_mode out_mode, bool side, bool lanes_view,
		    struct layout *L)
{
	int out_lines = 0;

	memset(L, 0, sizeof(*L));
	L->too_small = rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS;
	L->header = (struct rect){ 0, 0, 2, cols };
	L->status = (struct rect){ rows - 1, 0, 1, cols };
	if (out_mode == OUTPUT_SMALL)
		out_lines = rows >= 40 ? 6 : 3;
	else if (out_mode == OUTPUT_LARGE)
		out_lines = (rows - 4) / 2;
	L->output = (struct rect){ rows - 1 - (out_lines ? out_lines + 1 : 0), 0,
				   out_lines ? out_lines + 1 : 0, cols };
	L->legend = (struct rect){ L->output.y - 1, 0, 1, cols };
	L->main = (struct rect){ 2, 0, L->legend.y - 2, cols };
	if (side && layout__side_fits(cols, lanes_view)) {
		int w = cols / 4 < SIDE_MAX_W ? cols / 4 : SIDE_MAX_W;

		L->side = (struct rect){ L->main.y, cols - w, L->main.h, w };
		L->main.w -= w + 1;
	}
}

void layout__lane_columns(int cols, int w, int *name_w, int *stats_w, int *tl_w)
{
	*name_w = cols >= WIDE_COLS ? NAME_W_WIDE : NAME_W_NARROW;
	*stats_w = w >= WIDE_STATS ? LAYOUT_STATS_W_WIDE : LAYOUT_STATS_W_NARROW;
	*tl_w = w - *name_w - *stats_w - 1;
	if (*tl_w < 1)
		*tl_w = 1;
}

int layout__cpu_rows(int h, size_t ncpus)
{
	int rows = (h - 3) / 2;

	if ((size_t)rows > ncpus)
		rows = (int)ncpus;
	return rows < 1 ? 1 : rows;
}
