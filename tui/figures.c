// SPDX-License-Identifier: GPL-2.0-only
/*
 * figures.c - lesson figures (definitions in figures.h).
 */
#include "figures.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"

/* tid of a task among tasks, for "is the waker traced" */
static bool is_traced(const struct trace_task *const *tasks, size_t n, int32_t tid)
{
	for (size_t i = 0; i < n; i++)
		if (tasks[i]->tid == tid)
			return true;
	return false;
}

static void futex_figures(const struct trace_task *const *tasks, size_t n,
			  const struct trace_task *t, uint64_t now, struct figures *f)
{
	int32_t last_waker = 0;
	bool last_traced = false;

	for (size_t k = 0; k < t->n_fw; k++) {
		const struct futex_wait *w = &t->fw[k];
		bool traced;
		/* only the last wait can still be open: the task is in it now */
		uint64_t end = k + 1 == t->n_fw && t->state == TS_FUTEX && now > w->end_ns
				       ? now : w->end_ns;

		if (end > w->start_ns)
			f->futex_wait_ns += end - w->start_ns;
		if (!w->waker_tid || w->waker_tid == t->tid)
			continue;
		/* cache: consecutive waits are usually woken by the same few tasks */
		if (w->waker_tid == last_waker) {
			traced = last_traced;
		} else {
			traced = is_traced(tasks, n, w->waker_tid);
			last_waker = w->waker_tid;
			last_traced = traced;
		}
		if (!traced)
			continue;
		f->handoffs++;
		if (k + 1 < t->n_fw && t->fw[k + 1].addr == w->addr &&
		    t->fw[k + 1].start_ns >= w->end_ns &&
		    t->fw[k + 1].start_ns - w->end_ns < FIGURES_WASTED_NS)
			f->wasted_wakeups++;
	}
}

void figures__compute(const struct trace_task *const *tasks, size_t n,
		      uint64_t now_ns, uint64_t elapsed_ns, struct figures *out)
{
	memset(out, 0, sizeof(*out));
	out->elapsed_ns = elapsed_ns;
	for (size_t i = 0; i < n; i++) {
		const struct trace_task *t = tasks[i];

		out->run_ns += trace_task__time_in(t, TS_RUNNING, now_ns);
		out->voluntary += t->nvcsw;
		out->involuntary += t->nivcsw;
		out->futex_waits += t->futex_waits;
		if (t->wakeup_latency_max_ns > out->max_wakeup_latency_ns)
			out->max_wakeup_latency_ns = t->wakeup_latency_max_ns;
		out->tasks++;
		if (t->is_thread && t->tid != t->tgid)
			out->threads++;
		else
			out->processes++;
		if (t->exited)
			out->exited++;
		futex_figures(tasks, n, t, now_ns, out);
	}
	out->cpus_busy = elapsed_ns ? (double)out->run_ns / (double)elapsed_ns : 0.0;
}

static void line(struct figure_line *l, const char *label, const char *value)
{
	snprintf(l->label, sizeof(l->label), "%s", label);
	snprintf(l->value, sizeof(l->value), "%s", value);
}

size_t figures__lines(const char *scenario, const struct figures *f, bool utf8,
		      struct figure_line *lines, size_t cap)
{
	struct figure_line all[12];
	char a[24], b[24], v[64];
	size_t k = 0;
	bool gil = scenario && !strncmp(scenario, "gil", 3);

	if (gil) {
		fmt__count(a, sizeof(a), f->handoffs);
		fmt__rate(b, sizeof(b), f->handoffs, f->elapsed_ns);
		snprintf(v, sizeof(v), "%s (%s)", a, b);
		line(&all[k++], "lock hand-offs", v);
		fmt__count(a, sizeof(a), f->wasted_wakeups);
		if (f->handoffs)
			snprintf(v, sizeof(v), "%s (%.0f%%)", a,
				 100.0 * (double)f->wasted_wakeups / (double)f->handoffs);
		else
			snprintf(v, sizeof(v), "%s", a);
		line(&all[k++], "wasted wake-ups", v);
	}
	snprintf(v, sizeof(v), "%.2f", f->cpus_busy);
	line(&all[k++], "CPUs kept busy", v);
	fmt__count(a, sizeof(a), f->voluntary);
	fmt__rate(b, sizeof(b), f->voluntary, f->elapsed_ns);
	snprintf(v, sizeof(v), "%s (%s)", a, b);
	line(&all[k++], "voluntary sw", v);
	fmt__count(a, sizeof(a), f->involuntary);
	fmt__rate(b, sizeof(b), f->involuntary, f->elapsed_ns);
	snprintf(v, sizeof(v), "%s (%s)", a, b);
	line(&all[k++], "involuntary sw", v);
	fmt__count(a, sizeof(a), f->futex_waits);
	fmt__duration(b, sizeof(b), f->futex_wait_ns, utf8);
	snprintf(v, sizeof(v), "%s, %s", a, b);
	line(&all[k++], "futex waits", v);
	if (!gil) {
		fmt__count(a, sizeof(a), f->handoffs);
		line(&all[k++], "lock hand-offs", a);
	}
	fmt__duration(a, sizeof(a), f->max_wakeup_latency_ns, utf8);
	line(&all[k++], "max wakeup lat.", a);
	snprintf(v, sizeof(v), "%u (%u thr, %u exited)", f->tasks, f->threads, f->exited);
	line(&all[k++], "tasks", v);
	if (k > cap)
		k = cap;
	memcpy(lines, all, k * sizeof(*lines));
	return k;
}
