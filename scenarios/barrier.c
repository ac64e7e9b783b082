// SPDX-License-Identifier: GPL-2.0-only
/*
 * barrier - threads work in phases and wait for each other at a barrier.
 *
 * --threads phase-N threads run --phases phases. In each phase thread N
 * computes N x --unit-ms of CPU, then waits at a pthread barrier until all
 * have arrived (threading.Barrier in the notes): the fast threads wait for
 * the slowest, every phase, and start the next phase together.
 *
 * Prints, per thread, its compute time and its time waiting at the barrier,
 * and the wall time against the sum of the slowest thread's work.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

struct worker {
	pthread_barrier_t *barrier;
	long phases;
	uint64_t rounds;	/* common__burn rounds per phase */
	uint64_t waited_ns;	/* out: inside pthread_barrier_wait() */
	uint64_t sink;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	for (long ph = 0; ph < w->phases; ph++) {
		uint64_t t;

		w->sink += common__burn((uint64_t)ph, w->rounds);
		t = common__now_ns();
		pthread_barrier_wait(w->barrier);
		w->waited_ns += common__now_ns() - t;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long threads = 4, phases = 60, unit_ms = 3;
	const struct common_opt opts[] = {
		{ "threads", COMMON_OPT_LONG, &threads, 1, 1024, NULL, "threads" },
		{ "phases", COMMON_OPT_LONG, &phases, 1, 1000000, NULL, "phases" },
		{ "unit-ms", COMMON_OPT_LONG, &unit_ms, 0, 10000, NULL,
		  "thread N computes N units per phase, ms" },
		{ NULL },
	};
	const struct common_prog prog = {
		"barrier",
		"Threads compute in phases; the fast ones wait for the slowest at a barrier.",
		opts, 120,
	};
	pthread_barrier_t barrier;
	struct worker *w;
	pthread_t *tids;
	uint64_t wall, sink = 0;

	common__parse_args(&prog, argc, argv);
	w = calloc((size_t)threads, sizeof(*w));
	tids = calloc((size_t)threads, sizeof(*tids));
	if (!w || !tids || pthread_barrier_init(&barrier, NULL, (unsigned)threads))
		common__die("out of memory");
	for (long i = 0; i < threads; i++)
		w[i] = (struct worker){ .barrier = &barrier, .phases = phases,
			.rounds = common__burn_calibrate((uint64_t)(i + 1) *
							 (uint64_t)unit_ms * 1000000ull) };

	wall = common__threads_run(tids, threads, worker_main, w, sizeof(*w), "phase");

	common__result("threads", "%ld", threads);
	common__result("phases", "%ld", phases);
	for (long i = 0; i < threads; i++) {
		common__result_nth("phase", i + 1, "work_ms", "%.3f",
				   (double)(phases * (i + 1) * unit_ms));
		common__result_nth("phase", i + 1, "waited_ms", "%.3f", w[i].waited_ns / 1e6);
		sink += w[i].sink;
	}
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result("checksum", "%llx", (unsigned long long)sink);
	common__result_rusage("self_", RUSAGE_SELF);
	pthread_barrier_destroy(&barrier);
	free(tids);
	free(w);
	return 0;
}
