// SPDX-License-Identifier: GPL-2.0-only
/*
 * gil_lock.c - the emulated GIL (see gil_lock.h for the protocol).
 */
#include "gil_lock.h"

#include <errno.h>

#include "common.h"

int gil_lock__init(struct gil_lock *g, uint64_t interval_ns)
{
	int err;

	*g = (struct gil_lock){ .interval_ns = interval_ns ? interval_ns : 1 };
	err = -pthread_mutex_init(&g->mutex, NULL);
	if (err)
		return err;
	err = common__cond_init(&g->cond);
	if (err)
		goto fail_mutex;
	err = common__cond_init(&g->switch_cond);
	if (err)
		goto fail_cond;
	return 0;
fail_cond:
	pthread_cond_destroy(&g->cond);
fail_mutex:
	pthread_mutex_destroy(&g->mutex);
	return err;
}

void gil_lock__destroy(struct gil_lock *g)
{
	pthread_cond_destroy(&g->switch_cond);
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->mutex);
}

uint64_t gil_lock__acquire(struct gil_lock *g)
{
	uint64_t t0 = common__now_ns();
	pthread_t self = pthread_self();

	pthread_mutex_lock(&g->mutex);
	while (g->locked) {
		uint64_t seen = g->switches;
		struct timespec until = common__timespec(common__now_ns() + g->interval_ns);
		int err = pthread_cond_timedwait(&g->cond, &g->mutex, &until);

		/*
		 * A full interval without any hand-off: ask the holder to drop.
		 * If a switch happened while we waited, someone else got a turn;
		 * start a fresh interval instead.
		 */
		if (err == ETIMEDOUT && g->locked && g->switches == seen) {
			if (!__atomic_load_n(&g->drop_request, __ATOMIC_RELAXED))
				g->drop_requests++;
			__atomic_store_n(&g->drop_request, 1, __ATOMIC_RELAXED);
		}
	}
	g->locked = 1;
	if (!g->has_holder || !pthread_equal(g->holder, self))
		g->handoffs++;
	g->holder = self;
	g->has_holder = 1;
	g->switches++;
	pthread_cond_signal(&g->switch_cond);	/* the dropper may stop waiting */
	__atomic_store_n(&g->drop_request, 0, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&g->mutex);
	return common__now_ns() - t0;
}

void gil_lock__release(struct gil_lock *g, int force_switch)
{
	uint64_t dropped_at;

	pthread_mutex_lock(&g->mutex);
	g->locked = 0;
	dropped_at = g->switches;
	pthread_cond_signal(&g->cond);
	if (force_switch && __atomic_load_n(&g->drop_request, __ATOMIC_RELAXED)) {
		/*
		 * Forced switching: without it the dropper, still on its
		 * CPU, would usually take the lock straight back before the
		 * woken waiter gets there. Wait until some other thread has
		 * taken it (it may have dropped it again since: then the
		 * lock is free, and waiting for "locked" would never end).
		 * The request came from a waiter still in
		 * gil_lock__acquire(), so someone will take it.
		 */
		while (g->switches == dropped_at)
			pthread_cond_wait(&g->switch_cond, &g->mutex);
	}
	pthread_mutex_unlock(&g->mutex);
}

uint64_t gil_lock__checkpoint(struct gil_lock *g)
{
	uint64_t t0;

	if (!__atomic_load_n(&g->drop_request, __ATOMIC_RELAXED))
		return 0;
	t0 = common__now_ns();
	gil_lock__release(g, 1);
	gil_lock__acquire(g);
	return common__now_ns() - t0;
}

void gil_lock__stats(struct gil_lock *g, uint64_t *switches, uint64_t *handoffs,
		     uint64_t *drop_requests)
{
	pthread_mutex_lock(&g->mutex);
	*switches = g->switches;
	*handoffs = g->handoffs;
	*drop_requests = g->drop_requests;
	pthread_mutex_unlock(&g->mutex);
}
