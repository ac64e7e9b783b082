// SPDX-License-Identifier: GPL-2.0-only
/*
 * pingpong - the cost of a context switch, measured as perf bench sched pipe
 * and lmbench lat_ctx do.
 *
 * Two tasks pass a 4-byte token back and forth over two pipes: ping writes
 * and waits for the answer, pong waits, then answers. Each round trip takes
 * two wakeups and, on one CPU, two context switches. Run as two threads and
 * as two processes, both pinned to one CPU and spread over two CPUs
 * (--tasks, --cpus select), --loops round trips each.
 *
 * Prints, per variant, microseconds per round trip (perf's "usecs/op").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

struct variant {
	int processes;		/* 0: threads */
	int two_cpus;		/* 0: both on one CPU */
};

struct side {
	int rfd, wfd;		/* read the token here, write it there */
	int cpu;
	long loops;
	int starts;		/* ping writes first */
	uint64_t elapsed_ns;	/* out (ping): first write to last read */
	int failed;		/* out */
};

static void play(struct side *s)
{
	int token = 0;
	uint64_t t0;

	if (common__pin_self(s->cpu))
		goto fail;
	t0 = common__now_ns();
	for (long i = 0; i < s->loops; i++) {
		if (s->starts && write(s->wfd, &token, sizeof(token)) != sizeof(token))
			goto fail;
		if (read(s->rfd, &token, sizeof(token)) != sizeof(token))
			goto fail;
		if (!s->starts && write(s->wfd, &token, sizeof(token)) != sizeof(token))
			goto fail;
	}
	s->elapsed_ns = common__now_ns() - t0;
	return;
fail:
	s->failed = 1;
}

/* A failed side closes its write end, so the other side's read() ends. */
static void play_or_hang_up(struct side *s)
{
	play(s);
	if (s->failed)
		close(s->wfd);
}

static void *play_thread(void *arg)
{
	play_or_hang_up(arg);
	return NULL;
}

static void close_all(int a[2], int b[2])
{
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

/* Run one variant; returns ns per round trip, or 0 on failure. */
static double run_variant(struct variant v, long loops)
{
	const char *kind = v.processes ? "proc" : "thr";
	const char *where = v.two_cpus ? "2cpu" : "1cpu";
	int to_pong[2], to_ping[2];
	struct side *sides;
	double result = 0;

	/* shared, so a forked side's figures reach the parent */
	sides = mmap(NULL, 2 * sizeof(*sides), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sides == MAP_FAILED)
		common__die("out of memory");
	if (pipe(to_pong) || pipe(to_ping))
		common__die("pipe: %s (raise ulimit -n)", strerror(errno));
	sides[0] = (struct side){ .rfd = to_ping[0], .wfd = to_pong[1],
				  .cpu = common__cpu_at(0), .loops = loops, .starts = 1 };
	sides[1] = (struct side){ .rfd = to_pong[0], .wfd = to_ping[1],
				  .cpu = common__cpu_at(v.two_cpus ? 1 : 0), .loops = loops };

	if (v.processes) {
		pid_t pids[2];

		for (int i = 0; i < 2; i++) {
			pids[i] = common__fork("%s-%s-%s", i ? "pong" : "ping", kind, where);
			if (pids[i] == 0) {
				/* keep only this side's ends: a dead peer means EOF */
				close(sides[i].rfd == to_ping[0] ? to_pong[0] : to_ping[0]);
				close(sides[i].wfd == to_pong[1] ? to_ping[1] : to_pong[1]);
				play_or_hang_up(&sides[i]);
				_exit(sides[i].failed ? COMMON_EXIT_FAIL : 0);
			}
		}
		close_all(to_pong, to_ping);
		for (int i = 0; i < 2; i++)
			if (common__wait_child(pids[i]))
				sides[i].failed = 1;
	} else {
		pthread_t tids[2];

		for (int i = 0; i < 2; i++)
			common__thread_start(&tids[i], play_thread, &sides[i], "%s-%s-%s",
					     i ? "pong" : "ping", kind, where);
		for (int i = 0; i < 2; i++)
			common__thread_join(tids[i]);
		if (!sides[0].failed && !sides[1].failed)
			close_all(to_pong, to_ping);
		/* else a failed side closed its write end: leak the rest, we exit */
	}
	if (!sides[0].failed && !sides[1].failed)
		result = (double)sides[0].elapsed_ns / (double)loops;
	else
		common__error("%s-%s: a side failed (pinning or pipe I/O)", kind, where);
	munmap(sides, 2 * sizeof(*sides));
	return result;
}

int main(int argc, char **argv)
{
	static const char *const task_kinds[] = { "both", "threads", "processes", NULL };
	static const char *const cpu_kinds[] = { "both", "one", "two", NULL };
	long loops = 50000, tasks = 0, cpus = 0;
	const struct common_opt opts[] = {
		{ "loops", COMMON_OPT_LONG, &loops, 1, 100000000, NULL,
		  "round trips per variant" },
		{ "tasks", COMMON_OPT_CHOICE, &tasks, 0, 0, task_kinds,
		  "which tasks pass the token" },
		{ "cpus", COMMON_OPT_CHOICE, &cpus, 0, 0, cpu_kinds,
		  "pin both to one CPU, or one each to two CPUs" },
		{ NULL },
	};
	const struct common_prog prog = {
		"pingpong",
		"Two tasks pass a token over pipes: the cost of a round trip.",
		opts, 120,
	};
	int failed = 0;

	common__parse_args(&prog, argc, argv);
	common__result("loops", "%ld", loops);
	for (int p = 0; p < 2; p++) {
		if (tasks && tasks != (p ? 2 : 1))
			continue;
		for (int two = 0; two < 2; two++) {
			struct variant v = { .processes = p, .two_cpus = two };
			char key[64];
			double ns;

			if (cpus && cpus != (two ? 2 : 1))
				continue;
			snprintf(key, sizeof(key), "%s_%s_us_per_roundtrip",
				 p ? "processes" : "threads", two ? "two_cpus" : "one_cpu");
			if (two && common__ncpus() < 2) {
				common__result(key, "skipped (one CPU available)");
				continue;
			}
			ns = run_variant(v, loops);
			if (ns <= 0) {
				failed = 1;
				continue;
			}
			common__result(key, "%.3f", ns / 1e3);
		}
	}
	return failed ? COMMON_EXIT_FAIL : 0;
}
