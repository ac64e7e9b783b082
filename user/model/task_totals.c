// SPDX-License-Identifier: GPL-2.0-only
/* task_totals.c - per-task, per-process and per-run figures (task_totals.h). */
#include "task_totals.h"

#include <string.h>

#include "trace_model_priv.h"

void task_totals__of_task(const struct trace_task *t, uint64_t now_ns, struct task_totals *out)
{
	uint64_t end = t->exited && t->exit_ns < now_ns ? t->exit_ns : now_ns;

	memset(out, 0, sizeof(*out));
	out->nvcsw = t->nvcsw;
	out->nivcsw = t->nivcsw;
	out->nvcsw_released = t->nvcsw_released;
	out->nivcsw_released = t->nivcsw_released;
	out->nvcsw_reaping = t->nvcsw_reaping;
	out->nivcsw_reaping = t->nivcsw_reaping;
	for (int s = 0; s < TS__COUNT; s++)
		out->time_ns[s] = trace_task__time_in(t, (enum task_state)s, now_ns);
	out->runnable_ns = out->time_ns[TS_RUNNABLE] + out->time_ns[TS_PREEMPTED];
	out->asleep_ns = out->time_ns[TS_SLEEPING] + out->time_ns[TS_BLOCKED];
	out->off_cpu_ns = out->runnable_ns + out->asleep_ns + out->time_ns[TS_FUTEX];
	out->on_cpu_ns = out->time_ns[TS_RUNNING];
	out->run_ns = t->runtime_outs ? t->run_ns : t->time_ns[TS_RUNNING];
	out->irq_steal_ns = t->on_cpu_less_run_ns > 0 ? (uint64_t)t->on_cpu_less_run_ns : 0;
	out->runtime_outs = t->runtime_outs;
	out->run_delay_ns = t->run_delay_ns;
	out->run_delay_wakeup_ns = t->run_delay_wakeup_ns;
	out->run_delay_preempt_ns = t->run_delay_preempt_ns;
	out->run_delay_max_ns = t->run_delay_max_ns;
	out->pcount = t->pcount;
	out->runq_outs = t->runq_outs;
	out->wakeups = t->wakeups;
	out->wakeup_latency_sum_ns = t->wakeup_latency_sum_ns;
	out->wakeup_latency_max_ns = t->wakeup_latency_max_ns;
	out->futex_waits = t->futex_waits;
	out->migrations = t->migrations;
	out->life_ns = end > t->created_ns ? end - t->created_ns : 0;
	out->tasks = 1;
	if (t->is_thread && t->tid != t->tgid)
		out->threads = 1;
	else
		out->processes = 1;
	out->exited = t->exited;
}

/*
 * a += k * b over every summed figure: k = 1 adds b, k = UINT64_MAX
 * subtracts it (unsigned arithmetic wraps exactly). The maximum is kept
 * when adding and left alone when subtracting.
 */
static void scaled_add(struct task_totals *a, const struct task_totals *b, uint64_t k)
{
	uint32_t k32 = (uint32_t)k;

	a->nvcsw += k * b->nvcsw;
	a->nivcsw += k * b->nivcsw;
	a->nvcsw_released += k * b->nvcsw_released;
	a->nivcsw_released += k * b->nivcsw_released;
	a->nvcsw_reaping += k * b->nvcsw_reaping;
	a->nivcsw_reaping += k * b->nivcsw_reaping;
	for (int s = 0; s < TS__COUNT; s++)
		a->time_ns[s] += k * b->time_ns[s];
	a->runnable_ns += k * b->runnable_ns;
	a->asleep_ns += k * b->asleep_ns;
	a->off_cpu_ns += k * b->off_cpu_ns;
	a->run_ns += k * b->run_ns;
	a->on_cpu_ns += k * b->on_cpu_ns;
	a->irq_steal_ns += k * b->irq_steal_ns;
	a->runtime_outs += k * b->runtime_outs;
	a->run_delay_ns += k * b->run_delay_ns;
	a->run_delay_wakeup_ns += k * b->run_delay_wakeup_ns;
	a->run_delay_preempt_ns += k * b->run_delay_preempt_ns;
	if (k == 1 && b->run_delay_max_ns > a->run_delay_max_ns)
		a->run_delay_max_ns = b->run_delay_max_ns;
	a->pcount += k * b->pcount;
	a->runq_outs += k * b->runq_outs;
	a->wakeups += k * b->wakeups;
	a->wakeup_latency_sum_ns += k * b->wakeup_latency_sum_ns;
	if (k == 1 && b->wakeup_latency_max_ns > a->wakeup_latency_max_ns)
		a->wakeup_latency_max_ns = b->wakeup_latency_max_ns;
	a->futex_waits += k * b->futex_waits;
	a->migrations += k * b->migrations;
	a->life_ns += k * b->life_ns;
	a->tasks += k32 * b->tasks;
	a->processes += k32 * b->processes;
	a->threads += k32 * b->threads;
	a->exited += k32 * b->exited;
}

void task_totals__add(struct task_totals *a, const struct task_totals *b)
{
	scaled_add(a, b, 1);
}

void task_totals__of_tasks(const struct trace_task *const *tasks, size_t n, uint64_t now_ns,
			   struct task_totals *out)
{
	struct task_totals one;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		task_totals__of_task(tasks[i], now_ns, &one);
		task_totals__add(out, &one);
	}
}

/* A state whose open interval counts up to now_ns (trace_task__time_in()). */
static bool is_open(unsigned s)
{
	return s != TS_UNKNOWN && s != TS_EXITED && s < TS__COUNT;
}

/*
 * Add cur - old (a task's closed figures now and at its last fold) into a.
 * A figure that went down (a task's kind settled after its fork) is
 * subtracted exactly; a task's largest latency and wait only grow, so the
 * kept maxima are right.
 */
static void acc_apply(struct totals_acc *a, const struct task_totals *cur,
		      const struct task_totals *old)
{
	scaled_add(&a->closed, cur, 1);
	scaled_add(&a->closed, old, UINT64_MAX);
}

/* Move t's open state and liveness in a from what f folded to t's now. */
static void acc_move(struct totals_acc *a, const struct task_folded *f, const struct trace_task *t)
{
	if (is_open(f->state)) {
		a->n_open[f->state]--;
		a->since_sum[f->state] -= f->since_ns;
	}
	if (is_open(t->state)) {
		a->n_open[t->state]++;
		a->since_sum[t->state] += t->state_since_ns;
	}
	if (f->live) {
		a->n_live--;
		a->created_sum -= f->created_ns;
	}
	if (!t->exited) {
		a->n_live++;
		a->created_sum += t->created_ns;
	}
}

static uint64_t max3(uint64_t a, uint64_t b, uint64_t c)
{
	return a > b ? (a > c ? a : c) : (b > c ? b : c);
}

/* Fold every touched task into its process's and the run's sums. */
static void fold_dirty(struct trace_model *m)
{
	for (size_t i = 0; i < m->n_dirty; i++) {
		struct task_rec *r = m->tasks[m->dirty[i]];
		const struct trace_task *t = &r->pub;
		struct task_folded *f = &r->folded;
		struct task_totals cur;

		task_totals__of_task(t, TASK_TOTALS_CLOSED, &cur);
		cur.life_ns = t->exited && t->exit_ns > t->created_ns ? t->exit_ns - t->created_ns : 0;
		acc_apply(&m->run, &cur, &f->closed);
		acc_apply(&m->procs[r->proc], &cur, &f->closed);
		acc_move(&m->run, f, t);
		acc_move(&m->procs[r->proc], f, t);
		m->max_since_ns = max3(m->max_since_ns, t->state_since_ns,
				       t->created_ns > t->exit_ns ? t->created_ns : t->exit_ns);
		f->closed = cur;
		f->since_ns = t->state_since_ns;
		f->created_ns = t->created_ns;
		f->state = t->state;
		f->live = !t->exited;
		f->dirty = false;
	}
	m->n_dirty = 0;
}

/* The totals of the tasks summed in a, up to now_ns (no open state starts after it). */
static void acc_totals(const struct totals_acc *a, uint64_t now_ns, struct task_totals *out)
{
	*out = a->closed;
	for (int s = 0; s < TS__COUNT; s++)
		if (is_open((unsigned)s))
			out->time_ns[s] += a->n_open[s] * now_ns - a->since_sum[s];
	out->life_ns += a->n_live * now_ns - a->created_sum;
	out->runnable_ns = out->time_ns[TS_RUNNABLE] + out->time_ns[TS_PREEMPTED];
	out->asleep_ns = out->time_ns[TS_SLEEPING] + out->time_ns[TS_BLOCKED];
	out->off_cpu_ns = out->runnable_ns + out->asleep_ns + out->time_ns[TS_FUTEX];
	out->on_cpu_ns = out->time_ns[TS_RUNNING];
}

/*
 * Every task of m with this TGID (any TGID when all), added one by one: for
 * a now_ns before some open state's start (a view looking back), where the
 * sums do not apply.
 */
static void sum_tasks(const struct trace_model *m, bool all, int32_t tgid, uint64_t now_ns,
		      struct task_totals *out)
{
	struct task_totals one;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < m->n_tasks; i++) {
		const struct trace_task *t = &m->tasks[i]->pub;

		if (!all && t->tgid != tgid)
			continue;
		task_totals__of_task(t, now_ns, &one);
		task_totals__add(out, &one);
	}
}

/* The sums are a cache: folding changes no figure the caller can see. */
void task_totals__of_run(const struct trace_model *m, uint64_t now_ns, struct task_totals *out)
{
	struct trace_model *mm = (struct trace_model *)m;

	fold_dirty(mm);
	if (now_ns < m->max_since_ns)
		sum_tasks(m, true, 0, now_ns, out);
	else
		acc_totals(&m->run, now_ns, out);
}

void task_totals__of_process(const struct trace_model *m, int32_t tgid, uint64_t now_ns,
			     struct task_totals *out)
{
	struct trace_model *mm = (struct trace_model *)m;
	uint32_t p = tid_map__find(&m->by_tgid, tgid);

	fold_dirty(mm);
	if (p == TID_MAP_NONE)
		memset(out, 0, sizeof(*out));
	else if (now_ns < m->max_since_ns)
		sum_tasks(m, false, tgid, now_ns, out);
	else
		acc_totals(&m->procs[p], now_ns, out);
}
