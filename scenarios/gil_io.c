// SPDX-License-Identifier: GPL-2.0-only
/*
 * gil_io - threads under the emulated GIL that release it around blocking I/O.
 *
 * Each gil-worker-N does --rounds rounds of: take the GIL, compute --cpu-ms,
 * drop the GIL, block for about --wait-ms. Odd workers block in read() on a
 * pipe that the io-feeder thread (standing in for a disk or a peer) writes
 * one byte to every --wait-ms; even workers block in nanosleep(). The GIL is
 * dropped during the blocking call, as CPython does around I/O, so the
 * workers' waits overlap and the wall time is close to one worker's waits,
 * not the sum of everybody's.
 *
 * With --hold a worker keeps the GIL across its blocking call, as a C
 * extension that forgot Py_BEGIN_ALLOW_THREADS would: one worker waits at a
 * time, the others wait for the GIL, and the waits add up.
 *
 * Prints the wall time, each worker's measured blocking time, their sum and
 * the longest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "gil_lock.h"

struct job {
	struct gil_lock *gil;
	long rounds;
	uint64_t wait_ns, cpu_ns;
	int read_fd;		/* >= 0: block in read() on it; -1: nanosleep() */
	int hold;		/* keep the GIL across the blocking call (--hold) */
	uint64_t blocked_ns;	/* out: time inside the blocking calls */
	uint64_t gil_wait_ns;	/* out: time waiting for the GIL */
	uint64_t sink;
};

struct feeder {
	long rounds;
	uint64_t wait_ns;
	int *write_fds;
	long nfds;
};

static void *feeder_main(void *arg)
{
	struct feeder *f = arg;
	uint64_t start = common__now_ns();

	for (long r = 1; r <= f->rounds; r++) {
		common__sleep_until(start + (uint64_t)r * f->wait_ns);
		for (long i = 0; i < f->nfds; i++) {
			if (write(f->write_fds[i], "x", 1) != 1)
				common__die("io-feeder: write to a pipe failed: %s",
					    strerror(errno));
		}
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	struct job *j = arg;
	uint64_t chunk = common__burn_calibrate(j->cpu_ns);

	for (long r = 0; r < j->rounds; r++) {
		uint64_t t;
		char c;

		j->gil_wait_ns += gil_lock__acquire(j->gil);
		j->sink += common__burn((uint64_t)r, chunk);
		if (!j->hold)
			gil_lock__release(j->gil, 0);	/* blocking I/O ahead: let others run */

		t = common__now_ns();
		if (j->read_fd >= 0) {
			ssize_t n;

			while ((n = read(j->read_fd, &c, 1)) < 0 && errno == EINTR)
				;
			if (n != 1)
				common__die("read from the io-feeder pipe failed");
		} else {
			common__sleep_ns(j->wait_ns);
		}
		j->blocked_ns += common__now_ns() - t;
		if (j->hold)
			gil_lock__release(j->gil, 0);	/* only now: nobody ran meanwhile */
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long threads = 4, rounds = 10, wait_ms = 100, cpu_ms = 2, hold = 0;
	const struct common_opt opts[] = {
		{ "threads", COMMON_OPT_LONG, &threads, 1, 256, NULL, "worker threads" },
		{ "rounds", COMMON_OPT_LONG, &rounds, 1, 100000, NULL,
		  "compute-then-wait rounds per worker" },
		{ "wait-ms", COMMON_OPT_LONG, &wait_ms, 1, 10000, NULL,
		  "blocking wait per round, ms" },
		{ "cpu-ms", COMMON_OPT_LONG, &cpu_ms, 0, 10000, NULL,
		  "computation under the GIL per round, ms" },
		{ "hold", COMMON_OPT_FLAG, &hold, 0, 0, NULL,
		  "keep the GIL across the blocking wait (what dropping it buys)" },
		{ NULL },
	};
	const struct common_prog prog = {
		"gil_io",
		"Threads drop the emulated GIL around blocking I/O, so their waits overlap.",
		opts, 120,
	};
	struct gil_lock gil;
	struct feeder feed = { 0 };
	struct job *jobs;
	pthread_t *tids, feeder_tid;
	int *read_fds;
	uint64_t t0, wall, sum = 0, longest = 0, sink = 0;

	common__parse_args(&prog, argc, argv);
	common__burn_calibrate((uint64_t)cpu_ms * 1000000ull);
	jobs = calloc((size_t)threads, sizeof(*jobs));
	tids = calloc((size_t)threads, sizeof(*tids));
	read_fds = calloc((size_t)threads, sizeof(*read_fds));
	feed.write_fds = calloc((size_t)threads, sizeof(*feed.write_fds));
	if (!jobs || !tids || !read_fds || !feed.write_fds ||
	    gil_lock__init(&gil, 5000000ull))
		common__die("out of memory");
	feed.rounds = rounds;
	feed.wait_ns = (uint64_t)wait_ms * 1000000ull;
	for (long i = 0; i < threads; i++) {
		int fds[2];

		read_fds[i] = -1;
		if (i % 2 == 0) {	/* gil-worker-1, -3, ...: pipe readers */
			if (pipe(fds))
				common__die("pipe: %s (raise ulimit -n)", strerror(errno));
			read_fds[i] = fds[0];
			feed.write_fds[feed.nfds++] = fds[1];
		}
	}

	for (long i = 0; i < threads; i++)
		jobs[i] = (struct job){ .gil = &gil, .rounds = rounds,
					.wait_ns = (uint64_t)wait_ms * 1000000ull,
					.cpu_ns = (uint64_t)cpu_ms * 1000000ull,
					.read_fd = read_fds[i], .hold = (int)hold };

	t0 = common__now_ns();
	common__thread_start(&feeder_tid, feeder_main, &feed, "io-feeder");
	common__threads_start(tids, threads, worker_main, jobs, sizeof(*jobs), "gil-worker");
	common__threads_join(tids, threads);
	wall = common__now_ns() - t0;
	common__thread_join(feeder_tid);

	common__result("hold", "%ld", hold);
	common__result("threads", "%ld", threads);
	common__result("rounds", "%ld", rounds);
	common__result("wait_ms_per_round", "%ld", wait_ms);
	common__result("cpu_ms_per_round", "%ld", cpu_ms);
	for (long i = 0; i < threads; i++) {
		common__result_nth("gil-worker", i + 1, "blocked_ms", "%.3f",
				   jobs[i].blocked_ns / 1e6);
		common__result_nth("gil-worker", i + 1, "gil_wait_ms", "%.3f",
				   jobs[i].gil_wait_ns / 1e6);
		sum += jobs[i].blocked_ns;
		if (jobs[i].blocked_ns > longest)
			longest = jobs[i].blocked_ns;
		sink += jobs[i].sink;
	}
	common__result("sum_blocked_ms", "%.3f", sum / 1e6);
	common__result("longest_blocked_ms", "%.3f", longest / 1e6);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result("checksum", "%llx", (unsigned long long)sink);
	common__result_rusage("self_", RUSAGE_SELF);
	for (long i = 0; i < threads; i++)
		if (read_fds[i] >= 0)
			close(read_fds[i]);
	for (long i = 0; i < feed.nfds; i++)
		close(feed.write_fds[i]);
	gil_lock__destroy(&gil);
	free(feed.write_fds);
	free(read_fds);
	free(tids);
	free(jobs);
	return 0;
}
