// SPDX-License-Identifier: GPL-2.0-only
/*
 * event - a one-shot broadcast that wakes every waiter at once.
 *
 * --waiters waiter-N threads block on an event (a flag, a mutex and a
 * condition variable, like threading.Event); the setter thread sleeps
 * --delay-ms, then sets it with one broadcast, and all waiters wake
 * together. Repeated --rounds times, each round a fresh event.
 *
 * Prints, per waiter, the time it waited and the longest delay from the set
 * to the moment it was running again; with more waiters than CPUs some of
 * them queue for a CPU after the broadcast.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

struct event {
	pthread_mutex_t lock;
	pthread_cond_t set_cond;
	long generation;	/* rounds set so far */
	uint64_t set_ns;	/* when the last round was set */
	long rounds;
	uint64_t delay_ns;
	uint64_t work_rounds;	/* common__burn rounds a waiter does per wake */
};

struct waiter {
	struct event *ev;
	uint64_t waited_ns;	/* out */
	uint64_t max_wake_ns;	/* out: set -> running again, the largest */
	uint64_t sink;
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	struct event *ev = w->ev;

	for (long r = 1; r <= ev->rounds; r++) {
		uint64_t t = common__now_ns(), now, set;

		pthread_mutex_lock(&ev->lock);
		while (ev->generation < r)
			pthread_cond_wait(&ev->set_cond, &ev->lock);
		set = ev->set_ns;
		pthread_mutex_unlock(&ev->lock);
		now = common__now_ns();
		w->waited_ns += now - t;
		if (now - set > w->max_wake_ns)
			w->max_wake_ns = now - set;
		w->sink += common__burn((uint64_t)r, ev->work_rounds);	/* react */
	}
	return NULL;
}

static void *setter_main(void *arg)
{
	struct event *ev = arg;

	for (long r = 1; r <= ev->rounds; r++) {
		common__sleep_ns(ev->delay_ns);
		pthread_mutex_lock(&ev->lock);
		ev->generation = r;
		ev->set_ns = common__now_ns();
		pthread_cond_broadcast(&ev->set_cond);
		pthread_mutex_unlock(&ev->lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long waiters = 8, rounds = 5, delay_ms = 200, work_us = 500;
	const struct common_opt opts[] = {
		{ "waiters", COMMON_OPT_LONG, &waiters, 1, 1000, NULL, "waiting threads" },
		{ "rounds", COMMON_OPT_LONG, &rounds, 1, 100000, NULL, "events set" },
		{ "delay-ms", COMMON_OPT_LONG, &delay_ms, 0, 10000, NULL,
		  "setter's delay before each set, ms" },
		{ "work-us", COMMON_OPT_LONG, &work_us, 0, 1000000, NULL,
		  "CPU a waiter spends after each wake, us" },
		{ NULL },
	};
	const struct common_prog prog = {
		"event",
		"Waiters block on an event; one broadcast wakes them all.",
		opts, 120,
	};
	struct event ev = { .lock = PTHREAD_MUTEX_INITIALIZER,
			   .set_cond = PTHREAD_COND_INITIALIZER };
	struct waiter *w;
	pthread_t *tids, setter;
	uint64_t t0, wall, max_wake = 0;

	common__parse_args(&prog, argc, argv);
	ev.rounds = rounds;
	ev.delay_ns = (uint64_t)delay_ms * 1000000ull;
	ev.work_rounds = common__burn_calibrate((uint64_t)work_us * 1000ull);
	w = calloc((size_t)waiters, sizeof(*w));
	tids = calloc((size_t)waiters, sizeof(*tids));
	if (!w || !tids)
		common__die("out of memory");

	for (long i = 0; i < waiters; i++)
		w[i].ev = &ev;

	t0 = common__now_ns();
	common__threads_start(tids, waiters, waiter_main, w, sizeof(*w), "waiter");
	common__thread_start(&setter, setter_main, &ev, "setter");
	common__thread_join(setter);
	common__threads_join(tids, waiters);
	wall = common__now_ns() - t0;

	common__result("waiters", "%ld", waiters);
	common__result("rounds", "%ld", rounds);
	for (long i = 0; i < waiters; i++) {
		common__result_nth("waiter", i + 1, "waited_ms", "%.3f", w[i].waited_ns / 1e6);
		common__result_nth("waiter", i + 1, "max_wake_us", "%.1f",
				   w[i].max_wake_ns / 1e3);
		if (w[i].max_wake_ns > max_wake)
			max_wake = w[i].max_wake_ns;
	}
	common__result("max_wake_us", "%.1f", max_wake / 1e3);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result_rusage("self_", RUSAGE_SELF);
	free(tids);
	free(w);
	return 0;
}
