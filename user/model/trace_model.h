/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace_model.h - per-task scheduling history built from sched_events.
 *
 * A plain library: fed events in timestamp order, it knows nothing of BPF,
 * files or terminals. Tests drive it with synthetic sequences.
 *
 * States, as one task sees them (defined once, here; cf. perf sched's
 * "wait time / sch delay / run time" in tools/perf/builtin-sched.c):
 *
 *   sleep/futex/blocked     runnable         running     preempted   running
 *   ----------------------|=================|###########|===========|########|
 *                         ^ sched_waking    ^ switch-in  ^ switch-out ^ switch-in
 *                           (wakeup)          (next=task)  involuntary
 *
 *   RUNNING      on a CPU, from switch-in to switch-out.
 *   RUNNABLE     woken (sched_waking/wakeup_new) and waiting for a CPU; its
 *                length is the wakeup latency (run-queue delay).
 *   PREEMPTED    switched out involuntarily (nivcsw moved) and still
 *                runnable: waiting for a CPU without having slept.
 *   SLEEPING     switched out voluntarily in TASK_INTERRUPTIBLE (S), not in
 *                a futex wait.
 *   BLOCKED      switched out voluntarily in TASK_UNINTERRUPTIBLE (D).
 *   FUTEX        switched out voluntarily inside a futex wait syscall
 *                (pthread mutex, condvar, join, ...): a kind of sleep that is
 *                counted apart from SLEEPING.
 *   EXITED       after the final switch with prev_state TASK_DEAD.
 *   Off-CPU time = runnable + preempted + sleeping + blocked + futex.
 *
 * Voluntary vs involuntary follows the kernel's counters, not prev_state:
 * kernel/sched/core.c: __schedule() increments prev->nvcsw or prev->nivcsw,
 * and the BPF side reports which one moved (SEF_VOLUNTARY).
 */
#ifndef SCHEDVIZ_TRACE_MODEL_H
#define SCHEDVIZ_TRACE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lock_table.h"
#include "sched_event.h"

enum task_state {
	TS_UNKNOWN = 0, /* before the first event that tells */
	TS_RUNNING,
	TS_RUNNABLE,	/* after a wakeup */
	TS_PREEMPTED,	/* runnable after an involuntary switch */
	TS_SLEEPING,
	TS_BLOCKED,
	TS_FUTEX,
	TS_EXITED,
	TS__COUNT
};

/* Short lower-case name of a state ("running", "futex", ...). Static storage. */
const char *task_state__name(enum task_state s);

/* One closed interval of one state. */
struct trace_interval {
	uint64_t start_ns, end_ns;	/* first, as in trace_span */
	uint8_t state;		/* enum task_state */
	uint8_t pad;
	int16_t cpu;		/* RUNNING: the CPU; else -1 */
	int32_t waker_tid;	/* RUNNABLE: who woke it (0: unknown) */
};

/* One futex wait that slept: from switch-out to the next switch-in. */
struct futex_wait {
	uint64_t addr;		/* futex word, user virtual address */
	uint64_t start_ns, end_ns;
	uint32_t op;		/* futex op & 0x7f */
	int32_t waker_tid;	/* task whose sched_waking ended it; 0 unknown */
};

/*
 * Older history in summary form, once the model's memory budget
 * (trace_model__set_budget()) made it fold detail: one span of a task's
 * time, [start_ns, end_ns), with the share of it spent in each state
 * (share[s] / TRACE_SPAN_ONE; what no state holds is unknown time, before
 * the task existed or in a gap of the trace). Spans are at least the
 * model's summary width long (trace_model__span_ns()), unless a task's
 * history is shorter.
 */
#define TRACE_SPAN_ONE 65535u
struct trace_span {
	uint64_t start_ns, end_ns;	/* first, as in trace_interval */
	uint16_t share[TS__COUNT];	/* of end_ns - start_ns, in 1/TRACE_SPAN_ONE */
	int16_t cpu;		/* the CPU it ran on longest, -1: none */
	int16_t end_cpu;	/* end_state RUNNING: the CPU it ran on at end_ns; else -1 */
	uint32_t runs;		/* times it got a CPU (RUNNING intervals folded) */
	uint8_t end_state;	/* enum task_state: the state it was in at end_ns (the
				   state the next span, when contiguous, begins in) */
	uint8_t pad[7];
};

struct futex_fold;	/* futex_fold.h: futex waits folded into sums */

#define WAKEUP_HIST_BUCKETS 32	/* bucket i: latency in [2^i, 2^(i+1)) us; 0: < 2 us */

struct trace_task {
	int32_t tid, tgid;
	int32_t ppid;		/* TGID of the parent process (for a thread: its process's parent) */
	int32_t parent_tid;	/* the task that created it (0 if it existed before tracing) */
	char comm[SCHED_COMM_LEN]; /* current name, renames followed */
	bool is_thread;		/* created with CLONE_THREAD (tgid != tid) */
	bool exited;		/* final TASK_DEAD switch seen */
	bool exiting;		/* sched_process_exit seen */
	uint32_t index;		/* creation order, 0-based */
	uint64_t created_ns;	/* fork time, or first event for pre-existing tasks */
	uint64_t exit_ns;	/* final switch-out, valid when exited */

	/* current state, open since state_since_ns */
	uint8_t state;		/* enum task_state */
	int16_t cpu;		/* CPU while RUNNING, else -1 */
	int16_t last_cpu;	/* CPU of the last run, -1 before any */
	uint64_t state_since_ns;

	/* counters, over closed intervals */
	uint64_t nvcsw;		/* voluntary switches (kernel: task_struct.nvcsw) */
	uint64_t nivcsw;	/* involuntary switches (task_struct.nivcsw) */
	uint64_t nvcsw_released;  /* of nvcsw: made after the kernel folded the
				     task's counters into its process (SEF_RELEASED) */
	uint64_t nivcsw_released; /* of nivcsw: likewise */
	uint64_t nvcsw_reaping;	  /* of nvcsw: made while the parent was reaping
				     the task (SEF_REAPING): in its rusage or not */
	uint64_t nivcsw_reaping;  /* of nivcsw: likewise */
	uint64_t time_ns[TS__COUNT]; /* time per state, wall clock: time_ns[TS_RUNNING]
				       is its on-CPU time, switch-in to switch-out */
	/* The kernel's run time: the sum of run_delta_ns over its switch-outs
	 * flagged SEF_RUNTIME, each the advance of se.sum_exec_runtime since
	 * the previous one (kernel/sched/fair.c: update_curr()); a task born
	 * in the trace starts at 0 (kernel/sched/core.c: __sched_fork()), one
	 * seen first at a switch-out brings its run time since fork. It
	 * advances by rq_clock_task(), which leaves out interrupt time and
	 * time stolen by the hypervisor (kernel/sched/core.c:
	 * update_rq_clock_task()), so it falls short of the wall clock's
	 * on-CPU time by those. Closed runs only: a task on a CPU now has
	 * not reported the current run yet. */
	uint64_t run_ns;
	uint64_t runtime_outs;	/* switch-outs that carried SEF_RUNTIME (0: run_ns unknown) */
	int64_t on_cpu_less_run_ns; /* over runs seen from switch-in to a switch-out
				       with SEF_RUNTIME: wall-clock on-CPU time
				       less the kernel's run time (interrupts and
				       steal while it ran; may dip below 0 by the
				       few us between the kernel's clock reads and
				       the tracepoint) */
	/* The kernel's run-queue account (kernel/sched/stats.h), from
	 * switch-outs flagged SEF_RUNQ (runq_outs of them; 0: a file without
	 * it): run_delay_ns, the sum of sched_info.run_delay's advances, the
	 * time it waited on a run queue by the queue's clock, from enqueue
	 * (sched_info_enqueue(): woken, or preempted and put back by
	 * sched_info_depart()) to switch-in (sched_info_arrive()), with a
	 * wait cut by a migration added at the dequeue
	 * (sched_info_dequeue()). Split by what began the wait, as the lanes
	 * tell it: after a wakeup (the kernel's wakeup latency) or after a
	 * preemption; a wait whose start the trace did not see (a task met
	 * mid-run, lost records) is in neither part. run_delay_max_ns: the
	 * largest single wait. pcount: times it got a CPU
	 * (sched_info.pcount). Closed runs only, as run_ns. The wall clock's
	 * RUNNABLE + PREEMPTED time differs: it starts at sched_waking, on
	 * the waker's CPU, before the enqueue (remote wakeups are queued to
	 * the target CPU by IPI: kernel/sched/core.c: ttwu_queue_wakelist()),
	 * and ends at the tracepoint, before sched_info_arrive(). */
	uint64_t run_delay_ns, run_delay_wakeup_ns, run_delay_preempt_ns;
	uint64_t run_delay_max_ns;
	uint64_t pcount;
	uint64_t runq_outs;
	uint64_t wakeups;	/* RUNNABLE intervals started by a wakeup */
	uint64_t wakeup_latency_sum_ns;
	uint64_t wakeup_latency_max_ns;
	uint32_t wakeup_hist[WAKEUP_HIST_BUCKETS];
	uint64_t futex_waits;	/* futex waits that slept */
	uint64_t migrations;	/* switch-ins on a CPU other than the previous run's */

	/* history (owned by the model; the bookkeeping is private to it) */
	struct trace_interval *iv;	/* n_iv closed intervals, oldest first */
	size_t n_iv;
	struct futex_wait *fw;		/* n_fw futex waits, oldest first */
	size_t n_fw;
	/* history older than iv[0], summarized under the memory budget */
	struct trace_span *sp;		/* n_sp spans, oldest first, all before iv[0] */
	size_t n_sp;
	uint64_t iv_folded;		/* intervals folded into sp, ever */
	uint64_t fw_folded;		/* futex waits folded into ff, ever (before fw[0]) */
	const struct futex_fold *ff;	/* their sums, or NULL: none folded */
};

struct trace_model_stats {
	uint64_t events;	/* events accepted */
	uint64_t out_of_order;	/* events older than the previous one ("time travel"); clamped */
	uint64_t unknown_task;	/* events naming a traced task the model never saw created */
	uint64_t switch_in_missing; /* switch-outs of a task not running: the
				       tracepoint skipped its switch-in; the run
				       was rebuilt from SEF_RUNTIME */
	uint64_t lost;		/* events lost before the model, as the source
				   counted them (trace_model__add_lost()) */
	uint64_t first_ns, last_ns;
};

struct trace_model;

/*
 * Create an empty model. *out is owned by the caller (trace_model__free).
 * Returns 0 or -ENOMEM.
 */
int trace_model__new(struct trace_model **out);
/* Free the model and every task it holds. NULL-safe. */
void trace_model__free(struct trace_model *m);

/*
 * Name the futex word at addr in process tgid (name borrowed, cut to
 * LOCK_TABLE_NAME_LEN - 1 bytes (lock_table.h); the later name of a pair wins).
 * Returns 0, -ENOMEM.
 */
int trace_model__add_lock(struct trace_model *m, int32_t tgid, uint64_t addr, const char *name);

/* The name of the futex word at addr in process tgid, or NULL (borrowed from m). */
const char *trace_model__lock_name(const struct trace_model *m, int32_t tgid, uint64_t addr);

/*
 * Declare a task that existed before tracing began (e.g. the launcher's
 * child known by PID). Creates it in TS_UNKNOWN if not present.
 * Returns 0, -ENOMEM.
 */
int trace_model__add_task(struct trace_model *m, int32_t tid, int32_t tgid,
			  int32_t ppid, const char *comm, uint64_t ts_ns);

/*
 * Feed one event. Events should come in timestamp order; an older one is
 * counted in stats.out_of_order and applied at the newest time seen so far.
 * Switch sides not flagged SEF_PREV_TARGET/SEF_NEXT_TARGET are ignored; a
 * traced task not seen before is created (stats.unknown_task counts these).
 * Returns 0, -EINVAL for a malformed event, -ENOMEM.
 */
int trace_model__add(struct trace_model *m, const struct sched_event *ev);

/*
 * Add n events lost upstream to stats.lost: live, what collector__lost()
 * counts (records that found their CPU's ring full, and tracepoint hits our
 * BPF program missed by recursion); from a file, its lost records.
 */
void trace_model__add_lost(struct trace_model *m, uint64_t n);

/* Where events were lost: n of them, just before ts_ns, on cpu (-1: unknown). */
struct trace_lost_mark {
	uint64_t ts_ns;
	int32_t cpu;
	uint32_t pad;
	uint64_t n;
};

#define TRACE_LOST_MARKS_MAX 4096	/* past it, neighbouring marks of a CPU merge */

/*
 * trace_model__add_lost(), remembering where (the source's lost call:
 * event_sink.h). Marks of one CPU closer than a merge width (which grows
 * to keep at most TRACE_LOST_MARKS_MAX) are one mark. Returns 0, -ENOMEM.
 */
int trace_model__add_lost_at(struct trace_model *m, uint64_t n, uint64_t ts_ns, int32_t cpu);

/* The lost marks, oldest first (borrowed from m); their count. */
size_t trace_model__lost_marks(const struct trace_model *m, const struct trace_lost_mark **out);

/*
 * Close every open state at end_ns so counters cover the whole trace (call
 * once, at the end; later events are still accepted). Tasks not exited keep
 * their state, with state_since_ns = end_ns.
 */
void trace_model__finish(struct trace_model *m, uint64_t end_ns);

/*
 * Bound the memory the model's history (intervals, futex waits, spans)
 * takes to about bytes in use (0: no bound, the default; the arrays may
 * have room for up to about twice that). Past it, the oldest detail still
 * kept is folded, an eighth of its time at a time, until it is back under
 * seven eighths of bytes: intervals into spans
 * (trace_task.sp), futex waits into per-lock sums (trace_task.ff), and the
 * spans widened when they take more than half. Counters, totals and
 * summaries never change; only the timeline older than
 * trace_model__detail_from() loses its detail. Returns 0, or -ENOMEM if a
 * fold had to allocate and could not.
 */
int trace_model__set_budget(struct trace_model *m, size_t bytes);

/*
 * Keep no timeline (call before the first event): no intervals, and each
 * futex wait folded into its sums once the next begins. Counters, totals,
 * futex groups and the figures' tally are as with one; for what needs no
 * lanes (a report).
 */
void trace_model__totals_only(struct trace_model *m);

/*
 * Bytes the history holds now: intervals, waits, spans and folded sums in
 * use (their arrays may have room for up to about twice as many).
 */
size_t trace_model__history_bytes(const struct trace_model *m);

/*
 * ns: before this, the timeline is summarized in spans (0: every task's
 * detail is whole). Spans are at least trace_model__span_ns() long.
 */
uint64_t trace_model__detail_from(const struct trace_model *m);
uint64_t trace_model__span_ns(const struct trace_model *m);

/*
 * The earliest start of a summarized span that holds ts_ns, over every
 * task (ts_ns when no span holds it), ns. Reading the file back from there
 * meets, for each task quiet since before, the start of the span it is
 * quiet in, whose state the span before ends in (trace_span.end_state).
 * O(tasks * log spans).
 */
uint64_t trace_model__summary_start(const struct trace_model *m, uint64_t ts_ns);

/* Number of tasks, and the i-th in creation order (0 <= i < count). */
size_t trace_model__task_count(const struct trace_model *m);
const struct trace_task *trace_model__task(const struct trace_model *m, size_t i);
/* Task by TID (the most recent task with that TID), or NULL. */
const struct trace_task *trace_model__find(const struct trace_model *m, int32_t tid);

const struct trace_model_stats *trace_model__stats(const struct trace_model *m);

/*
 * Time task t spent in state s up to now_ns, including the open interval
 * (counters alone cover only closed ones). ns.
 */
uint64_t trace_task__time_in(const struct trace_task *t, enum task_state s,
			     uint64_t now_ns);

/*
 * State of task t at time ts_ns (binary search over its intervals, then the
 * open state; in summarized time, the state of the largest share of the
 * span holding ts_ns). TS_UNKNOWN before the task existed.
 */
enum task_state trace_task__state_at(const struct trace_task *t, uint64_t ts_ns);

/*
 * Index of the first closed interval of t that ends after ts_ns (the one
 * holding ts_ns, if any; intervals are in time order): binary search,
 * O(log n_iv). t->n_iv when every interval ended by ts_ns.
 */
size_t trace_task__interval_at(const struct trace_task *t, uint64_t ts_ns);

/* The same over t's spans: the first that ends after ts_ns, or t->n_sp. */
size_t trace_task__span_at(const struct trace_task *t, uint64_t ts_ns);

/* The state of the largest share of span sp (TS_UNKNOWN: none). */
enum task_state trace_span__main_state(const struct trace_span *sp);

#endif
