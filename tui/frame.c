// SPDX-License-Identifier: GPL-2.0-only
/*
 * frame.c - a frame computed from the source and the view state (frame.h).
 */
#include "frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vec.h"

void frame_store__free(struct frame_store *st)
{
	free(st->tasks);
	free(st->lanes);
	free(st->scratch);
	free(st->cells);
	free(st->cpu_cells);
	free(st->members);
	free(st->group);
	free(st->rows);
	lane_list_work__free(&st->work);
	futex_groups_work__free(&st->detail);
	memset(st, 0, sizeof(*st));
}

#define RESERVE(st, field, want) \
	vec__reserve((void **)&(st)->field, &(st)->cap_##field, (want), sizeof(*(st)->field))

/* CPUs to draw: as recorded, else the highest one the trace names (O(intervals), rare). */
static size_t count_cpus(const struct tui_source *src, const struct trace_task *const *tasks,
			 size_t n)
{
	size_t ncpus = src->info && src->info->ncpus ? src->info->ncpus
						    : lanes__cpus_seen(tasks, n);

	if (!ncpus && src->live) {
		long n_conf = sysconf(_SC_NPROCESSORS_CONF);

		ncpus = n_conf > 0 ? (size_t)n_conf : 1;
	}
	return ncpus ? ncpus : 1;
}

/* The tasks, the stats and the times the frame shows: live, or as frozen by pause. */
static int resolve_source(struct frame_store *st, const struct tui_source *src,
			  const struct view_state *vs, struct frame *f)
{
	bool frozen = vs->paused && vs->snap.on;

	if (frozen) {
		f->tasks = vs->snap.ptrs;
		f->ntasks = vs->snap.n;
		f->stats = vs->snap.stats;
		f->now = vs->snap.now;
	} else {
		size_t n = src->model ? trace_model__task_count(src->model) : 0;

		if (RESERVE(st, tasks, n + 1))
			return -ENOMEM;
		for (size_t i = 0; i < n; i++)
			st->tasks[i] = trace_model__task(src->model, i);
		f->tasks = st->tasks;
		f->ntasks = n;
		if (src->model)
			f->stats = *trace_model__stats(src->model);
		f->now = src->now_ns;
	}
	f->begin = f->stats.events ? f->stats.first_ns : f->now;
	if (src->info && src->info->start_ns && src->info->start_ns < f->begin)
		f->begin = src->info->start_ns;
	if (f->stats.events && f->stats.last_ns > f->now && !frozen)
		f->now = f->stats.last_ns;
	if (f->now <= f->begin)
		f->now = f->begin + 1;
	f->scenario = src->info && src->info->scenario[0] ? src->info->scenario
			: (src->title ? src->title : "");
	f->figures = src->figures;
	f->ncpus = count_cpus(src, f->tasks, f->ntasks);
	return 0;
}

/* The screen areas and the lane panel's columns (of the lanes view shown, or gone back to). */
static void place(const struct tui_source *src, const struct view_state *vs, int rows, int cols,
		  struct frame *f)
{
	bool lanes_view = view_state__lanes_view(vs);
	enum tui_view lv = lanes_view ? vs->view : vs->back_view;
	struct rect m;

	layout__screen(rows, cols, vs->out_mode, vs->side_lesson && src->lesson, lanes_view,
		       &f->layout);
	m = f->layout.main;
	layout__lane_columns(cols, m.w, &f->name_w, &f->stats_w, &f->tl_w);
	f->tl_x = m.x + f->name_w + f->stats_w + 1;
	f->lanes_shown = lanes_view && !vs->help && !f->layout.too_small;
	f->lane_area = m;
	if (lv == VIEW_CPUS) {
		f->cpu_rows = layout__cpu_rows(m.h, f->ncpus);
		f->lane_area = (struct rect){ m.y + 2 + f->cpu_rows, m.x, m.h - 2 - f->cpu_rows, m.w };
	}
	f->page = f->lane_area.h - 1 > 0 ? (size_t)(f->lane_area.h - 1) : 1;
}

/* The selection follows its task across re-sorting and new lanes; the lane list scrolls to it. */
static void select_and_scroll(const struct view_state *vs, struct frame *f)
{
	f->sel = vs->sel < f->nlanes ? vs->sel : (f->nlanes ? f->nlanes - 1 : 0);
	for (size_t l = 0; l < f->nlanes; l++) {
		if (f->tasks[f->lanes[l].task]->index == vs->sel_index) {
			f->sel = l;
			break;
		}
	}
	f->top = vs->top;
	if (!f->nlanes)
		return;
	if (f->sel < f->top)
		f->top = f->sel;
	else if (f->sel >= f->top + f->page)
		f->top = f->sel - f->page + 1;
	if (f->top + f->page > f->nlanes)
		f->top = f->nlanes > f->page ? f->nlanes - f->page : 0;
}

int frame__build(struct frame_store *st, const struct tui_source *src,
		 const struct view_state *vs, int rows, int cols, struct frame *f)
{
	struct lane_list_opts lo;
	int err;

	memset(f, 0, sizeof(*f));
	f->src = src;
	err = resolve_source(st, src, vs, f);
	if (err)
		return err;
	place(src, vs, rows, cols, f);
	time_window__resolve(&vs->win, f->begin, f->now, &f->t0, &f->t1);

	if (RESERVE(st, lanes, f->ntasks + 1))
		return -ENOMEM;
	lo = (struct lane_list_opts){
		.sort = vs->sort, .filter = vs->filter,
		.folded = vs->folded, .n_folded = vs->n_folded, .now_ns = f->now,
		.fold_quiet = vs->fold_quiet, .work = &st->work,
	};
	st->lane_opts = lo;
	if (lane_list__build(f->tasks, f->ntasks, &lo, st->lanes, &f->nlanes))
		f->nlanes = 0;
	f->lanes = st->lanes;
	select_and_scroll(vs, f);
	return 0;
}

const struct trace_task *frame__lane_task(const struct frame *f, size_t l)
{
	if (l >= f->nlanes)
		return NULL;
	return f->tasks[f->lanes[l].task];
}

/* Lane rows the panel paints: what fits below its axis row, from top. */
static size_t rows_shown(const struct frame *f)
{
	size_t fit = f->lane_area.h - 1 > 0 ? (size_t)(f->lane_area.h - 1) : 0;

	if (f->top >= f->nlanes)
		return 0;
	return f->nlanes - f->top < fit ? f->nlanes - f->top : fit;
}

long frame__lane_at(const struct frame *f, int y)
{
	int first = f->lane_area.y + 1;

	if (!f->lanes_shown || y < first || y >= FRAME_MAX_Y ||
	    (size_t)(y - first) >= rows_shown(f))
		return -1;
	return (long)(f->top + (size_t)(y - first));
}

int frame__timeline_col(const struct frame *f, int x)
{
	if (!f->lanes_shown || f->tl_w <= 0 || x < f->tl_x || x >= f->tl_x + f->tl_w)
		return -1;
	return x - f->tl_x;
}

/* A lane row's cells and counts: the task's own, or summed over a folded group. */
static int fill_row(struct frame_store *st, struct frame *f, size_t l, struct frame_row *row,
		    struct lane_cell *cells)
{
	const struct lane *lane = &f->lanes[l];
	const struct trace_task *task = f->tasks[lane->task];
	const struct trace_task *const *grp = &f->tasks[lane->task];
	size_t n = 1;

	if (lane->flags & (LANE_FOLDED | LANE_QUIET)) {
		if (RESERVE(st, members, f->ntasks) || RESERVE(st, group, f->ntasks))
			return -ENOMEM;
		if (lane->flags & LANE_QUIET)
			n = lane_list__quiet_members(f->tasks, f->ntasks, &st->lane_opts,
						     lane->task, st->members, st->cap_members);
		else
			n = lane_list__subtree(&st->work, f->tasks, f->ntasks, lane->task,
					       st->members, st->cap_members);
		if (n > st->cap_members)
			n = st->cap_members;
		for (size_t i = 0; i < n; i++)
			st->group[i] = f->tasks[st->members[i]];
		grp = st->group;
	}
	row->lane = l;
	row->cells = cells;
	row->exited = true;
	row->exit_ns = task->exit_ns;
	for (size_t i = 0; i < n; i++) {
		if (!grp[i]->exited || grp[i]->exit_ns > f->now)
			row->exited = false;
		else if (grp[i]->exit_ns > row->exit_ns)
			row->exit_ns = grp[i]->exit_ns;
	}
	task_totals__of_tasks(grp, n, f->now, &row->totals);
	return lanes__group_row(grp, n, f->t0, f->t1, f->now, (size_t)f->tl_w, &f->ov,
				st->scratch, cells);
}

/*
 * The part of the window the model summarized, read back from the trace
 * file when the source can (f->ov, f->detail_status): painted in place of
 * the summary up to where the model's own detail begins.
 */
static void read_back(struct frame *f)
{
	const struct tui_detail *d = f->src->detail;
	uint64_t from = f->src->model ? trace_model__detail_from(f->src->model) : 0;
	uint64_t hi = f->t1 < from ? f->t1 : from;
	struct tui_detail_window w = { 0 };

	f->detail_status = -1;
	if (!d || !d->get || f->t0 >= hi)
		return;
	f->detail_status = d->get(d->ctx, f->src->model, f->t0, hi, &w);
	f->detail_records = w.records;
	if (f->detail_status != TUI_DETAIL_READ || !w.m)
		return;
	f->ov = (struct lanes_overlay){ .m = w.m, .from_ns = w.from_ns,
					.to_ns = w.to_ns < from ? w.to_ns : from };
}

/* Room for rows of ncols cells: scratch for the sums, cells for nrows rows. */
static int reserve_cells(struct frame_store *st, size_t ncols, size_t nrows, size_t ncpus)
{
	size_t rows = nrows ? nrows : 1;
	size_t scratch = ncols * (TS__COUNT > 3 * ncpus ? TS__COUNT : 3 * ncpus);

	if (RESERVE(st, scratch, scratch) || RESERVE(st, cells, ncols * rows) ||
	    RESERVE(st, cpu_cells, ncols * (ncpus ? ncpus : 1)) || RESERVE(st, rows, rows))
		return -ENOMEM;
	return 0;
}

int frame__rows(struct frame_store *st, const struct view_state *vs, struct frame *f)
{
	size_t ncols = (size_t)f->tl_w, n = rows_shown(f);
	size_t ncpus = vs->view == VIEW_CPUS ? f->ncpus : 0;
	struct frame_row *rows;

	task_totals__of_tasks(f->tasks, f->ntasks, f->now, &f->totals);
	figures__compute(f->src->model, f->tasks, f->ntasks, f->now, f->now - f->begin, &f->totals,
			 &f->fig);
	f->rows = NULL;
	f->nrows = 0;
	f->cpu_cells = NULL;
	f->groups = NULL;
	f->ngroups = 0;
	if (vs->view == VIEW_DETAIL && !vs->help && !f->layout.too_small &&
	    frame__lane_task(f, f->sel))
		f->ngroups = futex_groups__of_task(&st->detail, frame__lane_task(f, f->sel),
						      f->now, &f->groups);
	f->ov = (struct lanes_overlay){ 0 };
	f->detail_status = -1;
	if (!f->lanes_shown)
		return 0;
	read_back(f);
	if (reserve_cells(st, ncols, n, ncpus))
		return -ENOMEM;
	rows = st->rows;
	for (size_t i = 0; i < n; i++) {
		if (fill_row(st, f, f->top + i, &rows[i], &st->cells[i * ncols]))
			return -ENOMEM;
		rows[i].y = f->lane_area.y + 1 + (int)i;
	}
	f->rows = rows;
	f->nrows = n;
	if (ncpus && !lanes__cpu_rows(f->tasks, f->ntasks, f->t0, f->t1, f->now, ncols, ncpus,
				      &f->ov, st->scratch, st->cpu_cells))
		f->cpu_cells = st->cpu_cells;
	return 0;
}
