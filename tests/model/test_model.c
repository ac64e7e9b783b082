// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_model.c - the trace model fed synthetic event sequences: every state
 * transition, voluntary vs involuntary, futex waits, wakeup latency,
 * migrations, fork of threads and processes, renames, exit, and
 * out-of-order timestamps.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "task_totals.h"
#include "trace_model.h"

#define LAUNCHER 100
#define ROOT 200
#define US 1000ull

static struct sched_event ev(uint64_t ts, enum sched_event_type type, int32_t tid,
			     int32_t tgid, int32_t tid2, int32_t tgid2, uint32_t flags)
{
	struct sched_event e;

	memset(&e, 0, sizeof(e));
	e.ts_ns = ts;
	e.type = (uint16_t)type;
	e.tid = tid;
	e.tgid = tgid;
	e.tid2 = tid2;
	e.tgid2 = tgid2;
	e.flags = flags;
	snprintf(e.comm, sizeof(e.comm), "t%d", tid);
	snprintf(e.comm2, sizeof(e.comm2), "t%d", tid2);
	return e;
}

static void add(struct trace_model *m, struct sched_event e)
{
	assert_int_equal(trace_model__add(m, &e), 0);
}

/* prev (traced) switches out to an untraced task on cpu */
static void out(struct trace_model *m, uint64_t ts, int32_t tid, int32_t tgid,
		uint32_t flags, uint32_t state, int cpu)
{
	struct sched_event e = ev(ts, SE_SWITCH, tid, tgid, 0, 0, SEF_PREV_TARGET | flags);

	e.state = state;
	e.cpu = (uint16_t)cpu;
	add(m, e);
}

static void in(struct trace_model *m, uint64_t ts, int32_t tid, int32_t tgid, int cpu)
{
	struct sched_event e = ev(ts, SE_SWITCH, 0, 0, tid, tgid, SEF_NEXT_TARGET);

	e.cpu = (uint16_t)cpu;
	add(m, e);
}

static void waking(struct trace_model *m, uint64_t ts, int32_t tid, int32_t tgid, int32_t waker)
{
	add(m, ev(ts, SE_WAKING, tid, tgid, waker, waker, 0));
}

/* launcher forks ROOT, which is woken and runs on cpu 0 at 10 us */
static struct trace_model *started(void)
{
	struct trace_model *m = NULL;

	assert_int_equal(trace_model__new(&m), 0);
	add(m, ev(1 * US, SE_FORK, LAUNCHER, LAUNCHER, ROOT, ROOT, 0));
	add(m, ev(2 * US, SE_WAKEUP_NEW, ROOT, ROOT, LAUNCHER, LAUNCHER, 0));
	in(m, 10 * US, ROOT, ROOT, 0);
	return m;
}

static void test_fork_creates_root_process(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t = trace_model__find(m, ROOT);

	(void)state;
	assert_non_null(t);
	assert_int_equal(trace_model__task_count(m), 1);
	assert_false(t->is_thread);
	assert_int_equal(t->ppid, LAUNCHER);
	assert_int_equal(t->parent_tid, LAUNCHER);
	assert_int_equal(t->state, TS_RUNNING);
	assert_int_equal(t->cpu, 0);
	/* 2 us -> 10 us waiting for a CPU after wakeup_new */
	assert_int_equal(t->wakeups, 1);
	assert_int_equal(t->wakeup_latency_max_ns, 8 * US);
	assert_int_equal(t->time_ns[TS_RUNNABLE], 8 * US);
	assert_int_equal(trace_model__stats(m)->unknown_task, 0);
	trace_model__free(m);
}

static void test_voluntary_sleep_and_wakeup(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t;

	(void)state;
	out(m, 20 * US, ROOT, ROOT, SEF_VOLUNTARY, SE_TASK_INTERRUPTIBLE, 0);
	waking(m, 50 * US, ROOT, ROOT, 999);
	add(m, ev(51 * US, SE_WAKEUP, ROOT, ROOT, 999, 999, 0)); /* no second wakeup */
	in(m, 53 * US, ROOT, ROOT, 0);
	t = trace_model__find(m, ROOT);
	assert_int_equal(t->nvcsw, 1);
	assert_int_equal(t->nivcsw, 0);
	assert_int_equal(t->time_ns[TS_RUNNING], 10 * US);
	assert_int_equal(t->time_ns[TS_SLEEPING], 30 * US);
	assert_int_equal(t->wakeups, 2);
	assert_int_equal(t->wakeup_latency_max_ns, 8 * US);
	assert_int_equal(t->wakeup_latency_sum_ns, 8 * US + 3 * US);
	assert_int_equal(trace_task__state_at(t, 30 * US), TS_SLEEPING);
	assert_int_equal(trace_task__state_at(t, 51 * US), TS_RUNNABLE);
	assert_int_equal(trace_task__state_at(t, 15 * US), TS_RUNNING);
	assert_int_equal(trace_task__state_at(t, 0), TS_UNKNOWN);
	/* the runnable interval remembers its waker */
	assert_int_equal(t->iv[t->n_iv - 1].state, TS_RUNNABLE);
	assert_int_equal(t->iv[t->n_iv - 1].waker_tid, 999);
	trace_model__free(m);
}

static void test_involuntary_is_preempted(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t;

	(void)state;
	out(m, 30 * US, ROOT, ROOT, SEF_PREEMPT, 0, 0);
	in(m, 45 * US, ROOT, ROOT, 1); /* runs again on another CPU */
	t = trace_model__find(m, ROOT);
	assert_int_equal(t->nvcsw, 0);
	assert_int_equal(t->nivcsw, 1);
	assert_int_equal(t->time_ns[TS_PREEMPTED], 15 * US);
	assert_int_equal(t->migrations, 1);
	assert_int_equal(t->cpu, 1);
	/* preemption is not a wakeup: latency stats unchanged */
	assert_int_equal(t->wakeups, 1);
	trace_model__free(m);
}

static void test_voluntary_flag_wins_over_prev_state(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t;

	(void)state;
	/* prev_state says S, but nivcsw moved (e.g. preempted while setting up
	 * a sleep): the kernel counted it involuntary, so do we */
	out(m, 20 * US, ROOT, ROOT, 0, SE_TASK_INTERRUPTIBLE, 0);
	t = trace_model__find(m, ROOT);
	assert_int_equal(t->nivcsw, 1);
	assert_int_equal(t->nvcsw, 0);
	assert_int_equal(t->state, TS_PREEMPTED);
	/* voluntary with prev_state 0: a signal was pending, still runnable */
	in(m, 25 * US, ROOT, ROOT, 0);
	out(m, 30 * US, ROOT, ROOT, SEF_VOLUNTARY, 0, 0);
	assert_int_equal(t->nvcsw, 1);
	assert_int_equal(t->state, TS_PREEMPTED);
	trace_model__free(m);
}

static void test_blocked_and_noload(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t;

	(void)state;
	out(m, 20 * US, ROOT, ROOT, SEF_VOLUNTARY, SE_TASK_UNINTERRUPTIBLE, 0);
	t = trace_model__find(m, ROOT);
	assert_int_equal(t->state, TS_BLOCKED);
	waking(m, 40 * US, ROOT, ROOT, 0);
	in(m, 41 * US, ROOT, ROOT, 0);
	assert_int_equal(t->time_ns[TS_BLOCKED], 20 * US);
	/* TASK_IDLE (D + NOLOAD) does not count as blocked */
	out(m, 50 * US, ROOT, ROOT, SEF_VOLUNTARY, SE_TASK_UNINTERRUPTIBLE | SE_TASK_NOLOAD, 0);
	assert_int_equal(t->state, TS_SLEEPING);
	trace_model__free(m);
}

static void test_futex_wait_with_waker(void **state)
{
	struct trace_model *m = started();
	struct sched_event e;
	const struct trace_task *t;

	(void)state;
	e = ev(20 * US, SE_SWITCH, ROOT, ROOT, 0, 0, SEF_PREV_TARGET | SEF_VOLUNTARY | SEF_FUTEX);
	e.state = SE_TASK_INTERRUPTIBLE;
	e.futex_addr = 0x7f0000001000ull;
	e.futex_op = 0;
	add(m, e);
	waking(m, 70 * US, ROOT, ROOT, 201);
	in(m, 72 * US, ROOT, ROOT, 0);
	t = trace_model__find(m, ROOT);
	assert_int_equal(t->futex_waits, 1);
	assert_int_equal(t->time_ns[TS_FUTEX], 50 * US);
	assert_int_equal(t->time_ns[TS_SLEEPING], 0);
	assert_int_equal(t->n_fw, 1);
	assert_int_equal(t->fw[0].addr, 0x7f0000001000ull);
	assert_int_equal(t->fw[0].start_ns, 20 * US);
	assert_int_equal(t->fw[0].end_ns, 70 * US);
	assert_int_equal(t->fw[0].waker_tid, 201);
	trace_model__free(m);
}

static void test_waking_before_switch_out(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t;

	(void)state;
	/* try_to_wake_up() fires sched_waking, then waits for on_cpu to clear:
	 * the waking can precede the sleeping task's own switch-out */
	waking(m, 19 * US, ROOT, ROOT, 300);
	out(m, 20 * US, ROOT, ROOT, SEF_VOLUNTARY, SE_TASK_INTERRUPTIBLE, 0);
	t = trace_model__find(m, ROOT);
	assert_int_equal(t->state, TS_RUNNABLE);
	assert_int_equal(t->wakeups, 2);
	in(m, 26 * US, ROOT, ROOT, 0);
	assert_int_equal(t->time_ns[TS_SLEEPING], 0);
	assert_int_equal(t->wakeup_latency_max_ns, 8 * US);
	assert_int_equal(t->time_ns[TS_RUNNABLE], 8 * US + 6 * US);
	trace_model__free(m);
}

static void test_thread_fork_rename_exit(void **state)
{
	struct trace_model *m = started();
	struct sched_event e;
	const struct trace_task *t;

	(void)state;
	add(m, ev(12 * US, SE_FORK, ROOT, ROOT, 201, ROOT, SEF_THREAD));
	add(m, ev(13 * US, SE_WAKEUP_NEW, 201, ROOT, ROOT, ROOT, 0));
	e = ev(20 * US, SE_RENAME, 201, ROOT, 0, 0, 0);
	strcpy(e.comm, "worker-1");
	strcpy(e.comm2, "t200");
	add(m, e);
	in(m, 21 * US, 201, ROOT, 1);
	add(m, ev(30 * US, SE_EXIT, 201, ROOT, 0, 0, 0));
	t = trace_model__find(m, 201);
	assert_true(t->exiting);
	assert_false(t->exited);
	e = ev(31 * US, SE_SWITCH, 201, ROOT, 0, 0, SEF_PREV_TARGET | SEF_VOLUNTARY);
	strcpy(e.comm, "worker-1");
	e.state = SE_TASK_DEAD;
	e.cpu = 1;
	add(m, e);
	assert_int_equal(trace_model__task_count(m), 2);
	assert_true(t->is_thread);
	assert_int_equal(t->tgid, ROOT);
	assert_int_equal(t->ppid, LAUNCHER); /* a thread's ppid is its process's */
	assert_int_equal(t->parent_tid, ROOT);
	assert_string_equal(t->comm, "worker-1");
	assert_true(t->exited);
	assert_int_equal(t->exit_ns, 31 * US);
	assert_int_equal(t->state, TS_EXITED);
	assert_int_equal(t->nvcsw, 1);
	assert_int_equal(t->time_ns[TS_RUNNING], 10 * US);
	assert_int_equal(t->index, 1);
	/* an exited task takes no more wakeups, and finish leaves it alone */
	waking(m, 40 * US, 201, ROOT, ROOT);
	trace_model__finish(m, 100 * US);
	assert_int_equal(t->state, TS_EXITED);
	assert_int_equal(t->wakeups, 1);
	trace_model__free(m);
}

static void test_process_fork_ppid(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t;

	(void)state;
	add(m, ev(12 * US, SE_FORK, ROOT, ROOT, 300, 300, 0));
	t = trace_model__find(m, 300);
	assert_false(t->is_thread);
	assert_int_equal(t->ppid, ROOT);
	assert_int_equal(t->state, TS_UNKNOWN);
	trace_model__free(m);
}

static void test_out_of_order_is_reported_and_clamped(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t;

	(void)state;
	out(m, 30 * US, ROOT, ROOT, SEF_VOLUNTARY, SE_TASK_INTERRUPTIBLE, 0);
	waking(m, 25 * US, ROOT, ROOT, 0); /* time travel */
	assert_int_equal(trace_model__stats(m)->out_of_order, 1);
	t = trace_model__find(m, ROOT);
	assert_int_equal(t->state, TS_RUNNABLE);
	assert_int_equal(t->state_since_ns, 30 * US); /* applied at the newest time */
	assert_int_equal(trace_model__stats(m)->last_ns, 30 * US);
	trace_model__free(m);
}

static void test_unknown_task_and_bad_event(void **state)
{
	struct trace_model *m = started();
	struct sched_event e = ev(40 * US, 0, ROOT, ROOT, 0, 0, 0);

	(void)state;
	assert_int_equal(trace_model__add(m, &e), -EINVAL);
	e.type = SE__MAX;
	assert_int_equal(trace_model__add(m, &e), -EINVAL);
	in(m, 50 * US, 777, 777, 1); /* never seen created */
	assert_int_equal(trace_model__stats(m)->unknown_task, 1);
	assert_non_null(trace_model__find(m, 777));
	trace_model__free(m);
}

static void test_untraced_sides_ignored(void **state)
{
	struct trace_model *m = started();
	struct sched_event e = ev(40 * US, SE_SWITCH, ROOT, ROOT, 555, 555, SEF_PREV_TARGET | SEF_VOLUNTARY);

	(void)state;
	e.state = SE_TASK_INTERRUPTIBLE;
	add(m, e);
	assert_null(trace_model__find(m, 555));
	assert_int_equal(trace_model__task_count(m), 1);
	trace_model__free(m);
}

static void test_finish_and_time_in(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t = trace_model__find(m, ROOT);

	(void)state;
	/* open RUNNING interval counts in time_in but not yet in counters */
	assert_int_equal(t->time_ns[TS_RUNNING], 0);
	assert_int_equal(trace_task__time_in(t, TS_RUNNING, 25 * US), 15 * US);
	trace_model__finish(m, 40 * US);
	assert_int_equal(t->time_ns[TS_RUNNING], 30 * US);
	assert_int_equal(trace_task__time_in(t, TS_RUNNING, 40 * US), 30 * US);
	/* events after finish do not double count */
	out(m, 50 * US, ROOT, ROOT, SEF_VOLUNTARY, SE_TASK_INTERRUPTIBLE, 0);
	assert_int_equal(t->time_ns[TS_RUNNING], 40 * US);
	trace_model__finish(m, 60 * US);
	assert_int_equal(t->time_ns[TS_SLEEPING], 10 * US);
	trace_model__free(m);
}

static void test_tid_reuse_names_new_task(void **state)
{
	struct trace_model *m = started();
	struct sched_event e;

	(void)state;
	add(m, ev(12 * US, SE_FORK, ROOT, ROOT, 300, 300, 0));
	e = ev(13 * US, SE_SWITCH, 300, 300, 0, 0, SEF_PREV_TARGET | SEF_VOLUNTARY);
	e.state = SE_TASK_DEAD;
	add(m, e);
	add(m, ev(20 * US, SE_FORK, ROOT, ROOT, 300, 300, 0));
	assert_int_equal(trace_model__task_count(m), 3);
	assert_false(trace_model__find(m, 300)->exited);
	assert_true(trace_model__task(m, 1)->exited);
	trace_model__free(m);
}

static void test_many_tasks_hash_growth(void **state)
{
	struct trace_model *m = started();

	(void)state;
	for (int i = 0; i < 5000; i++)
		add(m, ev(20 * US + (uint64_t)i, SE_FORK, ROOT, ROOT, 1000 + i, ROOT, SEF_THREAD));
	assert_int_equal(trace_model__task_count(m), 5001);
	for (int i = 0; i < 5000; i += 97)
		assert_int_equal(trace_model__find(m, 1000 + i)->index, (uint32_t)i + 1);
	trace_model__free(m);
}

/*
 * A switch made after __exit_signal() folded the task's counters
 * (SEF_RELEASED) or while its parent reaped it (SEF_REAPING) is counted in
 * nvcsw/nivcsw and apart; released wins when both are set.
 */
static void test_released_and_reaping_switches(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t = trace_model__find(m, ROOT);
	struct task_totals tt;

	(void)state;
	out(m, 20 * US, ROOT, ROOT, 0, 0, 0);				/* plain, involuntary */
	in(m, 21 * US, ROOT, ROOT, 0);
	out(m, 22 * US, ROOT, ROOT, SEF_RELEASED, 0, 0);		/* involuntary, released */
	in(m, 23 * US, ROOT, ROOT, 0);
	out(m, 24 * US, ROOT, ROOT, SEF_REAPING, 0, 0);		/* involuntary, reaping */
	in(m, 25 * US, ROOT, ROOT, 0);
	out(m, 26 * US, ROOT, ROOT, SEF_REAPING | SEF_RELEASED, 0, 0); /* released wins */
	in(m, 27 * US, ROOT, ROOT, 0);
	out(m, 28 * US, ROOT, ROOT, SEF_VOLUNTARY | SEF_REAPING, SE_TASK_INTERRUPTIBLE, 0);
	waking(m, 29 * US, ROOT, ROOT, 999);
	in(m, 30 * US, ROOT, ROOT, 0);
	out(m, 31 * US, ROOT, ROOT, SEF_VOLUNTARY | SEF_RELEASED, SE_TASK_DEAD, 0);
	assert_int_equal(t->nivcsw, 4);
	assert_int_equal(t->nvcsw, 2);
	assert_int_equal(t->nivcsw_released, 2);
	assert_int_equal(t->nivcsw_reaping, 1);
	assert_int_equal(t->nvcsw_released, 1);
	assert_int_equal(t->nvcsw_reaping, 1);
	assert_true(t->exited);
	/* and the totals carry them, per task, per process and per run */
	task_totals__of_task(t, 40 * US, &tt);
	assert_int_equal(tt.nivcsw_released, 2);
	assert_int_equal(tt.nivcsw_reaping, 1);
	assert_int_equal(tt.nvcsw_released, 1);
	assert_int_equal(tt.nvcsw_reaping, 1);
	task_totals__of_process(m, ROOT, 40 * US, &tt);
	assert_int_equal(tt.nvcsw + tt.nivcsw, 6);
	assert_int_equal(tt.nvcsw_released + tt.nivcsw_released, 3);
	task_totals__of_run(m, 40 * US, &tt);
	assert_int_equal(tt.nvcsw_reaping + tt.nivcsw_reaping, 2);
	assert_int_equal(tt.exited, 1);
	trace_model__free(m);
}

static void test_missing_switch_in_rebuilt_from_runtime(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t = trace_model__find(m, ROOT);
	struct sched_event e;

	(void)state;
	out(m, 20 * US, ROOT, ROOT, SEF_PREEMPT, 0, 0);		/* ran 10..20 */
	/* the switch-in at 60 us never came; the switch-out at 100 us says
	 * the kernel's clock counted 40 us of running since the last one */
	e = ev(100 * US, SE_SWITCH, ROOT, ROOT, 0, 0, SEF_PREV_TARGET | SEF_RUNTIME);
	e.run_delta_ns = 40 * US;
	e.cpu = 1;
	add(m, e);
	assert_int_equal(trace_model__stats(m)->switch_in_missing, 1);
	assert_int_equal(t->time_ns[TS_RUNNING], 10 * US + 40 * US);
	assert_int_equal(t->time_ns[TS_PREEMPTED], 40 * US);
	assert_int_equal(t->migrations, 1);
	assert_int_equal(trace_task__state_at(t, 70 * US), TS_RUNNING);
	assert_int_equal(trace_task__state_at(t, 50 * US), TS_PREEMPTED);
	/* a consistent switch-out is left alone */
	in(m, 110 * US, ROOT, ROOT, 1);
	e = ev(120 * US, SE_SWITCH, ROOT, ROOT, 0, 0, SEF_PREV_TARGET | SEF_RUNTIME);
	e.run_delta_ns = 7 * US;
	add(m, e);
	assert_int_equal(trace_model__stats(m)->switch_in_missing, 1);
	assert_int_equal(t->time_ns[TS_RUNNING], 60 * US);
	trace_model__free(m);
}

/* ROOT runs from..to on cpu 0; its switch-out says the kernel counted kernel_ns. */
static void ran(struct trace_model *m, uint64_t from, uint64_t to, uint64_t kernel_ns)
{
	struct sched_event e = ev(to, SE_SWITCH, ROOT, ROOT, 0, 0, SEF_PREV_TARGET | SEF_RUNTIME);

	in(m, from, ROOT, ROOT, 0);
	e.run_delta_ns = kernel_ns;
	add(m, e);
}

/* Run time two ways: the kernel's (run_delta_ns) and the wall clock's. */
static void test_run_time_kernel_and_wall(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t = trace_model__find(m, ROOT);
	struct task_totals tt;

	(void)state;
	/* no kernel figure (a trace without SEF_RUNTIME): the wall clock's */
	out(m, 20 * US, ROOT, ROOT, SEF_PREEMPT, 0, 0);		/* ran 10..20 */
	task_totals__of_task(t, TASK_TOTALS_CLOSED, &tt);
	assert_int_equal(tt.run_ns, 10 * US);
	assert_int_equal(tt.on_cpu_ns, 10 * US);
	assert_int_equal(tt.irq_steal_ns, 0);
	assert_int_equal(tt.runtime_outs, 0);
	/* 20 us on the wall clock, 17 us by the kernel's: 3 us it left out */
	ran(m, 30 * US, 50 * US, 17 * US);
	task_totals__of_task(t, TASK_TOTALS_CLOSED, &tt);
	assert_int_equal(tt.run_ns, 17 * US);
	assert_int_equal(tt.on_cpu_ns, 30 * US);
	assert_int_equal(tt.irq_steal_ns, 3 * US);
	assert_int_equal(tt.runtime_outs, 1);
	/* a run the kernel's clock saw 2 us longer offsets the difference */
	ran(m, 60 * US, 62 * US, 4 * US);
	task_totals__of_task(t, TASK_TOTALS_CLOSED, &tt);
	assert_int_equal(tt.run_ns, 21 * US);
	assert_int_equal(tt.irq_steal_ns, 1 * US);
	/* an open run counts on the wall clock only, until its switch-out */
	in(m, 70 * US, ROOT, ROOT, 0);
	task_totals__of_run(m, 80 * US, &tt);
	assert_int_equal(tt.run_ns, 21 * US);
	assert_int_equal(tt.on_cpu_ns, 42 * US);
	assert_int_equal(tt.time_ns[TS_RUNNING], 42 * US);
	assert_int_equal(tt.irq_steal_ns, 1 * US);
	trace_model__free(m);
}

static void test_latency_histogram(void **state)
{
	struct trace_model *m = started();
	const struct trace_task *t = trace_model__find(m, ROOT);
	uint64_t ts = 20 * US;

	(void)state;
	/* latencies 8 us (from wakeup_new) then 1 us, 3 us, 1000 us */
	const uint64_t lat[] = { 1 * US, 3 * US, 1000 * US };
	for (size_t i = 0; i < 3; i++) {
		out(m, ts, ROOT, ROOT, SEF_VOLUNTARY, SE_TASK_INTERRUPTIBLE, 0);
		waking(m, ts + 5 * US, ROOT, ROOT, 0);
		in(m, ts + 5 * US + lat[i], ROOT, ROOT, 0);
		ts += 2000 * US;
	}
	assert_int_equal(t->wakeup_hist[0], 1);	 /* 1 us: < 2 us */
	assert_int_equal(t->wakeup_hist[1], 1);	 /* 3 us: [2, 4) */
	assert_int_equal(t->wakeup_hist[3], 1);	 /* 8 us: [8, 16) */
	assert_int_equal(t->wakeup_hist[9], 1);	 /* 1000 us: [512, 1024) */
	assert_int_equal(t->wakeup_latency_max_ns, 1000 * US);
	trace_model__free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fork_creates_root_process),
		cmocka_unit_test(test_voluntary_sleep_and_wakeup),
		cmocka_unit_test(test_involuntary_is_preempted),
		cmocka_unit_test(test_voluntary_flag_wins_over_prev_state),
		cmocka_unit_test(test_blocked_and_noload),
		cmocka_unit_test(test_futex_wait_with_waker),
		cmocka_unit_test(test_waking_before_switch_out),
		cmocka_unit_test(test_thread_fork_rename_exit),
		cmocka_unit_test(test_process_fork_ppid),
		cmocka_unit_test(test_out_of_order_is_reported_and_clamped),
		cmocka_unit_test(test_unknown_task_and_bad_event),
		cmocka_unit_test(test_untraced_sides_ignored),
		cmocka_unit_test(test_finish_and_time_in),
		cmocka_unit_test(test_tid_reuse_names_new_task),
		cmocka_unit_test(test_many_tasks_hash_growth),
		cmocka_unit_test(test_latency_histogram),
		cmocka_unit_test(test_missing_switch_in_rebuilt_from_runtime),
		cmocka_unit_test(test_run_time_kernel_and_wall),
		cmocka_unit_test(test_released_and_reaping_switches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
