/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_sink.h - where a source's events go: the model, the trace file, a
 * tee of several. A source (the live collector, a trace file) calls these
 * in stream order; every sink of one run sees the same calls in the same
 * order (event_tee.h).
 *
 *   source --event/task/lost/lock/flush--> sink ... --finish(run_info)--> sink
 *
 * All pointers given to the calls are borrowed for the call. Times are ns
 * on CLOCK_MONOTONIC.
 */
#ifndef SCHEDVIZ_EVENT_SINK_H
#define SCHEDVIZ_EVENT_SINK_H

#include <stdint.h>

#include "run_info.h"
#include "sched_event.h"

struct event_sink {
	void *ctx;	/* the sink's own state, given back to every call */
	/*
	 * One event, in timestamp order. Returns 0, or a negative errno that
	 * ends the stream (e.g. -ENOMEM). A sink that cannot use an event
	 * counts it and returns 0.
	 */
	int (*event)(void *ctx, const struct sched_event *ev);
	/* A task that existed before tracing began. Errors as event. */
	int (*task)(void *ctx, int32_t tid, int32_t tgid, int32_t ppid, const char *comm,
		    uint64_t ts_ns);
	/*
	 * n events lost upstream, just before ts_ns (the newest event so far),
	 * on CPU cpu, or -1 when the source cannot say which (a BPF program
	 * skipped for recursion counts per program, not per CPU).
	 */
	int (*lost)(void *ctx, uint64_t n, uint64_t ts_ns, int32_t cpu);
	/*
	 * Optional (NULL: ignored): the futex word at addr in process tgid is
	 * named name (NUL-terminated, a lock's name as
	 * user/collect/lock_names.h makes it), known since ts_ns. Errors as
	 * event.
	 */
	int (*lock)(void *ctx, int32_t tgid, uint64_t addr, const char *name, uint64_t ts_ns);
	/* Optional (NULL): the source delivered all it has for now (a pause). */
	int (*flush)(void *ctx);
	/*
	 * The stream is over: ri holds the run's final facts (end_ns, exit,
	 * rusage, lost: the total). Called once; returns 0 or the sink's first
	 * error (-errno), after the sink has said what went wrong.
	 */
	int (*finish)(void *ctx, const struct run_info *ri);
};

static inline int event_sink__event(const struct event_sink *s, const struct sched_event *ev)
{
	return s->event(s->ctx, ev);
}

static inline int event_sink__task(const struct event_sink *s, int32_t tid, int32_t tgid,
				   int32_t ppid, const char *comm, uint64_t ts_ns)
{
	return s->task(s->ctx, tid, tgid, ppid, comm, ts_ns);
}

static inline int event_sink__lost(const struct event_sink *s, uint64_t n, uint64_t ts_ns,
				   int32_t cpu)
{
	return s->lost(s->ctx, n, ts_ns, cpu);
}

static inline int event_sink__lock(const struct event_sink *s, int32_t tgid, uint64_t addr,
				   const char *name, uint64_t ts_ns)
{
	return s->lock ? s->lock(s->ctx, tgid, addr, name, ts_ns) : 0;
}

static inline int event_sink__flush(const struct event_sink *s)
{
	return s->flush ? s->flush(s->ctx) : 0;
}

static inline int event_sink__finish(const struct event_sink *s, const struct run_info *ri)
{
	return s->finish(s->ctx, ri);
}

#endif
