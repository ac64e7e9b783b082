/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * task_totals.h - the figures every consumer shows for a task, a process or
 * the whole run, computed here once: the summaries (summary_*.c), the view's
 * header, lanes and lesson figures (tui/), and the exporters read these
 * instead of adding up trace_task fields themselves.
 *
 * Times include the open state up to now_ns (trace_task__time_in()), so a
 * live view and a finished trace use the same code. now_ns =
 * TASK_TOTALS_CLOSED counts closed intervals only: what the summaries show
 * (after trace_model__finish() every state is closed; a snapshot taken
 * mid-run shows what has closed so far).
 */
#ifndef SCHEDVIZ_MODEL_TASK_TOTALS_H
#define SCHEDVIZ_MODEL_TASK_TOTALS_H

#include <stddef.h>
#include <stdint.h>

#include "trace_model.h"

/* now_ns that adds no open state: figures over closed intervals (life_ns 0). */
#define TASK_TOTALS_CLOSED 0

struct task_totals {
	uint64_t nvcsw, nivcsw;		/* voluntary / involuntary switches */
	uint64_t nvcsw_released, nivcsw_released; /* of those: in no rusage */
	uint64_t nvcsw_reaping, nivcsw_reaping;	  /* of those: while being reaped */
	uint64_t time_ns[TS__COUNT];	/* ns per state, open state up to now_ns */
	/* Run time two ways (trace_model.h: struct trace_task):
	 * run_ns, the kernel's se.sum_exec_runtime as its switch-outs reported
	 * it (closed runs; kernel/sched/fair.c: update_curr()), or for a task
	 * whose switch-outs carried no SEF_RUNTIME (a trace without it) its
	 * closed wall-clock on-CPU time; on_cpu_ns, wall clock from switch-in
	 * to switch-out (= time_ns[TS_RUNNING], open run included);
	 * irq_steal_ns, how much longer the wall clock saw it on a CPU than
	 * the kernel counted (interrupt and steal time: kernel/sched/core.c:
	 * update_rq_clock_task()) over runs both saw, 0 when not longer, per
	 * task; runtime_outs: switch-outs that carried the kernel's figure. */
	uint64_t run_ns, on_cpu_ns, irq_steal_ns;
	uint64_t runtime_outs;
	uint64_t runnable_ns;		/* RUNNABLE + PREEMPTED: waiting for a CPU,
					   by the wall clock (the lanes) */
	/* The kernel's run-queue figures (trace_model.h: struct trace_task,
	 * closed runs): run_delay_ns = sched_info.run_delay's advance, of it
	 * after a wakeup and after a preemption; the largest single wait;
	 * pcount, times on a CPU; runq_outs, switch-outs that carried them
	 * (0: a file without them). */
	uint64_t run_delay_ns, run_delay_wakeup_ns, run_delay_preempt_ns;
	uint64_t run_delay_max_ns;
	uint64_t pcount, runq_outs;
	uint64_t asleep_ns;		/* SLEEPING + BLOCKED: asleep outside a futex wait */
	uint64_t off_cpu_ns;		/* runnable + sleeping + blocked + futex */
	uint64_t wakeups;		/* RUNNABLE intervals started by a wakeup */
	uint64_t wakeup_latency_sum_ns;
	uint64_t wakeup_latency_max_ns;	/* largest single one */
	uint64_t futex_waits;		/* futex waits that slept */
	uint64_t migrations;
	uint64_t life_ns;		/* created (or first seen) to exit or now_ns */
	uint32_t tasks;			/* tasks summed (1 for one task) */
	uint32_t processes, threads;	/* of those: leaders / other threads */
	uint32_t exited;		/* of those: final switch seen */
};

/* The totals of task t up to now_ns (ns, the trace's clock). Fills *out. */
void task_totals__of_task(const struct trace_task *t, uint64_t now_ns, struct task_totals *out);

/* Add b into a: counts and times summed, maxima kept. */
void task_totals__add(struct task_totals *a, const struct task_totals *b);

/*
 * The totals over tasks[0..n) (borrowed) up to now_ns: summed as
 * task_totals__add() does. n == 0 gives all zeros.
 */
void task_totals__of_tasks(const struct trace_task *const *tasks, size_t n, uint64_t now_ns,
			   struct task_totals *out);

/*
 * Over every task of m, up to now_ns (the run's totals): the same figures
 * as task_totals__of_tasks() over all of m's tasks. The model keeps these
 * sums as tasks change: a call re-adds only the tasks changed since the
 * previous call, so a live view pays per changed task, not per task, each
 * frame; a now_ns earlier than the newest state change (a view looking
 * back) adds every task up instead. m is const to the caller: only its
 * private sums move, so calls on one model must not run concurrently
 * (nor with trace_model__add(), as for any model call).
 */
void task_totals__of_run(const struct trace_model *m, uint64_t now_ns, struct task_totals *out);

/*
 * Over every task of m with this TGID (a process and its threads), up to
 * now_ns; kept as task_totals__of_run() is. All zeros for a TGID m never saw.
 */
void task_totals__of_process(const struct trace_model *m, int32_t tgid, uint64_t now_ns,
			     struct task_totals *out);

/* Average wakeup latency of tt, ns (0 with no wakeups). */
static inline uint64_t task_totals__avg_latency_ns(const struct task_totals *tt)
{
	return tt->wakeups ? tt->wakeup_latency_sum_ns / tt->wakeups : 0;
}

#endif
