// SPDX-License-Identifier: GPL-2.0-only
/*
 * gil_lock.c - the emulated GIL (see gil_lock.h for the protocol).
 */
#include "gil_lock.h"

#include <errno.h>
#include <time.h>

#include "common.h"

int gil_lock__init(struct gil_lock *g, uint64_t interval_ns)
{
	pthread_condattr_t attr;
	int err;

	*g = (struct gil_lock){ .interval_ns = interval_ns ? interval_ns : 1 };
	err = pthread_mutex_init(&g->mutex, NULL);
	if (err)
		return -err;
	err = pthread_condattr_init(&attr);
	if (err)
		goto fail_mutex;
	err = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (!err)
		err = pthread_cond_init(&g->cond, &attr);
	if (!err) {
		err = pthread_cond_init(&g->switch_cond, &attr);
		if (err)
			pthread_cond_destroy(&g->cond);
	}
	pthread_condattr_destroy(&attr);
	if (!err)
		return 0;
fail_mutex:
	pthread_mutex_destroy(&g->mutex);
	return -err;
}

void gil_lock__destroy(struct gil_lock *g)
{
	pthread_cond_destroy(&g->switch_cond);
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->mutex);
}

static struct timespec deadline_after(uint64_t ns)
{
	uint64_t t = common__now_ns() + ns;

	return (struct timespec){ .tv_sec = (time_t)(t / 1000000000ull),
				  .tv_nsec = (long)(t % 1000000000ull) };
}

uint64_t gil_lock__acquire(struct gil_lock *g)
{
	uint64_t t0 = common__now_ns();
	pthread_t self = pthread_self();

	pthread_mutex_lock(&g->mutex);
	while (g->locked) {
		uint64_t seen = g->switches;
		struct timespec until = deadline_after(g->interval_ns);
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
	pthread_mutex_lock(&g->mutex);
	g->locked = 0;
	pthread_cond_signal(&g->cond);
	if (force_switch && __atomic_load_n(&g->drop_request, __ATOMIC_RELAXED)) {
		/*
		 * Forced switching: without it the dropper, still on its
		 * CPU, would usually take the lock straight back before the
		 * woken waiter gets there. The request came from a waiter
		 * still in gil_lock__acquire(), so someone will take it.
		 */
		while (!g->locked)
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
