// SPDX-License-Identifier: GPL-2.0-only
/*
 * big_trace.c - `big_trace PATH EVENTS`: write a large trace file for the
 * replay and report benchmarks (bench/big_replay.sh), shaped like a busy
 * machine: 8 ping-pong pairs of threads in 4 processes on 2 CPUs, every
 * round trip a sched_waking and a voluntary switch each way (with the
 * kernel's run time and run-queue figures, as a live run records them),
 * now and then a preemption by a task of another pair. Deterministic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_file.h"

#define PAIRS 8
#define BASE_TID 20000

static uint64_t rng = 7;

/* A number in [0, n): Knuth's MMIX linear congruential generator, high bits. */
static uint32_t rnd(uint32_t n)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 33) % n;
}

static void task(struct sched_event *e, int side, int32_t tid)
{
	int32_t tgid = BASE_TID + (tid - BASE_TID) / 4 * 4;

	if (side == 0) {
		e->tid = tid;
		e->tgid = tgid;
		e->prio = 120;
		snprintf(e->comm, sizeof(e->comm), "pp-%d", tid - BASE_TID);
	} else {
		e->tid2 = tid;
		e->tgid2 = tgid;
		e->prio2 = 120;
		snprintf(e->comm2, sizeof(e->comm2), "pp-%d", tid - BASE_TID);
	}
}

int main(int argc, char **argv)
{
	struct trace_writer *w;
	struct run_info ri = { 0 };
	char *targv[] = { "big_trace", NULL };
	uint64_t want, n = 0, ts = 1000000000ull;
	int32_t on[2] = { BASE_TID, BASE_TID + 2 };	/* running on each CPU */

	if (argc != 3 || !(want = strtoull(argv[2], NULL, 10))) {
		fprintf(stderr, "usage: big_trace PATH EVENTS\n");
		return 2;
	}
	run_info__set_argv(&ri, 1, targv);
	ri.pid = BASE_TID;
	ri.start_ns = ts;
	ri.ncpus = 2;
	if (trace_writer__open(&w, argv[1], &ri)) {
		perror(argv[1]);
		return 1;
	}
	for (int i = 0; i < 2 * PAIRS; i++)
		trace_writer__add_task(w, BASE_TID + i, BASE_TID + i / 4 * 4, 1, "pp", ts);
	while (n < want) {
		int cpu = (int)rnd(2);
		int32_t prev = on[cpu];
		int32_t next = rnd(50) ? (prev ^ 1) : BASE_TID + (int32_t)rnd(2 * PAIRS);
		bool preempt = next != (prev ^ 1);
		struct sched_event e;

		if (next == prev || next == on[!cpu])
			continue;
		ts += 500 + rnd(2000);
		memset(&e, 0, sizeof(e));
		e.ts_ns = ts;
		e.cpu = (uint16_t)cpu;
		if (!preempt) {	/* prev wakes its partner, then sleeps */
			e.type = SE_WAKING;
			task(&e, 0, next);
			task(&e, 1, prev);
			e.flags = SEF_WAKER_TARGET;
			e.target_cpu = (uint32_t)cpu;
			trace_writer__add(w, &e);
			n++;
			memset(&e, 0, sizeof(e));
			ts += 200 + rnd(400);
			e.ts_ns = ts;
			e.cpu = (uint16_t)cpu;
		}
		e.type = SE_SWITCH;
		task(&e, 0, prev);
		task(&e, 1, next);
		e.flags = SEF_PREV_TARGET | SEF_NEXT_TARGET | SEF_RUNTIME | SEF_RUNQ |
			  (preempt ? SEF_PREEMPT : SEF_VOLUNTARY);
		e.state = preempt ? 0 : SE_TASK_INTERRUPTIBLE;
		e.run_delta_ns = 400 + rnd(2000);
		e.run_delay_delta_ns = rnd(3000);
		e.pcount_delta = 1;
		trace_writer__add(w, &e);
		on[cpu] = next;
		n++;
	}
	ri.end_ns = ts;
	if (trace_writer__close(w, &ri)) {
		perror(argv[1]);
		return 1;
	}
	run_info__clear(&ri);
	return 0;
}
