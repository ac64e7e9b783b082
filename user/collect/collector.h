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

/*
 * Called for a task that existed before tracing began, as the kernel
 * reported it (ppid: its process's parent TGID, 0 when unknown; comm
 * borrowed), at ts_ns. Errors as collector_event_fn.
 */
typedef int (*collector_task_fn)(void *ctx, int32_t tid, int32_t tgid, int32_t ppid,
				 const char *comm, uint64_t ts_ns);

/* What is traced (the values of bpf/schedviz.h: enum sv_source). */
enum collect_source {
	COLLECT_LAUNCH = 0,	/* the launcher's next fork and all it creates */
	COLLECT_PIDS,		/* tasks marked with collector__mark(), and all they create */
	COLLECT_ALL,		/* every task but the idle tasks */
	COLLECT_CGROUP,		/* every task in a cgroup v2 and below, joiners too */
};

struct collector_opts {
	size_t ring_bytes;	/* bytes of the shared ring buffer (named
				   records, and what finds a CPU's own 256 KiB
				   ring full), power of two, >= 1 MiB; 0: 16 MiB */
	bool verbose;		/* libbpf's own log on stderr */
	bool wakeup_events;	/* also record sched_wakeup (the model needs only
				   sched_waking; trace files and exports want both) */
	enum collect_source source;
	uint64_t cgroup_id;	/* COLLECT_CGROUP: the cgroup's id (its inode number) */
	collector_event_fn fn;
	collector_task_fn task_fn; /* tasks met at attach: their names, parents */
	void *ctx;		/* given to fn and task_fn */
};

/*
 * Open, load and attach the programs, and map the per-CPU record rings. The
 * calling thread becomes the launcher: after collector__arm(), its next fork
 * is the target's first task and everything that task creates is followed.
 * *out is owned by the caller (collector__close). Errors, one per cause
 * (load_error.h): -EPERM (not privileged), -ENOENT (no kernel BTF),
 * -EACCES (kernel lockdown or a security module refused), -EOPNOTSUPP (the
 * kernel lacks a feature: ring buffers, task storage, a tracepoint...),
 * -E2BIG (more possible CPUs than the rings index), -ENOMEM, other -errno from
 * libbpf or mmap; *why gets a one-line reason with the remedy (static
 * storage).
 */
int collector__open(struct collector **out, const struct collector_opts *o,
		    const char **why);

/* Mark the next fork of the launcher thread as the target root. */
void collector__arm(struct collector *c);

/*
 * COLLECT_PIDS: trace the task pidfd refers to (a pidfd_open() of its TID
 * with PIDFD_THREAD), from its next switch-in, and all it creates from now
 * on (kernel/bpf/bpf_task_storage.c: bpf_pid_task_storage_update_elem()).
 * Its counters at that switch-in (or at a wakeup before it) are the
 * baseline its switches are counted from. Returns 0, -EEXIST (already
 * traced: marked before, or created by a traced task), -ESRCH (it exited),
 * other -errno.
 */
int collector__mark(struct collector *c, int pidfd);

/*
 * A task that existed before tracing, as the kernel reported it at attach:
 * its name goes to the collector's cache (records between traced tasks
 * carry none) and the task to task_fn. Errors as task_fn, or -ENOMEM.
 */
int collector__declare(struct collector *c, int32_t tid, int32_t tgid, int32_t ppid,
		       const char *comm, uint64_t ts_ns);

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
 * or less for a shared ring buffer that 4 M records/s would fill sooner. Records never wake
 * the reader (bpf/schedviz.bpf.c: SUBMIT_FLAGS; poll() on a BPF ring buffer
 * reports readable whenever it holds data), so the caller reads on a timer.
 */
uint64_t collector__read_period_ns(const struct collector *c);

/*
 * Events lost since open: records that found their CPU's ring full and
 * the shared ring buffer too (summed over CPUs), plus tracepoint hits
 * the kernel did not run our program for because it was already running on
 * that CPU (bpf_prog_info.recursion_misses,
 * kernel/trace/bpf_trace.c: __bpf_trace_run(); e.g. an interrupt's wakeup
 * arriving while on_waking handles a task waking itself).
 */
uint64_t collector__lost(const struct collector *c);

/* Possible CPUs (libbpf_num_possible_cpus()): the length of a per-CPU array. */
int collector__ncpus(const struct collector *c);

/*
 * collector__lost(), split: per_cpu[0..ncpus) (ncpus from collector__ncpus())
 * gets each CPU's records that found no room, in its ring or the shared
 * ring buffer (the per-CPU `drops` map); *unknown the recursion misses, which the
 * kernel counts per program, not per CPU. Returns 0 or -errno of the map read
 * (then nothing is set).
 */
int collector__lost_by_cpu(const struct collector *c, uint64_t *per_cpu, uint64_t *unknown);

/* Detach, unload, free. NULL-safe. */
void collector__close(struct collector *c);

#endif
