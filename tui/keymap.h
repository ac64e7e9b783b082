/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * keymap.h - the one table from keys to actions. The help screen and the
 * hint line are generated from it, so they cannot disagree with what the
 * keys do (cf. htop's Action.c).
 */
#ifndef SCHEDVIZ_TUI_KEYMAP_H
#define SCHEDVIZ_TUI_KEYMAP_H

#include <stddef.h>

enum tui_action {
	ACT_NONE = 0,
	ACT_QUIT,
	ACT_HELP,
	ACT_PAUSE,
	ACT_ZOOM_IN,
	ACT_ZOOM_OUT,
	ACT_FIT,
	ACT_PAN_LEFT,
	ACT_PAN_RIGHT,
	ACT_HOME,
	ACT_END,
	ACT_FOLLOW,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_DETAIL,
	ACT_CPU_VIEW,
	ACT_FOLD,
	ACT_FILTER,
	ACT_SORT,
	ACT_LESSON,
	ACT_METHOD,
	ACT_OUTPUT,
	ACT_BACK,
	ACT__COUNT
};

#define KEYMAP_MAX_KEYS 4

struct key_binding {
	int keys[KEYMAP_MAX_KEYS];	/* ncurses key codes (chars or KEY_*), 0-terminated */
	const char *label;		/* how the help screen names the keys, ASCII */
	const char *hint;		/* one or two words for the hint line, or NULL */
	const char *help;		/* one line for the help screen */
	enum tui_action action;
};

/* The table, in help-screen order; *n gets its length. Static storage. */
const struct key_binding *keymap__table(size_t *n);

/* Action bound to an ncurses key code, or ACT_NONE. */
enum tui_action keymap__lookup(int key);

/* The binding of an action (its first entry), or NULL. */
const struct key_binding *keymap__binding(enum tui_action a);

/*
 * The hint line: "label hint" pairs for the actions that have a hint,
 * separated by two spaces, cut to fit width columns (no partial pair).
 * Writes a NUL-terminated string into buf (len bytes); returns its length.
 */
size_t keymap__hint_line(char *buf, size_t len, size_t width);

#endif
