/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * switch_cost.h - what one context switch costs on this machine (the figures;
 * collect/switch_measure.h takes them), measured
 * the way `perf bench sched pipe` and lmbench's lat_ctx do: two processes
 * pass a byte back and forth over two pipes. Each round trip is two context
 * switches; with both pinned to one CPU, round trip / 2 is the cost of one
 * switch plus its share of the pipe's read and write (an upper bound). With
 * the two on different CPUs, round trip / 2 is one cross-CPU hand-off:
 * wakeup, IPI, the other CPU leaving idle. The round trips are timed in a
 * few batches and the fastest batch counts, since other work on the machine
 * can only add time.
 *
 * The measuring processes are forked by schedviz, not by the target, so the
 * tracer (which follows the target's descendants) never sees them.
 */
#ifndef SCHEDVIZ_MODEL_SWITCH_COST_H
#define SCHEDVIZ_MODEL_SWITCH_COST_H

#include <stdbool.h>
#include <stdint.h>

#define SWITCH_COST_ROUND_TRIPS 2000	/* per placement; a few ms each here */
#define SWITCH_COST_BATCHES 4		/* timed apart; the fastest batch counts */

struct switch_cost {
	bool measured;		/* false: not measured (err says why) or preset */
	bool preset;		/* figures given, not measured (tests, replays) */
	int err;		/* negative errno of a failed measurement, 0 */
	uint64_t same_cpu_ns;	/* per switch, both tasks on cpu_a; 0 unknown */
	uint64_t cross_cpu_ns;	/* per hand-off, cpu_a <-> cpu_b; 0 unknown (one CPU) */
	uint32_t round_trips;	/* per placement */
	int cpu_a, cpu_b;	/* CPUs used; cpu_b -1 when only one is allowed */
};

/*
 * Estimated share of CPU time spent switching: switches * same_cpu_ns /
 * cpu_ns, as a fraction (0..1, capped at 1). 0 when unknown or cpu_ns is 0.
 */
static inline double switch_cost__share(const struct switch_cost *c, uint64_t switches,
					 uint64_t cpu_ns)
{
	double share;

	if (!c->same_cpu_ns || !cpu_ns)
		return 0.0;
	share = (double)switches * (double)c->same_cpu_ns / (double)cpu_ns;
	return share > 1.0 ? 1.0 : share;
}

#endif
