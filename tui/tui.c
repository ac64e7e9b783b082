// SPDX-License-Identifier: GPL-2.0-only
/*
 * tui.c - the view's loop: open and close, then per step: read the keys
 * (input.c) against the current frame, build the next frame (frame.c,
 * pure), paint it (paint.h) when something changed or a live frame is due.
 */
#include "tui.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "input.h"
#include "mono_clock.h"
#include "paint.h"
#include "term.h"
#include "tui_state.h"

#define TUI_FRAME_NS 50000000ull	/* at most 20 frames/s */

void tui__emergency_restore(void)
{
	term__restore_now();
}

int tui__open(struct tui **out, const struct tui_options *opts)
{
	const char *term = getenv("TERM");
	struct tui *t;
	bool utf8;

	*out = NULL;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -ENOTTY;
	if (!term || !*term)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (opts)
		t->cost = opts->cost;
	utf8 = term__locale_utf8();
	if (term__take(&t->screen)) {
		free(t);
		return -EINVAL;
	}
	/* COLORS is only set by start_color(): ask terminfo */
	t->theme = theme__choose(has_colors(), tigetnum("colors"), getenv("NO_COLOR"), utf8);
	if (theme__apply(&t->theme))
		t->theme.scheme = SCHEME_NONE;
	t->mouse = mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
				     BUTTON5_PRESSED, NULL) != 0;
	mouseinterval(200);
	term__prepare_restore(t->mouse);

	getmaxyx(stdscr, t->rows, t->cols);
	view_state__init(&t->vs);
	if (opts && opts->whole_system) {
		t->vs.view = VIEW_CPUS;
		t->vs.sort = LANE_SORT_RUN;
		t->vs.fold_quiet = true;
	}
	output_log__init(&t->out, utf8);
	t->dirty = true;
	*out = t;
	return 0;
}

int tui__input_fd(const struct tui *t)
{
	(void)t;
	return STDIN_FILENO;
}

void tui__append_output(struct tui *t, const char *buf, size_t n)
{
	if (!t || !n)
		return;
	output_log__append(&t->out, buf, n);
	if (t->vs.out_mode != OUTPUT_HIDDEN)
		t->out_changed = true; /* painted with the next paced frame */
}

void tui__close(struct tui *t)
{
	if (!t)
		return;
	term__release(t->screen, t->mouse);
	view_state__free(&t->vs);
	frame_store__free(&t->store);
	free(t);
}

/* The next frame from src as t shows it; the selection and scroll it settled on are kept. */
static int build(struct tui *t, const struct tui_source *src, struct frame *f)
{
	int err;

	view_state__refresh_snapshot(&t->vs, src);
	err = frame__build(&t->store, src, &t->vs, t->rows, t->cols, f);
	if (err)
		return err;
	view_state__commit(&t->vs, f->sel, frame__lane_task(f, f->sel), f->top);
	return 0;
}

int tui__step(struct tui *t, const struct tui_source *src)
{
	struct frame f;
	uint64_t now = mono_ns();
	bool changed;
	int ch;

	if (term__resized(&t->rows, &t->cols))
		t->dirty = true;
	if (build(t, src, &f))
		return TUI_CONTINUE;
	while ((ch = wgetch(stdscr)) != ERR) {
		int flags = input__key(t, src, &f, ch);

		if (flags & INPUT_QUIT)
			return TUI_QUIT;
		if (flags) {
			t->dirty = true;
			if (build(t, src, &f))
				return TUI_CONTINUE;
		}
	}
	changed = src->live != t->painted_live ||
		  (!t->vs.paused && (f.stats.events != t->painted_events ||
				     src->now_ns != t->painted_now || t->out_changed));
	if (!t->dirty && !changed)
		return TUI_CONTINUE;
	/* live changes are paced; keys, resizes and the end of the run are not */
	if (!t->dirty && src->live == t->painted_live && src->live &&
	    now - t->last_paint_ns < TUI_FRAME_NS)
		return TUI_CONTINUE;
	if (frame__rows(&t->store, &t->vs, &f))
		return TUI_CONTINUE;
	paint__frame(t, &f);
	t->dirty = false;
	if (!t->vs.paused)
		t->out_changed = false;
	t->last_paint_ns = now;
	t->painted_events = f.stats.events;
	t->painted_now = src->now_ns;
	t->painted_live = src->live;
	return TUI_CONTINUE;
}
