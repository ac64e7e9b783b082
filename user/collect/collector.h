/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * collector.h - loads bpf/schedviz.bpf.c, arms it for one target, and turns
 * its records (per-CPU rings and the shared ring buffer) into sched_events
 * delivered in timestamp order. The live source (live_source.h) wraps it
 * as an event source; its callback is how events leave the collector.
 */
#ifndef SCHEDVIZ_COLLECTOR_H
#define SCHEDVIZ_COLLECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched_event.h"

struct collector;

/*
 * Called for every event, in timestamp order. A negative return stops the
 * drain and is passed back by collector__drain().
 */
typedef int (*collector_event_fn)(void *ctx, const struct sched_event *ev);

struct collector_opts {
	size_t ring_bytes;	/* bytes of each CPU's record ring and of the
				   shared ring buffer (named records), power
				   of two, >= 1 MiB; 0: 4 MiB */
	bool verbose;		/* libbpf's own log on stderr */
	bool wakeup_events;	/* also record sched_wakeup (the model needs only
				   sched_waking; trace files and exports want both) */
	collector_event_fn fn;
	void *ctx;
};

/*
 * Open, load and attach the programs, and map the per-CPU record rings. The
 * calling thread becomes the launcher: after collector__arm(), its next fork
 * is the target's first task and everything that task creates is followed.
 * *out is owned by the caller (collector__close). Errors: -EPERM (no
 * privilege or lockdown), -ENOSYS (no BPF), -ENOENT (a tracepoint or BTF
 * missing), -E2BIG (rings too large for the CPU count), -ENOMEM, other
 * -errno from libbpf or mmap; *why gets a one-line reason with the remedy
 * (static storage).
 */
int collector__open(struct collector **out, const struct collector_opts *o,
		    const char **why);

/* Mark the next fork of the launcher thread as the target root. */
void collector__arm(struct collector *c);

/*
 * Read what the per-CPU rings and the shared ring buffer hold and deliver
 * events older than the reorder window (4 ms before the read began: the
 * sources are read one after another, so records reach us out of timestamp
 * order). final: deliver all.
 * Returns the number of events delivered, or a negative errno / the
 * callback's negative return.
 */
int collector__drain(struct collector *c, bool final);

/*
 * How long the caller may wait between collector__drain() calls, ns: 10 ms,
 * or less for a ring that 4 M records/s would fill sooner. Records never wake
 * the reader (bpf/schedviz.bpf.c: SUBMIT_FLAGS; poll() on a BPF ring buffer
 * reports readable whenever it holds data), so the caller reads on a timer.
 */
uint64_t collector__read_period_ns(const struct collector *c);

/*
 * Events lost since open: records that found their CPU's ring full or a
 * ring-buffer reservation failing (summed over CPUs), plus tracepoint hits
 * the kernel did not run our program for because it was already running on
 * that CPU (bpf_prog_info.recursion_misses,
 * kernel/trace/bpf_trace.c: __bpf_trace_run(); e.g. an interrupt's wakeup
 * arriving while on_waking handles a task waking itself).
 */
uint64_t collector__lost(const struct collector *c);

/* Detach, unload, free. NULL-safe. */
void collector__close(struct collector *c);

#endif
