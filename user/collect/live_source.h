/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * live_source.h - the BPF collector and the launcher as an event source:
 * the target's events, read on a timer, go to one sink (event_sink.h,
 * usually a tee) in timestamp order, with a lost mark wherever the
 * collector's count of lost events moved.
 */
#ifndef SCHEDVIZ_LIVE_SOURCE_H
#define SCHEDVIZ_LIVE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "attach.h"
#include "event_sink.h"
#include "launcher.h"

struct live_source;

struct live_source_opts {
	size_t ring_bytes;	/* collector_opts.ring_bytes */
	bool verbose;		/* libbpf's own log */
	bool wakeup_events;	/* also sched_wakeup (for a kept trace) */
	const struct event_sink *sink;	/* copied; its ctx must outlive the source */
	const struct attach_spec *attach; /* NULL: a launched command (live_source__launch);
					     else what to attach to (live_source__attach),
					     borrowed for the source's life */
};

/*
 * Open the collector (collector__open(): errors, one per cause, and *why
 * as there). The calling thread becomes the launcher. *out is owned by
 * the caller (live_source__close).
 */
int live_source__open(struct live_source **out, const struct live_source_opts *o,
		      const char **why);

/* Launch the target: launcher__start() on this source's collector (errors as there). */
int live_source__launch(struct live_source *s, const struct launch_opts *lo, pid_t *pid,
			int *exec_errno);

/*
 * Attach to o->attach's tasks (attach__start(): errors and *bad_pid as
 * there); the tasks found go to the sink's task call, stamped ts_ns.
 */
int live_source__attach(struct live_source *s, uint64_t ts_ns, int32_t *bad_pid);

/*
 * When the next live_source__read() is due, ns CLOCK_MONOTONIC: records
 * never wake the reader, so it reads on this timer
 * (collector__read_period_ns()).
 */
uint64_t live_source__due_ns(const struct live_source *s);

/*
 * Deliver what the rings hold: with final false only events older than the
 * reorder window (collector__drain()), with final true all (at the end:
 * later events could arrive out of order). Then a lost mark per CPU for the
 * events lost there since the last read, and one with CPU -1 for recursion
 * misses (collector__lost_by_cpu(); ts: the newest event delivered, so a
 * replayed trace places the loss there), then the sink's
 * flush. Sets the next due time. Returns events delivered, or a negative
 * errno (the sink's or the collector's).
 */
int live_source__read(struct live_source *s, bool final);

/*
 * Let the calling thread, the reader, keep up with what it traces: its
 * nice value to LIVE_SOURCE_NICE (no more CPU: it runs when it is due).
 * At nice 0, four stress-ng --switch workers on two busy CPUs left it
 * reads 100 ms to 1 s apart instead of every 10 ms, and a 4 MiB ring
 * (65536 records) fills in 150 ms at 430 k records/s. Nice -10 weighs 9548
 * against a nice-0 task's 1024 (kernel/sched/core.c:
 * sched_prio_to_weight[]). Call after the target is forked (a child keeps
 * its parent's nice). Without CAP_SYS_NICE nothing changes.
 */
#define LIVE_SOURCE_NICE (-10)
void live_source__keep_up(struct live_source *s);

/* Events lost so far, as marked to the sink. */
uint64_t live_source__lost(const struct live_source *s);

/* Detach and free (collector__close()). NULL-safe. */
void live_source__close(struct live_source *s);

#endif
