// SPDX-License-Identifier: GPL-2.0-only
/* summary_text.c - the end-of-run table, one row per task (see summary.h). */
#include "summary.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "futex_groups.h"
#include "task_totals.h"

static const struct {
	const char *name;
	enum summary_sort sort;
} sort_keys[] = {
	{ "creation", SUMMARY_SORT_CREATION }, { "run", SUMMARY_SORT_RUN },
	{ "switches", SUMMARY_SORT_SWITCHES }, { "runnable", SUMMARY_SORT_RUNNABLE },
	{ "latency", SUMMARY_SORT_MAX_LATENCY }, { "futex", SUMMARY_SORT_FUTEX },
};

int summary_sort__parse(const char *s, enum summary_sort *out)
{
	for (size_t i = 0; i < sizeof(sort_keys) / sizeof(sort_keys[0]); i++) {
		if (!strcmp(s, sort_keys[i].name)) {
			*out = sort_keys[i].sort;
			return 0;
		}
	}
	return -EINVAL;
}

/* A row: the task and its figures, computed once (task_totals.h). */
struct row {
	const struct trace_task *t;
	struct task_totals tt;
};

/* The run-queue delay a row shows: the kernel's when the trace has it. */
static uint64_t runq_ns(const struct task_totals *tt)
{
	return tt->runq_outs ? tt->run_delay_ns : tt->runnable_ns;
}

static uint64_t sort_value(const struct task_totals *tt, enum summary_sort s)
{
	switch (s) {
	case SUMMARY_SORT_RUN:
		return tt->run_ns;
	case SUMMARY_SORT_SWITCHES:
		return tt->nvcsw + tt->nivcsw;
	case SUMMARY_SORT_RUNNABLE:
		return runq_ns(tt);
	case SUMMARY_SORT_MAX_LATENCY:
		return tt->wakeup_latency_max_ns;
	case SUMMARY_SORT_FUTEX:
		return tt->time_ns[TS_FUTEX];
	case SUMMARY_SORT_CREATION:
		break;
	}
	return 0;
}

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct row *x = a, *y = b;
	enum summary_sort sort = *(const enum summary_sort *)arg;
	uint64_t vx = sort_value(&x->tt, sort), vy = sort_value(&y->tt, sort);

	if (vx != vy)
		return vx < vy ? 1 : -1;
	return x->t->index < y->t->index ? -1 : x->t->index > y->t->index;
}

/* in, cut to len - 1 bytes, with control bytes turned into '?'. */
static void printable(char *out, size_t len, const char *in)
{
	size_t i;

	for (i = 0; i + 1 < len && in[i]; i++)
		out[i] = (unsigned char)in[i] < 0x20 || in[i] == 0x7f ? '?' : in[i];
	out[i] = '\0';
}

/* A name fit for one table cell. */
static void cell_name(char out[SCHED_COMM_LEN], const char *comm)
{
	printable(out, SCHED_COMM_LEN, comm);
}

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

#define LOCKS_PER_TASK 3	/* locks listed per task: the longest waited on */

/*
 * Each task's futex waits by lock, the longest total first: waits, time, the
 * futex word's address and name (trace_model__lock_name()), and the wakers
 * most often seen ending them (0: none traced: a timeout, a signal, or an
 * untraced waker). Tasks in the table's order. Returns 0 or -ENOMEM.
 */
static int put_locks(FILE *f, const struct trace_model *m, const struct row *v, size_t n)
{
	struct futex_groups_work w = { 0 };
	bool head = false;

	for (size_t i = 0; i < n; i++) {
		const struct futex_group *g;
		long k = futex_groups__of_task(&w, v[i].t, TASK_TOTALS_CLOSED, &g);
		char name[SCHED_COMM_LEN];

		if (k < 0) {
			futex_groups_work__free(&w);
			return -ENOMEM;
		}
		if (k && !head) {
			fprintf(f, "\nfutex waits by lock (the %d longest per task; woken by: TID "
				"(waits), 0 for none traced):\n", LOCKS_PER_TASK);
			head = true;
		}
		cell_name(name, v[i].t->comm);
		for (long j = 0; j < k && j < LOCKS_PER_TASK; j++) {
			const char *lock = trace_model__lock_name(m, v[i].t->tgid, g[j].addr);
			char shown[LOCK_TABLE_NAME_LEN];

			/* a file's names may hold any byte: none reaches the terminal raw */
			printable(shown, sizeof(shown), lock ? lock : "");
			fprintf(f, "%8" PRId32 " %-16.16s %7" PRIu32 " waits %10.2f ms  0x%-12" PRIx64
				" %s; woken by", v[i].t->tid, name, g[j].waits, ms(g[j].wait_ns),
				g[j].addr, lock ? shown : "(unnamed)");
			for (uint32_t q = 0; q < g[j].n_wakers && q < FUTEX_GROUP_WAKERS; q++)
				fprintf(f, "%s %" PRId32 " (%" PRIu32 ")", q ? "," : "",
					g[j].wakers[q].tid, g[j].wakers[q].count);
			if (g[j].n_wakers > FUTEX_GROUP_WAKERS)
				fprintf(f, ", %" PRIu32 " more", g[j].n_wakers - FUTEX_GROUP_WAKERS);
			fputc('\n', f);
		}
	}
	futex_groups_work__free(&w);
	return 0;
}

int summary_text__write(FILE *f, const struct run_info *ri, const struct trace_model *m,
			enum summary_sort sort)
{
	const struct trace_model_stats *st = trace_model__stats(m);
	size_t n = trace_model__task_count(m);
	struct row *v = calloc(n ? n : 1, sizeof(*v));
	struct task_totals run;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		v[i].t = trace_model__task(m, i);
		task_totals__of_task(v[i].t, TASK_TOTALS_CLOSED, &v[i].tt);
	}
	qsort_r(v, n, sizeof(*v), cmp_rows, &sort);
	task_totals__of_run(m, TASK_TOTALS_CLOSED, &run);

	fputs("target:", f);
	for (int i = 0; i < ri->argc; i++)
		fprintf(f, " %s", ri->argv[i]);
	fprintf(f, "\npid %" PRId32 ", exit code %d, %.3f s, %" PRIu64 " events, %" PRIu64
		" lost\n\n",
		ri->pid, ri->exit_code,
		(double)(ri->end_ns > ri->start_ns ? ri->end_ns - ri->start_ns : 0) / 1e9,
		st->events, st->lost);
	if (ri->flight)
		fputs("a flight recording: the run's last part only; counts are of that part\n\n", f);
	if (ri->trigger_ns)
		fprintf(f, "the trigger fired: task %" PRId32 " waited %.3f ms on a run queue "
			"(the kernel's run_delay), until %.3f s into the recording\n\n",
			ri->trigger_tid, (double)ri->trigger_wait_ns / 1e6,
			(double)(ri->trigger_ns > ri->start_ns ? ri->trigger_ns - ri->start_ns : 0) / 1e9);
	fprintf(f, "%8s %8s %-7s %-16s %8s %8s %10s %10s %9s %9s %10s %10s %7s %6s\n",
		"TID", "TGID", "KIND", "COMM", "VOL", "INVOL", "RUN ms", "RUNQ ms",
		"AVGLAT us", "MAXLAT us", "SLEEP ms", "FUTEX ms", "FWAITS", "MIGR");
	for (size_t i = 0; i < n; i++) {
		const struct trace_task *t = v[i].t;
		const struct task_totals *tt = &v[i].tt;
		char name[SCHED_COMM_LEN];
		double avg = tt->wakeups ?
			(double)tt->wakeup_latency_sum_ns / 1e3 / (double)tt->wakeups : 0;

		cell_name(name, t->comm);
		fprintf(f, "%8" PRId32 " %8" PRId32 " %-7s %-16.16s %8" PRIu64 " %8" PRIu64
			" %10.2f %10.2f %9.1f %9.1f %10.2f %10.2f %7" PRIu64 " %6" PRIu64 "\n",
			t->tid, t->tgid, t->is_thread ? "thread" : "process", name,
			tt->nvcsw, tt->nivcsw, ms(tt->run_ns), ms(runq_ns(tt)), avg,
			(double)tt->wakeup_latency_max_ns / 1e3, ms(tt->asleep_ns),
			ms(tt->time_ns[TS_FUTEX]), tt->futex_waits, tt->migrations);
	}
	if (run.runq_outs)
		fprintf(f, "\nrun-queue delay (RUNQ, the kernel's sched_info.run_delay): %.2f ms, "
			"%.2f ms of it after wakeups, %.2f ms after preemption; longest single "
			"wait %.3f ms; %" PRIu64 " times on a CPU (pcount). The wall clock saw "
			"%.2f ms runnable (from sched_waking, before the enqueue)\n",
			ms(run.run_delay_ns), ms(run.run_delay_wakeup_ns), ms(run.run_delay_preempt_ns),
			ms(run.run_delay_max_ns), run.pcount, ms(run.runnable_ns));
	/* the kernel's identity: rusage = sums less what it never collected */
	fprintf(f, "\nswitches: %" PRIu64 " voluntary, %" PRIu64 " involuntary; made after the "
		"kernel folded the task's counters (in no rusage): %" PRIu64 " and %" PRIu64 "\n",
		run.nvcsw, run.nivcsw, run.nvcsw_released, run.nivcsw_released);
	if (run.nvcsw_reaping || run.nivcsw_reaping)
		fprintf(f, "made while a parent was reaping the task (counted or not): "
			"%" PRIu64 " and %" PRIu64 "\n", run.nvcsw_reaping, run.nivcsw_reaping);
	if (!ri->flight)	/* a flight recording's part has no rusage of its own */
		fprintf(f, "kernel rusage of the target: nvcsw %" PRIu64 " (switches less folded: "
			"%" PRIu64 "), nivcsw %" PRIu64 " (%" PRIu64 ")\n",
			ri->ru_nvcsw, run.nvcsw - run.nvcsw_released, ri->ru_nivcsw,
			run.nivcsw - run.nivcsw_released);
	if (put_locks(f, m, v, n)) {
		free(v);
		return -ENOMEM;
	}
	free(v);
	return ferror(f) ? -EIO : 0;
}
