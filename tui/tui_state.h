/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tui_state.h - struct tui, the view as the loop (tui.c) holds it: the
 * terminal, the theme, what the user chose (view_state.h), the target's
 * output, the switch cost, and the storage frames are built in. Data only:
 * no functions are declared here, so the painters (paint.h) and the input
 * (input.h) that read it depend on no loop code. Not for use outside tui/.
 */
#ifndef SCHEDVIZ_TUI_STATE_H
#define SCHEDVIZ_TUI_STATE_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "frame.h"
#include "output_log.h"
#include "switch_cost.h"
#include "theme.h"
#include "view_state.h"

struct tui {
	SCREEN *screen;
	struct theme theme;
	int rows, cols;
	bool mouse;

	struct view_state vs;
	struct output_log out;
	struct switch_cost cost;
	struct frame_store store;

	bool dirty;		/* repaint now: a key, a resize */
	bool out_changed;	/* the target printed: repaint with the next paced frame */
	uint64_t last_paint_ns;
	uint64_t painted_events, painted_now;
	bool painted_live;
};

#endif
