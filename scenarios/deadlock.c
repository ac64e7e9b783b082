// SPDX-License-Identifier: GPL-2.0-only
/*
 * deadlock - two threads take two locks in opposite order.
 *
 * locker-a takes lock 1 then lock 2; locker-b takes lock 2 then lock 1.
 * A barrier makes sure each holds its first lock before reaching for the
 * second, so the deadlock happens every time: both block forever in futex
 * waits. The main thread waits up to --timeout-ms for them, then reports
 * the deadlock and exits with status 3, which ends the stuck threads.
 * With --ordered both take the locks in the same order and finish.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common.h"

struct locks {
	pthread_mutex_t one, two;
	pthread_barrier_t holding;	/* both hold their first lock */
	pthread_mutex_t state;
	pthread_cond_t changed;
	int finished;			/* lockers done, under state */
	int reaching;			/* lockers reaching for the second lock */
	uint64_t stuck_since_ns;	/* when the second of them began to reach */
	int ordered;
	long rounds;			/* --ordered: times each takes both */
};

struct locker {
	struct locks *l;
	int b;				/* 0: locker-a, 1: locker-b */
};

static void note(struct locks *l, int *field)
{
	pthread_mutex_lock(&l->state);
	++*field;
	if (field == &l->reaching && l->reaching == 2)
		l->stuck_since_ns = common__now_ns();
	pthread_cond_signal(&l->changed);
	pthread_mutex_unlock(&l->state);
}

static void *locker_main(void *arg)
{
	struct locker *me = arg;
	struct locks *l = me->l;
	pthread_mutex_t *first = me->b && !l->ordered ? &l->two : &l->one;
	pthread_mutex_t *second = first == &l->one ? &l->two : &l->one;

	if (l->ordered) {
		for (long r = 0; r < l->rounds; r++) {
			pthread_mutex_lock(first);
			pthread_mutex_lock(second);
			common__sleep_ns(20000000ull);	/* work while holding both */
			pthread_mutex_unlock(second);
			pthread_mutex_unlock(first);
		}
	} else {
		pthread_mutex_lock(first);
		pthread_barrier_wait(&l->holding);
		note(l, &l->reaching);
		pthread_mutex_lock(second);	/* never returns */
		pthread_mutex_unlock(second);
		pthread_mutex_unlock(first);
	}
	note(l, &l->finished);
	return NULL;
}

int main(int argc, char **argv)
{
	long timeout_ms = 1000, ordered = 0;
	const struct common_opt opts[] = {
		{ "timeout-ms", COMMON_OPT_LONG, &timeout_ms, 1, 600000, NULL,
		  "how long the lockers may take before it is called a deadlock, ms" },
		{ "ordered", COMMON_OPT_FLAG, &ordered, 0, 0, NULL,
		  "take the locks in the same order in both threads (no deadlock)" },
		{ NULL },
	};
	const struct common_prog prog = {
		"deadlock",
		"Two threads take two locks in opposite order and wait for each other forever.",
		opts, 60,
	};
	struct locks l = { .one = PTHREAD_MUTEX_INITIALIZER,
			   .two = PTHREAD_MUTEX_INITIALIZER,
			   .state = PTHREAD_MUTEX_INITIALIZER, .rounds = 10 };
	struct locker a = { &l, 0 }, b = { &l, 1 };
	pthread_t ta, tb;
	struct timespec until;
	uint64_t t0, deadline;
	int err = 0;

	common__parse_args(&prog, argc, argv);
	l.ordered = (int)ordered;
	if (common__cond_init(&l.changed))
		common__die("cannot create a condition variable");
	pthread_barrier_init(&l.holding, NULL, 2);

	t0 = common__now_ns();
	common__thread_start(&ta, locker_main, &a, "locker-a");
	common__thread_start(&tb, locker_main, &b, "locker-b");

	deadline = t0 + (uint64_t)timeout_ms * 1000000ull;
	until = common__timespec(deadline);
	pthread_mutex_lock(&l.state);
	while (l.finished < 2 && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&l.changed, &l.state, &until);
	if (l.finished < 2) {
		uint64_t now = common__now_ns();

		common__result("deadlock", "yes");
		common__result("stuck_ms", "%.3f",
			       l.reaching == 2 ? (now - l.stuck_since_ns) / 1e6 : 0.0);
		common__result("locker-a", "holds lock 1, waits for lock 2");
		common__result("locker-b", "holds lock 2, waits for lock 1");
		common__error("locker-a and locker-b each wait for the lock the other "
			      "holds: a deadlock, given up after %ld ms (take locks in "
			      "one order: --ordered)", timeout_ms);
		/* exit() ends the process, and with it the two stuck threads */
		exit(COMMON_EXIT_STUCK);
	}
	pthread_mutex_unlock(&l.state);
	common__thread_join(ta);
	common__thread_join(tb);
	common__result("deadlock", "no");
	common__result("wall_ms", "%.3f", (common__now_ns() - t0) / 1e6);
	return 0;
}
