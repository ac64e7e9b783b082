/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * task_cache.h - what the collector remembers of each traced task between
 * records, so that switch and wakeup records need not carry it:
 *  - its current name, kept from the fork, exec and rename events (records
 *    between traced tasks travel without names, see bpf/schedviz.h);
 *  - its kernel switch counters and run time at its last switch-out, so the
 *    next switch-out's values tell which counter moved (voluntary or
 *    involuntary) and how long the task ran.
 * Fed in timestamp order; keyed by TID (base/tid_map.h): a TID dropped and
 * later reused starts afresh, unnamed, its counters at 0.
 */
#ifndef SCHEDVIZ_TASK_CACHE_H
#define SCHEDVIZ_TASK_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "sched_event.h"

struct task_cache;

/* What moved since the task's previous switch-out. */
struct task_delta {
	uint32_t nvcsw, nivcsw;	/* voluntary / involuntary switches */
	uint64_t run_ns;	/* on-CPU ns by se.sum_exec_runtime */
};

/* Returns 0 or -ENOMEM; *out owned by the caller (task_cache__free). */
int task_cache__new(struct task_cache **out);
void task_cache__free(struct task_cache *c);	/* NULL-safe */

/* Remember comm (up to SCHED_COMM_LEN bytes) for tid. 0 or -ENOMEM. */
int task_cache__set_comm(struct task_cache *c, int32_t tid, const char *comm);
/*
 * A new task took tid: its counters start at 0 (kernel/fork.c:
 * copy_process() zeroes nvcsw and nivcsw; kernel/sched/core.c:
 * __sched_fork() zeroes se.sum_exec_runtime). 0 or -ENOMEM.
 */
int task_cache__born(struct task_cache *c, int32_t tid);
/*
 * A task traced from outside (attach, --all, --cgroup) had these counters
 * when tracing began (same units as task_cache__switch_out()): its next
 * switch-out is measured from them. 0 or -ENOMEM.
 */
int task_cache__baseline(struct task_cache *c, int32_t tid, uint32_t nvcsw, uint32_t nivcsw,
			 uint64_t runtime);
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
 * tid switched out with these counters (nvcsw, nivcsw: low 32 bits of the
 * task_struct fields; runtime: se.sum_exec_runtime, ns). Sets *d to what
 * moved since its previous switch-out (or since birth, for a task not seen
 * before) and remembers the new values. 0 or -ENOMEM.
 */
int task_cache__switch_out(struct task_cache *c, int32_t tid, uint32_t nvcsw,
			   uint32_t nivcsw, uint64_t runtime, struct task_delta *d);

#endif
