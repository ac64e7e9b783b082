// SPDX-License-Identifier: GPL-2.0-only
/*
 * panel_lanes.c - the task lanes and the CPU lanes: a time axis, one row
 * per lane with its counts, and the cells frame__rows() computed.
 */
#include "paint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

/* Counts beside a lane (summed over a folded group). */
static void paint_stats(const struct tui *t, int y, int x, int stats_w,
			const struct task_totals *c, enum tui_role role)
{
	uint64_t run_ns = c->time_ns[TS_RUNNING];
	char vol[16], inv[16], pct[16], buf[96];

	fmt__count(vol, sizeof(vol), c->nvcsw);
	fmt__count(inv, sizeof(inv), c->nivcsw);
	if (c->life_ns)
		snprintf(pct, sizeof(pct), "%u%%",
			 (unsigned)((run_ns * 100 + c->life_ns / 2) / c->life_ns));
	else
		snprintf(pct, sizeof(pct), "-");
	if (stats_w >= LAYOUT_STATS_W_WIDE) {
		char vr[16], ir[16];

		fmt__rate(vr, sizeof(vr), c->nvcsw, c->life_ns);
		fmt__rate(ir, sizeof(ir), c->nivcsw, c->life_ns);
		snprintf(buf, sizeof(buf), "%6s%6s%5s%8s%8s", vol, inv, pct, vr, ir);
	} else {
		snprintf(buf, sizeof(buf), "%6s%6s%5s", vol, inv, pct);
	}
	paint__text(t, y, x, stats_w, role, buf);
}

/* The time axis over the timeline columns: ticks at round offsets from the start. */
static void paint_axis(const struct tui *t, const struct frame *f, int y, int x, int w)
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
	/* a flight recording's trigger: the moment the long wait ended */
	if (f->src->info && f->src->info->trigger_ns >= f->t0 && f->src->info->trigger_ns < f->t1)
		paint__text(t, y, x + (int)lanes__bucket_of(f->t0, f->t1, (size_t)w,
							    f->src->info->trigger_ns),
			    1, ROLE_WARN, "!");
}

static void paint_header_row(const struct tui *t, const struct frame *f, int y, int x, int name_w,
			     int stats_w, int tl_x, int tl_w, const char *first)
{
	char buf[96];

	paint__text(t, y, x, name_w, ROLE_TITLE, first);
	if (stats_w >= LAYOUT_STATS_W_WIDE)
		snprintf(buf, sizeof(buf), "%6s%6s%5s%8s%8s", "vol", "inv", "run%", "vol/s", "inv/s");
	else
		snprintf(buf, sizeof(buf), "%6s%6s%5s", "vol", "inv", "run%");
	paint__text(t, y, x + name_w, stats_w, ROLE_TITLE, buf);
	paint_axis(t, f, y, tl_x, tl_w);
}

/* Tree prefix, fold mark and name of a lane. */
static void paint_name(const struct tui *t, const struct frame *f, size_t l, int y, int x, int w)
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
	if (t->vs.view == VIEW_CPUS) {
		/* a quiet lane stands for many tasks: no one letter */
		char letter[3] = { lane->flags & LANE_QUIET ? ' ' : paint__task_letter(lane->task),
				   ' ', '\0' };

		cx += paint__text(t, y, cx, x + w - cx, ROLE_TASK0 + lane->task % THEME_TASK_COLOURS,
				  letter) ;
	}
	if (lane->flags & (LANE_FOLDED | LANE_QUIET)) {
		paint__glyph(t, y, cx, GLYPH_FOLDED, role);
		cx += 1;
	}
	paint__task_name(task, name, sizeof(name));
	if (lane->flags & LANE_QUIET)
		snprintf(buf, sizeof(buf), "%u quiet", lane->hidden);
	else if (lane->flags & LANE_FOLDED)
		snprintf(buf, sizeof(buf), "%s +%u", name, lane->hidden);
	else
		snprintf(buf, sizeof(buf), "%s", name);
	paint__text(t, y, cx, x + w - cx - 1, role, buf);
}

/* Cells of one lane row, then the exit time where there is room for it. */
static void paint_cells(const struct tui *t, const struct frame *f, const struct lane_cell *cells,
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

static void paint_lane(const struct tui *t, const struct frame *f, const struct frame_row *row,
		       int x)
{
	const struct lane *lane = &f->lanes[row->lane];

	paint_name(t, f, row->lane, row->y, x, f->name_w);
	paint_stats(t, row->y, x + f->name_w, f->stats_w, &row->totals,
		    lane->flags & LANE_CONTEXT ? ROLE_DIM : ROLE_DEFAULT);
	paint__glyph(t, row->y, f->tl_x - 1, GLYPH_VBAR, ROLE_DIM);
	paint_cells(t, f, row->cells, row->y, f->tl_x, f->tl_w, row->exited, row->exit_ns);
}

/* Task lanes into r (f->lane_area); `first` heads the name column. */
static void paint_task_lanes(const struct tui *t, const struct frame *f, struct rect r)
{
	int page = r.h - 1;

	paint_header_row(t, f, r.y, r.x, f->name_w, f->stats_w, f->tl_x, f->tl_w, "TASK");
	if (!f->nlanes) {
		paint__text(t, r.y + 1, r.x, r.w, ROLE_DIM,
			    t->vs.filter[0] ? "no task name matches the filter (Esc clears it)"
					    : "no tasks yet");
		return;
	}
	for (size_t i = 0; i < f->nrows; i++)
		paint_lane(t, f, &f->rows[i], r.x);
	if (f->top + (size_t)page < f->nlanes) {
		char more[32];

		snprintf(more, sizeof(more), " %zu more ", f->nlanes - f->top - (size_t)page);
		paint__text(t, r.y + r.h - 1, r.x + f->name_w - (int)strlen(more),
			    (int)strlen(more), ROLE_DIM, more);
	}
}

void panel_lanes__tasks(const struct tui *t, const struct frame *f, struct rect r)
{
	(void)r;
	paint_task_lanes(t, f, f->lane_area);
}

/* "!" where events were lost on this CPU (or on one the source could not name). */
static void paint_lost(const struct tui *t, const struct frame *f, int cpu, int y)
{
	const struct trace_lost_mark *lm;
	size_t n = f->src->model ? trace_model__lost_marks(f->src->model, &lm) : 0;

	for (size_t i = 0; i < n; i++) {
		if ((lm[i].cpu != cpu && lm[i].cpu >= 0) || lm[i].ts_ns < f->t0 ||
		    lm[i].ts_ns >= f->t1)
			continue;
		paint__text(t, y, f->tl_x + (int)lanes__bucket_of(f->t0, f->t1, (size_t)f->tl_w,
								  lm[i].ts_ns),
			    1, ROLE_WARN, "!");
	}
}

/* One CPU row: a letter per column for the task that ran most there. */
static void paint_cpu_row(const struct tui *t, const struct frame *f, int cpu, int y, int x)
{
	const struct lane_cpu_cell *row = &f->cpu_cells[(size_t)cpu * (size_t)f->tl_w];
	uint64_t busy = 0;
	char buf[48];

	for (int b = 0; b < f->tl_w; b++) {
		const struct lane_cpu_cell *c = &row[b];

		busy += c->busy_pct;
		if (c->task == LANES_IDLE) {
			paint__glyph(t, y, f->tl_x + b, GLYPH_IDLE, ROLE_IDLE);
		} else {
			char letter[2] = { paint__task_letter(c->task), '\0' };
			enum tui_role role = c->busy_pct >= LANES_FULL_RUN_PCT
				? ROLE_TASK0 + c->task % THEME_TASK_COLOURS : ROLE_DEFAULT;

			paint__text(t, y, f->tl_x + b, 1, role, letter);
		}
	}
	paint_lost(t, f, cpu, y);
	paint__textf(t, y, x, f->name_w, ROLE_DEFAULT, "CPU %d", cpu);
	snprintf(buf, sizeof(buf), "%6s%6s%4u%%", "", "", (unsigned)(busy / (uint64_t)f->tl_w));
	paint__text(t, y, x + f->name_w, f->stats_w, ROLE_DEFAULT, buf);
	paint__glyph(t, y, f->tl_x - 1, GLYPH_VBAR, ROLE_DIM);
}

/* CPU rows at the top of r, task lanes (with their letters) below. */
void panel_lanes__cpus(const struct tui *t, const struct frame *f, struct rect r)
{
	int rows = f->cpu_rows;

	paint_header_row(t, f, r.y, r.x, f->name_w, f->stats_w, f->tl_x, f->tl_w, "CPU");
	if (!f->cpu_cells)
		return;
	for (int cpu = 0; cpu < rows; cpu++)
		paint_cpu_row(t, f, cpu, r.y + 1 + cpu, r.x);
	if ((size_t)rows < f->ncpus)
		paint__textf(t, r.y + rows, r.x, f->name_w, ROLE_DIM, "+%zu CPUs",
			     f->ncpus - (size_t)rows);
	const struct trace_lost_mark *lm;
	bool lost = f->src->model && trace_model__lost_marks(f->src->model, &lm);

	paint__text(t, r.y + 1 + rows, r.x, r.w, ROLE_DIM,
		    lost ? "a letter: the task that ran most in that column; run%: CPU busy with "
			   "the target; !: events lost there"
			 : "a letter: the task that ran most in that column; run%: CPU busy with "
			   "the target");
	paint_task_lanes(t, f, f->lane_area);
}
