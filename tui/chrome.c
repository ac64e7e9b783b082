// SPDX-License-Identifier: GPL-2.0-only
/*
 * chrome.c - what surrounds the panels: header, legend, output pane, hint
 * line, help screen, and the message for a terminal that is too small.
 */
#include "paint.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "keymap.h"

/* Paint s at *x in role and move *x past it and one space (clipped at end). */
static void seg(const struct tui *t, int y, int *x, int end, enum tui_role role, const char *s)
{
	if (*x >= end)
		return;
	*x += paint__text(t, y, *x, end - *x, role, s);
	*x += 2;
}

static void rule(const struct tui *t, int y, int x, int w, enum tui_role role)
{
	for (int i = 0; i < w; i++)
		paint__glyph(t, y, x + i, GLYPH_HLINE, role);
}

/* n events over ns, per second, compact */
static void per_sec(char *buf, size_t len, uint64_t n, uint64_t ns)
{
	fmt__count(buf, len, ns ? (uint64_t)((double)n * 1e9 / (double)ns + 0.5) : 0);
}

void chrome__header(const struct tui *t, const struct frame *f, struct rect r)
{
	const struct tui_source *src = f->src;
	uint64_t vol = f->totals.nvcsw, inv = f->totals.nivcsw, elapsed = f->now - f->begin;
	char a[32], b[32], c[32], buf[160], state[64];
	int x = 1, end = r.x + r.w;
	bool wide;

	/* line 1: what runs, and whether it still does */
	paint__fill(t, r.y, r.x, r.w, ROLE_HEADER);
	fmt__duration(a, sizeof(a), elapsed, t->theme.utf8);
	/* "exit" only once the source says it is over: a reaped target's last events may still come */
	if (src->loading)
		snprintf(state, sizeof(state), "loading %.0f%%  %s", src->loaded * 100.0, a);
	else if (t->vs.paused)
		snprintf(state, sizeof(state), "PAUSED at %s", a);
	else if (src->live)
		snprintf(state, sizeof(state), "LIVE %s", a);
	else if (src->target_exited && src->info && src->info->term_signal)
		snprintf(state, sizeof(state), "killed by signal %d  %s", src->info->term_signal, a);
	else if (src->target_exited && src->info)
		snprintf(state, sizeof(state), "exit %d  %s", src->info->exit_code, a);
	else
		snprintf(state, sizeof(state), "ended  %s", a);
	snprintf(buf, sizeof(buf), "schedviz %s %s", theme__glyph(&t->theme, GLYPH_VBAR),
		 src->title ? src->title : "");
	x += paint__text(t, r.y, x, end - x - (int)strlen(state) - 3, ROLE_HEADER, buf);
	if (src->info && src->info->pid) {
		snprintf(buf, sizeof(buf), "  pid %d", src->info->pid);
		x += paint__text(t, r.y, x, end - x - (int)strlen(state) - 3, ROLE_HEADER, buf);
	}
	paint__text(t, r.y, end - (int)strlen(state) - 1, (int)strlen(state), ROLE_HEADER, state);

	/* line 2: events and switches */
	x = r.x;
	wide = r.w >= 120;
	fmt__count(a, sizeof(a), f->stats.events);
	snprintf(buf, sizeof(buf), "%s %s", wide ? "events" : "ev", a);
	seg(t, r.y + 1, &x, end, ROLE_DEFAULT, buf);
	fmt__count(a, sizeof(a), f->stats.lost);
	snprintf(buf, sizeof(buf), "lost %s", a);
	seg(t, r.y + 1, &x, end, f->stats.lost ? ROLE_WARN : ROLE_DEFAULT, buf);
	if (src->info && src->info->trigger_ns) {
		/* a flight recording's trigger, marked "!" on the time axis */
		fmt__duration(a, sizeof(a), src->info->trigger_wait_ns, t->theme.utf8);
		snprintf(buf, sizeof(buf), wide ? "trigger (!): task %d waited %s on a run queue"
						: "! %d waited %s", src->info->trigger_tid, a);
		seg(t, r.y + 1, &x, end, ROLE_WARN, buf);
	} else if (src->info && src->info->flight) {
		seg(t, r.y + 1, &x, end, ROLE_DIM, wide ? "flight recording: the last part"
							: "flight");
	}
	if (src->model && trace_model__detail_from(src->model) > f->t0) {
		/* the window reaches time whose detail the memory budget folded */
		uint64_t from = trace_model__detail_from(src->model);

		fmt__duration(a, sizeof(a), from > f->begin ? from - f->begin : 0, t->theme.utf8);
		if (f->detail_status == TUI_DETAIL_READ)
			snprintf(buf, sizeof(buf), wide ? "before %s: detail read back from the file"
							: "<%s from file", a);
		else if (f->detail_status == TUI_DETAIL_TOO_MANY)
			snprintf(buf, sizeof(buf), wide ? "before %s summarized: zoom in to read it "
							  "back (%" PRIu64 " records)"
							: "<%s summarized: zoom in", a,
				 f->detail_records);
		else if (f->detail_status == TUI_DETAIL_FAILED)
			snprintf(buf, sizeof(buf), wide ? "before %s summarized: the file cannot be "
							  "read back there"
							: "<%s summarized", a);
		else
			snprintf(buf, sizeof(buf), wide ? "before %s summarized (--memory-mb)"
							: "<%s summarized", a);
		seg(t, r.y + 1, &x, end, f->detail_status == TUI_DETAIL_READ ? ROLE_DIM : ROLE_WARN,
		    buf);
	}
	per_sec(a, sizeof(a), vol + inv, elapsed);
	per_sec(b, sizeof(b), vol, elapsed);
	per_sec(c, sizeof(c), inv, elapsed);
	snprintf(buf, sizeof(buf), wide ? "switches/s %s (voluntary %s, involuntary %s)"
					: "sw/s %s (vol %s, inv %s)", a, b, c);
	seg(t, r.y + 1, &x, end, ROLE_DEFAULT, buf);
	if (t->cost.same_cpu_ns) {
		double share = switch_cost__share(&t->cost, vol + inv, f->totals.run_ns);

		fmt__duration(a, sizeof(a), t->cost.same_cpu_ns, t->theme.utf8);
		snprintf(buf, sizeof(buf), "switch %s = %.2f%% CPU (m%s)", a, share * 100.0,
			 wide ? ": method" : "");
		seg(t, r.y + 1, &x, end, ROLE_DIM, buf);
	} else {
		seg(t, r.y + 1, &x, end, ROLE_DIM, "switch cost unknown (m)");
	}
}

void chrome__legend(const struct tui *t, const struct frame *f, struct rect r)
{
	size_t n;
	const struct legend_item *items = theme__task_legend(&n);
	int x = r.x, end = r.x + r.w;

	(void)f;
	for (size_t i = 0; i < n && x < end; i++) {
		int w = 2 + (int)strlen(items[i].label);

		if (x + w > end)
			break;
		paint__glyph(t, r.y, x, items[i].glyph, items[i].role);
		paint__text(t, r.y, x + 2, end - x - 2, ROLE_DIM, items[i].label);
		x += w + 1;
	}
	if (t->vs.view == VIEW_CPUS && x + 12 <= end) {
		paint__glyph(t, r.y, x, GLYPH_IDLE, ROLE_IDLE);
		paint__text(t, r.y, x + 2, end - x - 2, ROLE_DIM, "idle");
	}
}

void chrome__output(const struct tui *t, struct rect r)
{
	size_t shown = 0;
	char title[64];
	int lines = r.h - 1;

	rule(t, r.y, r.x, r.w, ROLE_DIM);
	snprintf(title, sizeof(title), " output of the target (%llu lines) ",
		 t->out.total_lines);
	paint__text(t, r.y, r.x + 2, r.w - 2, ROLE_DIM, title);
	for (int i = 0; i < lines; i++) {
		const char *s = output_log__line(&t->out, (size_t)lines, (size_t)i, &shown);

		if (!s)
			break;
		paint__text(t, r.y + 1 + i, r.x, r.w, ROLE_DEFAULT, s);
	}
}

void chrome__status(const struct tui *t, const struct frame *f, struct rect r)
{
	char hints[256], right[128];
	int rw;

	(void)f;
	if (t->vs.filter_edit) {
		paint__textf(t, r.y, r.x, r.w, ROLE_SELECTED, "filter: %s_", t->vs.filter);
		paint__text(t, r.y, r.x + 10 + (int)strlen(t->vs.filter), r.w, ROLE_DIM,
			    "  Enter keeps, Esc clears");
		return;
	}
	if (t->vs.help) {
		paint__text(t, r.y, r.x, r.w, ROLE_DIM, "any key closes the help");
		return;
	}
	snprintf(right, sizeof(right), "%s%s%s%s%ssort: %s", t->vs.paused ? "PAUSED  " : "",
		 t->vs.win.follow ? "follow  " : "", t->vs.filter[0] ? "filter: " : "", t->vs.filter,
		 t->vs.filter[0] ? "  " : "", lane_sort__name(t->vs.sort));
	rw = (int)strlen(right);
	keymap__hint_line(hints, sizeof(hints), (size_t)(r.w - rw - 2 > 0 ? r.w - rw - 2 : 0));
	paint__text(t, r.y, r.x, r.w - rw - 2, ROLE_DIM, hints);
	paint__text(t, r.y, r.x + r.w - rw, rw, t->vs.paused ? ROLE_WARN : ROLE_DIM, right);
}

/* The states, explained on the help screen with the legend's own glyphs. */
static const char *const state_help[] = {
	"running: on a CPU",
	"ran for part of the column only",
	"runnable: woken, waits for a CPU",
	"preempted: switched out, runnable",
	"sleep: voluntary sleep (S)",
	"blocked: uninterruptible (D)",
	"futex: in a futex wait",
	"exit: the task ended here",
};

void chrome__help(const struct tui *t, struct rect r)
{
	size_t n;
	const struct key_binding *kb = keymap__table(&n);
	size_t half = (n + 1) / 2;
	int colw = r.w / 2, y = r.y;
	size_t nl;
	const struct legend_item *items = theme__task_legend(&nl);

	paint__text(t, y++, r.x, r.w, ROLE_TITLE, "keys");
	for (size_t i = 0; i < n; i++) {
		int col = i < half ? 0 : 1;
		int row = (int)(i < half ? i : i - half);

		if (y + row >= r.y + r.h)
			continue;
		paint__text(t, y + row, r.x + col * colw, 8, ROLE_TITLE, kb[i].label);
		paint__text(t, y + row, r.x + col * colw + 8, colw - 9, ROLE_DEFAULT, kb[i].help);
	}
	y += (int)half;
	if (y < r.y + r.h)
		paint__text(t, y++, r.x, r.w, ROLE_DIM,
			    "mouse: click selects a lane, double-click opens it, wheel zooms at the pointer");
	for (size_t i = 0; i < nl && i < sizeof(state_help) / sizeof(state_help[0]); i++) {
		int col = (int)(i % 2), row = y + (int)(i / 2);

		if (row >= r.y + r.h)
			break;
		paint__glyph(t, row, r.x + col * colw, items[i].glyph, items[i].role);
		paint__text(t, row, r.x + col * colw + 2, colw - 3, ROLE_DEFAULT, state_help[i]);
	}
}

void chrome__too_small(const struct tui *t)
{
	char l1[64], l2[64];
	const char *l3 = "q quits";
	int y = t->rows / 2 - 1;

	snprintf(l1, sizeof(l1), "schedviz needs %dx%d", TUI_MIN_COLS, TUI_MIN_ROWS);
	snprintf(l2, sizeof(l2), "this one is %dx%d: enlarge it", t->cols, t->rows);
	if (y < 0)
		y = 0;
	paint__text(t, y, (t->cols - (int)strlen(l1)) / 2 > 0 ? (t->cols - (int)strlen(l1)) / 2 : 0,
		    t->cols, ROLE_WARN, l1);
	paint__text(t, y + 1, (t->cols - (int)strlen(l2)) / 2 > 0 ? (t->cols - (int)strlen(l2)) / 2 : 0,
		    t->cols, ROLE_DEFAULT, l2);
	paint__text(t, y + 2, (t->cols - (int)strlen(l3)) / 2 > 0 ? (t->cols - (int)strlen(l3)) / 2 : 0,
		    t->cols, ROLE_DIM, l3);
}
