/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * input.h - keys and the mouse turned into changes of the view state: the
 * key table (keymap.h) gives an action, which the active panel's handler
 * takes first and the global handler after; the mouse selects a lane or
 * zooms at the pointer through the frame's hit map. Not for use outside tui/.
 */
#ifndef SCHEDVIZ_TUI_INPUT_H
#define SCHEDVIZ_TUI_INPUT_H

#include "tui_state.h"

/* input__key() flags */
#define INPUT_HANDLED 0x1
#define INPUT_REDRAW 0x2
#define INPUT_QUIT 0x4

/*
 * Apply key ch (a curses key code; KEY_MOUSE reads the mouse event) to t,
 * given frame f, the last one built from src for t's screen. Returns
 * INPUT_* flags (0: the key meant nothing here).
 */
int input__key(struct tui *t, const struct tui_source *src, const struct frame *f, int ch);

#endif
