// SPDX-License-Identifier: GPL-2.0-only
/* summary_json.c - the "schedviz.summary/1" JSON document (see summary.h). */
#include "summary.h"

#include <errno.h>
#include <inttypes.h>

#include "futex_groups.h"
#include "task_totals.h"

/* JSON string: quotes, backslash and control bytes escaped; other bytes as-is. */
static void put_str(FILE *f, const char *s, size_t max)
{
	fputc('"', f);
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/*
 * A task's futex waits by lock (futex_groups.h): its name (null when the
 * trace has none), count, total time, and its most frequent wakers.
 */
static int put_locks(FILE *f, const struct trace_model *m, const struct trace_task *t)
{
	struct futex_groups_work w = { 0 };
	const struct futex_group *g;
	long n = futex_groups__of_task(&w, t, TASK_TOTALS_CLOSED, &g);

	if (n < 0)
		return -ENOMEM;
	fputs(",\"futex_locks\":[", f);
	for (long i = 0; i < n; i++) {
		const char *name = trace_model__lock_name(m, t->tgid, g[i].addr);

		fprintf(f, "%s{\"addr\":\"0x%" PRIx64 "\",\"name\":", i ? "," : "", g[i].addr);
		if (name)
			put_str(f, name, (size_t)-1);
		else
			fputs("null", f);
		fprintf(f, ",\"waits\":%" PRIu32 ",\"wait_ns\":%" PRIu64 ",\"wakers\":[",
			g[i].waits, g[i].wait_ns);
		for (uint32_t k = 0; k < g[i].n_wakers && k < FUTEX_GROUP_WAKERS; k++)
			fprintf(f, "%s{\"tid\":%" PRId32 ",\"waits\":%" PRIu32 "}", k ? "," : "",
				g[i].wakers[k].tid, g[i].wakers[k].count);
		fprintf(f, "],\"distinct_wakers\":%" PRIu32 "}", g[i].n_wakers);
	}
	fputc(']', f);
	futex_groups_work__free(&w);
	return 0;
}

/*
 * The task's wakeup latencies (sched_waking to the switch-in that ended the
 * wait, wall clock) as counts by power of two of microseconds, the detail
 * view's histogram: element i counts [2^i, 2^(i+1)) us, element 0 under
 * 2 us, the last of WAKEUP_HIST_BUCKETS everything above; cut after the
 * last non-zero count.
 */
static void put_hist(FILE *f, const struct trace_task *t)
{
	int last = WAKEUP_HIST_BUCKETS - 1;

	while (last >= 0 && !t->wakeup_hist[last])
		last--;
	fputs(",\"wakeup_latency_hist_log2_us\":[", f);
	for (int i = 0; i <= last; i++)
		fprintf(f, "%s%" PRIu32, i ? "," : "", t->wakeup_hist[i]);
	fputc(']', f);
}

static int put_task(FILE *f, const struct trace_model *m, const struct trace_task *t)
{
	struct task_totals tt;

	task_totals__of_task(t, TASK_TOTALS_CLOSED, &tt);
	fprintf(f, "{\"tid\":%" PRId32 ",\"tgid\":%" PRId32 ",\"ppid\":%" PRId32 ",\"comm\":",
		t->tid, t->tgid, t->ppid);
	put_str(f, t->comm, sizeof(t->comm));
	fprintf(f, ",\"kind\":\"%s\",\"exited\":%s", t->is_thread ? "thread" : "process",
		t->exited ? "true" : "false");
	fprintf(f, ",\"voluntary_switches\":%" PRIu64 ",\"involuntary_switches\":%" PRIu64,
		tt.nvcsw, tt.nivcsw);
	/* of those, the ones no rusage holds (after kernel/exit.c: __exit_signal()) */
	fprintf(f, ",\"released_voluntary\":%" PRIu64 ",\"released_involuntary\":%" PRIu64,
		tt.nvcsw_released, tt.nivcsw_released);
	/* and those made while the parent was reaping it: counted or not */
	fprintf(f, ",\"reaping_voluntary\":%" PRIu64 ",\"reaping_involuntary\":%" PRIu64,
		tt.nvcsw_reaping, tt.nivcsw_reaping);
	/* run_ns: the kernel's se.sum_exec_runtime as the switch-outs reported
	 * it; on_cpu_ns: wall clock, switch-in to switch-out; irq_steal_ns:
	 * how much of on-CPU time the kernel did not count (task_totals.h).
	 * runnable_ns: after a wakeup and after preemption; preempted_ns: the
	 * second part only, so runnable_ns - preempted_ns is wakeup latency */
	fprintf(f, ",\"run_ns\":%" PRIu64 ",\"runnable_ns\":%" PRIu64
		",\"sleep_ns\":%" PRIu64 ",\"blocked_ns\":%" PRIu64 ",\"preempted_ns\":%" PRIu64,
		tt.run_ns, tt.runnable_ns, tt.time_ns[TS_SLEEPING],
		tt.time_ns[TS_BLOCKED], tt.time_ns[TS_PREEMPTED]);
	fprintf(f, ",\"futex_wait_ns\":%" PRIu64 ",\"futex_waits\":%" PRIu64,
		tt.time_ns[TS_FUTEX], tt.futex_waits);
	fprintf(f, ",\"wakeups\":%" PRIu64 ",\"max_wakeup_latency_ns\":%" PRIu64
		",\"migrations\":%" PRIu64,
		tt.wakeups, tt.wakeup_latency_max_ns, tt.migrations);
	put_hist(f, t);
	fprintf(f, ",\"on_cpu_ns\":%" PRIu64 ",\"irq_steal_ns\":%" PRIu64
		",\"run_ns_from_kernel\":%s",
		tt.on_cpu_ns, tt.irq_steal_ns, tt.runtime_outs ? "true" : "false");
	/* the kernel's run-queue account (sched_info; task_totals.h):
	 * run_delay_ns is /proc/<pid>/task/<tid>/schedstat's second figure
	 * over the trace, pcount its third; null in a file without it */
	if (tt.runq_outs)
		fprintf(f, ",\"run_delay_ns\":%" PRIu64 ",\"run_delay_wakeup_ns\":%" PRIu64
			",\"run_delay_preempted_ns\":%" PRIu64 ",\"max_run_delay_ns\":%" PRIu64
			",\"pcount\":%" PRIu64,
			tt.run_delay_ns, tt.run_delay_wakeup_ns, tt.run_delay_preempt_ns,
			tt.run_delay_max_ns, tt.pcount);
	else
		fputs(",\"run_delay_ns\":null,\"run_delay_wakeup_ns\":null"
		      ",\"run_delay_preempted_ns\":null,\"max_run_delay_ns\":null"
		      ",\"pcount\":null", f);
	if (put_locks(f, m, t))
		return -ENOMEM;
	fputc('}', f);
	return 0;
}

int summary_json__write(FILE *f, const struct run_info *ri, const struct trace_model *m)
{
	const struct trace_model_stats *st = trace_model__stats(m);
	size_t n = trace_model__task_count(m);
	uint64_t from;

	fputs("{\"schema\":\"schedviz.summary/1\",\n \"target\":{\"argv\":[", f);
	for (int i = 0; i < ri->argc; i++) {
		if (i)
			fputc(',', f);
		put_str(f, ri->argv[i], (size_t)-1);
	}
	fprintf(f, "],\"pid\":%" PRId32 ",\"exit_code\":%d,\n", ri->pid, ri->exit_code);
	fprintf(f, "   \"rusage\":{\"nvcsw\":%" PRIu64 ",\"nivcsw\":%" PRIu64
		",\"utime_ns\":%" PRIu64 ",\"stime_ns\":%" PRIu64 "}",
		ri->ru_nvcsw, ri->ru_nivcsw, ri->ru_utime_ns, ri->ru_stime_ns);
	/* its first process's own figures at its final switch (the zombie's
	 * /proc/<pid>/schedstat, read before the reap), when known */
	if (ri->final_pcount)
		fprintf(f, ",\n   \"schedstat\":{\"run_ns\":%" PRIu64 ",\"run_delay_ns\":%" PRIu64
			",\"pcount\":%" PRIu64 "}", ri->final_run_ns, ri->final_run_delay_ns,
			ri->final_pcount);
	fputs("},\n", f);
	fprintf(f, " \"duration_ns\":%" PRIu64 ",\n",
		ri->end_ns > ri->start_ns ? ri->end_ns - ri->start_ns : 0);
	fprintf(f, " \"events\":{\"total\":%" PRIu64 ",\"lost\":%" PRIu64
		",\"out_of_order\":%" PRIu64 ",\"switch_in_missing\":%" PRIu64 "},\n",
		st->events, st->lost, st->out_of_order, st->switch_in_missing);
	/* a flight recording (the run's last part) and its trigger, if it fired */
	if (ri->flight)
		fprintf(f, " \"flight\":{\"trigger_tid\":%" PRId32 ",\"trigger_at_ns\":%" PRIu64
			",\"trigger_wait_ns\":%" PRIu64 "},\n", ri->trigger_tid,
			ri->trigger_ns > ri->start_ns ? ri->trigger_ns - ri->start_ns : 0,
			ri->trigger_wait_ns);
	/* only when the memory budget (trace_model__set_budget()) summarized
	 * the timeline: its first summarized_ns are kept as spans of span_ns
	 * or more. No figure in this document depends on it; a report of the
	 * file keeps no timeline, and says nothing */
	from = trace_model__detail_from(m);
	if (from)
		fprintf(f, " \"timeline\":{\"history_bytes\":%zu,\"summarized_ns\":%" PRIu64
			",\"span_ns\":%" PRIu64 "},\n", trace_model__history_bytes(m),
			from > ri->start_ns ? from - ri->start_ns : 0, trace_model__span_ns(m));
	fputs(" \"tasks\":[", f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n   " : "\n   ", f);
		if (put_task(f, m, trace_model__task(m, i)))
			return -ENOMEM;
	}
	fputs("]}\n", f);
	return ferror(f) ? -EIO : 0;
}
