// SPDX-License-Identifier: GPL-2.0-only
/*
 * theme.c - the scheme table (roles -> colours/attributes) and glyph sets.
 */
#include "theme.h"

#include <curses.h>
#include <errno.h>

#include "lanes.h"

/* How one role looks in each scheme. -1: the terminal's default colour. */
struct role_style {
	short fg256, bg256;
	short fg8, bg8;
	attr_t attr_colour;	/* added in the colour schemes */
	attr_t attr_mono;	/* the whole look without colour */
};

static const struct role_style styles[ROLE__COUNT] = {
	[ROLE_DEFAULT] = { -1, -1, -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_RUNNING] = { 40, -1, COLOR_GREEN, -1, A_NORMAL, A_BOLD },
	[ROLE_SLIVER] = { 71, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ROLE_RUNNABLE] = { 220, -1, COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[ROLE_PREEMPTED] = { 203, -1, COLOR_RED, -1, A_NORMAL, A_NORMAL },
	[ROLE_SLEEPING] = { 67, -1, COLOR_BLUE, -1, A_NORMAL, A_DIM },
	[ROLE_BLOCKED] = { 170, -1, COLOR_MAGENTA, -1, A_NORMAL, A_NORMAL },
	[ROLE_FUTEX] = { 44, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[ROLE_EXITED] = { 244, -1, COLOR_WHITE, -1, A_NORMAL, A_DIM },
	[ROLE_IDLE] = { 240, -1, COLOR_WHITE, -1, A_NORMAL, A_DIM },
	[ROLE_HEADER] = { 231, 24, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[ROLE_SELECTED] = { 231, 238, COLOR_BLACK, COLOR_WHITE, A_BOLD, A_REVERSE },
	[ROLE_DIM] = { 245, -1, -1, -1, A_NORMAL, A_DIM },
	[ROLE_WARN] = { 196, -1, COLOR_RED, -1, A_BOLD, A_BOLD },
	[ROLE_TITLE] = { 111, -1, COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	/* CPU lanes: the task's letter on its own background */
	[ROLE_TASK0 + 0] = { 16, 40, COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_REVERSE },
	[ROLE_TASK0 + 1] = { 16, 220, COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[ROLE_TASK0 + 2] = { 16, 75, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ROLE_TASK0 + 3] = { 16, 203, COLOR_BLACK, COLOR_RED, A_NORMAL, A_REVERSE },
	[ROLE_TASK0 + 4] = { 16, 170, COLOR_BLACK, COLOR_MAGENTA, A_NORMAL, A_REVERSE },
	[ROLE_TASK0 + 5] = { 16, 44, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE },
	[ROLE_TASK0 + 6] = { 16, 208, COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[ROLE_TASK0 + 7] = { 16, 141, COLOR_WHITE, COLOR_BLACK, A_NORMAL, A_REVERSE },
};

/* Glyphs: [g][0] UTF-8, [g][1] ASCII. Cells are one column each. */
static const char *const glyphs[GLYPH__COUNT][2] = {
	[GLYPH_UNKNOWN] = { " ", " " },
	[GLYPH_RUNNING] = { "\u2588", "#" },		/* █ */
	[GLYPH_SLIVER] = { "\u258c", "+" },		/* ▌ */
	[GLYPH_RUNNABLE] = { "\u2591", ":" },		/* ░ */
	[GLYPH_PREEMPTED] = { "\u2592", "=" },		/* ▒ */
	[GLYPH_SLEEPING] = { "\u2500", "-" },		/* ─ */
	[GLYPH_BLOCKED] = { "\u2550", "_" },		/* ═ */
	[GLYPH_FUTEX] = { "\u2248", "~" },		/* ≈ */
	[GLYPH_EXITED] = { " ", " " },
	[GLYPH_EXIT_MARK] = { "\u2715", "x" },		/* ✕ */
	[GLYPH_IDLE] = { "\u00b7", "." },		/* · */
	[GLYPH_TREE_MID] = { "\u251c\u2500", "|-" },	/* ├─ */
	[GLYPH_TREE_LAST] = { "\u2514\u2500", "`-" },	/* └─ */
	[GLYPH_TREE_RAIL] = { "\u2502 ", "| " },	/* │ */
	[GLYPH_FOLDED] = { "\u25b8", ">" },		/* ▸ */
	[GLYPH_VBAR] = { "\u2502", "|" },		/* │ */
	[GLYPH_HBAR] = { "\u2588", "#" },		/* █ */
	[GLYPH_TICK] = { "\u2577", "'" },		/* ╷ */
	[GLYPH_ELLIPSIS] = { "\u2026", "~" },		/* … */
	[GLYPH_HLINE] = { "\u2500", "-" },		/* ─ */
};

static const struct legend_item task_legend[] = {
	{ GLYPH_RUNNING, ROLE_RUNNING, "running" },
	{ GLYPH_SLIVER, ROLE_SLIVER, "ran <50%" },
	{ GLYPH_RUNNABLE, ROLE_RUNNABLE, "runnable" },
	{ GLYPH_PREEMPTED, ROLE_PREEMPTED, "preempted" },
	{ GLYPH_SLEEPING, ROLE_SLEEPING, "sleep" },
	{ GLYPH_BLOCKED, ROLE_BLOCKED, "blocked" },
	{ GLYPH_FUTEX, ROLE_FUTEX, "futex" },
	{ GLYPH_EXIT_MARK, ROLE_EXITED, "exit" },
};

struct theme theme__choose(bool has_colors, int colors, const char *no_color_env,
			   bool utf8)
{
	struct theme th = { .scheme = SCHEME_NONE, .utf8 = utf8 };

	if (no_color_env && *no_color_env)
		return th;
	if (!has_colors || colors < 8)
		return th;
	th.scheme = colors >= 256 ? SCHEME_256 : SCHEME_8;
	return th;
}

const char *theme__scheme_name(enum theme_scheme s)
{
	switch (s) {
	case SCHEME_256:
		return "256 colours";
	case SCHEME_8:
		return "8 colours";
	default:
		return "no colour";
	}
}

/* How each state looks; TS_RUNNING here is a full run (see is_sliver()). */
static const struct {
	enum tui_role role;
	enum theme_glyph glyph;
} state_looks[TS__COUNT] = {
	[TS_UNKNOWN] = { ROLE_DEFAULT, GLYPH_UNKNOWN },
	[TS_RUNNING] = { ROLE_RUNNING, GLYPH_RUNNING },
	[TS_RUNNABLE] = { ROLE_RUNNABLE, GLYPH_RUNNABLE },
	[TS_PREEMPTED] = { ROLE_PREEMPTED, GLYPH_PREEMPTED },
	[TS_SLEEPING] = { ROLE_SLEEPING, GLYPH_SLEEPING },
	[TS_BLOCKED] = { ROLE_BLOCKED, GLYPH_BLOCKED },
	[TS_FUTEX] = { ROLE_FUTEX, GLYPH_FUTEX },
	[TS_EXITED] = { ROLE_EXITED, GLYPH_EXITED },
};

/* A run shorter than LANES_FULL_RUN_PCT of its column looks like a sliver. */
static bool is_sliver(enum task_state s, unsigned int run_pct)
{
	return s == TS_RUNNING && run_pct < LANES_FULL_RUN_PCT;
}

enum tui_role theme__state_role(enum task_state s, unsigned int run_pct)
{
	if ((unsigned)s >= TS__COUNT)
		return ROLE_DEFAULT;
	return is_sliver(s, run_pct) ? ROLE_SLIVER : state_looks[s].role;
}

enum theme_glyph theme__state_glyph(enum task_state s, unsigned int run_pct)
{
	if ((unsigned)s >= TS__COUNT)
		return GLYPH_UNKNOWN;
	return is_sliver(s, run_pct) ? GLYPH_SLIVER : state_looks[s].glyph;
}

const char *theme__glyph(const struct theme *th, enum theme_glyph g)
{
	if ((unsigned)g >= GLYPH__COUNT)
		g = GLYPH_UNKNOWN;
	return glyphs[g][th->utf8 ? 0 : 1];
}

const struct legend_item *theme__task_legend(size_t *n)
{
	*n = sizeof(task_legend) / sizeof(task_legend[0]);
	return task_legend;
}

int theme__apply(const struct theme *th)
{
	if (th->scheme == SCHEME_NONE)
		return 0;
	bool defaults;

	if (start_color() == ERR)
		return -ENOTSUP;
	/* without the terminal's own default colours (no "AX"), assume white on black */
	defaults = use_default_colors() == OK;
	for (int r = 1; r < ROLE__COUNT; r++) {
		const struct role_style *st = &styles[r];
		short fg = th->scheme == SCHEME_256 ? st->fg256 : st->fg8;
		short bg = th->scheme == SCHEME_256 ? st->bg256 : st->bg8;

		if (!defaults && fg < 0)
			fg = COLOR_WHITE;
		if (!defaults && bg < 0)
			bg = COLOR_BLACK;

		if (init_pair((short)r, fg, bg) == ERR)
			return -ENOTSUP;
	}
	return 0;
}

unsigned long theme__attr(const struct theme *th, enum tui_role r)
{
	if ((unsigned)r >= ROLE__COUNT)
		r = ROLE_DEFAULT;
	if (th->scheme == SCHEME_NONE)
		return styles[r].attr_mono;
	if (r == ROLE_DEFAULT)
		return A_NORMAL;
	return COLOR_PAIR(r) | styles[r].attr_colour;
}
