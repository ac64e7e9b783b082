/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * synth.h - a synthetic but kernel-shaped event stream for the file tests:
 * one process (TGID 4000) that execs, renames itself, creates worker
 * threads and a child process, on ncpus CPUs; the workers sleep, take a
 * futex, wake each other, get preempted, and exit. Deterministic for a
 * seed. The generator keeps its own count of each task's switches, the
 * oracle the tests compare exports with.
 */
#ifndef SCHEDVIZ_TEST_SYNTH_H
#define SCHEDVIZ_TEST_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "run_info.h"
#include "sched_event.h"

#define SYNTH_MAX_TASKS 16

struct synth {
	struct sched_event *ev;		/* the events, in timestamp order (owned) */
	size_t n;
	uint64_t lost_at_ns, lost;	/* one lost-events record after the first third */
	int32_t lost_cpu;		/* ... on this CPU */
	struct run_info ri;		/* argv, pid, start/end, ncpus (owned) */
	int32_t tids[SYNTH_MAX_TASKS];
	uint64_t switches[SYNTH_MAX_TASKS];	/* sched_switch with prev = tids[i] */
	unsigned n_tasks;
};

/*
 * Generate about n_steps scheduling steps with pseudo-random choices from
 * seed. A gap of more than 2^27 ns (trace.dat's time-extend case) sits in
 * the middle. Returns 0 or -ENOMEM; free with synth__free().
 */
int synth__make(struct synth *s, unsigned seed, unsigned n_steps, unsigned ncpus);
void synth__free(struct synth *s);

/*
 * Write s to path with the trace writer: the events, the lost record at
 * its place, flushes every flush_every events (0: never), the footer.
 * Returns 0 or a negative errno.
 */
int synth__write(const struct synth *s, const char *path, unsigned flush_every);

/*
 * Build one trace file chunk at out (room for TRACE_CHUNK_HDR_LEN +
 * compressBound(raw_len) bytes) around raw, with a correct CRC-32 over a
 * header that may lie: it states claimed_raw as the inflated length.
 * Returns the chunk's length.
 */
size_t synth__chunk(uint8_t *out, const char *tag, const uint8_t *raw, size_t raw_len,
		    uint32_t n_records, uint32_t claimed_raw);

/* Switch count of tid in s's oracle (0 for a task it does not know). */
uint64_t synth__switches(const struct synth *s, int32_t tid);

#endif
