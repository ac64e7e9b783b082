/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace_model_priv.h - the model's storage, shared by trace_model.c (the
 * state machine that fills it) and task_totals.c (the sums it keeps per
 * process and per run). Private to user/model: consumers read trace_model.h
 * and task_totals.h only.
 *
 * The sums: every task the state machine changes is "touched" (put once on
 * a dirty list). task_totals__of_run() and __of_process() first fold each
 * touched task into its process's and the run's sums (what changed since
 * its last fold), so a live view re-adds only the tasks that changed since
 * its previous frame, not every task.
 */
#ifndef SCHEDVIZ_MODEL_TRACE_MODEL_PRIV_H
#define SCHEDVIZ_MODEL_TRACE_MODEL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "futex_fold.h"
#include "lock_table.h"
#include "task_totals.h"
#include "tid_map.h"
#include "trace_model.h"

/*
 * Sums over a set of tasks (a process, the run) kept as tasks change:
 * closed figures summed, open states as counts and sums of their start, so
 * the time in them up to now_ns is n * now_ns - sum (valid when no start is
 * later than now_ns).
 */
struct totals_acc {
	struct task_totals closed;	/* closed intervals; life_ns: of exited tasks */
	uint32_t n_open[TS__COUNT];	/* tasks whose open state is s */
	uint64_t since_sum[TS__COUNT];	/* their state_since_ns, summed */
	uint32_t n_live;		/* tasks not exited */
	uint64_t created_sum;		/* their created_ns, summed */
};

/* What a task last added to its sums (task_totals.c). */
struct task_folded {
	struct task_totals closed;	/* as in totals_acc.closed */
	uint64_t since_ns, created_ns;
	uint8_t state;			/* enum task_state */
	bool live;			/* counted in n_live */
	bool dirty;			/* on the model's dirty list */
};

/*
 * A task as the model keeps it: the public part consumers read, then the
 * bookkeeping they need not see. Tasks are allocated one by one so the
 * pointers consumers hold stay valid as the model grows.
 */
/* What began the wait a run ended (trace_task.run_delay_*). */
enum wait_cause { WAIT_UNSEEN = 0, WAIT_WAKEUP, WAIT_PREEMPT };

struct task_rec {
	struct trace_task pub;		/* first: a trace_task * is a task_rec * */
	struct trace_model *model;	/* the model it belongs to */
	/* pub.iv and pub.fw lie in these allocations, at an offset once the
	 * budget dropped their oldest elements (trace_model__window_room()) */
	struct trace_interval *iv_mem;
	struct futex_wait *fw_mem;
	size_t cap_iv, cap_fw, cap_sp;	/* capacities of iv_mem, fw_mem and pub.sp */
	struct futex_fold fold;		/* waits folded under the budget (pub.ff) */
	int32_t pending_waker;		/* waker of the current RUNNABLE interval */
	uint64_t pending_waking_ns;	/* sched_waking seen while still RUNNING */
	uint8_t wait_cause;		/* enum wait_cause of the wait before the current run */
	uint32_t proc;			/* index into trace_model.procs (its TGID) */
	struct task_folded folded;
};

struct trace_model {
	struct task_rec **tasks;	/* creation order, owned */
	size_t n_tasks, cap_tasks;
	struct tid_map by_tid;		/* TID -> index into tasks, the latest task wins */
	struct trace_model_stats stats;
	bool have_ts;

	/* the sums (task_totals.c) */
	uint32_t *dirty;		/* indices into tasks touched since the last fold */
	size_t n_dirty, cap_dirty;	/* cap_dirty >= n_tasks: touching never allocates */
	struct totals_acc run;
	struct totals_acc *procs;	/* one per TGID seen */
	size_t n_procs, cap_procs;
	struct tid_map by_tgid;		/* TGID -> index into procs */
	uint64_t max_since_ns;		/* no folded start, creation or exit is later */

	/* futex words' names (model_locks.c) */
	struct lock_table locks;

	/* the history's memory (history.c) */
	size_t budget;			/* bytes, 0: no bound */
	size_t fold_at;			/* fold once hist_bytes passes it: the budget,
					   or more when a fold could not get under it */
	size_t hist_bytes;		/* what the tasks' iv, fw, sp and folds hold
					   (elements used; arrays may have room
					   for up to about twice as many) */
	uint64_t detail_from_ns;	/* all detail before it is folded (0: none) */
	uint64_t span_ns;		/* spans are at least this long */
	bool totals_only;		/* no timeline kept (trace_model__totals_only()) */

	/* where events were lost (trace_model__add_lost_at()) */
	struct trace_lost_mark *lost;
	size_t n_lost, cap_lost;
	uint64_t lost_merge_ns;		/* marks of a CPU closer than this merge */
};

/*
 * Make room at *p for element n, of elem bytes (vec__reserve()), and count
 * it in m->hist_bytes: the caller then stores it. 0 or -ENOMEM.
 */
int trace_model__room(struct trace_model *m, void **p, size_t *cap, size_t n, size_t elem);

/*
 * The same for an array whose n live elements begin at *live inside the
 * allocation *mem (cap elements): the budget drops the oldest by moving
 * *live forward, which costs nothing; room at the end is made by moving
 * the live ones back to *mem when the allocation is full, then by growing
 * it. *live points into *mem after the call. 0 or -ENOMEM.
 */
int trace_model__window_room(struct trace_model *m, void **mem, size_t *cap, void **live,
			     size_t n, size_t elem);

/*
 * Index of the first of n records that ends after ts: records stride bytes
 * apart, in time order, each beginning with uint64_t start_ns, end_ns
 * (trace_interval, trace_span). Binary search; n when none does.
 */
_Static_assert(offsetof(struct trace_interval, end_ns) == sizeof(uint64_t) &&
	       offsetof(struct trace_span, end_ns) == sizeof(uint64_t),
	       "intervals and spans begin with start_ns, end_ns");
static inline size_t trace_model__first_ending_after(const void *v, size_t n, size_t stride,
						     uint64_t ts)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t end;

		memcpy(&end, (const char *)v + mid * stride + sizeof(uint64_t), sizeof(end));
		if (end <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* history.c: over budget, fold the oldest detail, an eighth of its time at a time. 0 or -ENOMEM. */
int history__fold(struct trace_model *m);

/*
 * history.c: fold r's closed futex waits that ended by cut into its sums
 * (all but the last). 0 or -ENOMEM.
 */
int history__fold_waits(struct trace_model *m, struct task_rec *r, uint64_t cut);

/* The state machine changed r (or may have): put it on the dirty list once. */
static inline void trace_model__touch(struct trace_model *m, struct task_rec *r)
{
	if (r->folded.dirty)
		return;
	r->folded.dirty = true;
	m->dirty[m->n_dirty++] = r->pub.index;
}

#endif
