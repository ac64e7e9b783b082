// SPDX-License-Identifier: GPL-2.0-only
/* synth.c - synthetic kernel-shaped event streams for the file tests (see synth.h). */
#include "synth.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "trace_file.h"
#include "trace_format.h"

#define LEADER 4000
#define CHILD 4010
#define N_WORKERS 4
#define FUTEX_ADDR 0x7f3a5c001040ull

enum { T_NEW, T_RUNNABLE, T_RUNNING, T_SLEEPING, T_DEAD };

struct task {
	int32_t tid, tgid;
	char comm[SCHED_COMM_LEN];
	int state, cpu;
};

struct gen {
	struct synth *s;
	size_t cap;
	uint64_t ts;
	unsigned rnd, ncpus;
	struct task t[SYNTH_MAX_TASKS];
	unsigned n;
	int cur[64];		/* task index running on each CPU, -1: idle */
	int err;
};

static unsigned rnd(struct gen *g, unsigned n)
{
	g->rnd = g->rnd * 1103515245u + 12345u;
	return (g->rnd >> 8) % n;
}

static struct sched_event *emit(struct gen *g, uint16_t type, unsigned cpu)
{
	struct sched_event *ev;

	if (g->s->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 1024;
		struct sched_event *v = realloc(g->s->ev, cap * sizeof(*v));

		if (!v) {
			g->err = -ENOMEM;
			return NULL;
		}
		g->s->ev = v;
		g->cap = cap;
	}
	g->ts += 200 + rnd(g, 3000);
	ev = &g->s->ev[g->s->n++];
	memset(ev, 0, sizeof(*ev));
	ev->ts_ns = g->ts;
	ev->type = type;
	ev->cpu = (uint16_t)cpu;
	return ev;
}

static void set_task(const struct gen *g, int i, unsigned cpu, int32_t *tid, int32_t *tgid,
		     int32_t *prio, char *comm)
{
	*prio = 120;
	if (i < 0) {
		*tid = *tgid = 0;
		snprintf(comm, SCHED_COMM_LEN, "swapper/%u", cpu & 0xff);
	} else {
		*tid = g->t[i].tid;
		*tgid = g->t[i].tgid;
		memcpy(comm, g->t[i].comm, SCHED_COMM_LEN);
	}
}

static int pick_runnable(struct gen *g, int except)
{
	int c[SYNTH_MAX_TASKS], n = 0;

	for (unsigned i = 0; i < g->n; i++)
		if (g->t[i].state == T_RUNNABLE && (int)i != except)
			c[n++] = (int)i;
	return n ? c[rnd(g, (unsigned)n)] : -1;
}

static void rename_task(struct gen *g, int i, const char *comm)
{
	struct sched_event *ev = emit(g, SE_RENAME, (unsigned)g->t[i].cpu);

	if (!ev)
		return;
	ev->tid = g->t[i].tid;
	ev->tgid = g->t[i].tgid;
	ev->prio = 120;
	memcpy(ev->comm2, g->t[i].comm, SCHED_COMM_LEN);
	snprintf(g->t[i].comm, SCHED_COMM_LEN, "%s", comm);
	memcpy(ev->comm, g->t[i].comm, SCHED_COMM_LEN);
}

/* Switch CPU cpu from its current task (leaving in prev_state) to task next (-1: idle). */
static void do_switch(struct gen *g, unsigned cpu, int next, uint32_t state, uint32_t flags)
{
	int prev = g->cur[cpu];
	struct sched_event *ev = emit(g, SE_SWITCH, cpu);

	if (!ev)
		return;
	set_task(g, prev, cpu, &ev->tid, &ev->tgid, &ev->prio, ev->comm);
	set_task(g, next, cpu, &ev->tid2, &ev->tgid2, &ev->prio2, ev->comm2);
	ev->state = state;
	ev->flags = flags | (prev >= 0 ? SEF_PREV_TARGET : 0) | (next >= 0 ? SEF_NEXT_TARGET : 0);
	if (flags & SEF_FUTEX) {
		ev->futex_addr = FUTEX_ADDR;
		ev->futex_op = 0;	/* FUTEX_WAIT */
	}
	if (prev >= 0) {
		for (unsigned k = 0; k < g->s->n_tasks; k++)
			if (g->s->tids[k] == g->t[prev].tid)
				g->s->switches[k]++;
		g->t[prev].state = state & SE_TASK_DEAD ? T_DEAD : state ? T_SLEEPING : T_RUNNABLE;
		g->t[prev].cpu = -1;
	}
	g->cur[cpu] = next;
	if (next >= 0) {
		g->t[next].state = T_RUNNING;
		g->t[next].cpu = (int)cpu;
		if (!strcmp(g->t[next].comm, "synthmain") && g->t[next].tid != LEADER &&
		    g->t[next].tid != CHILD) {
			char name[SCHED_COMM_LEN];

			snprintf(name, sizeof(name), "worker-%u", (unsigned)(g->t[next].tid - LEADER) % 100);
			rename_task(g, next, name);
		}
	}
}

static void wake(struct gen *g, int i, int waker, unsigned cpu)
{
	for (int k = 0; k < 2; k++) {
		struct sched_event *ev = emit(g, k ? SE_WAKEUP : SE_WAKING, cpu);

		if (!ev)
			return;
		set_task(g, i, cpu, &ev->tid, &ev->tgid, &ev->prio, ev->comm);
		set_task(g, waker, cpu, &ev->tid2, &ev->tgid2, &ev->prio2, ev->comm2);
		ev->flags = waker >= 0 ? SEF_WAKER_TARGET : 0;
		ev->target_cpu = cpu;
	}
	g->t[i].state = T_RUNNABLE;
}

static void create(struct gen *g, int parent, int32_t tid, bool thread)
{
	struct task *t = &g->t[g->n];
	unsigned cpu = (unsigned)g->t[parent].cpu;
	struct sched_event *ev = emit(g, SE_FORK, cpu);

	if (!ev)
		return;
	*t = (struct task){ .tid = tid, .tgid = thread ? LEADER : tid, .state = T_RUNNABLE,
			    .cpu = -1 };
	memcpy(t->comm, g->t[parent].comm, SCHED_COMM_LEN);
	g->s->tids[g->s->n_tasks++] = tid;
	g->n++;
	set_task(g, parent, cpu, &ev->tid, &ev->tgid, &ev->prio, ev->comm);
	set_task(g, (int)g->n - 1, cpu, &ev->tid2, &ev->tgid2, &ev->prio2, ev->comm2);
	ev->flags = thread ? SEF_THREAD : 0;
	ev->clone_flags = thread ? 0x3d0f00 : 0x1200000;	/* pthread_create, fork */
	ev = emit(g, SE_WAKEUP_NEW, cpu);
	if (!ev)
		return;
	set_task(g, (int)g->n - 1, cpu, &ev->tid, &ev->tgid, &ev->prio, ev->comm);
	set_task(g, parent, cpu, &ev->tid2, &ev->tgid2, &ev->prio2, ev->comm2);
	ev->flags = SEF_WAKER_TARGET;
	ev->target_cpu = g->n % g->ncpus;
}

/* One scheduling decision on one CPU. */
static void step(struct gen *g)
{
	unsigned cpu = rnd(g, g->ncpus);
	int cur = g->cur[cpu], other;

	if (cur < 0) {
		other = pick_runnable(g, -1);
		if (other >= 0)
			do_switch(g, cpu, other, 0, 0);
		return;
	}
	switch (rnd(g, 5)) {
	case 0:		/* wake a sleeper */
		for (unsigned i = 0; i < g->n; i++) {
			if (g->t[i].state == T_SLEEPING) {
				wake(g, (int)i, cur, cpu);
				break;
			}
		}
		break;
	case 1:		/* sleep in a futex wait, or plainly */
	case 2:
		if (g->t[cur].tid == LEADER)
			break;	/* the leader stays up to create and reap */
		do_switch(g, cpu, pick_runnable(g, cur), SE_TASK_INTERRUPTIBLE,
			  SEF_VOLUNTARY | (rnd(g, 2) ? SEF_FUTEX : 0));
		break;
	case 3:		/* preempted (tick) or a yield */
		other = pick_runnable(g, cur);
		if (other >= 0)
			do_switch(g, cpu, other, 0, rnd(g, 4) ? SEF_PREEMPT : 0);
		break;
	default:	/* uninterruptible wait (I/O) */
		if (g->t[cur].tid != LEADER && rnd(g, 3) == 0)
			do_switch(g, cpu, pick_runnable(g, cur), SE_TASK_UNINTERRUPTIBLE,
				  SEF_VOLUNTARY);
		break;
	}
}

/* Bring task i onto CPU 0 and let it exit there. */
static void finish_task(struct gen *g, int i, bool group_dead)
{
	struct sched_event *ev;

	if (g->t[i].state == T_SLEEPING)
		wake(g, i, -1, 0);
	if (g->t[i].state == T_RUNNING && g->t[i].cpu != 0) {
		unsigned cpu = (unsigned)g->t[i].cpu;

		do_switch(g, cpu, pick_runnable(g, i), 0, SEF_PREEMPT);
	}
	if (g->t[i].state != T_RUNNING)
		do_switch(g, 0, i, 0, g->cur[0] >= 0 ? SEF_PREEMPT : 0);
	ev = emit(g, SE_EXIT, 0);
	if (!ev)
		return;
	set_task(g, i, 0, &ev->tid, &ev->tgid, &ev->prio, ev->comm);
	ev->group_dead = group_dead;
	do_switch(g, 0, pick_runnable(g, i), SE_TASK_DEAD, SEF_VOLUNTARY);
}

int synth__make(struct synth *s, unsigned seed, unsigned n_steps, unsigned ncpus)
{
	static char *const argv[] = { "synthmain", "--threads", "4", "--label", "a, \"b\"" };
	struct gen g = { .s = s, .rnd = seed, .ncpus = ncpus ? ncpus : 2 };
	struct sched_event *ev;

	memset(s, 0, sizeof(*s));
	if (g.ncpus > 64)
		g.ncpus = 64;
	for (unsigned c = 0; c < g.ncpus; c++)
		g.cur[c] = -1;
	g.ts = 5000000000ull + seed;
	s->ri.start_ns = g.ts;
	s->ri.pid = LEADER;
	s->ri.ncpus = g.ncpus;
	if (run_info__set_argv(&s->ri, 5, argv))
		return -ENOMEM;
	g.t[0] = (struct task){ .tid = LEADER, .tgid = LEADER, .comm = "sh", .state = T_RUNNABLE,
				.cpu = -1 };
	g.n = 1;
	s->tids[s->n_tasks++] = LEADER;
	do_switch(&g, 0, 0, 0, 0);
	ev = emit(&g, SE_EXEC, 0);
	if (ev) {
		set_task(&g, 0, 0, &ev->tid, &ev->tgid, &ev->prio, ev->comm);
		snprintf(ev->filename, sizeof(ev->filename), "/usr/libexec/schedviz/synthmain");
		ev->old_pid = LEADER;
	}
	rename_task(&g, 0, "synthmain");
	for (int w = 1; w <= N_WORKERS; w++)
		create(&g, 0, LEADER + w, true);
	create(&g, 0, CHILD, false);
	for (unsigned i = 0; i < n_steps && !g.err; i++) {
		if (i == n_steps / 2)
			g.ts += 200000000;	/* a quiet 200 ms: beyond 2^27 ns */
		if (i == n_steps / 3) {
			s->lost_at_ns = g.ts;
			s->lost = 5;
			s->lost_cpu = 1;
		}
		step(&g);
	}
	for (int i = 1; i < (int)g.n && !g.err; i++)
		finish_task(&g, i, g.t[i].tid == CHILD);
	if (!g.err)
		finish_task(&g, 0, true);
	s->ri.end_ns = g.ts + 1000;
	s->ri.exit_code = 0;
	s->ri.lost = s->lost;
	if (g.err)
		synth__free(s);
	return g.err;
}

void synth__free(struct synth *s)
{
	free(s->ev);
	run_info__clear(&s->ri);
	memset(s, 0, sizeof(*s));
}

int synth__write(const struct synth *s, const char *path, unsigned flush_every)
{
	struct trace_writer *w = NULL;
	bool lost_done = !s->lost;
	int err = trace_writer__open(&w, path, &s->ri);

	for (size_t i = 0; !err && i < s->n; i++) {
		if (!lost_done && s->ev[i].ts_ns > s->lost_at_ns) {
			err = trace_writer__add_lost(w, s->lost, s->lost_at_ns, s->lost_cpu);
			lost_done = true;
		}
		if (!err)
			err = trace_writer__add(w, &s->ev[i]);
		if (!err && flush_every && (i + 1) % flush_every == 0)
			err = trace_writer__flush(w);
	}
	if (err) {
		trace_writer__close(w, NULL);
		return err;
	}
	return trace_writer__close(w, &s->ri);
}

size_t synth__chunk(uint8_t *out, const char *tag, const uint8_t *raw, size_t raw_len,
		    uint32_t n_records, uint32_t claimed_raw)
{
	uLongf zlen = compressBound(raw_len);
	uLong crc;

	if (compress(out + TRACE_CHUNK_HDR_LEN, &zlen, raw, raw_len) != Z_OK)
		abort();	/* the buffer is compressBound() long: cannot happen */
	memcpy(out, tag, 4);
	trace_put_le32(out + 4, (uint32_t)zlen);
	trace_put_le32(out + 8, claimed_raw);
	trace_put_le32(out + 12, n_records);
	crc = crc32(0, out, 16);
	crc = crc32(crc, out + TRACE_CHUNK_HDR_LEN, (uInt)zlen);
	trace_put_le32(out + 16, (uint32_t)crc);
	return TRACE_CHUNK_HDR_LEN + zlen;
}

uint64_t synth__switches(const struct synth *s, int32_t tid)
{
	for (unsigned k = 0; k < s->n_tasks; k++)
		if (s->tids[k] == tid)
			return s->switches[k];
	return 0;
}
