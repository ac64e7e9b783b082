// SPDX-License-Identifier: GPL-2.0-only
/*
 * input.c - keys and the mouse to view-state changes (input.h).
 */
#include "input.h"

#include <string.h>

#include "keymap.h"

#define DONE (INPUT_HANDLED | INPUT_REDRAW)

/* Make lane `sel` of f the selection (clamped), scrolling it into view. */
static void select_lane(struct view_state *vs, const struct frame *f, size_t sel)
{
	const struct trace_task *task;

	if (!f->nlanes) {
		vs->sel = 0;
		return;
	}
	if (sel >= f->nlanes)
		sel = f->nlanes - 1;
	task = frame__lane_task(f, sel);
	if (sel < vs->top)
		view_state__commit(vs, sel, task, sel);
	else if (sel >= vs->top + f->page)
		view_state__commit(vs, sel, task, sel - f->page + 1);
	else
		view_state__commit(vs, sel, task, vs->top);
}

/* Fold or unfold the selected lane's process, keeping the selection on its lane. */
static void fold(struct view_state *vs, const struct frame *f)
{
	const struct trace_task *task = frame__lane_task(f, f->sel);

	if (!task)
		return;
	if (f->lanes[f->sel].flags & LANE_QUIET) {	/* show the quiet ones, every one */
		vs->fold_quiet = false;
		return;
	}
	view_state__toggle_fold(vs, task->tgid);
	if (task->tid == task->tgid)
		return;
	for (size_t l = 0; l < f->nlanes; l++) {
		if (frame__lane_task(f, l)->tid == task->tgid) {
			select_lane(vs, f, l);
			return;
		}
	}
}

/* The lane panels: time window, selection, folding. */
static int lanes_action(struct view_state *vs, const struct frame *f, enum tui_action a)
{
	struct time_window *w = &vs->win;
	unsigned int cols = (unsigned)f->tl_w;
	/* zoom keeps the live edge when following, the start when parked there */
	unsigned int anchor = w->follow ? cols : f->t0 <= f->begin ? 0 : cols / 2;
	int quarter = (int)(cols / 4 ? cols / 4 : 1);

	switch (a) {
	case ACT_ZOOM_IN:
		time_window__zoom(w, f->begin, f->now, cols, anchor, 1, 2);
		break;
	case ACT_ZOOM_OUT:
		time_window__zoom(w, f->begin, f->now, cols, anchor, 2, 1);
		break;
	case ACT_FIT:
		time_window__fit(w);
		break;
	case ACT_PAN_LEFT:
		time_window__pan(w, f->begin, f->now, cols, -quarter);
		break;
	case ACT_PAN_RIGHT:
		time_window__pan(w, f->begin, f->now, cols, quarter);
		break;
	case ACT_HOME:
		time_window__home(w, f->begin, f->now);
		break;
	case ACT_END:
		time_window__end(w, f->begin, f->now);
		break;
	case ACT_FOLLOW:
		time_window__toggle_follow(w, f->begin, f->now);
		break;
	case ACT_UP:
		select_lane(vs, f, f->sel ? f->sel - 1 : 0);
		break;
	case ACT_DOWN:
		select_lane(vs, f, f->sel + 1);
		break;
	case ACT_PAGE_UP:
		select_lane(vs, f, f->sel > f->page ? f->sel - f->page : 0);
		break;
	case ACT_PAGE_DOWN:
		select_lane(vs, f, f->sel + f->page);
		break;
	case ACT_FOLD:
		fold(vs, f);
		break;
	default:
		return 0;
	}
	return DONE;
}

/* The detail panel: up and down move to the neighbouring lane's task. */
static int detail_action(struct view_state *vs, const struct frame *f, enum tui_action a)
{
	switch (a) {
	case ACT_UP:
		select_lane(vs, f, f->sel ? f->sel - 1 : 0);
		return DONE;
	case ACT_DOWN:
		select_lane(vs, f, f->sel + 1);
		return DONE;
	default:
		return 0;
	}
}

static int panel_action(struct view_state *vs, const struct frame *f, enum tui_action a)
{
	switch (vs->view) {
	case VIEW_TASKS:
	case VIEW_CPUS:
		return lanes_action(vs, f, a);
	case VIEW_DETAIL:
		return detail_action(vs, f, a);
	default:
		return 0;
	}
}

static int global_action(struct tui *t, const struct tui_source *src, const struct frame *f,
			 enum tui_action a)
{
	struct view_state *vs = &t->vs;

	switch (a) {
	case ACT_QUIT:
		return INPUT_QUIT;
	case ACT_HELP:
		vs->help = true;
		return DONE;
	case ACT_PAUSE:
		if (vs->paused)
			view_state__resume(vs);
		else
			view_state__pause(vs, src);
		return DONE;
	case ACT_CPU_VIEW:
		vs->view = vs->view == VIEW_CPUS ? VIEW_TASKS : VIEW_CPUS;
		vs->back_view = vs->view;
		return DONE;
	case ACT_DETAIL:
		if (!f->nlanes && vs->view != VIEW_DETAIL)
			return INPUT_HANDLED;
		view_state__enter(vs, VIEW_DETAIL);
		return DONE;
	case ACT_LESSON:
		if (layout__side_fits(t->cols, view_state__lanes_view(vs)) && src->lesson)
			vs->side_lesson = !vs->side_lesson;
		else
			view_state__enter(vs, VIEW_LESSON);
		return DONE;
	case ACT_METHOD:
		view_state__enter(vs, VIEW_METHOD);
		return DONE;
	case ACT_OUTPUT:
		vs->out_mode = (enum output_mode)((vs->out_mode + 1) % OUTPUT__COUNT);
		return DONE;
	case ACT_SORT:
		vs->sort = (enum lane_sort)((vs->sort + 1) % LANE_SORT__COUNT);
		return DONE;
	case ACT_FILTER:
		vs->filter_edit = true;
		if (!view_state__lanes_view(vs))
			vs->view = vs->back_view;
		return DONE;
	case ACT_BACK:
		if (!view_state__lanes_view(vs))
			vs->view = vs->back_view;
		else
			vs->filter[0] = '\0';
		return DONE;
	default:
		return 0;
	}
}

static int filter_key(struct view_state *vs, int ch)
{
	size_t len = strlen(vs->filter);

	if (ch == 27) {
		vs->filter[0] = '\0';
		vs->filter_edit = false;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		vs->filter_edit = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			vs->filter[len - 1] = '\0';
	} else if (ch >= 0x20 && ch < 0x7f && len + 1 < sizeof(vs->filter)) {
		vs->filter[len] = (char)ch;
		vs->filter[len + 1] = '\0';
	}
	return DONE;
}

static int mouse_key(struct view_state *vs, const struct frame *f)
{
	MEVENT ev;
	long lane;
	int col;

	if (getmouse(&ev) != OK || ev.y < 0 || ev.y >= FRAME_MAX_Y)
		return 0;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		col = frame__timeline_col(f, ev.x);
		if (col < 0)
			return 0;
		if (ev.bstate & BUTTON4_PRESSED)
			time_window__zoom(&vs->win, f->begin, f->now, (unsigned)f->tl_w,
					  (unsigned)col, 1, 2);
		else
			time_window__zoom(&vs->win, f->begin, f->now, (unsigned)f->tl_w,
					  (unsigned)col, 2, 1);
		return DONE;
	}
	lane = frame__lane_at(f, ev.y);
	if (lane < 0 || !view_state__lanes_view(vs))
		return 0;
	select_lane(vs, f, (size_t)lane);
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		view_state__enter(vs, VIEW_DETAIL);
	return DONE;
}

int input__key(struct tui *t, const struct tui_source *src, const struct frame *f, int ch)
{
	enum tui_action a;
	int flags;

	if (ch == KEY_RESIZE) {
		getmaxyx(stdscr, t->rows, t->cols);
		return DONE;
	}
	if (ch == KEY_MOUSE)
		return mouse_key(&t->vs, f);
	if (t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS)
		return keymap__lookup(ch) == ACT_QUIT ? INPUT_QUIT : 0;
	if (t->vs.help) {
		t->vs.help = false; /* any key closes help */
		return DONE;
	}
	if (t->vs.filter_edit)
		return filter_key(&t->vs, ch);
	a = keymap__lookup(ch);
	if (a == ACT_NONE)
		return 0;
	flags = panel_action(&t->vs, f, a);
	if (!(flags & INPUT_HANDLED))
		flags |= global_action(t, src, f, a);
	return flags;
}
