// SPDX-License-Identifier: GPL-2.0-only
/*
 * panel_lanes.c - the task lanes and the CPU lanes: a time axis, one row
 * per lane with its counts, and cells painted from lanes.c's rows.
 */
#include "tui_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

#define NAME_W_NARROW 18
#define NAME_W_WIDE 24
#define STATS_W_NARROW 17	/* vol(6) inv(6) run%(5) */
#define STATS_W_WIDE 33		/* ... vol/s(8) inv/s(8) */
#define WIDE_COLS 150
#define WIDE_STATS 120

void panel_lanes__columns(const struct tui *t, int w, int *name_w, int *stats_w, int *tl_w)
{
	*name_w = t->cols >= WIDE_COLS ? NAME_W_WIDE : NAME_W_NARROW;
	*stats_w = w >= WIDE_STATS ? STATS_W_WIDE : STATS_W_NARROW;
	*tl_w = w - *name_w - *stats_w - 1;
	if (*tl_w < 1)
		*tl_w = 1;
}

/* Counts beside a lane: summed over a folded group. */
struct lane_counts {
	uint64_t vol, inv, run_ns, life_ns;
};

static void add_counts(struct lane_counts *c, const struct trace_task *task, uint64_t now)
{
	uint64_t end = task->exited && task->exit_ns < now ? task->exit_ns : now;

	c->vol += task->nvcsw;
	c->inv += task->nivcsw;
	c->run_ns += trace_task__time_in(task, TS_RUNNING, now);
	if (end > task->created_ns)
		c->life_ns += end - task->created_ns;
}

static void paint_stats(struct tui *t, int y, int x, int stats_w, const struct lane_counts *c,
			enum tui_role role)
{
	char vol[16], inv[16], pct[16], buf[96];

	fmt__count(vol, sizeof(vol), c->vol);
	fmt__count(inv, sizeof(inv), c->inv);
	if (c->life_ns)
		snprintf(pct, sizeof(pct), "%u%%",
			 (unsigned)((c->run_ns * 100 + c->life_ns / 2) / c->life_ns));
	else
		snprintf(pct, sizeof(pct), "-");
	if (stats_w >= STATS_W_WIDE) {
		char vr[16], ir[16];

		fmt__rate(vr, sizeof(vr), c->vol, c->life_ns);
		fmt__rate(ir, sizeof(ir), c->inv, c->life_ns);
		snprintf(buf, sizeof(buf), "%6s%6s%5s%8s%8s", vol, inv, pct, vr, ir);
	} else {
		snprintf(buf, sizeof(buf), "%6s%6s%5s", vol, inv, pct);
	}
	paint__text(t, y, x, stats_w, role, buf);
}

/* The time axis over the timeline columns: ticks at round offsets from the start. */
static void paint_axis(struct tui *t, const struct frame *f, int y, int x, int w)
{
	uint64_t span = f->t1 - f->t0;
	uint64_t step = fmt__nice_step(span * 12 / (uint64_t)(w > 0 ? w : 1) + 1);
	uint64_t rel0 = f->t0 - f->begin;
	uint64_t tick = (rel0 + step - 1) / step * step;
	int free_from = 0;

	for (; f->begin + tick < f->t1; tick += step) {
		char label[32];
		int col = (int)lanes__bucket_of(f->t0, f->t1, (size_t)w, f->begin + tick);
		int lw;

		fmt__offset(label, sizeof(label), tick, step, t->theme.utf8);
		lw = (int)strlen(label);
		if (col < free_from || col + 1 + lw > w)
			continue;
		paint__glyph(t, y, x + col, GLYPH_TICK, ROLE_DIM);
		paint__text(t, y, x + col + 1, lw, ROLE_DIM, label);
		free_from = col + lw + 2;
	}
}

static void paint_header_row(struct tui *t, const struct frame *f, int y, int x, int name_w,
			     int stats_w, int tl_x, int tl_w, const char *first)
{
	char buf[96];

	paint__text(t, y, x, name_w, ROLE_TITLE, first);
	if (stats_w >= STATS_W_WIDE)
		snprintf(buf, sizeof(buf), "%6s%6s%5s%8s%8s", "vol", "inv", "run%", "vol/s", "inv/s");
	else
		snprintf(buf, sizeof(buf), "%6s%6s%5s", "vol", "inv", "run%");
	paint__text(t, y, x + name_w, stats_w, ROLE_TITLE, buf);
	paint_axis(t, f, y, tl_x, tl_w);
}

/* Tree prefix, fold mark and name of a lane. */
static void paint_name(struct tui *t, const struct frame *f, size_t l, int y, int x, int w)
{
	const struct lane *lane = &f->lanes[l];
	const struct trace_task *task = f->tasks[lane->task];
	bool selected = l == f->sel;
	enum tui_role role = selected ? ROLE_SELECTED
			     : (lane->flags & LANE_CONTEXT) ? ROLE_DIM : ROLE_DEFAULT;
	int max_levels = (w - 8) / 2, first_level = 1, cx = x;
	char name[SCHED_COMM_LEN + 8], buf[48];

	paint__fill(t, y, x, w, selected ? ROLE_SELECTED : ROLE_DEFAULT);
	if (lane->depth > max_levels)
		first_level = lane->depth - max_levels + 1;
	for (int d = first_level; d < lane->depth; d++) {
		bool rail = d - 1 < 32 && (lane->rails & (1u << (d - 1)));

		paint__glyph(t, y, cx, rail ? GLYPH_TREE_RAIL : GLYPH_UNKNOWN, ROLE_DIM);
		cx += 2;
	}
	if (lane->depth >= 1) {
		paint__glyph(t, y, cx, lane->flags & LANE_LAST ? GLYPH_TREE_LAST : GLYPH_TREE_MID,
			     ROLE_DIM);
		cx += 2;
	}
	if (t->view == VIEW_CPUS) {
		char letter[3] = { paint__task_letter(lane->task), ' ', '\0' };

		cx += paint__text(t, y, cx, x + w - cx, ROLE_TASK0 + lane->task % THEME_TASK_COLOURS,
				  letter) ;
	}
	if (lane->flags & LANE_FOLDED) {
		paint__glyph(t, y, cx, GLYPH_FOLDED, role);
		cx += 1;
	}
	paint__task_name(task, name, sizeof(name));
	if (lane->flags & LANE_FOLDED)
		snprintf(buf, sizeof(buf), "%s +%u", name, lane->hidden);
	else
		snprintf(buf, sizeof(buf), "%s", name);
	paint__text(t, y, cx, x + w - cx - 1, role, buf);
}

/* Cells of one lane row, then the exit time where there is room for it. */
static void paint_cells(struct tui *t, const struct frame *f, const struct lane_cell *cells,
			int y, int x, int w, bool exited, uint64_t exit_ns)
{
	int mark_col = -1;
	char when[32], buf[48];

	for (int b = 0; b < w; b++) {
		const struct lane_cell *c = &cells[b];

		if (c->mark & LANE_MARK_EXIT) {
			paint__glyph(t, y, x + b, GLYPH_EXIT_MARK, ROLE_EXITED);
			mark_col = b;
			continue;
		}
		if (c->state == TS_UNKNOWN || c->state == TS_EXITED)
			continue;
		paint__glyph(t, y, x + b, theme__state_glyph(c->state, c->run_pct),
			     theme__state_role(c->state, c->run_pct));
	}
	if (!exited)
		return;
	fmt__duration(when, sizeof(when), exit_ns - f->begin, t->theme.utf8);
	if (exit_ns < f->t0) {
		snprintf(buf, sizeof(buf), "exited at %s", when);
		paint__text(t, y, x, w, ROLE_EXITED, buf);
	} else if (mark_col >= 0 && w - mark_col - 2 >= (int)strlen(when)) {
		paint__text(t, y, x + mark_col + 2, w - mark_col - 2, ROLE_EXITED, when);
	}
}

/* A folded lane's members as task pointers (malloc'd; NULL on failure). */
static const struct trace_task **group_of(struct tui *t, const struct frame *f,
					  const struct lane *lane, size_t *n)
{
	const struct trace_task **grp;
	size_t cnt;

	if (f->ntasks > t->cap_members) {
		uint32_t *m = realloc(t->members, f->ntasks * sizeof(*m));

		if (!m)
			return NULL;
		t->members = m;
		t->cap_members = f->ntasks;
	}
	cnt = lane_list__subtree(f->tasks, f->ntasks, lane->task, t->members, t->cap_members);
	if (cnt > t->cap_members)
		cnt = t->cap_members;
	grp = malloc((cnt + 1) * sizeof(*grp));
	if (!grp)
		return NULL;
	for (size_t i = 0; i < cnt; i++)
		grp[i] = f->tasks[t->members[i]];
	*n = cnt;
	return grp;
}

static void paint_lane(struct tui *t, const struct frame *f, size_t l, int y, int x,
		       int name_w, int stats_w, int tl_x, int tl_w)
{
	const struct lane *lane = &f->lanes[l];
	const struct trace_task *task = f->tasks[lane->task];
	struct lane_counts c = { 0 };
	bool exited = task->exited && task->exit_ns <= f->now;
	uint64_t exit_ns = task->exit_ns;

	paint_name(t, f, l, y, x, name_w);
	if (lane->flags & LANE_FOLDED) {
		size_t n = 0;
		const struct trace_task **grp = group_of(t, f, lane, &n);

		if (grp) {
			for (size_t i = 0; i < n; i++) {
				add_counts(&c, grp[i], f->now);
				if (!grp[i]->exited || grp[i]->exit_ns > f->now)
					exited = false;
				else if (grp[i]->exit_ns > exit_ns)
					exit_ns = grp[i]->exit_ns;
			}
			lanes__group_row(grp, n, f->t0, f->t1, f->now, (size_t)tl_w, t->scratch,
					 t->cells);
			free(grp);
		}
	} else {
		add_counts(&c, task, f->now);
		lanes__task_row(task, f->t0, f->t1, f->now, (size_t)tl_w, t->scratch, t->cells);
	}
	paint_stats(t, y, x + name_w, stats_w, &c,
		    lane->flags & LANE_CONTEXT ? ROLE_DIM : ROLE_DEFAULT);
	paint__glyph(t, y, tl_x - 1, GLYPH_VBAR, ROLE_DIM);
	paint_cells(t, f, t->cells, y, tl_x, tl_w, exited, exit_ns);
	if (y >= 0 && y < TUI_MAX_ROWS)
		t->row_lane[y] = (int)l;
}

/* Task lanes into r; `title` heads the name column. */
static void paint_task_lanes(struct tui *t, const struct frame *f, struct rect r)
{
	int name_w, stats_w, tl_w, tl_x, page;

	panel_lanes__columns(t, r.w, &name_w, &stats_w, &tl_w);
	tl_x = r.x + name_w + stats_w + 1;
	t->tl_x = tl_x;
	t->tl_w = tl_w;
	if (tui__reserve(t, (size_t)tl_w, 1))
		return;
	paint_header_row(t, f, r.y, r.x, name_w, stats_w, tl_x, tl_w, "TASK");
	page = r.h - 1;
	t->lanes_page = page > 0 ? page : 1;
	if (!f->nlanes) {
		paint__text(t, r.y + 1, r.x, r.w, ROLE_DIM,
			    t->filter[0] ? "no task name matches the filter (Esc clears it)"
					 : "no tasks yet");
		return;
	}
	if (f->sel < t->top)
		t->top = f->sel;
	else if (f->sel >= t->top + (size_t)t->lanes_page)
		t->top = f->sel - (size_t)t->lanes_page + 1;
	if (t->top + (size_t)t->lanes_page > f->nlanes)
		t->top = f->nlanes > (size_t)t->lanes_page ? f->nlanes - (size_t)t->lanes_page : 0;
	for (int i = 0; i < page && t->top + (size_t)i < f->nlanes; i++)
		paint_lane(t, f, t->top + (size_t)i, r.y + 1 + i, r.x, name_w, stats_w, tl_x, tl_w);
	if (t->top + (size_t)page < f->nlanes) {
		char more[32];

		snprintf(more, sizeof(more), " %zu more ", f->nlanes - t->top - (size_t)page);
		paint__text(t, r.y + r.h - 1, r.x + name_w - (int)strlen(more), (int)strlen(more),
			    ROLE_DIM, more);
	}
}

static void tasks_paint(struct tui *t, const struct frame *f, struct rect r)
{
	paint_task_lanes(t, f, r);
}

/* CPU rows at the top of r, task lanes (with their letters) below. */
static void cpus_paint(struct tui *t, const struct frame *f, struct rect r)
{
	int name_w, stats_w, tl_w, tl_x, rows;
	size_t ncpus = f->ncpus;
	struct rect below;

	panel_lanes__columns(t, r.w, &name_w, &stats_w, &tl_w);
	tl_x = r.x + name_w + stats_w + 1;
	rows = (r.h - 3) / 2;
	if ((size_t)rows > ncpus)
		rows = (int)ncpus;
	if (rows < 1)
		rows = 1;
	if (tui__reserve(t, (size_t)tl_w, ncpus))
		return;
	paint_header_row(t, f, r.y, r.x, name_w, stats_w, tl_x, tl_w, "CPU");
	if (lanes__cpu_rows(f->tasks, f->ntasks, f->t0, f->t1, f->now, (size_t)tl_w, ncpus,
			    t->scratch, t->cpu_cells))
		return;
	for (int cpu = 0; cpu < rows; cpu++) {
		const struct lane_cpu_cell *row = &t->cpu_cells[(size_t)cpu * (size_t)tl_w];
		uint64_t busy = 0;
		char buf[48];
		int y = r.y + 1 + cpu;

		for (int b = 0; b < tl_w; b++) {
			const struct lane_cpu_cell *c = &row[b];

			busy += c->busy_pct;
			if (c->task == LANES_IDLE) {
				paint__glyph(t, y, tl_x + b, GLYPH_IDLE, ROLE_IDLE);
			} else {
				char letter[2] = { paint__task_letter(c->task), '\0' };
				enum tui_role role = c->busy_pct >= LANES_FULL_RUN_PCT
					? ROLE_TASK0 + c->task % THEME_TASK_COLOURS : ROLE_DEFAULT;

				paint__text(t, y, tl_x + b, 1, role, letter);
			}
		}
		paint__textf(t, y, r.x, name_w, ROLE_DEFAULT, "CPU %d", cpu);
		snprintf(buf, sizeof(buf), "%6s%6s%4u%%", "", "", (unsigned)(busy / (uint64_t)tl_w));
		paint__text(t, y, r.x + name_w, stats_w, ROLE_DEFAULT, buf);
		paint__glyph(t, y, tl_x - 1, GLYPH_VBAR, ROLE_DIM);
	}
	if ((size_t)rows < ncpus)
		paint__textf(t, r.y + rows, r.x, name_w, ROLE_DIM, "+%zu CPUs", ncpus - (size_t)rows);
	paint__text(t, r.y + 1 + rows, r.x, r.w, ROLE_DIM,
		    "a letter: the task that ran most in that column; run%: CPU busy with the target");
	below = (struct rect){ r.y + 2 + rows, r.x, r.h - 2 - rows, r.w };
	paint_task_lanes(t, f, below);
}

static int lanes_action(struct tui *t, const struct frame *f, enum tui_action a)
{
	unsigned int cols = (unsigned)f->tl_cols;
	/* zoom keeps the live edge when following, the start when parked there */
	unsigned int anchor = t->win.follow ? cols : f->t0 <= f->begin ? 0 : cols / 2;
	size_t page = t->lanes_page > 0 ? (size_t)t->lanes_page : 1;

	switch (a) {
	case ACT_ZOOM_IN:
		time_window__zoom(&t->win, f->begin, f->now, cols, anchor, 1, 2);
		break;
	case ACT_ZOOM_OUT:
		time_window__zoom(&t->win, f->begin, f->now, cols, anchor, 2, 1);
		break;
	case ACT_FIT:
		time_window__fit(&t->win);
		break;
	case ACT_PAN_LEFT:
		time_window__pan(&t->win, f->begin, f->now, cols, -(int)(cols / 4 ? cols / 4 : 1));
		break;
	case ACT_PAN_RIGHT:
		time_window__pan(&t->win, f->begin, f->now, cols, (int)(cols / 4 ? cols / 4 : 1));
		break;
	case ACT_HOME:
		time_window__home(&t->win, f->begin, f->now);
		break;
	case ACT_END:
		time_window__end(&t->win, f->begin, f->now);
		break;
	case ACT_FOLLOW:
		time_window__toggle_follow(&t->win, f->begin, f->now);
		break;
	case ACT_UP:
		tui__select(t, f, f->sel ? f->sel - 1 : 0);
		break;
	case ACT_DOWN:
		tui__select(t, f, f->sel + 1);
		break;
	case ACT_PAGE_UP:
		tui__select(t, f, f->sel > page ? f->sel - page : 0);
		break;
	case ACT_PAGE_DOWN:
		tui__select(t, f, f->sel + page);
		break;
	case ACT_FOLD: {
		const struct trace_task *task = tui__lane_task(f, f->sel);

		if (!task)
			return PANEL_HANDLED;
		tui__toggle_fold(t, task->tgid);
		/* keep the selection on the process lane that now stands for the group */
		if (task->tid != task->tgid) {
			for (size_t l = 0; l < f->nlanes; l++) {
				const struct trace_task *p = tui__lane_task(f, l);

				if (p->tid == task->tgid) {
					tui__select(t, f, l);
					break;
				}
			}
		}
		break;
	}
	default:
		return 0;
	}
	return PANEL_HANDLED | PANEL_REDRAW;
}

const struct panel panel_tasks = {
	.name = "tasks",
	.on_action = lanes_action,
	.paint = tasks_paint,
};

const struct panel panel_cpus = {
	.name = "cpus",
	.on_action = lanes_action,
	.paint = cpus_paint,
};
