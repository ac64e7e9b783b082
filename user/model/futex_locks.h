/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * futex_locks.h - a task's futex waits grouped by lock (the futex word):
 * how many, how long in all, who woke them, and the lock's name when the
 * trace has one (trace_model__lock_name()). Shared by the summaries and
 * the view.
 */
#ifndef SCHEDVIZ_MODEL_FUTEX_LOCKS_H
#define SCHEDVIZ_MODEL_FUTEX_LOCKS_H

#include <stddef.h>
#include <stdint.h>

#include "trace_model.h"

#define FUTEX_LOCK_WAKERS 8	/* distinct wakers kept per lock */

struct futex_lock {
	uint64_t addr;
	const char *name;	/* borrowed from the model; NULL when unnamed */
	uint64_t waits;
	uint64_t wait_ns;	/* summed, ns */
	int32_t wakers[FUTEX_LOCK_WAKERS];	/* TIDs, in order first seen; 0 unused */
	uint32_t n_wakers;	/* distinct wakers seen, up to FUTEX_LOCK_WAKERS */
};

/*
 * Group t's futex waits (model m, for names) into *out (malloc'd, *n
 * entries, the longest total wait first; the caller frees *out). Returns 0
 * or -ENOMEM (then *out NULL, *n 0).
 */
int futex_locks__of_task(const struct trace_model *m, const struct trace_task *t,
			 struct futex_lock **out, size_t *n);

#endif
