// SPDX-License-Identifier: GPL-2.0-only
/*
 * rlock - a re-entrant lock (Python's threading.RLock) taken twice by its
 * owner, and a plain lock taken twice.
 *
 * Default: --threads workers (rlock-N) each --rounds times take the
 * recursive mutex `account_lock` (PTHREAD_MUTEX_RECURSIVE), call a helper
 * that takes it again (the owner re-enters: a count in user space, no
 * system call), update two balances and release it twice. Only a thread
 * finding the lock held by another sleeps in a futex wait; re-entering
 * never does, so one worker alone makes no futex wait at all.
 *
 * --plain: one thread (plain-1) takes the ordinary mutex `plain_lock` and,
 * inside, calls the same helper, which takes it again: the thread waits for
 * itself, in a futex wait nobody will end. It gives up after --timeout-ms
 * (pthread_mutex_clocklock) and says so; Python's threading.Lock would hang.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* global, so that schedviz names the futex words by their symbols */
pthread_mutex_t account_lock;
pthread_mutex_t plain_lock = PTHREAD_MUTEX_INITIALIZER;

static long balance_a, balance_b;	/* a transfer keeps their sum constant */
static long rounds = 1000000, timeout_ms = 300;
static long reentries;			/* inner takes that re-entered, under the lock */

/* The helper: takes the lock itself, as a library function would. */
static int transfer(pthread_mutex_t *m, long amount)
{
	struct timespec until = common__timespec(common__now_ns() +
						 (uint64_t)timeout_ms * 1000000ull);
	int err = m == &plain_lock ? pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &until)
				     : pthread_mutex_lock(m);

	if (err)
		return err;
	balance_a -= amount;
	balance_b += amount;
	reentries++;
	pthread_mutex_unlock(m);
	return 0;
}

static void *rlock_main(void *arg)
{
	(void)arg;
	for (long r = 0; r < rounds; r++) {
		pthread_mutex_lock(&account_lock);
		if (transfer(&account_lock, 1))		/* re-enters: never waits */
			common__die("re-entering the recursive mutex failed");
		pthread_mutex_unlock(&account_lock);
	}
	return NULL;
}

static void *plain_main(void *arg)
{
	uint64_t t0;
	int err;

	pthread_mutex_lock(&plain_lock);
	t0 = common__now_ns();
	err = transfer(&plain_lock, 1);		/* waits for itself */
	*(double *)arg = (common__now_ns() - t0) / 1e6;
	pthread_mutex_unlock(&plain_lock);
	return err == ETIMEDOUT ? NULL : (void *)1;
}

int main(int argc, char **argv)
{
	long threads = 2, plain = 0;
	const struct common_opt opts[] = {
		{ "threads", COMMON_OPT_LONG, &threads, 1, 256, NULL, "workers sharing the lock" },
		{ "rounds", COMMON_OPT_LONG, &rounds, 1, 100000000, NULL,
		  "transfers each worker makes" },
		{ "plain", COMMON_OPT_FLAG, &plain, 0, 0, NULL,
		  "an ordinary mutex taken twice by its owner" },
		{ "timeout-ms", COMMON_OPT_LONG, &timeout_ms, 1, 60000, NULL,
		  "--plain: how long the owner waits for itself before giving up, ms" },
		{ NULL },
	};
	const struct common_prog prog = {
		"rlock",
		"A re-entrant lock taken twice by its owner; a plain one waits for itself.",
		opts, 60,
	};
	pthread_mutexattr_t attr;
	pthread_t *tids;
	uint64_t t0;

	common__parse_args(&prog, argc, argv);
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&account_lock, &attr);
	t0 = common__now_ns();
	if (plain) {
		double waited = 0;
		pthread_t tid;
		void *ret;

		common__thread_start(&tid, plain_main, &waited, "plain-1");
		ret = common__thread_join(tid);
		common__result("mode", "plain");
		common__result("self_wait_ms", "%.3f", waited);
		common__result("timeout_ms", "%ld", timeout_ms);
		common__result("gave_up", "%s", ret ? "no" : "yes");
	} else {
		tids = calloc((size_t)threads, sizeof(*tids));
		if (!tids)
			common__die("out of memory");
		common__threads_start(tids, threads, rlock_main, NULL, 0, "rlock");
		common__threads_join(tids, threads);
		free(tids);
		common__result("mode", "recursive");
		common__result("threads", "%ld", threads);
		common__result("outer_takes", "%ld", threads * rounds);
		common__result("reentries", "%ld", reentries);
		common__result("balance_sum", "%ld", balance_a + balance_b);
	}
	common__result("wall_ms", "%.3f", (common__now_ns() - t0) / 1e6);
	common__result_rusage("self_", RUSAGE_SELF);
	return 0;
}
