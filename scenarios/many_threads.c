// SPDX-License-Identifier: GPL-2.0-only
/*
 * many_threads - hundreds of threads wake on the same timer tick.
 *
 * --threads tick-N threads sleep until the same absolute times (every
 * --period-ms, --rounds times, clock_nanosleep TIMER_ABSTIME), then each
 * computes --work-us. They all become runnable at once, but only as many
 * as there are CPUs can run: the rest wait in the run queue, and the last
 * one to run waits about threads x work / CPUs. Run-queue delay and context
 * switches grow with --threads.
 *
 * Prints how late the threads ran after each tick (largest and mean, as the
 * threads measured it themselves), how many ticks found a thread still busy
 * with the previous one (it then may not sleep), and the process's rusage.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

struct shared {
	uint64_t start_ns;	/* tick 0 */
	uint64_t period_ns;
	long rounds;
	uint64_t work_rounds;
};

struct ticker {
	const struct shared *sh;
	uint64_t max_late_ns, sum_late_ns;	/* out */
	long missed;		/* out: ticks already (almost) due when it went to sleep */
	uint64_t sink;
};

/* Closer than this to its tick, a thread may not sleep at all. */
#define NEAR_NS 1000000ull

static void *ticker_main(void *arg)
{
	struct ticker *t = arg;
	const struct shared *sh = t->sh;

	for (long r = 1; r <= sh->rounds; r++) {
		uint64_t due = sh->start_ns + (uint64_t)r * sh->period_ns, late;

		if (common__now_ns() + NEAR_NS >= due)
			t->missed++;	/* so late that this tick may not be slept for */
		common__sleep_until(due);
		late = common__now_ns() - due;
		t->sum_late_ns += late;
		if (late > t->max_late_ns)
			t->max_late_ns = late;
		t->sink += common__burn((uint64_t)r, sh->work_rounds);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long threads = 200, rounds = 20, period_ms = 50, work_us = 100;
	const struct common_opt opts[] = {
		{ "threads", COMMON_OPT_LONG, &threads, 1, 10000, NULL, "threads" },
		{ "rounds", COMMON_OPT_LONG, &rounds, 1, 100000, NULL, "timer ticks" },
		{ "period-ms", COMMON_OPT_LONG, &period_ms, 1, 10000, NULL,
		  "time between ticks, ms" },
		{ "work-us", COMMON_OPT_LONG, &work_us, 0, 1000000, NULL,
		  "CPU each thread spends per tick, us" },
		{ NULL },
	};
	const struct common_prog prog = {
		"many_threads",
		"Hundreds of threads wake on one timer: run-queue delay grows with their number.",
		opts, 120,
	};
	struct shared sh;
	struct ticker *t;
	pthread_t *tids;
	uint64_t wall, max_late = 0, sum_late = 0;
	long missed = 0;

	common__parse_args(&prog, argc, argv);
	sh.period_ns = (uint64_t)period_ms * 1000000ull;
	sh.rounds = rounds;
	sh.work_rounds = common__burn_calibrate((uint64_t)work_us * 1000ull);
	t = calloc((size_t)threads, sizeof(*t));
	tids = calloc((size_t)threads, sizeof(*tids));
	if (!t || !tids)
		common__die("out of memory");

	for (long i = 0; i < threads; i++)
		t[i].sh = &sh;

	sh.start_ns = common__now_ns();
	common__threads_start(tids, threads, ticker_main, t, sizeof(*t), "tick");
	for (long i = 0; i < threads; i++) {
		common__thread_join(tids[i]);
		sum_late += t[i].sum_late_ns;
		missed += t[i].missed;
		if (t[i].max_late_ns > max_late)
			max_late = t[i].max_late_ns;
	}
	wall = common__now_ns() - sh.start_ns;

	common__result("threads", "%ld", threads);
	common__result("rounds", "%ld", rounds);
	common__result("cpus", "%d", common__ncpus());
	common__result("max_late_us", "%.1f", max_late / 1e3);
	common__result("mean_late_us", "%.1f", sum_late / 1e3 / (double)(threads * rounds));
	common__result("last_thread_wait_if_fair_us", "%.1f",
		       (double)threads * (double)work_us / common__ncpus());
	common__result("ticks_missed", "%ld", missed);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result_rusage("self_", RUSAGE_SELF);
	free(tids);
	free(t);
	return 0;
}
