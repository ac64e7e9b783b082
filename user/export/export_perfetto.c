// SPDX-License-Identifier: GPL-2.0-only
/*
 * export_perfetto.c - a trace as Perfetto's own protobuf trace
 * (perfetto.protos.Trace, schema perfetto_trace.proto), the format Perfetto
 * UI opens fastest and shows most of. The file is a run of Trace.packet
 * fields, on one packet sequence (SEQ) but for the futex slices (4.):
 *
 *  1. a ClockSnapshot (the first packet, clearing the sequence's incremental
 *     state): CLOCK_MONOTONIC and CLOCK_BOOTTIME read the same at the trace's
 *     start. Our times are CLOCK_MONOTONIC; Perfetto takes ftrace times as
 *     BOOTTIME. The file does not record how long the machine slept before
 *     the run (BOOTTIME - MONOTONIC), so the snapshot says 0 and every time
 *     is written as recorded: the trace lines up with itself, not with a
 *     BOOTTIME trace of another tool.
 *  2. a SystemInfo with utsname (Linux, the recording kernel's release):
 *     the importer decodes prev_state by kernel version.
 *  3. per CPU, FtraceEventBundles (perfetto_bundle.h): CompactSched for
 *     sched_switch and sched_waking, FtraceEvents for sched_wakeup_new,
 *     sched_process_exit, task_newtask (from our sched_process_fork) and
 *     task_rename (renames, and exec: fs/exec.c: begin_new_exec() renames
 *     through __set_task_comm(), which emits task_rename). sched_wakeup is
 *     left out: Perfetto derives Runnable from sched_waking. Our files hold
 *     no sched_process_free.
 *     Lost events: the next bundle of the CPU that lost them gets
 *     lost_events (Perfetto counts it in its stats), every CPU's when the
 *     file does not say which (format 1.x files; BPF recursion misses), and
 *     an instant "lost N events" (with the CPU, when known) goes on a track
 *     of its own.
 *  4. TrackEvent slices on the thread tracks: each futex wait, from the
 *     switch out to the switch back in, named by the futex word's name or
 *     address (perfetto_futex.h: a sequence of their own, names interned, times
 *     as deltas).
 *  5. a ProcessTree (processes with pid, ppid, cmdline; threads with tid,
 *     tgid and the name each first had) at the trace's start time. A
 *     process's main thread named by its cmdline (cmdline_is_comm) needs no
 *     thread entry of its own.
 *  6. the run's summary: a slice "schedviz run" over the run on the target
 *     process's track, its debug annotations the command, exit status and
 *     the wait4() rusage (Perfetto UI shows them in the slice's Arguments).
 */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "perfetto_bundle.h"
#include "perfetto_futex.h"
#include "perfetto_tasks.h"
#include "vec.h"

#define SEQ 1				/* our one trusted_packet_sequence_id */
#define OUT_CHUNK (1u << 20)		/* write out once this much is buffered */
/* Track uuids, small varints: a thread's (odd), a process's (even, >= 4), the lost events' (2). */
#define UUID_THREAD(tid) ((uint64_t)(uint32_t)(tid) * 2 + 1)
#define UUID_PROCESS(pid) ((uint64_t)(uint32_t)(pid) * 2 + 4)
#define UUID_LOST 2
#define CLONE_THREAD 0x00010000u	/* include/uapi/linux/sched.h */

/* Field numbers, perfetto_trace.proto. */
enum {
	TRACE_PACKET = 1,
	PKT_PROCESS_TREE = 2, PKT_CLOCK_SNAPSHOT = 6, PKT_TIMESTAMP = 8, PKT_SEQ_ID = 10,
	PKT_TRACK_EVENT = 11, PKT_SEQ_FLAGS = 13, PKT_SYSTEM_INFO = 45,
	PKT_TRACK_DESCRIPTOR = 60,
	SEQ_INCREMENTAL_STATE_CLEARED = 1,
	TE_ANNOTATION = 4, TE_TYPE = 9, TE_TRACK = 11, TE_NAME = 23,
	TE_SLICE_BEGIN = 1, TE_SLICE_END = 2, TE_INSTANT = 3,
	DA_INT = 4, DA_STRING = 6, DA_NAME = 10,
	CLOCK_MONOTONIC_ID = 3, CLOCK_BOOTTIME_ID = 6,
};

struct pf_export {
	const struct run_info *ri;		/* the reader's: header, then footer */
	FILE *out;
	struct pb_buf pkt;			/* packets not yet written */
	struct pf_bundle **cpu;			/* ncpus bundles, made as CPUs appear */
	size_t ncpus, cpu_cap;
	uint64_t t0;				/* trace start: the run's, or the first record's */
	bool started;				/* head() written */
	struct pf_tasks tasks;			/* every task met */
	struct pf_futex futex;			/* futex addresses named */
	struct lock_table locks;		/* the futex words' names met so far */
	bool lost_track;
	int err;
};

static size_t packet(struct pb_buf *b)
{
	return pb__begin(b, TRACE_PACKET);
}

static void packet_end(struct pb_buf *b, size_t m)
{
	pb__uint(b, PKT_SEQ_ID, SEQ);
	pb__end(b, m);
}

/* A track event packet left open for annotations: marks[0] packet, [1] event. */
static void track_event(struct pb_buf *b, size_t marks[2], uint64_t ts, uint64_t uuid, int type,
			const char *name)
{
	marks[0] = packet(b);
	pb__uint(b, PKT_TIMESTAMP, ts);
	marks[1] = pb__begin(b, PKT_TRACK_EVENT);
	pb__uint(b, TE_TYPE, (uint64_t)type);
	pb__uint(b, TE_TRACK, uuid);
	if (name)
		pb__str(b, TE_NAME, name);
}

static void track_event_end(struct pb_buf *b, size_t marks[2])
{
	pb__end(b, marks[1]);
	packet_end(b, marks[0]);
}

static void annotate_int(struct pb_buf *b, const char *name, int64_t v)
{
	size_t m = pb__begin(b, TE_ANNOTATION);

	pb__str(b, DA_NAME, name);
	pb__int(b, DA_INT, v);
	pb__end(b, m);
}

static void annotate_str(struct pb_buf *b, const char *name, const char *v)
{
	size_t m = pb__begin(b, TE_ANNOTATION);

	pb__str(b, DA_NAME, name);
	pb__str(b, DA_STRING, v);
	pb__end(b, m);
}

/*
 * A TrackDescriptor: for a thread (tid > 0: ThreadDescriptor pid, tid),
 * a process (pid > 0, tid 0: ProcessDescriptor), or a named global track.
 */
static void track(struct pb_buf *b, uint64_t uuid, int32_t pid, int32_t tid, const char *name)
{
	size_t p = packet(b), d = pb__begin(b, PKT_TRACK_DESCRIPTOR), m;

	pb__uint(b, 1, uuid);
	if (tid > 0) {
		m = pb__begin(b, 4);
		pb__int(b, 1, pid);
		pb__int(b, 2, tid);
		pb__end(b, m);
	} else if (pid > 0) {
		m = pb__begin(b, 3);
		pb__int(b, 1, pid);
		pb__end(b, m);
	} else {
		pb__str(b, 2, name);
	}
	pb__end(b, d);
	packet_end(b, p);
}

/* The clock snapshot (first packet of the sequence) and SystemInfo; t0: the trace's start. */
static void head(struct pf_export *x, uint64_t t0)
{
	struct pb_buf *b = &x->pkt;
	size_t p = packet(b), c = pb__begin(b, PKT_CLOCK_SNAPSHOT), m;

	x->t0 = t0;
	x->started = true;

	m = pb__begin(b, 1);
	pb__uint(b, 1, CLOCK_MONOTONIC_ID);
	pb__uint(b, 2, t0);
	pb__end(b, m);
	m = pb__begin(b, 1);
	pb__uint(b, 1, CLOCK_BOOTTIME_ID);
	pb__uint(b, 2, t0);
	pb__end(b, m);
	pb__uint(b, 2, CLOCK_BOOTTIME_ID);	/* primary_trace_clock */
	pb__end(b, c);
	pb__uint(b, PKT_SEQ_FLAGS, SEQ_INCREMENTAL_STATE_CLEARED);
	packet_end(b, p);

	p = packet(b);
	c = pb__begin(b, PKT_SYSTEM_INFO);
	m = pb__begin(b, 1);			/* utsname */
	pb__str(b, 1, "Linux");
	if (x->ri->kernel_release[0])
		pb__str(b, 3, x->ri->kernel_release);
	pb__end(b, m);
	if (x->ri->ncpus)
		pb__uint(b, 8, x->ri->ncpus);	/* num_cpus */
	pb__end(b, c);
	packet_end(b, p);
}

static void futex_begin(struct pf_export *x, struct pf_task *t, const struct sched_event *ev)
{
	if (!t->has_track) {
		track(&x->pkt, UUID_THREAD(t->tid), t->tgid, t->tid, NULL);
		t->has_track = true;
	}
	pf_futex__begin(&x->futex, &x->pkt, ev->ts_ns, UUID_THREAD(t->tid), ev->tgid,
			ev->futex_addr, ev->futex_op,
			lock_table__name(&x->locks, ev->tgid, ev->futex_addr));
	t->futex_open = true;
}

static void on_switch(struct pf_export *x, struct pf_bundle *b, const struct sched_event *ev)
{
	struct pf_task *prev, *next;
	unsigned comms;

	pf_tasks__note_both(&x->tasks, ev, &prev, &next);
	if (pf_bundle__runs(b, ev->tid)) {	/* compact: names next, whatever its comm */
		pf_bundle__switch(b, ev, 0);
		if (next && strncmp(next->told, ev->comm2, SCHED_COMM_LEN - 1))
			pf_tasks__set_comm(next->told, ev->comm2);
	} else {				/* full: the comms Perfetto lacks */
		comms = (pf_tasks__renames(prev, ev->comm) ? PF_COMM_PREV : 0) |
			(pf_tasks__renames(next, ev->comm2) ? PF_COMM_NEXT : 0);
		pf_bundle__switch(b, ev, comms);
		if (comms & PF_COMM_PREV)
			pf_tasks__set_comm(prev->told, ev->comm);
		if (comms & PF_COMM_NEXT)
			pf_tasks__set_comm(next->told, ev->comm2);
	}
	if (next && next->futex_open) {
		pf_futex__end(&x->futex, &x->pkt, ev->ts_ns, UUID_THREAD(next->tid));
		next->futex_open = false;
	}
	if (prev && (ev->flags & SEF_FUTEX) && (ev->flags & SEF_PREV_TARGET))
		futex_begin(x, prev, ev);
}

/* The FtraceEvent of a task_rename: tid renamed from old to new. */
static void rename_event(struct pf_bundle *b, const struct sched_event *ev, const char *old)
{
	size_t m = pf_bundle__event(b, ev->ts_ns, ev->tid), p;

	p = pb__begin(&b->ev, PF_EV_TASK_RENAME);
	pb__int(&b->ev, 1, ev->tid);
	pb__strn(&b->ev, 2, old, SCHED_COMM_LEN);
	pb__strn(&b->ev, 3, ev->comm, SCHED_COMM_LEN);
	pb__int(&b->ev, 4, 0);		/* oom_score_adj: not recorded */
	pb__end(&b->ev, p);
	pb__end(&b->ev, m);
}

static void on_fork(struct pf_export *x, struct pf_bundle *b, const struct sched_event *ev)
{
	struct pf_task *parent, *child;
	uint64_t flags = ev->clone_flags;
	size_t m, p;

	pf_tasks__note_both(&x->tasks, ev, &parent, &child);
	if (ev->flags & SEF_THREAD)
		flags |= CLONE_THREAD;
	if (child && !child->ppid)
		child->ppid = (ev->flags & SEF_THREAD) ? (parent ? parent->ppid : 0) : ev->tgid;
	m = pf_bundle__event(b, ev->ts_ns, ev->tid);
	p = pb__begin(&b->ev, PF_EV_TASK_NEWTASK);
	pb__int(&b->ev, 1, ev->tid2);
	pb__strn(&b->ev, 2, ev->comm2, SCHED_COMM_LEN);
	pb__uint(&b->ev, 3, flags);
	pb__int(&b->ev, 4, 0);
	pb__end(&b->ev, p);
	pb__end(&b->ev, m);
	if (child)	/* the importer's new thread is named so (ParseTaskNewTask) */
		pf_tasks__set_comm(child->told, ev->comm2);
}

/* wakeup_new (creator's context) and exit (the task's own). */
static void on_task_event(struct pf_export *x, struct pf_bundle *b, const struct sched_event *ev)
{
	bool exit = ev->type == SE_EXIT;
	size_t m, p;

	pf_tasks__note(&x->tasks, ev->tid, ev->tgid, ev->comm);
	m = pf_bundle__event(b, ev->ts_ns, exit ? ev->tid : ev->tid2);
	p = pb__begin(&b->ev, exit ? PF_EV_SCHED_PROCESS_EXIT : PF_EV_SCHED_WAKEUP_NEW);
	pb__strn(&b->ev, 1, ev->comm, SCHED_COMM_LEN);
	pb__int(&b->ev, 2, ev->tid);
	if (exit) {
		pb__int(&b->ev, 3, ev->tgid);
		pb__int(&b->ev, 4, ev->prio);
	} else {
		pb__int(&b->ev, 3, ev->prio);
		pb__int(&b->ev, 4, 1);
		pb__int(&b->ev, 5, ev->target_cpu);
	}
	pb__end(&b->ev, p);
	pb__end(&b->ev, m);
}

static void on_rename(struct pf_export *x, struct pf_bundle *b, const struct sched_event *ev)
{
	struct pf_task *t = pf_tasks__note(&x->tasks, ev->tid, ev->tgid,
					   ev->type == SE_RENAME ? ev->comm2 : "");
	const char *old = ev->type == SE_RENAME ? ev->comm2 : t ? t->cur : "";

	if (!t)
		return;
	if (!pf_tasks__named(t->first))
		pf_tasks__set_comm(t->first, ev->comm);
	if (ev->type == SE_RENAME || strncmp(old, ev->comm, SCHED_COMM_LEN)) {
		rename_event(b, ev, old);
		pf_tasks__set_comm(t->told, ev->comm);
	}
	pf_tasks__set_comm(t->cur, ev->comm);
}

/* lost: the bundle of the CPU that lost them (NULL: unknown, every CPU's) */
static void on_lost(struct pf_export *x, const struct trace_record *rec, struct pf_bundle *lost)
{
	size_t marks[2];
	char name[48];
	int n = snprintf(name, sizeof(name), "lost %llu events", (unsigned long long)rec->lost);

	if (rec->cpu >= 0 && n > 0 && (size_t)n < sizeof(name))
		snprintf(name + n, sizeof(name) - (size_t)n, " on CPU %d", rec->cpu);
	if (lost)
		lost->lost = true;
	else
		for (size_t c = 0; c < x->ncpus; c++)
			x->cpu[c]->lost = true;
	if (!x->lost_track) {
		track(&x->pkt, UUID_LOST, 0, 0, "schedviz: lost events");
		x->lost_track = true;
	}
	track_event(&x->pkt, marks, rec->ts_ns, UUID_LOST, TE_INSTANT, name);
	annotate_int(&x->pkt, "lost", (int64_t)rec->lost);
	if (rec->cpu >= 0)
		annotate_int(&x->pkt, "cpu", rec->cpu);
	track_event_end(&x->pkt, marks);
}

static int drain(struct pf_export *x)
{
	if (x->pkt.err)
		return x->pkt.err;
	if (x->pkt.len && fwrite(x->pkt.p, 1, x->pkt.len, x->out) != x->pkt.len)
		return -EIO;
	pb_buf__reset(&x->pkt);
	return 0;
}

/* cpu's bundle, made (with any below it) when new; NULL: out of memory. */
static struct pf_bundle *bundle(struct pf_export *x, uint16_t cpu)
{
	if (cpu < x->ncpus)
		return x->cpu[cpu];
	if (vec__reserve((void **)&x->cpu, &x->cpu_cap, (size_t)cpu + 1, sizeof(*x->cpu)))
		return NULL;
	while (x->ncpus <= cpu) {
		struct pf_bundle *b = calloc(1, sizeof(*b));

		if (!b)
			return NULL;
		pf_bundle__init(b, (uint32_t)x->ncpus);
		x->cpu[x->ncpus++] = b;
	}
	return x->cpu[cpu];
}

static int on_record(void *ctx, const struct trace_record *rec)
{
	struct pf_export *x = ctx;
	const struct sched_event *ev = &rec->ev;
	struct pf_bundle *b;
	struct pf_task *t;
	bool name;

	if (rec->kind == TRACE_REC_TASK) {
		t = pf_tasks__note(&x->tasks, rec->tid, rec->tgid, rec->comm);
		if (t && !t->ppid)
			t->ppid = rec->ppid;
		return x->err;
	}
	/* a word's name comes before its first wait (collect/live_source.c) */
	if (rec->kind == TRACE_REC_LOCK &&
	    lock_table__set(&x->locks, rec->tgid, rec->lock_addr, rec->lock_name))
		x->err = -ENOMEM;
	if (rec->kind == TRACE_REC_LOST)
		on_lost(x, rec, rec->cpu >= 0 ? bundle(x, (uint16_t)rec->cpu) : NULL);
	if (rec->kind != TRACE_REC_EVENT)
		return x->pkt.len >= OUT_CHUNK ? drain(x) : x->err;
	b = bundle(x, ev->cpu);
	if (!b)
		return -ENOMEM;
	switch (ev->type) {
	case SE_SWITCH:
		on_switch(x, b, ev);
		break;
	case SE_WAKING:
		t = pf_tasks__note(&x->tasks, ev->tid, ev->tgid, ev->comm);
		name = !pf_bundle__runs(b, ev->tid2) && pf_tasks__renames(t, ev->comm);
		pf_bundle__waking(b, ev, name);
		if (name)
			pf_tasks__set_comm(t->told, ev->comm);
		break;
	case SE_WAKEUP_NEW:
	case SE_EXIT:
		on_task_event(x, b, ev);
		break;
	case SE_FORK:
		on_fork(x, b, ev);
		break;
	case SE_EXEC:
	case SE_RENAME:
		on_rename(x, b, ev);
		break;
	default:	/* sched_wakeup: Perfetto derives it from sched_waking */
		break;
	}
	if (x->err)
		return x->err;
	if (pf_bundle__full(b) && pf_bundle__flush(b, &x->pkt, SEQ))
		return -ENOMEM;
	return x->pkt.len >= OUT_CHUNK ? drain(x) : 0;
}

/* True when t's process entry gives its cmdline as l's comm (cmdline_is_comm). */
static bool cmdline_is_comm(const struct pf_export *x, const struct pf_task *l)
{
	return !(l->tgid == x->ri->pid && x->ri->argc > 0) && pf_tasks__named(l->first);
}

static void process_entry(struct pf_export *x, const struct pf_task *t)
{
	const struct run_info *ri = x->ri;
	const struct pf_task *l = pf_tasks__leader(&x->tasks, t);
	struct pb_buf *b = &x->pkt;
	size_t m = pb__begin(b, 1);

	pb__int(b, 1, t->tgid);
	if (l->ppid)				/* absent reads as 0 */
		pb__int(b, 2, l->ppid);
	if (cmdline_is_comm(x, l)) {
		pb__str(b, 3, l->first);
		pb__uint(b, 9, 1);		/* cmdline_is_comm */
	} else if (t->tgid == ri->pid) {
		for (int i = 0; i < ri->argc; i++)
			pb__str(b, 3, ri->argv[i]);
	}
	pb__end(b, m);
}

/*
 * True when t's thread entry would say nothing its process entry does not:
 * t leads its process (tid == tgid) and the process entry names it. The
 * importer (system_probes_parser.cc, SystemProbesParser::ParseProcessTree)
 * makes a process's main thread with GetOrCreateProcess(pid) and, for
 * cmdline_is_comm, names it by the cmdline at ThreadNamePriority::kProcessTree,
 * as the thread entry would (perfetto v50 and later).
 */
static bool thread_implied(const struct pf_export *x, const struct pf_task *t)
{
	return t->tid == t->tgid && cmdline_is_comm(x, t);
}

/* Processes, each once (the first thread of each TGID stands for it), then threads. */
static int process_tree(struct pf_export *x, uint64_t ts)
{
	struct pb_buf *b = &x->pkt;
	struct tid_map seen = { 0 };
	size_t p = packet(b), tree, m;
	int err = 0;

	pb__uint(b, PKT_TIMESTAMP, ts);
	tree = pb__begin(b, PKT_PROCESS_TREE);
	for (size_t i = 0; i < x->tasks.n && !err; i++) {
		const struct pf_task *t = &x->tasks.v[i];

		if (t->tgid <= 0 || tid_map__find(&seen, t->tgid) != TID_MAP_NONE)
			continue;
		err = tid_map__set(&seen, t->tgid, 0);
		process_entry(x, t);
	}
	for (size_t i = 0; i < x->tasks.n; i++) {
		const struct pf_task *t = &x->tasks.v[i];

		if (thread_implied(x, t))
			continue;
		m = pb__begin(b, 2);
		pb__int(b, 1, t->tid);
		if (pf_tasks__named(t->first))
			pb__str(b, 2, t->first);
		if (t->tgid > 0)
			pb__int(b, 3, t->tgid);
		pb__end(b, m);
	}
	pb__end(b, tree);
	packet_end(b, p);
	tid_map__release(&seen);
	return err;
}

/* The run: a slice over it on the target's process track, rusage as its arguments. */
static void run_summary(struct pf_export *x, uint64_t t0, uint64_t t1)
{
	const struct run_info *ri = x->ri;
	struct pb_buf *b = &x->pkt, cmd = { 0 };
	uint64_t uuid = UUID_PROCESS(ri->pid > 0 ? ri->pid : 0);
	size_t marks[2];

	track(b, uuid, ri->pid, 0, "schedviz run");
	for (int i = 0; i < ri->argc; i++) {
		if (i)
			pb_buf__put(&cmd, " ", 1);
		pb_buf__put(&cmd, ri->argv[i], strlen(ri->argv[i]));
	}
	pb_buf__put(&cmd, "", 1);
	track_event(b, marks, t0, uuid, TE_SLICE_BEGIN, "schedviz run");
	annotate_str(b, "command", cmd.err ? "" : (const char *)cmd.p);
	if (ri->scenario[0])
		annotate_str(b, "scenario", ri->scenario);
	annotate_int(b, "pid", ri->pid);
	annotate_int(b, "exit_code", ri->exit_code);
	annotate_int(b, "term_signal", ri->term_signal);
	annotate_int(b, "rusage_nvcsw", (int64_t)ri->ru_nvcsw);
	annotate_int(b, "rusage_nivcsw", (int64_t)ri->ru_nivcsw);
	annotate_int(b, "rusage_utime_ns", (int64_t)ri->ru_utime_ns);
	annotate_int(b, "rusage_stime_ns", (int64_t)ri->ru_stime_ns);
	annotate_int(b, "lost_events", (int64_t)ri->lost);
	annotate_str(b, "kernel_release", ri->kernel_release);
	track_event_end(b, marks);
	track_event(b, marks, t1, uuid, TE_SLICE_END, NULL);
	track_event_end(b, marks);
	pb_buf__free(&cmd);
}

/*
 * One pass over the file: what Perfetto needs up front (the kernel release,
 * the trace's start) is in the file's header and first record; the run's
 * summary (the footer) goes last.
 */
int export_perfetto__write(FILE *out, const char *in_path, FILE *diag)
{
	struct pf_export x = { .out = out };
	struct trace_reader *r = NULL;
	struct trace_record rec;
	uint64_t start;
	int err = trace_reader__open(&r, in_path, diag);

	if (err)
		return err;
	x.ri = trace_reader__info(r);
	start = x.ri->start_ns;
	while ((err = trace_reader__next(r, &rec)) > 0) {
		if (!x.started)
			head(&x, start && start < rec.ts_ns ? start : rec.ts_ns);
		err = on_record(&x, &rec);
		if (!err)
			err = x.tasks.err;	/* a task entry out of memory */
		if (err)
			break;
	}
	if (err)
		goto cleanup;
	x.ri = trace_reader__info(r);
	if (!x.started)
		head(&x, x.ri->start_ns);
	for (size_t c = 0; !err && c < x.ncpus; c++)
		err = pf_bundle__flush(x.cpu[c], &x.pkt, SEQ);
	if (!err)
		err = process_tree(&x, x.t0);
	if (!err)
		run_summary(&x, x.t0, x.ri->end_ns > x.t0 ? x.ri->end_ns : x.t0);
	if (!err)
		err = drain(&x);
cleanup:
	for (size_t c = 0; c < x.ncpus; c++) {
		pf_bundle__free(x.cpu[c]);
		free(x.cpu[c]);
	}
	free(x.cpu);
	pf_tasks__release(&x.tasks);
	pf_futex__release(&x.futex);
	lock_table__free(&x.locks);
	pb_buf__free(&x.pkt);
	trace_reader__close(r);
	return err;
}
