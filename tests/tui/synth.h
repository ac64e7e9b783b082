/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * synth.h - tiny builders of synthetic sched_events for the view's unit
 * tests. Times are given in microseconds after SYNTH_T0 for readability.
 * Every task given here is traced (SEF_*_TARGET set) unless its tid is 0.
 */
#ifndef SCHEDVIZ_TESTS_TUI_SYNTH_H
#define SCHEDVIZ_TESTS_TUI_SYNTH_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "trace_model.h"

#define SYNTH_T0 1000000000ull
#define US(x) (SYNTH_T0 + (uint64_t)(x) * 1000ull)

enum synth_out { OUT_PREEMPT, OUT_SLEEP, OUT_BLOCK, OUT_FUTEX, OUT_EXIT };

/* Names the switches carry (the model follows comm from them). */
#define SYNTH_MAX_NAMES 32
static struct {
	int32_t tid;
	char comm[SCHED_COMM_LEN];
} synth_names[SYNTH_MAX_NAMES];

static inline void synth_name_reset(void)
{
	memset(synth_names, 0, sizeof(synth_names));
}

static inline void synth_name_set(int32_t tid, const char *comm)
{
	for (int i = 0; i < SYNTH_MAX_NAMES; i++) {
		if (synth_names[i].tid == tid || !synth_names[i].tid) {
			synth_names[i].tid = tid;
			strncpy(synth_names[i].comm, comm, SCHED_COMM_LEN - 1);
			return;
		}
	}
}

static inline void synth_name_of(int32_t tid, char *out)
{
	memset(out, 0, SCHED_COMM_LEN);
	for (int i = 0; i < SYNTH_MAX_NAMES; i++) {
		if (synth_names[i].tid == tid) {
			memcpy(out, synth_names[i].comm, SCHED_COMM_LEN);
			return;
		}
	}
	if (tid)
		snprintf(out, SCHED_COMM_LEN, "t%d", tid);
	else
		strcpy(out, "swapper/0");
}

/* Zero e, then set what every synthetic event has: time, type, both tasks. */
static inline void synth_event(struct sched_event *e, uint64_t us, enum sched_event_type type,
			       int32_t tid, int32_t tgid, int32_t tid2, int32_t tgid2)
{
	memset(e, 0, sizeof(*e));
	e->ts_ns = US(us);
	e->type = (uint16_t)type;
	e->tid = tid;
	e->tgid = tgid;
	e->tid2 = tid2;
	e->tgid2 = tgid2;
}

static inline int synth_switch(struct trace_model *m, uint64_t us, int cpu, int32_t prev,
			       int32_t prev_tgid, enum synth_out how, uint64_t futex_addr,
			       int32_t next, int32_t next_tgid)
{
	struct sched_event e;

	synth_event(&e, us, SE_SWITCH, prev, prev_tgid, next, next_tgid);
	e.cpu = (uint16_t)cpu;
	synth_name_of(prev, e.comm);
	synth_name_of(next, e.comm2);
	if (prev)
		e.flags |= SEF_PREV_TARGET;
	if (next)
		e.flags |= SEF_NEXT_TARGET;
	switch (how) {
	case OUT_PREEMPT:
		e.flags |= SEF_PREEMPT;
		break;
	case OUT_SLEEP:
		e.flags |= SEF_VOLUNTARY;
		e.state = SE_TASK_INTERRUPTIBLE;
		break;
	case OUT_BLOCK:
		e.flags |= SEF_VOLUNTARY;
		e.state = SE_TASK_UNINTERRUPTIBLE;
		break;
	case OUT_FUTEX:
		e.flags |= SEF_VOLUNTARY | SEF_FUTEX;
		e.state = SE_TASK_INTERRUPTIBLE;
		e.futex_addr = futex_addr;
		break;
	case OUT_EXIT:
		e.flags |= SEF_VOLUNTARY;
		e.state = SE_TASK_DEAD;
		break;
	}
	return trace_model__add(m, &e);
}

static inline int synth_wake(struct trace_model *m, uint64_t us, int32_t tid, int32_t tgid,
			     int32_t waker)
{
	struct sched_event e;

	synth_event(&e, us, SE_WAKING, tid, tgid, waker, waker);
	if (waker)
		e.flags |= SEF_WAKER_TARGET;
	return trace_model__add(m, &e);
}

/* fork + wakeup_new of child by parent; thread when child_tgid == parent's tgid */
static inline int synth_fork(struct trace_model *m, uint64_t us, int32_t parent,
			     int32_t parent_tgid, int32_t child, int32_t child_tgid,
			     const char *comm)
{
	struct sched_event e;
	int err;

	synth_event(&e, us, SE_FORK, parent, parent_tgid, child, child_tgid);
	strncpy(e.comm2, comm, SCHED_COMM_LEN - 1);
	synth_name_set(child, comm);
	if (child_tgid == parent_tgid)
		e.flags |= SEF_THREAD;
	err = trace_model__add(m, &e);
	if (err)
		return err;
	synth_event(&e, us, SE_WAKEUP_NEW, child, child_tgid, parent, parent_tgid);
	return trace_model__add(m, &e);
}

/* A task that existed before tracing, running on cpu from us. */
static inline int synth_start(struct trace_model *m, uint64_t us, int cpu, int32_t tid,
			      const char *comm)
{
	int err = trace_model__add_task(m, tid, tid, 1, comm, US(us));

	synth_name_set(tid, comm);
	if (err)
		return err;
	return synth_switch(m, us, cpu, 0, 0, OUT_PREEMPT, 0, tid, tid);
}

#endif
