/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * comm_cache.h - the current name of each traced task, kept from the fork,
 * exec and rename events in ring order, so that switch and wakeup records
 * between traced tasks need not carry names (see bpf/schedviz.h).
 */
#ifndef SCHEDVIZ_COMM_CACHE_H
#define SCHEDVIZ_COMM_CACHE_H

#include <stdint.h>

#include "sched_event.h"

struct comm_cache;

/* Returns 0 or -ENOMEM; *out owned by the caller (comm_cache__free). */
int comm_cache__new(struct comm_cache **out);
void comm_cache__free(struct comm_cache *c);	/* NULL-safe */

/* Remember comm (up to SCHED_COMM_LEN bytes) for tid. 0 or -ENOMEM. */
int comm_cache__set(struct comm_cache *c, int32_t tid, const char *comm);
/* Forget tid (after its final switch). */
void comm_cache__drop(struct comm_cache *c, int32_t tid);
/*
 * Copy tid's name into out: the cached one; "swapper/<cpu>" for the idle
 * task (tid 0); else "<...>" as ftrace prints a name it does not know.
 */
void comm_cache__get(const struct comm_cache *c, int32_t tid, unsigned cpu,
		     char out[SCHED_COMM_LEN]);

#endif
