// SPDX-License-Identifier: GPL-2.0-only
/*
 * semaphore - N permits shared by more workers than permits.
 *
 * --workers sem-worker-N threads each do --rounds rounds of: take a permit
 * (sem_wait on a POSIX semaphore of --permits), hold it for --hold-ms
 * sleeping (a download, a database connection), give it back. At most
 * --permits workers hold a permit at once; the others queue in futex waits
 * (threading.Semaphore / BoundedSemaphore in the notes).
 *
 * Prints the most holders ever seen at once, and per worker the time spent
 * waiting for a permit and holding one.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

struct pool {
	sem_t permits;
	long rounds;
	uint64_t hold_ns;
	long holders;		/* now, atomic */
	long max_holders;	/* most at once, atomic */
};

struct worker {
	struct pool *p;
	uint64_t waited_ns, held_ns;	/* out */
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;

	for (long r = 0; r < p->rounds; r++) {
		uint64_t t = common__now_ns(), t1;
		long now, seen;

		while (sem_wait(&p->permits) && errno == EINTR)
			;
		t1 = common__now_ns();
		w->waited_ns += t1 - t;
		now = __atomic_add_fetch(&p->holders, 1, __ATOMIC_SEQ_CST);
		seen = __atomic_load_n(&p->max_holders, __ATOMIC_SEQ_CST);
		while (now > seen &&
		       !__atomic_compare_exchange_n(&p->max_holders, &seen, now, 0,
						    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			;
		common__sleep_ns(p->hold_ns);
		__atomic_sub_fetch(&p->holders, 1, __ATOMIC_SEQ_CST);
		w->held_ns += common__now_ns() - t1;
		sem_post(&p->permits);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long permits = 2, workers = 6, rounds = 20, hold_ms = 20;
	const struct common_opt opts[] = {
		{ "permits", COMMON_OPT_LONG, &permits, 1, 1000, NULL, "semaphore permits" },
		{ "workers", COMMON_OPT_LONG, &workers, 1, 1000, NULL, "worker threads" },
		{ "rounds", COMMON_OPT_LONG, &rounds, 1, 1000000, NULL,
		  "permits each worker takes in turn" },
		{ "hold-ms", COMMON_OPT_LONG, &hold_ms, 0, 10000, NULL,
		  "time a permit is held (sleeping), ms" },
		{ NULL },
	};
	const struct common_prog prog = {
		"semaphore",
		"More workers than permits: at most N hold one, the rest queue.",
		opts, 120,
	};
	struct pool p = { .rounds = 0 };
	struct worker *w;
	pthread_t *tids;
	uint64_t wall;

	common__parse_args(&prog, argc, argv);
	p.rounds = rounds;
	p.hold_ns = (uint64_t)hold_ms * 1000000ull;
	if (sem_init(&p.permits, 0, (unsigned)permits))
		common__die("sem_init: %s", strerror(errno));
	w = calloc((size_t)workers, sizeof(*w));
	tids = calloc((size_t)workers, sizeof(*tids));
	if (!w || !tids)
		common__die("out of memory");

	for (long i = 0; i < workers; i++)
		w[i].p = &p;

	wall = common__threads_run(tids, workers, worker_main, w, sizeof(*w), "sem-worker");

	common__result("permits", "%ld", permits);
	common__result("workers", "%ld", workers);
	common__result("max_holders", "%ld", p.max_holders);
	for (long i = 0; i < workers; i++) {
		common__result_nth("sem-worker", i + 1, "waited_ms", "%.3f", w[i].waited_ns / 1e6);
		common__result_nth("sem-worker", i + 1, "held_ms", "%.3f", w[i].held_ns / 1e6);
	}
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result("wall_ms_if_permits_always_busy", "%.3f",
		       (double)workers * (double)rounds * (double)hold_ms / (double)permits);
	common__result_rusage("self_", RUSAGE_SELF);
	sem_destroy(&p.permits);
	free(tids);
	free(w);
	if (p.max_holders > permits) {
		common__error("%ld holders at once with %ld permits: a bug",
			      p.max_holders, permits);
		return COMMON_EXIT_FAIL;
	}
	return 0;
}
