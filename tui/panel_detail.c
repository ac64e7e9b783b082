// SPDX-License-Identifier: GPL-2.0-only
/*
 * panel_detail.c - one task in detail: family, counts, state times, its
 * run time by the kernel and by the wall clock, its wakeup-latency
 * histogram and its futex waits by address.
 */
#include "paint.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "task_detail.h"

#define MAX_GROUPS 64
#define MAX_CHILDREN 16

/* Latest task with this tid created no later than `before` (a waker, a parent). */
static const struct trace_task *find_task(const struct frame *f, int32_t tid)
{
	const struct trace_task *found = NULL;

	for (size_t i = 0; i < f->ntasks; i++)
		if (f->tasks[i]->tid == tid)
			found = f->tasks[i];
	return found;
}

static void task_ref(const struct frame *f, int32_t tid, char *buf, size_t len)
{
	const struct trace_task *p = tid ? find_task(f, tid) : NULL;
	char name[SCHED_COMM_LEN + 4];

	if (!tid) {
		snprintf(buf, len, "none");
		return;
	}
	if (!p) {
		snprintf(buf, len, "[%d] (not traced)", tid);
		return;
	}
	paint__task_name(p, name, sizeof(name));
	snprintf(buf, len, "%s [%d]", name, tid);
}

static int paint_family(const struct tui *t, const struct frame *f, const struct trace_task *task,
			int y, struct rect r)
{
	uint32_t kids[MAX_CHILDREN];
	size_t nk = task_detail__children(f->tasks, f->ntasks, task, kids, MAX_CHILDREN);
	char parent[64], line[512];
	int len;

	task_ref(f, task->parent_tid, parent, sizeof(parent));
	len = snprintf(line, sizeof(line), "parent: %s   children: %s", parent, nk ? "" : "none");
	for (size_t i = 0; i < nk && i < MAX_CHILDREN && len < (int)sizeof(line) - 40; i++) {
		char name[SCHED_COMM_LEN + 4];

		paint__task_name(f->tasks[kids[i]], name, sizeof(name));
		len += snprintf(line + len, sizeof(line) - (size_t)len, "%s%s [%d]", i ? ", " : "",
				name, f->tasks[kids[i]]->tid);
	}
	if (nk > MAX_CHILDREN)
		snprintf(line + len, sizeof(line) - (size_t)len, " +%zu", nk - MAX_CHILDREN);
	paint__text(t, y, r.x, r.w, ROLE_DEFAULT, line);
	return y + 1;
}

static int paint_times(const struct tui *t, const struct task_totals *tt, int y, struct rect r)
{
	static const struct {
		enum task_state s;
		const char *name;
	} rows[] = {
		{ TS_RUNNING, "running" },     { TS_SLEEPING, "sleeping" },
		{ TS_RUNNABLE, "runnable" },   { TS_BLOCKED, "blocked" },
		{ TS_PREEMPTED, "preempted" }, { TS_FUTEX, "futex wait" },
	};
	uint64_t life = tt->life_ns;
	int colw = r.w / 2 < 40 ? r.w / 2 : 40;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t ns = tt->time_ns[rows[i].s];
		char d[32];
		int x = r.x + (int)(i % 2) * colw;

		fmt__duration(d, sizeof(d), ns, t->theme.utf8);
		paint__glyph(t, y + (int)(i / 2), x, theme__state_glyph(rows[i].s, 100),
			     theme__state_role(rows[i].s, 100));
		paint__text(t, y + (int)(i / 2), x + 2, 11, ROLE_DEFAULT, rows[i].name);
		/* right-align by display width: "µs" is one column, two bytes */
		paint__text(t, y + (int)(i / 2), x + 13 + 9 - paint__width(d), 9, ROLE_DEFAULT, d);
		paint__textf(t, y + (int)(i / 2), x + 22, colw - 23, ROLE_DEFAULT, " %4.0f%%",
			     life ? 100.0 * (double)ns / (double)life : 0.0);
	}
	return y + 3;
}

/*
 * The kernel's run time beside the wall clock's on-CPU time, and what the
 * kernel left out (task_totals.h): only for a trace whose switch-outs
 * carried the kernel's figure (SEF_RUNTIME).
 */
static int paint_run_time(const struct tui *t, const struct task_totals *tt, int y,
			  struct rect r)
{
	char k[32], w[32], d[32];

	if (!tt->runtime_outs)
		return y;
	fmt__duration(k, sizeof(k), tt->run_ns, t->theme.utf8);
	fmt__duration(w, sizeof(w), tt->on_cpu_ns, t->theme.utf8);
	fmt__duration(d, sizeof(d), tt->irq_steal_ns, t->theme.utf8);
	paint__textf(t, y, r.x, r.w, ROLE_DEFAULT,
		     "run time: kernel %s  on CPU (wall clock) %s  irq+steal %s", k, w, d);
	return y + 1;
}

/*
 * The kernel's run-queue delay (sched_info.run_delay) split by what began
 * each wait, its longest wait and its times on a CPU (pcount), beside the
 * wall clock's runnable time (task_totals.h): only for a trace whose
 * switch-outs carried them (SEF_RUNQ).
 */
static int paint_run_queue(const struct tui *t, const struct task_totals *tt, int y,
			   struct rect r)
{
	char k[32], wk[32], pr[32], mx[32], w[32];

	if (!tt->runq_outs)
		return y;
	fmt__duration(k, sizeof(k), tt->run_delay_ns, t->theme.utf8);
	fmt__duration(wk, sizeof(wk), tt->run_delay_wakeup_ns, t->theme.utf8);
	fmt__duration(pr, sizeof(pr), tt->run_delay_preempt_ns, t->theme.utf8);
	fmt__duration(mx, sizeof(mx), tt->run_delay_max_ns, t->theme.utf8);
	fmt__duration(w, sizeof(w), tt->runnable_ns, t->theme.utf8);
	paint__textf(t, y, r.x, r.w, ROLE_DEFAULT,
		     "run queue: kernel %s (after wakeup %s, after preemption %s, longest %s)  "
		     "%" PRIu64 " runs  runnable (wall clock) %s", k, wk, pr, mx, tt->pcount, w);
	return y + 1;
}

static void paint_histogram(const struct tui *t, const struct trace_task *task,
			    const struct task_totals *tt, struct rect r)
{
	int lo = -1, hi = -1, y = r.y;
	uint32_t max = 0;
	char title[96], lat[32];

	fmt__duration(lat, sizeof(lat), task_totals__avg_latency_ns(tt), t->theme.utf8);
	snprintf(title, sizeof(title), "wakeup latency (run-queue delay): %" PRIu64 " wakeups, avg %s",
		 tt->wakeups, lat);
	paint__text(t, y++, r.x, r.w, ROLE_TITLE, title);
	for (int i = 0; i < WAKEUP_HIST_BUCKETS; i++) {
		if (!task->wakeup_hist[i])
			continue;
		if (lo < 0)
			lo = i;
		hi = i;
		if (task->wakeup_hist[i] > max)
			max = task->wakeup_hist[i];
	}
	if (lo < 0) {
		paint__text(t, y, r.x + 2, r.w - 2, ROLE_DIM, "no wakeups yet");
		return;
	}
	for (int i = lo; i <= hi && y < r.y + r.h; i++) {
		char label[32], count[16];
		int barw = r.w - 20, n;

		task_detail__hist_label(label, sizeof(label), (unsigned)i, t->theme.utf8);
		fmt__count(count, sizeof(count), task->wakeup_hist[i]);
		if (y == r.y + r.h - 1 && i < hi) {
			paint__textf(t, y, r.x + 2, r.w - 2, ROLE_DIM, "... up to %s",
				     task_detail__hist_label(label, sizeof(label), (unsigned)hi,
							     t->theme.utf8));
			break;
		}
		paint__text(t, y, r.x + 2, 11, ROLE_DEFAULT, label);
		paint__textf(t, y, r.x + 13, 6, ROLE_DEFAULT, "%5s", count);
		n = barw > 0 ? (int)((uint64_t)task->wakeup_hist[i] * (uint64_t)barw / max) : 0;
		if (task->wakeup_hist[i] && n == 0 && barw > 0)
			n = 1;
		for (int k = 0; k < n; k++)
			paint__glyph(t, y, r.x + 19 + k, GLYPH_HBAR, ROLE_RUNNABLE);
		y++;
	}
}

static void paint_futex(const struct tui *t, const struct frame *f, const struct trace_task *task,
			const struct task_totals *tt, struct rect r)
{
	const struct futex_group *groups = f->groups;
	long ng = f->ngroups;
	char title[96], tw[32];
	int y = r.y;

	fmt__duration(tw, sizeof(tw), tt->time_ns[TS_FUTEX], t->theme.utf8);
	snprintf(title, sizeof(title), "futex waits: %" PRIu64 ", %s, by lock address",
		 tt->futex_waits, tw);
	paint__text(t, y++, r.x, r.w, ROLE_TITLE, title);
	if (ng <= 0) {
		paint__text(t, y, r.x + 2, r.w - 2, ROLE_DIM,
			    ng < 0 ? "out of memory" : "no futex waits");
		return;
	}
	for (long g = 0; g < ng && g < MAX_GROUPS && y < r.y + r.h; g++, y++) {
		char line[512], d[32];
		int len;

		if (y == r.y + r.h - 1 && g + 1 < ng) {
			paint__textf(t, y, r.x + 2, r.w - 2, ROLE_DIM, "... %ld more addresses", ng - g);
			break;
		}
		const char *name = f->src && f->src->model ?
			trace_model__lock_name(f->src->model, task->tgid, groups[g].addr) : NULL;

		fmt__duration(d, sizeof(d), groups[g].wait_ns, t->theme.utf8);
		/* the lock's name when the trace has it (user/collect/lock_names.h) */
		if (name)
			len = snprintf(line, sizeof(line), "%s x%u %s  woken by ", name,
				       groups[g].waits, d);
		else
			len = snprintf(line, sizeof(line), "%#" PRIx64 " x%u %s  woken by ",
				       groups[g].addr, groups[g].waits, d);
		for (uint32_t k = 0; k < groups[g].n_wakers && k < FUTEX_GROUP_WAKERS; k++) {
			char who[64];

			task_ref(f, groups[g].wakers[k].tid, who, sizeof(who));
			len += snprintf(line + len, sizeof(line) - (size_t)len, "%s%s x%u",
					k ? ", " : "", who, groups[g].wakers[k].count);
		}
		if (groups[g].n_wakers > FUTEX_GROUP_WAKERS)
			snprintf(line + len, sizeof(line) - (size_t)len, " +%u more",
				 groups[g].n_wakers - FUTEX_GROUP_WAKERS);
		paint__text(t, y, r.x + 2, r.w - 2, ROLE_DEFAULT, line);
	}
}

void panel_detail__paint(const struct tui *t, const struct frame *f, struct rect r)
{
	const struct trace_task *task = frame__lane_task(f, f->sel);
	struct task_totals tt;
	char name[SCHED_COMM_LEN + 4], created[32], exited[48], a[32], b[32], c[32], d[32];
	uint64_t life;
	int y = r.y;
	struct rect hist, fut;

	if (!task) {
		paint__text(t, y, r.x, r.w, ROLE_DIM, "no task selected (Esc: back)");
		return;
	}
	task_totals__of_task(task, f->now, &tt);
	life = tt.life_ns;
	paint__task_name(task, name, sizeof(name));
	fmt__duration(created, sizeof(created),
		      task->created_ns > f->begin ? task->created_ns - f->begin : 0, t->theme.utf8);
	if (task->exited && task->exit_ns <= f->now) {
		fmt__duration(a, sizeof(a), task->exit_ns - f->begin, t->theme.utf8);
		snprintf(exited, sizeof(exited), "  exited at %s", a);
	} else {
		exited[0] = '\0';
	}
	paint__textf(t, y++, r.x, r.w, ROLE_TITLE, "%s  tid %d  tgid %d  %s  created at %s%s",
		     name, task->tid, task->tgid,
		     task->is_thread && task->tid != task->tgid ? "thread" : "process", created,
		     exited);
	y = paint_family(t, f, task, y, r);
	fmt__count(a, sizeof(a), tt.nvcsw);
	fmt__rate(b, sizeof(b), tt.nvcsw, life);
	fmt__count(c, sizeof(c), tt.nivcsw);
	fmt__rate(d, sizeof(d), tt.nivcsw, life);
	paint__textf(t, y++, r.x, r.w, ROLE_DEFAULT,
		     "switches: voluntary %s (%s)  involuntary %s (%s)  migrations %" PRIu64, a, b, c,
		     d, tt.migrations);
	y = paint_times(t, &tt, y, r);
	y = paint_run_time(t, &tt, y, r);
	y = paint_run_queue(t, &tt, y, r);
	fmt__duration(a, sizeof(a), tt.wakeup_latency_max_ns, t->theme.utf8);
	paint__textf(t, y++, r.x, r.w, ROLE_DIM, "max wakeup latency %s   last CPU %d", a,
		     task->last_cpu);
	if (y >= r.y + r.h)
		return;
	if (r.w >= 150) {
		hist = (struct rect){ y, r.x, r.y + r.h - y, r.w / 2 - 1 };
		fut = (struct rect){ y, r.x + r.w / 2, r.y + r.h - y, r.w - r.w / 2 };
	} else {
		/* stacked: the histogram takes what it needs unless the futex list then starves */
		int avail = r.y + r.h - y, h = avail / 2;
		long ng = f->ngroups;
		int need_h = 2, need_f = 1 + (ng > 0 ? (int)ng : 1);
		int lo = -1, hi = -1;

		for (int i = 0; i < WAKEUP_HIST_BUCKETS; i++) {
			if (task->wakeup_hist[i]) {
				if (lo < 0)
					lo = i;
				hi = i;
			}
		}
		if (lo >= 0)
			need_h = 1 + hi - lo + 1;
		if (need_h + need_f <= avail || need_h <= h)
			h = need_h < avail ? need_h : avail;
		else if (need_f < avail - h)
			h = avail - need_f;
		hist = (struct rect){ y, r.x, h, r.w };
		fut = (struct rect){ y + h, r.x, avail - h, r.w };
	}
	paint_histogram(t, task, &tt, hist);
	paint_futex(t, f, task, &tt, fut);
}
