// SPDX-License-Identifier: GPL-2.0-only
/*
 * figures.c - lesson figures (definitions in figures.h).
 */
#include "figures.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "futex_fold.h"

void figures__compute(const struct trace_model *m, const struct trace_task *const *tasks,
		      size_t n, uint64_t now_ns, uint64_t elapsed_ns,
		      const struct task_totals *tt, struct figures *out)
{
	memset(out, 0, sizeof(*out));
	out->elapsed_ns = elapsed_ns;
	out->totals = *tt;
	struct futex_tally ft = { 0 };

	for (size_t i = 0; i < n; i++) {
		futex_tally__add(m, tasks[i], 0, tasks[i]->n_fw, now_ns, &ft);
		if (tasks[i]->ff)
			futex_tally__sum(&ft, &tasks[i]->ff->tally);
	}
	out->futex_wait_ns = ft.wait_ns;
	out->handoffs = ft.handoffs;
	out->wasted_wakeups = ft.wasted;
	out->gil_waits = ft.gil_waits;
	out->gil_handoffs = ft.gil_handoffs;
	out->gil_wasted = ft.gil_wasted;
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
