/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gil_lock.h - an emulated global interpreter lock, modelled on the one
 * CPython has used since 3.2 (the "new GIL", Python/ceval_gil.c):
 *
 *   - A thread that wants the lock while another holds it waits on a
 *     condition variable for at most the switch interval (default 5 ms).
 *   - If the wait times out and no hand-off happened meanwhile, the waiter
 *     sets a drop request and waits again.
 *   - The holder polls the drop request between small pieces of work (the
 *     interpreter's "eval breaker" check); when it is set, the holder drops
 *     the lock and, forced switching, waits until some other thread has taken
 *     it before trying to take it back.
 *   - A thread also drops the lock around blocking I/O, and re-takes it after.
 *
 * Built on one pthread mutex and two condition variables (CLOCK_MONOTONIC
 * timed waits), so every wait shows up in a trace as a futex wait.
 * Threads of one process only.
 */
#ifndef SCHEDVIZ_SCENARIO_GIL_LOCK_H
#define SCHEDVIZ_SCENARIO_GIL_LOCK_H

#include <pthread.h>
#include <stdint.h>

struct gil_lock {
	pthread_mutex_t mutex;		/* guards every field below */
	pthread_cond_t cond;		/* "the lock was released" */
	pthread_cond_t switch_cond;	/* "another thread took it" */
	uint64_t interval_ns;		/* the switch interval */
	int locked;
	pthread_t holder;		/* last thread to take the lock */
	int has_holder;
	int drop_request;		/* set by a waiter; read without the mutex */
	uint64_t switches;		/* times the lock was taken */
	uint64_t handoffs;		/* ... by a thread other than the last holder */
	uint64_t drop_requests;		/* drop requests set by timed-out waiters */
};

/*
 * Initialise an unlocked GIL with the given switch interval (ns, > 0).
 * Returns 0 or -errno (from pthread_*_init).
 */
int gil_lock__init(struct gil_lock *g, uint64_t interval_ns);

/* Free what gil_lock__init() allocated; the lock must be unlocked. */
void gil_lock__destroy(struct gil_lock *g);

/*
 * Take the GIL, waiting as described above. Returns the ns spent waiting
 * (CLOCK_MONOTONIC, from call to return).
 */
uint64_t gil_lock__acquire(struct gil_lock *g);

/*
 * Drop the GIL (the caller must hold it). With force_switch set and a drop
 * request pending, wait until another thread has taken it, as CPython does
 * when it answers a drop request; otherwise (blocking I/O, thread exit)
 * return at once.
 */
void gil_lock__release(struct gil_lock *g, int force_switch);

/*
 * The holder's periodic check: when a drop request is pending, drop the GIL,
 * wait for another thread to take it, then take it back. Returns the ns
 * spent without the GIL (0 when no request was pending). Cheap when there is
 * no request: one relaxed load.
 */
uint64_t gil_lock__checkpoint(struct gil_lock *g);

/* Counters (taken under the mutex): switches, handoffs, drop_requests. */
void gil_lock__stats(struct gil_lock *g, uint64_t *switches, uint64_t *handoffs,
		     uint64_t *drop_requests);

#endif
