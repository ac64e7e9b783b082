// SPDX-License-Identifier: GPL-2.0-only
/*
 * thread_pool - reusable pool threads vs a new thread per task.
 *
 * Default: --workers pool threads (pool-N) take --tasks tasks of --task-us
 * CPU each from one queue (a mutex and a condition variable), like
 * concurrent.futures.ThreadPoolExecutor. With --per-task the same tasks run
 * on a new thread each (task-N), at most --workers alive at once, the
 * oldest joined before the next starts.
 *
 * Prints the threads created, the wall time and the process's rusage:
 * every thread ends with a switch of its own and costs a clone(), so the
 * per-task variant pays those once per task.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t nonempty;
	long next, count;	/* tasks next..count-1 are waiting */
	int closed;		/* no more tasks will come */
	uint64_t rounds;	/* common__burn rounds per task */
	uint64_t sum;		/* results, under lock */
};

static void *pool_worker(void *arg)
{
	struct queue *q = arg;

	for (;;) {
		long id;

		pthread_mutex_lock(&q->lock);
		while (q->next == q->count && !q->closed)
			pthread_cond_wait(&q->nonempty, &q->lock);
		if (q->next == q->count) {
			pthread_mutex_unlock(&q->lock);
			return NULL;
		}
		id = q->next++;
		pthread_mutex_unlock(&q->lock);

		uint64_t r = common__burn((uint64_t)id, q->rounds);

		pthread_mutex_lock(&q->lock);
		q->sum += r;
		pthread_mutex_unlock(&q->lock);
	}
}

struct one_task {
	struct queue *q;
	long id;
};

static void *task_thread(void *arg)
{
	struct one_task *t = arg;
	uint64_t r = common__burn((uint64_t)t->id, t->q->rounds);

	pthread_mutex_lock(&t->q->lock);
	t->q->sum += r;
	pthread_mutex_unlock(&t->q->lock);
	return NULL;
}

static long run_pool(struct queue *q, long workers, long tasks)
{
	pthread_t *tids = calloc((size_t)workers, sizeof(*tids));

	if (!tids)
		common__die("out of memory");
	common__threads_start(tids, workers, pool_worker, q, 0, "pool");
	/* submit everything, then shut down: the executor's submit() + shutdown() */
	pthread_mutex_lock(&q->lock);
	q->count = tasks;
	q->closed = 1;
	pthread_cond_broadcast(&q->nonempty);
	pthread_mutex_unlock(&q->lock);
	common__threads_join(tids, workers);
	free(tids);
	return workers;
}

static long run_per_task(struct queue *q, long workers, long tasks)
{
	pthread_t *tids = calloc((size_t)workers, sizeof(*tids));
	struct one_task *args = calloc((size_t)workers, sizeof(*args));

	if (!tids || !args)
		common__die("out of memory");
	for (long id = 0; id < tasks; id++) {
		long slot = id % workers;

		if (id >= workers)	/* the oldest thread still runs in this slot */
			common__thread_join(tids[slot]);
		args[slot] = (struct one_task){ .q = q, .id = id };
		common__thread_start(&tids[slot], task_thread, &args[slot], "task-%ld", id + 1);
	}
	for (long id = tasks > workers ? tasks - workers : 0; id < tasks; id++)
		common__thread_join(tids[id % workers]);
	free(args);
	free(tids);
	return tasks;
}

int main(int argc, char **argv)
{
	long workers = 4, tasks = 5000, task_us = 400, per_task = 0;
	const struct common_opt opts[] = {
		{ "workers", COMMON_OPT_LONG, &workers, 1, 1024, NULL,
		  "pool threads (or, with --per-task, threads alive at once)" },
		{ "tasks", COMMON_OPT_LONG, &tasks, 1, 10000000, NULL, "tasks to run" },
		{ "task-us", COMMON_OPT_LONG, &task_us, 0, 1000000, NULL,
		  "CPU time of one task, us" },
		{ "per-task", COMMON_OPT_FLAG, &per_task, 0, 0, NULL,
		  "start a new thread for every task instead of using a pool" },
		{ NULL },
	};
	const struct common_prog prog = {
		"thread_pool",
		"A pool of reusable threads vs a new thread per task.",
		opts, 120,
	};
	struct queue q = { .lock = PTHREAD_MUTEX_INITIALIZER,
			   .nonempty = PTHREAD_COND_INITIALIZER };
	uint64_t t0, wall;
	long created;

	common__parse_args(&prog, argc, argv);
	q.rounds = common__burn_calibrate((uint64_t)task_us * 1000ull);
	t0 = common__now_ns();
	created = per_task ? run_per_task(&q, workers, tasks) : run_pool(&q, workers, tasks);
	wall = common__now_ns() - t0;

	common__result("mode", "%s", per_task ? "per-task" : "pool");
	common__result("tasks", "%ld", tasks);
	common__result("threads_created", "%ld", created);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result("us_per_task", "%.2f", wall / 1e3 / (double)tasks);
	common__result("checksum", "%llx", (unsigned long long)q.sum);
	common__result_rusage("self_", RUSAGE_SELF);
	return 0;
}
