// SPDX-License-Identifier: GPL-2.0-only
/*
 * gil - CPU-bound threads sharing one emulated global interpreter lock.
 *
 * Each gil-worker-N takes the GIL, then burns --work-ms of CPU in small
 * pieces, checking for a drop request between pieces (gil_lock.h). Waiters
 * time out after --interval ms and ask the holder to drop, so the lock moves
 * about once an interval, and only one worker computes at any moment even
 * with idle CPUs around.
 *
 * Prints the wall time, the lock's switch counters, the hand-offs one would
 * expect (wall / interval) and, per worker, the time it held and waited for
 * the lock and its CPU time.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "gil_lock.h"

#define CHECK_NS 20000ull	/* work between two drop-request checks */

struct worker {
	struct gil_lock *gil;
	uint64_t work_ns;	/* CPU work to do, ns */
	uint64_t waited_ns;	/* out: time without the GIL, ns */
	uint64_t life_ns;	/* out: from start to end, ns */
	uint64_t cpu_ns;	/* out: its CPU time (CLOCK_THREAD_CPUTIME_ID), ns */
	uint64_t sink;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint64_t t0 = common__now_ns();
	uint64_t chunk = common__burn_calibrate(CHECK_NS);
	uint64_t pieces = w->work_ns / CHECK_NS;

	w->waited_ns = gil_lock__acquire(w->gil);
	for (uint64_t i = 0; i < pieces; i++) {
		w->sink += common__burn(i, chunk);
		w->waited_ns += gil_lock__checkpoint(w->gil);
	}
	gil_lock__release(w->gil, 0);
	w->life_ns = common__now_ns() - t0;
	w->cpu_ns = common__cpu_ns(CLOCK_THREAD_CPUTIME_ID);
	return NULL;
}

int main(int argc, char **argv)
{
	long threads = 4, work_ms = 400, interval_ms = 5;
	const struct common_opt opts[] = {
		{ "threads", COMMON_OPT_LONG, &threads, 1, 256, NULL,
		  "CPU-bound worker threads" },
		{ "work-ms", COMMON_OPT_LONG, &work_ms, 1, 60000, NULL,
		  "CPU work per worker, ms" },
		{ "interval", COMMON_OPT_LONG, &interval_ms, 1, 1000, NULL,
		  "switch interval, ms (CPython's sys.setswitchinterval)" },
		{ NULL },
	};
	const struct common_prog prog = {
		"gil",
		"CPU-bound threads share one emulated GIL: one computes at a time.",
		opts, 120,
	};
	struct gil_lock gil;
	struct worker *w;
	pthread_t *tids;
	uint64_t wall, switches, handoffs, requests, sink = 0;
	int err;

	common__parse_args(&prog, argc, argv);
	/* calibrate once here, outside the measured window and without the GIL */
	common__burn_calibrate(CHECK_NS);
	err = gil_lock__init(&gil, (uint64_t)interval_ms * 1000000ull);
	w = calloc((size_t)threads, sizeof(*w));
	tids = calloc((size_t)threads, sizeof(*tids));
	if (err || !w || !tids)
		common__die("cannot set up the GIL: out of memory");

	for (long i = 0; i < threads; i++)
		w[i] = (struct worker){ .gil = &gil,
					.work_ns = (uint64_t)work_ms * 1000000ull };

	wall = common__threads_run(tids, threads, worker_main, w, sizeof(*w), "gil-worker");
	gil_lock__stats(&gil, &switches, &handoffs, &requests);

	common__result("threads", "%ld", threads);
	common__result("interval_ms", "%ld", interval_ms);
	common__result("work_ms_per_worker", "%ld", work_ms);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result("gil_switches", "%llu", (unsigned long long)switches);
	common__result("gil_handoffs", "%llu", (unsigned long long)handoffs);
	common__result("gil_drop_requests", "%llu", (unsigned long long)requests);
	common__result("handoffs_if_once_per_interval", "%.1f",
		       (double)wall / ((double)interval_ms * 1e6));
	for (long i = 0; i < threads; i++) {
		common__result_nth("gil-worker", i + 1, "held_ms", "%.3f",
				   (w[i].life_ns - w[i].waited_ns) / 1e6);
		common__result_nth("gil-worker", i + 1, "waited_ms", "%.3f", w[i].waited_ns / 1e6);
		common__result_nth("gil-worker", i + 1, "cpu_ms", "%.3f", w[i].cpu_ns / 1e6);
		sink += w[i].sink;
	}
	common__result("checksum", "%llx", (unsigned long long)sink);
	common__result_rusage("self_", RUSAGE_SELF);
	gil_lock__destroy(&gil);
	free(tids);
	free(w);
	return 0;
}
