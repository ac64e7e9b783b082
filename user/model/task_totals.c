// SPDX-License-Identifier: GPL-2.0-only
/* task_totals.c - per-task, per-process and per-run figures (task_totals.h). */
#include "task_totals.h"

#include <string.h>

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

void task_totals__add(struct task_totals *a, const struct task_totals *b)
{
	a->nvcsw += b->nvcsw;
	a->nivcsw += b->nivcsw;
	a->nvcsw_released += b->nvcsw_released;
	a->nivcsw_released += b->nivcsw_released;
	a->nvcsw_reaping += b->nvcsw_reaping;
	a->nivcsw_reaping += b->nivcsw_reaping;
	for (int s = 0; s < TS__COUNT; s++)
		a->time_ns[s] += b->time_ns[s];
	a->runnable_ns += b->runnable_ns;
	a->asleep_ns += b->asleep_ns;
	a->off_cpu_ns += b->off_cpu_ns;
	a->wakeups += b->wakeups;
	a->wakeup_latency_sum_ns += b->wakeup_latency_sum_ns;
	if (b->wakeup_latency_max_ns > a->wakeup_latency_max_ns)
		a->wakeup_latency_max_ns = b->wakeup_latency_max_ns;
	a->futex_waits += b->futex_waits;
	a->migrations += b->migrations;
	a->life_ns += b->life_ns;
	a->tasks += b->tasks;
	a->processes += b->processes;
	a->threads += b->threads;
	a->exited += b->exited;
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

void task_totals__of_run(const struct trace_model *m, uint64_t now_ns, struct task_totals *out)
{
	struct task_totals one;
	size_t n = trace_model__task_count(m);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		task_totals__of_task(trace_model__task(m, i), now_ns, &one);
		task_totals__add(out, &one);
	}
}

void task_totals__of_process(const struct trace_model *m, int32_t tgid, uint64_t now_ns,
			     struct task_totals *out)
{
	struct task_totals one;
	size_t n = trace_model__task_count(m);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct trace_task *t = trace_model__task(m, i);

		if (t->tgid != tgid)
			continue;
		task_totals__of_task(t, now_ns, &one);
		task_totals__add(out, &one);
	}
}
