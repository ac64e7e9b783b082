// SPDX-License-Identifier: GPL-2.0-only
/*
 * panel_text.c - the scenario's lesson with its live figures, and how the
 * cost of a context switch was measured.
 */
#include "paint.h"

#include <stdio.h>
#include <string.h>

#include "figures.h"
#include "fmt.h"

static void paint_lesson(const struct tui *t, const struct frame *f, struct rect r)
{
	const struct tui_source *src = f->src;
	struct figure_line lines[12];
	size_t n;
	int y = r.y;

	paint__textf(t, y++, r.x, r.w, ROLE_TITLE, "lesson: %s",
		     f->scenario && *f->scenario ? f->scenario : "this run");
	if (src->lesson) {
		paint__wrap(t, r, &y, ROLE_DEFAULT, src->lesson);
	} else {
		paint__wrap(t, r, &y, ROLE_DIM,
		     "A command, not a bundled scenario: no lesson. The figures below still apply.");
	}
	if (y + 2 >= r.y + r.h)
		return;
	y++;
	paint__text(t, y++, r.x, r.w, ROLE_TITLE, "live figures");
	n = figures__lines(f->figures, &f->fig, t->theme.utf8, lines, 12);
	for (size_t i = 0; i < n && y < r.y + r.h; i++, y++) {
		int vw = (int)strlen(lines[i].value);

		paint__text(t, y, r.x, r.w - vw - 1, ROLE_DIM, lines[i].label);
		paint__text(t, y, r.x + r.w - vw, vw, ROLE_DEFAULT, lines[i].value);
	}
	if (y < r.y + r.h && figures__has(f->figures, FIGURE_WASTED))
		paint__textf(t, y, r.x, r.w, ROLE_DIM, "wasted: back in the same futex wait < %llu us",
			     FIGURES_WASTED_NS / 1000);
}

void panel_text__lesson_side(const struct tui *t, const struct frame *f, struct rect r)
{
	for (int y = r.y; y < r.y + r.h; y++)
		paint__glyph(t, y, r.x - 1, GLYPH_VBAR, ROLE_DIM);
	paint_lesson(t, f, r);
}

void panel_text__lesson(const struct tui *t, const struct frame *f, struct rect r)
{
	struct rect inner = { r.y, r.x + 1, r.h, r.w - 2 < 100 ? r.w - 2 : 100 };

	paint_lesson(t, f, inner);
}

void panel_text__method(const struct tui *t, const struct frame *f, struct rect r)
{
	const struct switch_cost *c = &t->cost;
	struct rect in = { r.y, r.x + 1, r.h, r.w - 2 < 100 ? r.w - 2 : 100 };
	/* the kernel's run time (task_totals.h: run_ns), as every figure of time on CPU */
	uint64_t vol = f->totals.nvcsw, inv = f->totals.nivcsw, run = f->totals.run_ns;
	char a[32], b[32], buf[512];
	int y = in.y;

	paint__text(t, y++, in.x, in.w, ROLE_TITLE, "what a context switch costs here");
	paint__wrap(t, in, &y, ROLE_DEFAULT,
	     "Two processes pass one byte back and forth over two pipes, as perf bench sched pipe "
	     "and lmbench lat_ctx do. Each round trip is two context switches. schedviz forks the "
	     "pair itself when it starts, so the tracer, which follows only the target's tasks, "
	     "never sees them.");
	y++;
	if (c->preset) {
		fmt__duration(a, sizeof(a), c->same_cpu_ns, t->theme.utf8);
		snprintf(buf, sizeof(buf), "Figures given, not measured: %s per switch on one CPU.", a);
		paint__wrap(t, in, &y, ROLE_DEFAULT, buf);
	} else if (!c->measured) {
		snprintf(buf, sizeof(buf), "Not measured: %s.", strerror(-c->err));
		paint__wrap(t, in, &y, ROLE_WARN, buf);
	} else {
		fmt__duration(a, sizeof(a), c->same_cpu_ns * 2, t->theme.utf8);
		fmt__duration(b, sizeof(b), c->same_cpu_ns, t->theme.utf8);
		snprintf(buf, sizeof(buf),
			 "Both pinned to CPU %d: %s per round trip (the fastest of %u batches of %u), "
			 "so %s per switch. That includes the pipe's read and write: an upper bound.",
			 c->cpu_a, a, SWITCH_COST_BATCHES, c->round_trips / SWITCH_COST_BATCHES, b);
		paint__wrap(t, in, &y, ROLE_DEFAULT, buf);
		if (c->cross_cpu_ns) {
			fmt__duration(a, sizeof(a), c->cross_cpu_ns, t->theme.utf8);
			snprintf(buf, sizeof(buf),
				 "On CPU %d and CPU %d: %s per hand-off (a wakeup across CPUs: the "
				 "IPI, the other CPU leaving idle).",
				 c->cpu_a, c->cpu_b, a);
			paint__wrap(t, in, &y, ROLE_DEFAULT, buf);
		} else {
			paint__wrap(t, in, &y, ROLE_DIM, "Only one CPU allowed: no cross-CPU figure.");
		}
	}
	y++;
	if (c->same_cpu_ns) {
		double share = switch_cost__share(c, vol + inv, run);

		fmt__duration(a, sizeof(a), (uint64_t)((double)(vol + inv) * (double)c->same_cpu_ns),
			      t->theme.utf8);
		fmt__duration(b, sizeof(b), run, t->theme.utf8);
		snprintf(buf, sizeof(buf),
			 "The target: %llu switches (%llu voluntary, %llu involuntary) x %llu ns = %s "
			 "of its %s on CPU: %.2f%% spent switching.",
			 (unsigned long long)(vol + inv), (unsigned long long)vol,
			 (unsigned long long)inv, (unsigned long long)c->same_cpu_ns, a, b,
			 share * 100.0);
		paint__wrap(t, in, &y, ROLE_DEFAULT, buf);
	}
	y++;
	paint__wrap(t, in, &y, ROLE_DIM,
	     "Not counted: the caches and TLB a switch leaves cold for the next task, which can "
	     "cost more than the switch itself. Kernel: kernel/sched/core.c: __schedule(), "
	     "context_switch(). Esc: back.");
}
