/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * task_cache.h - what the collector remembers of each traced task between
 * records, so that switch and wakeup records need not carry it:
 *  - its current name, kept from the fork, exec and rename events (records
 *    between traced tasks travel without names, see bpf/schedviz.h), and
 *    its TGID (plain switch records carry none);
 *  - its kernel counters at its last switch-out (switches, run time,
 *    run-queue delay, times it got a CPU), so the next switch-out's values
 *    tell which switch counter moved (voluntary or involuntary), how long
 *    the task ran and how long it waited for this CPU.
 * Fed in timestamp order; keyed by TID (base/tid_map.h): a TID dropped and
 * later reused starts afresh, unnamed, its counters at 0.
 */
#ifndef SCHEDVIZ_TASK_CACHE_H
#define SCHEDVIZ_TASK_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "sched_event.h"

struct task_cache;

/*
 * A task's kernel counters as a switch-out or a baseline reports them (low
 * 32 bits of the counts): task_struct nvcsw, nivcsw; sched_info.pcount
 * (kernel/sched/stats.h: sched_info_arrive(), one per time it got a CPU);
 * se.sum_exec_runtime, ns (kernel/sched/fair.c: update_curr());
 * sched_info.run_delay, ns waiting on a run queue (sched_info_arrive(),
 * sched_info_dequeue()).
 */
struct task_counters {
	uint32_t nvcsw, nivcsw, pcount;
	uint64_t runtime_ns, run_delay_ns;
};

/* What moved since the task's previous switch-out. */
struct task_delta {
	uint32_t nvcsw, nivcsw;	/* voluntary / involuntary switches */
	uint32_t pcount;	/* times it got a CPU (1 but for lost records) */
	uint64_t run_ns;	/* on-CPU ns by se.sum_exec_runtime */
	uint64_t run_delay_ns;	/* ns on a run queue by sched_info.run_delay */
};

/* Returns 0 or -ENOMEM; *out owned by the caller (task_cache__free). */
int task_cache__new(struct task_cache **out);
void task_cache__free(struct task_cache *c);	/* NULL-safe */

/* Remember comm (up to SCHED_COMM_LEN bytes) for tid. 0 or -ENOMEM. */
int task_cache__set_comm(struct task_cache *c, int32_t tid, const char *comm);
/* Remember tid's TGID (> 0). 0 or -ENOMEM. */
int task_cache__set_tgid(struct task_cache *c, int32_t tid, int32_t tgid);
/*
 * tid's TGID: 0 for the idle task (tid 0); the remembered one; tid itself
 * for a task never introduced (cannot happen for a traced task: each comes
 * in by its fork, its attach or its first named record).
 */
int32_t task_cache__tgid(const struct task_cache *c, int32_t tid);
/*
 * A new task took tid in thread group tgid: its counters start at 0
 * (kernel/fork.c: copy_process() zeroes nvcsw and nivcsw;
 * kernel/sched/core.c: __sched_fork() zeroes se.sum_exec_runtime and
 * sched_fork() the whole sched_info). 0 or -ENOMEM.
 */
int task_cache__born(struct task_cache *c, int32_t tid, int32_t tgid);
/*
 * A task traced from outside (attach, --all, --cgroup) had counters *k
 * when tracing began: its next switch-out is measured from them. 0 or
 * -ENOMEM.
 */
int task_cache__baseline(struct task_cache *c, int32_t tid, const struct task_counters *k);
/* Are tid's counters known (born traced, or a baseline set)? */
bool task_cache__based(const struct task_cache *c, int32_t tid);
/* Forget tid (after its final switch). */
void task_cache__drop(struct task_cache *c, int32_t tid);
/*
 * Copy tid's name into out: the cached one; "swapper/<cpu>" for the idle
 * task (tid 0); else "<...>" as ftrace prints a name it does not know.
 */
void task_cache__get_comm(const struct task_cache *c, int32_t tid, unsigned cpu,
			  char out[SCHED_COMM_LEN]);
/*
 * tid switched out with counters *k. Sets *d to what moved since its
 * previous switch-out (or since birth, for a task not seen before) and
 * remembers the new values. 0 or -ENOMEM.
 */
int task_cache__switch_out(struct task_cache *c, int32_t tid, const struct task_counters *k,
			   struct task_delta *d);

#endif
