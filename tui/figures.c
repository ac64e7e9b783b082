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

/* Is the futex word at addr in tgid named as a CPython GIL? */
static bool is_gil(const struct trace_model *m, int32_t tgid, uint64_t addr)
{
	const char *name = m ? trace_model__lock_name(m, tgid, addr) : NULL;

	return name && !strncmp(name, LOCK_TABLE_GIL, sizeof(LOCK_TABLE_GIL) - 1);
}

static void futex_figures(const struct trace_model *m, const struct trace_task *const *tasks,
			  size_t n, const struct trace_task *t, uint64_t now, struct figures *f)
{
	int32_t last_waker = 0;
	bool last_traced = false, gil = false, next_gil;
	uint64_t gil_addr = 0;	/* cache: the word gil answers for (0: none yet) */

	for (size_t k = 0; k < t->n_fw; k++) {
		const struct futex_wait *w = &t->fw[k];
		bool traced;
		/* only the last wait can still be open: the task is in it now */
		uint64_t end = k + 1 == t->n_fw && t->state == TS_FUTEX && now > w->end_ns
				       ? now : w->end_ns;

		if (end > w->start_ns)
			f->futex_wait_ns += end - w->start_ns;
		if (w->addr != gil_addr) {
			gil_addr = w->addr;
			gil = is_gil(m, t->tgid, w->addr);
		}
		f->gil_waits += gil;
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
		f->gil_handoffs += gil;
		if (k + 1 >= t->n_fw || t->fw[k + 1].start_ns < w->end_ns ||
		    t->fw[k + 1].start_ns - w->end_ns >= FIGURES_WASTED_NS)
			continue;
		if (t->fw[k + 1].addr == w->addr)
			f->wasted_wakeups++;
		/* the GIL's words are several (its mutex, its condition
		 * variables): back waiting on any of them is back waiting */
		next_gil = t->fw[k + 1].addr == w->addr ? gil
							: is_gil(m, t->tgid, t->fw[k + 1].addr);
		f->gil_wasted += gil && next_gil;
	}
}

void figures__compute(const struct trace_model *m, const struct trace_task *const *tasks,
		      size_t n, uint64_t now_ns, uint64_t elapsed_ns,
		      const struct task_totals *tt, struct figures *out)
{
	memset(out, 0, sizeof(*out));
	out->elapsed_ns = elapsed_ns;
	out->totals = *tt;
	for (size_t i = 0; i < n; i++)
		futex_figures(m, tasks, n, tasks[i], now_ns, out);
	out->cpus_busy = elapsed_ns ? (double)tt->time_ns[TS_RUNNING] / (double)elapsed_ns : 0.0;
}

static void line(struct figure_line *l, const char *label, const char *value)
{
	snprintf(l->label, sizeof(l->label), "%s", label);
	snprintf(l->value, sizeof(l->value), "%s", value);
}

/* A count and its rate per second: "12 (3.4/s)". */
static void count_rate(char *v, size_t len, uint64_t n, uint64_t elapsed_ns)
{
	char a[24], b[24];

	fmt__count(a, sizeof(a), n);
	fmt__rate(b, sizeof(b), n, elapsed_ns);
	snprintf(v, len, "%s (%s)", a, b);
}

/* "N (x%)": count and its share of of. */
static void count_share(char *v, size_t len, uint64_t count, uint64_t of)
{
	char a[24];

	fmt__count(a, sizeof(a), count);
	if (of)
		snprintf(v, len, "%s (%.0f%%)", a, 100.0 * (double)count / (double)of);
	else
		snprintf(v, len, "%s", a);
}

/* The line of the figure name[0..len); false for an unknown name. */
static bool figure_line(const char *name, size_t len, const struct figures *f, bool utf8,
			struct figure_line *l)
{
	char a[24], b[24], v[64];

#define IS(n) (len == sizeof(n) - 1 && !memcmp(name, n, len))
	if (IS(FIGURE_HANDOFF_RATE)) {
		count_rate(v, sizeof(v), f->handoffs, f->elapsed_ns);
		line(l, "lock hand-offs", v);
	} else if (IS(FIGURE_WASTED)) {
		count_share(v, sizeof(v), f->wasted_wakeups, f->handoffs);
		line(l, "wasted wake-ups", v);
	} else if (IS(FIGURE_CPUS_BUSY)) {
		snprintf(v, sizeof(v), "%.2f", f->cpus_busy);
		line(l, "CPUs kept busy", v);
	} else if (IS(FIGURE_VOLUNTARY)) {
		count_rate(v, sizeof(v), f->totals.nvcsw, f->elapsed_ns);
		line(l, "voluntary sw", v);
	} else if (IS(FIGURE_INVOLUNTARY)) {
		count_rate(v, sizeof(v), f->totals.nivcsw, f->elapsed_ns);
		line(l, "involuntary sw", v);
	} else if (IS(FIGURE_FUTEX)) {
		fmt__count(a, sizeof(a), f->totals.futex_waits);
		fmt__duration(b, sizeof(b), f->futex_wait_ns, utf8);
		snprintf(v, sizeof(v), "%s, %s", a, b);
		line(l, "futex waits", v);
	} else if (IS(FIGURE_HANDOFFS)) {
		fmt__count(a, sizeof(a), f->handoffs);
		line(l, "lock hand-offs", a);
	} else if (IS(FIGURE_MAX_LATENCY)) {
		fmt__duration(a, sizeof(a), f->totals.wakeup_latency_max_ns, utf8);
		line(l, "max wakeup lat.", a);
	} else if (IS(FIGURE_TASKS)) {
		snprintf(v, sizeof(v), "%u (%u thr, %u exited)", f->totals.tasks,
			 f->totals.threads, f->totals.exited);
		line(l, "tasks", v);
	} else {
		return false;
	}
#undef IS
	return true;
}

/* Call fn on each name of the comma-separated list; stops when fn returns true. */
static bool each_name(const char *names, bool (*fn)(const char *, size_t, void *), void *arg)
{
	const char *p = names ? names : FIGURES_DEFAULT;

	while (*p) {
		size_t len = strcspn(p, ",");

		if (len && fn(p, len, arg))
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

struct lines_ctx {
	const struct figures *f;
	bool utf8;
	struct figure_line *lines;
	size_t cap, k;
};

static bool add_line(const char *name, size_t len, void *arg)
{
	struct lines_ctx *c = arg;

	if (c->k >= c->cap)
		return true;
	if (figure_line(name, len, c->f, c->utf8, &c->lines[c->k]))
		c->k++;
	return false;
}

size_t figures__lines(const char *names, const struct figures *f, bool utf8,
		      struct figure_line *lines, size_t cap)
{
	struct lines_ctx c = { .f = f, .utf8 = utf8, .lines = lines, .cap = cap };
	char v[64];

	each_name(names, add_line, &c);
	/* a CPython GIL recognized: its hand-offs, whatever the lesson lists */
	if (f->gil_waits && c.k + 2 <= cap) {
		count_rate(v, sizeof(v), f->gil_handoffs, f->elapsed_ns);
		line(&lines[c.k++], "GIL hand-offs", v);
		count_share(v, sizeof(v), f->gil_wasted, f->gil_handoffs);
		line(&lines[c.k++], "GIL wasted", v);
	}
	return c.k;
}

static bool same_name(const char *name, size_t len, void *arg)
{
	const char *want = arg;

	return strlen(want) == len && !memcmp(name, want, len);
}

bool figures__has(const char *names, const char *name)
{
	return each_name(names, same_name, (void *)name);
}
