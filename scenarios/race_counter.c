// SPDX-License-Identifier: GPL-2.0-only
/*
 * race_counter - T worker threads each add 1 to one shared counter N times.
 *
 * --mode=none:   load, add, store as separate instructions; two CPUs
 *                interleave them and updates are lost (the course's race).
 * --mode=mutex:  each increment under a pthread mutex: right total, and the
 *                losers of the lock sleep in futex waits (voluntary switches).
 * --mode=atomic: a locked add (__atomic_fetch_add): right total, no sleeping.
 *
 * --work-ns: CPU work between reading the counter and writing it back (the
 * course's `x = counter; ...; counter = x + 1`), 600 ns by default: it widens
 * the window another CPU's store can fall into, and makes a run with the
 * default million increments last about a second, long enough to watch.
 *
 * Prints expected, actual and lost, and workers_nvcsw: the voluntary
 * switches the workers' own getrusage(RUSAGE_THREAD) counted, each read as
 * the worker's last act (futex sleeps at the start barrier and in the
 * mutex, and a new thread's sleeps on the address space's lock); exits 1
 * when a locked mode comes out wrong (that would be a bug, not a lesson).
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>

#include "common.h"

enum mode { MODE_NONE, MODE_MUTEX, MODE_ATOMIC };
static const char *const mode_names[] = { "none", "mutex", "atomic", NULL };

struct shared {
	long counter;
	pthread_mutex_t lock;
	pthread_barrier_t start;	/* all workers begin together */
	long iterations;
	uint64_t work;			/* common__burn() rounds per increment */
	enum mode mode;
	long workers_nvcsw;		/* summed RUSAGE_THREAD ru_nvcsw */
};

static volatile uint64_t work_sink;	/* keeps the work from being optimized out */

static void *worker(void *arg)
{
	struct shared *sh = arg;
	uint64_t acc = 0;

	pthread_barrier_wait(&sh->start);
	switch (sh->mode) {
	case MODE_NONE:
		for (long i = 0; i < sh->iterations; i++) {
			/*
			 * A relaxed load and a relaxed store are two separate
			 * instructions the compiler may not fuse into one locked
			 * add; another CPU's store can land between them and is
			 * then overwritten.
			 */
			long v = __atomic_load_n(&sh->counter, __ATOMIC_RELAXED);
			acc += common__burn((uint64_t)v, sh->work);
			__atomic_store_n(&sh->counter, v + 1, __ATOMIC_RELAXED);
		}
		break;
	case MODE_MUTEX:
		for (long i = 0; i < sh->iterations; i++) {
			pthread_mutex_lock(&sh->lock);
			long v = __atomic_load_n(&sh->counter, __ATOMIC_RELAXED);
			acc += common__burn((uint64_t)v, sh->work);
			__atomic_store_n(&sh->counter, v + 1, __ATOMIC_RELAXED);
			pthread_mutex_unlock(&sh->lock);
		}
		break;
	case MODE_ATOMIC:
		for (long i = 0; i < sh->iterations; i++) {
			acc += common__burn((uint64_t)i, sh->work);
			__atomic_fetch_add(&sh->counter, 1, __ATOMIC_RELAXED);
		}
		break;
	}
	work_sink += acc;
	{
		struct rusage ru;

		if (getrusage(RUSAGE_THREAD, &ru) == 0)
			__atomic_fetch_add(&sh->workers_nvcsw, ru.ru_nvcsw, __ATOMIC_RELAXED);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long threads = 4, iterations = 1000000, mode = MODE_NONE, work_ns = 600;
	const struct common_opt opts[] = {
		{ "threads", COMMON_OPT_LONG, &threads, 1, 1024, NULL,
		  "worker threads" },
		{ "iterations", COMMON_OPT_LONG, &iterations, 1, 1000000000L, NULL,
		  "increments per worker" },
		{ "mode", COMMON_OPT_CHOICE, &mode, 0, 0, mode_names,
		  "how the increment is protected" },
		{ "work-ns", COMMON_OPT_LONG, &work_ns, 0, 1000000, NULL,
		  "CPU work between reading and writing the counter, ns" },
		{ NULL },
	};
	const struct common_prog prog = {
		"race_counter",
		"Worker threads add 1 to one shared counter; without a lock updates are lost.",
		opts, 60,
	};
	struct shared sh = { .mode = MODE_NONE };
	pthread_t tids[1024];
	uint64_t wall;
	long expected;

	common__parse_args(&prog, argc, argv);
	sh.iterations = iterations;
	sh.work = work_ns ? common__burn_calibrate((uint64_t)work_ns) : 0;
	sh.mode = (enum mode)mode;
	pthread_mutex_init(&sh.lock, NULL);
	pthread_barrier_init(&sh.start, NULL, (unsigned)threads);

	wall = common__threads_run(tids, threads, worker, &sh, 0, "worker");

	expected = threads * iterations;
	common__result("mode", "%s", mode_names[mode]);
	common__result("threads", "%ld", threads);
	common__result("iterations", "%ld", iterations);
	common__result("expected", "%ld", expected);
	common__result("actual", "%ld", sh.counter);
	common__result("lost", "%ld", expected - sh.counter);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result("workers_nvcsw", "%ld", sh.workers_nvcsw);
	common__result_rusage("self_", RUSAGE_SELF);

	pthread_barrier_destroy(&sh.start);
	pthread_mutex_destroy(&sh.lock);
	if (sh.mode != MODE_NONE && sh.counter != expected) {
		common__error("%s mode lost %ld updates: the lock does not work",
			      mode_names[mode], expected - sh.counter);
		return COMMON_EXIT_FAIL;
	}
	return 0;
}
