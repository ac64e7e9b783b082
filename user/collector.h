/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * collector.h - loads bpf/schedviz.bpf.c, arms it for one target, and turns
 * its ring-buffer records into sched_events delivered in timestamp order.
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
	size_t ring_bytes;	/* ring buffer size, power of two; 0: 16 MiB */
	bool verbose;		/* libbpf's own log on stderr */
	bool wakeup_events;	/* also record sched_wakeup (the model needs only
				   sched_waking; trace files and exports want both) */
	collector_event_fn fn;
	void *ctx;
};

/*
 * Open, load and attach the programs. The calling thread becomes the
 * launcher: after collector__arm(), its next fork is the target's first task
 * and everything that task creates is followed. *out is owned by the caller
 * (collector__close). Errors: -EPERM (no privilege or lockdown), -ENOSYS
 * (no BPF), -ENOENT (a tracepoint or BTF missing), -ENOMEM, other -errno
 * from libbpf; *why gets a one-line reason with the remedy (static storage).
 */
int collector__open(struct collector **out, const struct collector_opts *o,
		    const char **why);

/* Mark the next fork of the launcher thread as the target root. */
void collector__arm(struct collector *c);

/*
 * Consume what the ring buffer holds and deliver events older than the
 * reorder window (a few ms behind the newest seen; records from different
 * CPUs reach the ring slightly out of timestamp order). final: deliver all.
 * Returns the number of events delivered, or a negative errno / the
 * callback's negative return.
 */
int collector__drain(struct collector *c, bool final);

/*
 * How long the caller may wait between collector__drain() calls, ns: 10 ms,
 * or less for a ring that 4 M records/s would fill sooner. Each drain sends
 * every CPU holding records an IPI (the flush), so draining whenever the ring
 * holds data would interrupt the traced CPUs thousands of times a second;
 * records never wake the reader (bpf/schedviz.bpf.c: SUBMIT_FLAGS).
 */
uint64_t collector__read_period_ns(const struct collector *c);

/*
 * Events lost since open: ring-buffer reservations that failed (summed over
 * CPUs), plus tracepoint hits the kernel did not run our program for because
 * it was already running on that CPU (bpf_prog_info.recursion_misses,
 * kernel/trace/bpf_trace.c: __bpf_trace_run(); e.g. an interrupt's wakeup
 * arriving while on_waking handles a task waking itself).
 */
uint64_t collector__lost(const struct collector *c);

/* Detach, unload, free. NULL-safe. */
void collector__close(struct collector *c);

#endif
