/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * theme.h - semantic roles, mapped to what this terminal can show.
 *
 * Drawing code names roles (running, futex wait, header, ...), never raw
 * colours; a scheme table maps each role per terminal: 256 colours,
 * 8 colours, or none (NO_COLOR set, or a terminal without colour), where
 * attributes only are used. Every task state also has its own glyph, so
 * states stay apart without colour; glyphs come in a UTF-8 set and an ASCII
 * set for locales that are not UTF-8. The legend is built from the same
 * tables, so it always matches the cells (cf. htop's CRT.c).
 */
#ifndef SCHEDVIZ_TUI_THEME_H
#define SCHEDVIZ_TUI_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "trace_model.h"

enum tui_role {
	ROLE_DEFAULT = 0,
	ROLE_RUNNING,
	ROLE_SLIVER,		/* ran for part of the bucket only */
	ROLE_RUNNABLE,
	ROLE_PREEMPTED,
	ROLE_SLEEPING,
	ROLE_BLOCKED,
	ROLE_FUTEX,
	ROLE_EXITED,
	ROLE_IDLE,		/* CPU lanes: no traced task on the CPU */
	ROLE_HEADER,		/* title bar */
	ROLE_SELECTED,		/* the selected lane's name */
	ROLE_DIM,		/* secondary text, axis, tree rails */
	ROLE_WARN,		/* lost events, errors */
	ROLE_TITLE,		/* section titles */
	ROLE_TASK0,		/* CPU lanes: tasks told apart, ROLE_TASK0 + (i % THEME_TASK_COLOURS) */
	ROLE__COUNT = ROLE_TASK0 + 8
};

#define THEME_TASK_COLOURS 8

enum theme_scheme {
	SCHEME_NONE = 0,	/* attributes only */
	SCHEME_8,
	SCHEME_256,
};

enum theme_glyph {
	GLYPH_UNKNOWN = 0,	/* before the task existed */
	GLYPH_RUNNING,
	GLYPH_SLIVER,
	GLYPH_RUNNABLE,
	GLYPH_PREEMPTED,
	GLYPH_SLEEPING,
	GLYPH_BLOCKED,
	GLYPH_FUTEX,
	GLYPH_EXITED,
	GLYPH_EXIT_MARK,
	GLYPH_IDLE,
	GLYPH_TREE_MID,		/* 2 columns */
	GLYPH_TREE_LAST,	/* 2 columns */
	GLYPH_TREE_RAIL,	/* 2 columns */
	GLYPH_FOLDED,
	GLYPH_VBAR,		/* separator */
	GLYPH_HBAR,		/* histogram bar unit */
	GLYPH_TICK,		/* axis tick */
	GLYPH_ELLIPSIS,
	GLYPH_HLINE,		/* rule under titles */
	GLYPH__COUNT
};

struct theme {
	enum theme_scheme scheme;
	bool utf8;
};

/*
 * Pick the scheme: no colour when no_color_env is set and not empty
 * (https://no-color.org) or the terminal has fewer than 8 colours; 256
 * when it has 256 or more; else 8. utf8: the locale's codeset is UTF-8.
 */
struct theme theme__choose(bool has_colors, int colors, const char *no_color_env,
			   bool utf8);

/* "256 colours", "8 colours", "no colour". Static storage. */
const char *theme__scheme_name(enum theme_scheme s);

/* Role and glyph of a task-lane cell. */
enum tui_role theme__state_role(enum task_state s, unsigned int run_pct);
enum theme_glyph theme__state_glyph(enum task_state s, unsigned int run_pct);

/* The glyph's text in this theme (UTF-8 or ASCII). Static storage. */
const char *theme__glyph(const struct theme *th, enum theme_glyph g);

/* One legend entry. */
struct legend_item {
	enum theme_glyph glyph;
	enum tui_role role;
	const char *label;
};

/* Legend of the task lanes, in display order. *n gets its length. */
const struct legend_item *theme__task_legend(size_t *n);

/*
 * Set up ncurses colour pairs for th (call after initscr/newterm). Does
 * nothing for SCHEME_NONE. Returns 0 or -ENOTSUP when the terminal refuses.
 */
int theme__apply(const struct theme *th);

/* ncurses attributes (colour pair and video attributes) of a role. */
unsigned long theme__attr(const struct theme *th, enum tui_role r);

#endif
