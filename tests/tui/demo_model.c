// SPDX-License-Identifier: GPL-2.0-only
/*
 * demo_model.c - the demo trace, written as per-CPU segments: who runs on
 * which CPU from when to when and how it leaves; the sched_switch events
 * fall out of the segment boundaries. Wakeups and forks are listed apart.
 */
#include "demo_model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MS(x) ((uint64_t)((x) * 1000000.0 + 0.5))
#define IDLE 0
#define KWORKER 900	/* an untraced task that preempts ours */

enum leave { PREEMPT, SLEEP, BLOCK, FUTEX, EXIT };

struct seg {
	double start, end;	/* ms after DEMO_BASE_NS */
	int cpu;
	int32_t tid;		/* IDLE / KWORKER are not traced */
	enum leave how;
	uint64_t futex_addr;
};

static struct sched_event raw[512];	/* as generated */
static struct sched_event evs[512];	/* in time order (generate()) */
static size_t nev;

static int32_t tgid_of(int32_t tid)
{
	return tid == DEMO_W1 || tid == DEMO_W2 ? DEMO_MAIN : tid;
}

static const char *comm_of(int32_t tid, double at)
{
	switch (tid) {
	case DEMO_MAIN:
		return "demo";
	case DEMO_W1:
		return at < 1.1 ? "demo" : "worker-1";
	case DEMO_W2:
		return at < 2.1 ? "demo" : "worker-2";
	case DEMO_CHILD:
		return "child";
	case KWORKER:
		return "kworker/1:1";
	default:
		return "swapper";
	}
}

static bool traced(int32_t tid)
{
	return tid == DEMO_MAIN || tid == DEMO_W1 || tid == DEMO_W2 || tid == DEMO_CHILD;
}

static struct sched_event *push(double at, uint16_t type)
{
	struct sched_event *e = &raw[nev++];

	memset(e, 0, sizeof(*e));
	e->ts_ns = DEMO_BASE_NS + MS(at);
	e->type = type;
	return e;
}

static void sw(double at, int cpu, const struct seg *prev, int32_t next)
{
	struct sched_event *e = push(at, SE_SWITCH);
	int32_t p = prev ? prev->tid : IDLE;

	e->cpu = (uint16_t)cpu;
	e->tid = p;
	e->tgid = tgid_of(p);
	e->tid2 = next;
	e->tgid2 = tgid_of(next);
	strcpy(e->comm, comm_of(p, at));
	strcpy(e->comm2, comm_of(next, at));
	if (traced(p))
		e->flags |= SEF_PREV_TARGET;
	if (traced(next))
		e->flags |= SEF_NEXT_TARGET;
	if (!prev || prev->tid == IDLE)
		return;
	switch (prev->how) {
	case PREEMPT:
		e->flags |= SEF_PREEMPT;
		break;
	case SLEEP:
		e->flags |= SEF_VOLUNTARY;
		e->state = SE_TASK_INTERRUPTIBLE;
		break;
	case BLOCK:
		e->flags |= SEF_VOLUNTARY;
		e->state = SE_TASK_UNINTERRUPTIBLE;
		break;
	case FUTEX:
		e->flags |= SEF_VOLUNTARY | SEF_FUTEX;
		e->state = SE_TASK_INTERRUPTIBLE;
		e->futex_addr = prev->futex_addr;
		e->futex_op = 0x80 & 0x7f; /* FUTEX_WAIT | FUTEX_PRIVATE_FLAG, masked */
		break;
	case EXIT:
		e->flags |= SEF_VOLUNTARY;
		e->state = SE_TASK_DEAD;
		break;
	}
}

static void waking(double at, int32_t tid, int32_t waker)
{
	struct sched_event *e = push(at, SE_WAKING);

	e->tid = tid;
	e->tgid = tgid_of(tid);
	e->tid2 = waker;
	e->tgid2 = tgid_of(waker);
	strcpy(e->comm, comm_of(tid, at));
	if (traced(waker))
		e->flags |= SEF_WAKER_TARGET;
}

static void fork_ev(double at, int32_t parent, int32_t child, bool thread)
{
	struct sched_event *e = push(at, SE_FORK);

	e->tid = parent;
	e->tgid = tgid_of(parent);
	e->tid2 = child;
	e->tgid2 = thread ? tgid_of(parent) : child;
	strcpy(e->comm, comm_of(parent, at));
	strcpy(e->comm2, comm_of(parent, at));
	if (thread)
		e->flags |= SEF_THREAD;
	e = push(at, SE_WAKEUP_NEW);
	e->tid = child;
	e->tgid = thread ? tgid_of(parent) : child;
	e->tid2 = parent;
	e->tgid2 = tgid_of(parent);
	strcpy(e->comm, comm_of(parent, at));
}

static void rename_ev(double at, int32_t tid, const char *old, const char *new)
{
	struct sched_event *e = push(at, SE_RENAME);

	e->tid = tid;
	e->tgid = tgid_of(tid);
	strcpy(e->comm, new);
	strcpy(e->comm2, old);
}

static void exit_ev(double at, int32_t tid)
{
	struct sched_event *e = push(at, SE_EXIT);

	e->tid = tid;
	e->tgid = tgid_of(tid);
	e->group_dead = tid == tgid_of(tid);
	strcpy(e->comm, comm_of(tid, at));
}

/* Turn each CPU's segments into switches: boundaries, with idle in the gaps. */
static void emit_cpu(const struct seg *segs, size_t n, int cpu)
{
	const struct seg *prev = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct seg *s = &segs[i];

		if (s->cpu != cpu)
			continue;
		if (prev && prev->end < s->start) {
			sw(prev->end, cpu, prev, IDLE);
			prev = NULL;
		}
		if (s->how == EXIT)
			exit_ev(s->end - 0.01, s->tid);
		sw(s->start, cpu, prev, s->tid);
		prev = s;
	}
	if (prev)
		sw(prev->end, cpu, prev, IDLE);
}

static int rank(uint16_t type)
{
	switch (type) {
	case SE_FORK:
		return 0;
	case SE_WAKEUP_NEW:
		return 1;
	case SE_RENAME:
		return 2;
	case SE_EXIT:
		return 3;
	case SE_WAKING:
		return 4;
	default:
		return 5;
	}
}

/* a and b point to indexes into raw[] */
static int cmp_ev(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct sched_event *x = &raw[i], *y = &raw[j];

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	/* at one instant: forks, then wakeups, then switches; else as written */
	if (rank(x->type) != rank(y->type))
		return rank(x->type) - rank(y->type);
	return i < j ? -1 : i > j;
}

static void generate(void)
{
	struct seg segs[128];
	size_t order[sizeof(raw) / sizeof(raw[0])];
	size_t ns = 0;

	nev = 0;
	/* CPU 0: demo until it joins; worker-2's loop: run 3 ms, then preempted or a futex wait */
	segs[ns++] = (struct seg){ 0, 3, 0, DEMO_MAIN, FUTEX, 0x7f0000001000ull };
	for (int k = 0; k < 20; k++) {
		double s = 3 + 4 * k;

		segs[ns++] = (struct seg){ s, s + 3, 0, DEMO_W2,
					   k == 19 ? EXIT : (k % 2 ? FUTEX : PREEMPT),
					   0x7f0000002000ull };
		if (k % 2 == 0 && k != 19)
			segs[ns++] = (struct seg){ s + 3, s + 4, 0, KWORKER, PREEMPT, 0 };
	}
	segs[ns++] = (struct seg){ 90.2, 95, 0, DEMO_MAIN, EXIT, 0 };
	/* CPU 1: worker-1, interrupted by the child process */
	segs[ns++] = (struct seg){ 1.2, 10.5, 1, DEMO_W1, PREEMPT, 0 };
	segs[ns++] = (struct seg){ 10.5, 12, 1, DEMO_CHILD, SLEEP, 0 };
	segs[ns++] = (struct seg){ 12, 20.3, 1, DEMO_W1, PREEMPT, 0 };
	segs[ns++] = (struct seg){ 20.3, 21, 1, DEMO_CHILD, BLOCK, 0 };
	segs[ns++] = (struct seg){ 21, 30.2, 1, DEMO_W1, PREEMPT, 0 };
	segs[ns++] = (struct seg){ 30.2, 31, 1, DEMO_CHILD, EXIT, 0 };
	segs[ns++] = (struct seg){ 31, 60, 1, DEMO_W1, SLEEP, 0 };
	segs[ns++] = (struct seg){ 62, 90, 1, DEMO_W1, EXIT, 0 };
	emit_cpu(segs, ns, 0);
	emit_cpu(segs, ns, 1);

	fork_ev(1.0, DEMO_MAIN, DEMO_W1, true);
	rename_ev(1.1, DEMO_W1, "demo", "worker-1");
	fork_ev(2.0, DEMO_MAIN, DEMO_W2, true);
	rename_ev(2.1, DEMO_W2, "demo", "worker-2");
	fork_ev(10.0, DEMO_W1, DEMO_CHILD, false);
	/* worker-2's futex waits end by worker-1's unlock while it runs, else by nobody traced */
	for (int k = 1; k < 19; k += 2) {
		double at = 3 + 4 * k + 3.95;
		bool w1_runs = at < 31 && !(at >= 10.5 && at < 12) && !(at >= 20.3 && at < 21) &&
			       !(at >= 30.2);

		waking(at, DEMO_W2, w1_runs ? DEMO_W1 : 0);
	}
	waking(20.0, DEMO_CHILD, 0);	/* its sleep ends (timer) */
	waking(30.0, DEMO_CHILD, 0);	/* its I/O completes */
	waking(61.5, DEMO_W1, 0);	/* nanosleep ends: 0.5 ms to get the CPU */
	waking(89.95, DEMO_MAIN, DEMO_W1); /* the join: worker-1 exits and wakes demo */
	for (size_t i = 0; i < nev; i++)
		order[i] = i;
	qsort(order, nev, sizeof(order[0]), cmp_ev);
	for (size_t i = 0; i < nev; i++)
		evs[i] = raw[order[i]];

}

int demo_model__events(const struct sched_event **out, size_t *n)
{
	generate();
	*out = evs;
	*n = nev;
	return 0;
}

int demo_model__build(struct trace_model *m)
{
	const struct sched_event *ev;
	size_t n;
	int err;

	demo_model__events(&ev, &n);
	err = trace_model__add_task(m, DEMO_MAIN, DEMO_MAIN, 1, "demo", DEMO_BASE_NS);
	for (size_t i = 0; !err && i < n; i++)
		err = trace_model__add(m, &ev[i]);
	if (err)
		return err;
	trace_model__finish(m, DEMO_END_NS);
	return 0;
}

int demo_model__info(struct run_info *ri)
{
	static char *const argv[] = { "demo", "--workers", "2", NULL };
	int err;

	memset(ri, 0, sizeof(*ri));
	err = run_info__set_argv(ri, 3, argv);
	if (err)
		return err;
	ri->pid = DEMO_MAIN;
	ri->exit_code = 0;
	ri->start_ns = DEMO_BASE_NS;
	ri->end_ns = DEMO_END_NS;
	ri->ncpus = 2;
	return 0;
}
