// SPDX-License-Identifier: GPL-2.0-only
/* live_source.c - the collector's events and losses to a sink (see live_source.h). */
#include "live_source.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "collector.h"
#include "lock_names.h"
#include "mono_clock.h"

struct live_source {
	struct collector *col;
	const struct attach_spec *attach;
	struct event_sink sink;
	uint64_t due_ns;	/* CLOCK_MONOTONIC: next read */
	uint64_t lost;		/* lost events marked to the sink */
	uint64_t *lost_cpu;	/* of those, per CPU (collector__ncpus() of them) */
	uint64_t *now_cpu;	/* the collector's per-CPU counts at this read */
	uint64_t lost_unknown;	/* of those, on no known CPU */
	uint64_t newest_ns;	/* newest event delivered */
	struct lock_names_seen *locks;	/* futex words named (or tried) */
	unsigned locks_named;		/* of those, tried */
	unsigned names_this_read;	/* of those, in the current read */
};

#define LOCK_NAMES_MAX 4096	/* futex words named per run, at most */
#define LOCK_NAMES_PER_READ 8	/* ... and per read of the rings */

/*
 * A traced task slept on a futex word not seen before in its process: name
 * it now, while the process lives (its map and objects are read from
 * /proc), and tell the sink. A word that cannot be named (the process is
 * gone) stays unnamed; only running out of memory is an error.
 */
static int name_lock(struct live_source *s, const struct sched_event *ev)
{
	char name[LOCK_NAME_LEN];
	int r;

	/* bounds on the reader's time spent in /proc and ELF files: a few
	 * per read (a word met beyond them is named at a later sleep on
	 * it), and in all (a program with more locks keeps the rest
	 * unnamed) */
	if (s->locks_named >= LOCK_NAMES_MAX || s->names_this_read >= LOCK_NAMES_PER_READ)
		return 0;
	r = lock_names__seen_add(s->locks, ev->tgid, ev->futex_addr);
	if (r <= 0)
		return r;
	s->locks_named++;
	s->names_this_read++;
	r = lock_names__resolve(ev->tgid, ev->futex_addr, name);
	if (r == -ENOMEM)
		return r;
	return r ? 0 : event_sink__lock(&s->sink, ev->tgid, ev->futex_addr, name, ev->ts_ns);
}

static int on_event(void *ctx, const struct sched_event *ev)
{
	struct live_source *s = ctx;

	int err;

	if (ev->ts_ns > s->newest_ns)
		s->newest_ns = ev->ts_ns;
	/* the word's name first: a sink writing as it goes (the Perfetto
	 * export of the file) then has it at the first wait */
	if (ev->type == SE_SWITCH && (ev->flags & SEF_FUTEX) && ev->futex_addr) {
		err = name_lock(s, ev);
		if (err)
			return err;
	}
	return event_sink__event(&s->sink, ev);
}

static int on_task(void *ctx, int32_t tid, int32_t tgid, int32_t ppid, const char *comm,
		   uint64_t ts_ns)
{
	struct live_source *s = ctx;

	return event_sink__task(&s->sink, tid, tgid, ppid, comm, ts_ns);
}

int live_source__open(struct live_source **out, const struct live_source_opts *o,
		      const char **why)
{
	struct live_source *s = calloc(1, sizeof(*s));
	struct collector_opts co = {
		.ring_bytes = o->ring_bytes, .verbose = o->verbose,
		.wakeup_events = o->wakeup_events, .fn = on_event, .task_fn = on_task, .ctx = s,
	};
	int err;

	*why = NULL;
	if (!s)
		return -ENOMEM;
	s->sink = *o->sink;
	s->attach = o->attach;
	if (lock_names__seen_new(&s->locks)) {
		free(s);
		return -ENOMEM;
	}
	if (o->attach) {
		co.source = o->attach->source;
		co.cgroup_id = o->attach->cgroup_id;
	}
	err = collector__open(&s->col, &co, why);
	if (err) {
		lock_names__seen_free(s->locks);
		free(s);
		return err;
	}
	s->lost_cpu = calloc((size_t)collector__ncpus(s->col), sizeof(*s->lost_cpu));
	s->now_cpu = calloc((size_t)collector__ncpus(s->col), sizeof(*s->now_cpu));
	if (!s->lost_cpu || !s->now_cpu) {
		live_source__close(s);
		*why = "out of memory";
		return -ENOMEM;
	}
	*out = s;
	return 0;
}

/* Mark to the sink, CPU by CPU, what was lost since the last read. 0 or -errno. */
static int mark_lost(struct live_source *s)
{
	uint64_t unknown;
	int err;

	if (collector__lost_by_cpu(s->col, s->now_cpu, &unknown))
		return 0;	/* counts unreadable now: the next read marks them */
	for (int cpu = 0; cpu < collector__ncpus(s->col); cpu++) {
		uint64_t d = s->now_cpu[cpu] - s->lost_cpu[cpu];

		if (s->now_cpu[cpu] <= s->lost_cpu[cpu])
			continue;
		s->lost_cpu[cpu] = s->now_cpu[cpu];
		s->lost += d;
		err = event_sink__lost(&s->sink, d, s->newest_ns, cpu);
		if (err)
			return err;
	}
	if (unknown > s->lost_unknown) {
		uint64_t d = unknown - s->lost_unknown;

		s->lost_unknown = unknown;
		s->lost += d;
		return event_sink__lost(&s->sink, d, s->newest_ns, -1);
	}
	return 0;
}

int live_source__launch(struct live_source *s, const struct launch_opts *lo, pid_t *pid,
			int *exec_errno)
{
	return launcher__start(s->col, lo, pid, exec_errno);
}

int live_source__attach(struct live_source *s, uint64_t ts_ns, int32_t *bad_pid)
{
	*bad_pid = 0;
	return s->attach ? attach__start(s->col, s->attach, ts_ns, bad_pid) : 0;
}

uint64_t live_source__due_ns(const struct live_source *s)
{
	return s->due_ns;
}

int live_source__read(struct live_source *s, bool final)
{
	int n, err;

	s->due_ns = mono_ns() + collector__read_period_ns(s->col);
	s->names_this_read = 0;
	n = collector__drain(s->col, final);
	if (n < 0)
		return n;
	err = mark_lost(s);
	if (err)
		return err;
	err = event_sink__flush(&s->sink);
	return err ? err : n;
}

void live_source__keep_up(struct live_source *s)
{
	(void)s;
	if (setpriority(PRIO_PROCESS, 0, LIVE_SOURCE_NICE) < 0)
		(void)0;	/* EACCES: the run goes on at nice 0 */
}

uint64_t live_source__lost(const struct live_source *s)
{
	return s->lost;
}

void live_source__close(struct live_source *s)
{
	if (!s)
		return;
	collector__close(s->col);
	free(s->lost_cpu);
	free(s->now_cpu);
	lock_names__seen_free(s->locks);
	free(s);
}
