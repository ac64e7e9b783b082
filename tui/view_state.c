// SPDX-License-Identifier: GPL-2.0-only
/*
 * view_state.c - fold, filter, selection and the pause snapshot (view_state.h).
 */
#include "view_state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

void view_state__init(struct view_state *vs)
{
	memset(vs, 0, sizeof(*vs));
	time_window__init(&vs->win);
	vs->side_lesson = true;
	vs->sel_tid = -1;
	vs->sel_index = UINT32_MAX;
}

void view_state__free(struct view_state *vs)
{
	free(vs->snap.tasks);
	free(vs->snap.ptrs);
	free(vs->folded);
	memset(&vs->snap, 0, sizeof(vs->snap));
	vs->folded = NULL;
	vs->n_folded = vs->cap_folded = 0;
}

bool view_state__lanes_view(const struct view_state *vs)
{
	return vs->view == VIEW_TASKS || vs->view == VIEW_CPUS;
}

void view_state__enter(struct view_state *vs, enum tui_view v)
{
	if (vs->view == v) {
		vs->view = vs->back_view;
		return;
	}
	if (view_state__lanes_view(vs))
		vs->back_view = vs->view;
	vs->view = v;
}

int view_state__toggle_fold(struct view_state *vs, int32_t tgid)
{
	for (size_t i = 0; i < vs->n_folded; i++) {
		if (vs->folded[i] == tgid) {
			vs->folded[i] = vs->folded[--vs->n_folded];
			return 0;
		}
	}
	if (vec__reserve((void **)&vs->folded, &vs->cap_folded, vs->n_folded + 1,
			 sizeof(*vs->folded)))
		return -ENOMEM;
	vs->folded[vs->n_folded++] = tgid;
	return 0;
}

int view_state__pause(struct view_state *vs, const struct tui_source *src)
{
	struct snapshot *s = &vs->snap;
	size_t n = src->model ? trace_model__task_count(src->model) : 0;

	s->on = false;
	s->n = 0;
	if (vec__reserve((void **)&s->tasks, &s->cap_tasks, n + 1, sizeof(*s->tasks)) ||
	    vec__reserve((void **)&s->ptrs, &s->cap_ptrs, n + 1, sizeof(*s->ptrs)))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		s->tasks[i] = *trace_model__task(src->model, i);
		s->ptrs[i] = &s->tasks[i];
	}
	s->n = n;
	memset(&s->stats, 0, sizeof(s->stats));
	if (src->model)
		s->stats = *trace_model__stats(src->model);
	s->now = src->now_ns;
	s->on = true;
	vs->paused = true;
	return 0;
}

void view_state__resume(struct view_state *vs)
{
	vs->paused = false;
	vs->snap.on = false;
	vs->snap.n = 0;
}

/*
 * A paused copy of a task keeps its counts; its arrays are the live task's,
 * which may have moved (grown) or lost their oldest entries to the model's
 * memory budget (folded into spans and sums, which it then shares whole).
 */
static void snapshot_follow(struct trace_task *copy, const struct trace_task *live)
{
	uint64_t gone_iv = live->iv_folded - copy->iv_folded;
	uint64_t gone_fw = live->fw_folded - copy->fw_folded;

	copy->n_iv = copy->n_iv > gone_iv ? copy->n_iv - (size_t)gone_iv : 0;
	copy->n_fw = copy->n_fw > gone_fw ? copy->n_fw - (size_t)gone_fw : 0;
	copy->iv_folded = live->iv_folded;
	copy->fw_folded = live->fw_folded;
	copy->iv = live->iv;
	copy->fw = live->fw;
	copy->sp = live->sp;
	copy->n_sp = live->n_sp;
	copy->ff = live->ff;
}

void view_state__refresh_snapshot(struct view_state *vs, const struct tui_source *src)
{
	struct snapshot *s = &vs->snap;

	if (!vs->paused || !s->on)
		return;
	for (size_t i = 0; i < s->n; i++) {
		const struct trace_task *live = trace_model__task(src->model, i);

		if (live)
			snapshot_follow(&s->tasks[i], live);
		s->ptrs[i] = &s->tasks[i];
	}
}

void view_state__commit(struct view_state *vs, size_t sel, const struct trace_task *task,
			size_t top)
{
	vs->top = top;
	if (task) {
		vs->sel = sel;
		vs->sel_tid = task->tid;
		vs->sel_index = task->index;
	}
}
