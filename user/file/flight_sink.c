// SPDX-License-Identifier: GPL-2.0-only
/* flight_sink.c - the last window of a run, written out on demand (see flight_sink.h). */
#include "flight_sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lock_table.h"
#include "tid_map.h"
#include "trace_file.h"
#include "vec.h"

/* A task as the file will declare it, if it began before the window. */
struct flight_task {
	int32_t tid, tgid, ppid;
	char comm[SCHED_COMM_LEN];
	uint64_t born_ns;	/* fork seen at; 0: before tracing */
	uint64_t dead_ns;	/* final switch seen at; 0: alive */
};

struct flight_sink {
	struct trace_writer *ring;	/* owned */
	const char *path;
	FILE *diag;
	uint64_t trigger_wait_ns;
	int err;			/* first error of the ring */
	struct flight_task *tasks;	/* slots, tid_map'd */
	size_t n_tasks, cap_tasks;
	struct tid_map by_tid;
	struct lock_table locks;	/* every name given, to declare again */
	uint64_t window_ns, newest_ns;	/* newest record's time */
	uint64_t tidied_ns;		/* newest_ns at the last on_flush tidy */
	/* the trigger, once fired */
	uint64_t fired_ns, fired_wait_ns;
	int32_t fired_tid;
};

int flight_sink__open(struct flight_sink **out, const char *path, uint64_t window_ns,
		      uint64_t trigger_wait_ns, FILE *diag)
{
	struct flight_sink *fs = calloc(1, sizeof(*fs));

	if (!fs || trace_writer__open_ring(&fs->ring, window_ns)) {
		free(fs);
		return -ENOMEM;
	}
	fs->path = path;
	fs->diag = diag;
	fs->window_ns = window_ns;
	fs->trigger_wait_ns = trigger_wait_ns;
	*out = fs;
	return 0;
}

/* The task slot of tid, a new one when absent; NULL only on -ENOMEM. */
static struct flight_task *task_of(struct flight_sink *fs, int32_t tid, bool fresh)
{
	uint32_t i = tid_map__find(&fs->by_tid, tid);

	if (i != TID_MAP_NONE && !fresh)
		return &fs->tasks[i];
	if (i == TID_MAP_NONE) {
		if (vec__reserve((void **)&fs->tasks, &fs->cap_tasks, fs->n_tasks + 1,
				 sizeof(*fs->tasks)) ||
		    tid_map__set(&fs->by_tid, tid, (uint32_t)fs->n_tasks))
			return NULL;
		i = (uint32_t)fs->n_tasks++;
	}
	memset(&fs->tasks[i], 0, sizeof(fs->tasks[i]));
	fs->tasks[i].tid = tid;
	return &fs->tasks[i];
}

/* Follow what the file must declare: tasks' names, parents, lives. */
static int note(struct flight_sink *fs, const struct sched_event *ev)
{
	struct flight_task *t;

	switch (ev->type) {
	case SE_FORK:
		t = task_of(fs, ev->tid2, true);
		if (!t)
			return -ENOMEM;
		t->tgid = ev->tgid2;
		t->ppid = ev->tgid2 == ev->tgid ? 0 : ev->tgid;
		if (ev->tgid2 == ev->tgid) {	/* a thread: its process's parent */
			uint32_t p = tid_map__find(&fs->by_tid, ev->tid);

			t->ppid = p == TID_MAP_NONE ? 0 : fs->tasks[p].ppid;
		}
		memcpy(t->comm, ev->comm2, SCHED_COMM_LEN);
		t->born_ns = ev->ts_ns;
		return 0;
	case SE_EXEC:
	case SE_RENAME:
		t = task_of(fs, ev->tid, false);
		if (!t)
			return -ENOMEM;
		if (!t->tgid)
			t->tgid = ev->tgid;
		memcpy(t->comm, ev->comm, SCHED_COMM_LEN);
		return 0;
	case SE_SWITCH:
		if ((ev->flags & SEF_PREV_TARGET) && (ev->state & SE_TASK_DEAD)) {
			uint32_t i = tid_map__find(&fs->by_tid, ev->tid);

			if (i != TID_MAP_NONE)
				fs->tasks[i].dead_ns = ev->ts_ns;
		}
		return 0;
	default:
		return 0;
	}
}

/* The trigger: the kernel's run-queue wait that ended with the run this switch ends. */
static void check_trigger(struct flight_sink *fs, const struct sched_event *ev)
{
	if (!fs->trigger_wait_ns || fs->fired_ns || ev->type != SE_SWITCH ||
	    !(ev->flags & SEF_PREV_TARGET) || !(ev->flags & SEF_RUNQ) ||
	    ev->run_delay_delta_ns <= fs->trigger_wait_ns)
		return;
	fs->fired_tid = ev->tid;
	fs->fired_wait_ns = ev->run_delay_delta_ns;
	/* the wait ended when the run began: the kernel's run time before this switch */
	fs->fired_ns = (ev->flags & SEF_RUNTIME) && ev->run_delta_ns < ev->ts_ns
			       ? ev->ts_ns - ev->run_delta_ns : ev->ts_ns;
}

static int on_event(void *ctx, const struct sched_event *ev)
{
	struct flight_sink *fs = ctx;
	int err = note(fs, ev);

	if (err)
		return err;
	if (ev->ts_ns > fs->newest_ns)
		fs->newest_ns = ev->ts_ns;
	check_trigger(fs, ev);
	if (!fs->err)
		fs->err = trace_writer__add(fs->ring, ev);
	return 0;
}

static int on_task(void *ctx, int32_t tid, int32_t tgid, int32_t ppid, const char *comm,
		   uint64_t ts_ns)
{
	struct flight_sink *fs = ctx;
	struct flight_task *t = task_of(fs, tid, true);

	if (!t)
		return -ENOMEM;
	t->tgid = tgid;
	t->ppid = ppid;
	strncpy(t->comm, comm ? comm : "", SCHED_COMM_LEN - 1);
	(void)ts_ns;	/* declared before tracing: the file declares it anew */
	return 0;
}

static int on_lock(void *ctx, int32_t tgid, uint64_t addr, const char *name, uint64_t ts_ns)
{
	struct flight_sink *fs = ctx;

	(void)ts_ns;
	return lock_table__set(&fs->locks, tgid, addr, name);
}

static int on_lost(void *ctx, uint64_t n, uint64_t ts_ns, int32_t cpu)
{
	struct flight_sink *fs = ctx;

	if (!fs->err)
		fs->err = trace_writer__add_lost(fs->ring, n, ts_ns, cpu);
	return 0;
}

/* Forget the tasks that ended before the window: the file needs them no more. */
static int forget_dead(struct flight_sink *fs)
{
	size_t n = 0;

	tid_map__release(&fs->by_tid);
	memset(&fs->by_tid, 0, sizeof(fs->by_tid));
	for (size_t i = 0; i < fs->n_tasks; i++) {
		const struct flight_task *t = &fs->tasks[i];

		if (t->dead_ns && t->dead_ns + fs->window_ns < fs->newest_ns)
			continue;
		fs->tasks[n] = *t;
		if (tid_map__set(&fs->by_tid, t->tid, (uint32_t)n))
			return -ENOMEM;
		n++;
	}
	fs->n_tasks = n;
	return 0;
}

/*
 * A pause in the stream: every eighth of the window, close the ring's open
 * chunk (so a slow stream's chunks do not hold much more than the window)
 * and forget what fell out of it.
 */
static int on_flush(void *ctx)
{
	struct flight_sink *fs = ctx;

	if (fs->newest_ns < fs->tidied_ns + fs->window_ns / 8)
		return 0;
	fs->tidied_ns = fs->newest_ns;
	if (!fs->err)
		fs->err = trace_writer__flush(fs->ring);
	return forget_dead(fs);
}

static int on_finish(void *ctx, const struct run_info *ri)
{
	return flight_sink__write(ctx, ri);
}

struct event_sink flight_sink__sink(struct flight_sink *fs)
{
	return (struct event_sink){
		.ctx = fs, .event = on_event, .task = on_task, .lost = on_lost,
		.lock = on_lock, .flush = on_flush, .finish = on_finish,
	};
}

/* The records that begin the file: what was known before the window. */
static int declare(struct flight_sink *fs, struct trace_writer *w, uint64_t from)
{
	int err = 0;

	for (size_t i = 0; !err && i < fs->n_tasks; i++) {
		const struct flight_task *t = &fs->tasks[i];

		if (t->born_ns >= from || (t->dead_ns && t->dead_ns < from))
			continue;
		err = trace_writer__add_task(w, t->tid, t->tgid ? t->tgid : t->tid, t->ppid,
					     t->comm, from);
	}
	for (size_t i = 0; !err && i < fs->locks.n; i++)
		err = trace_writer__add_lock(w, fs->locks.e[i].tgid, fs->locks.e[i].addr,
					     fs->locks.e[i].name, from);
	return err;
}

int flight_sink__write(struct flight_sink *fs, const struct run_info *ri)
{
	struct run_info fi = *ri;	/* shallow: argv stays borrowed */
	struct trace_writer *w = NULL;
	uint64_t first = 0, last = 0;
	int err = fs->err ? fs->err : trace_writer__ring_span(fs->ring, &first, &last);

	fi.flight = 1;
	fi.start_ns = first ? first : ri->start_ns;
	fi.ru_nvcsw = fi.ru_nivcsw = fi.ru_utime_ns = fi.ru_stime_ns = 0;
	fi.trigger_ns = fs->fired_ns;
	fi.trigger_tid = fs->fired_tid;
	fi.trigger_wait_ns = fs->fired_wait_ns;
	if (!fi.end_ns || fi.end_ns < last)
		fi.end_ns = last;
	if (!err)
		err = trace_writer__open(&w, fs->path, &fi);
	if (!err)
		err = declare(fs, w, fi.start_ns);
	if (!err)
		err = trace_writer__copy_ring(w, fs->ring);
	if (w) {
		int cerr = trace_writer__close(w, &fi);

		err = err ? err : cerr;
	}
	if (err && fs->diag)
		fprintf(fs->diag, "schedviz: cannot write the flight recording '%s': %s\n",
			fs->path, strerror(-err));
	return err;
}

bool flight_sink__fired(const struct flight_sink *fs)
{
	return fs->fired_ns != 0;
}

void flight_sink__close(struct flight_sink *fs)
{
	if (!fs)
		return;
	trace_writer__close(fs->ring, NULL);
	free(fs->tasks);
	tid_map__release(&fs->by_tid);
	lock_table__free(&fs->locks);
	free(fs);
}
