// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_model.c - per-task state machine over sched_events.
 * The states and their meaning are defined in trace_model.h.
 */
#include "trace_model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tid_map.h"
#include "trace_model_priv.h"
#include "vec.h"

static const char *const state_names[TS__COUNT] = {
	[TS_UNKNOWN] = "unknown",   [TS_RUNNING] = "running",
	[TS_RUNNABLE] = "runnable", [TS_PREEMPTED] = "preempted",
	[TS_SLEEPING] = "sleeping", [TS_BLOCKED] = "blocked",
	[TS_FUTEX] = "futex",	    [TS_EXITED] = "exited",
};

const char *task_state__name(enum task_state s)
{
	return (unsigned)s < TS__COUNT ? state_names[s] : "?";
}

int trace_model__new(struct trace_model **out)
{
	struct trace_model *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	*out = m;
	return 0;
}

void trace_model__free(struct trace_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_tasks; i++) {
		free(m->tasks[i]->iv_mem);
		free(m->tasks[i]->fw_mem);
		free(m->tasks[i]->pub.sp);
		futex_fold__release(&m->tasks[i]->fold);
		free(m->tasks[i]);
	}
	free(m->tasks);
	free(m->lost);
	tid_map__release(&m->by_tid);
	free(m->dirty);
	free(m->procs);
	tid_map__release(&m->by_tgid);
	lock_table__free(&m->locks);
	free(m);
}

static struct task_rec *rec_of(struct trace_task *t)
{
	return (struct task_rec *)t;	/* pub is its first member */
}

static struct trace_task *lookup(const struct trace_model *m, int32_t tid)
{
	uint32_t i = tid_map__find(&m->by_tid, tid);

	return i == TID_MAP_NONE ? NULL : &m->tasks[i]->pub;
}

/* Create a task; a TID already present now names the new task. */
static struct trace_task *create(struct trace_model *m, int32_t tid, int32_t tgid,
				 uint64_t ts)
{
	struct task_rec *r;
	struct trace_task *t;
	uint32_t proc = tid_map__find(&m->by_tgid, tgid);

	if (m->n_tasks >= TID_MAP_SLOT_MAX ||
	    vec__reserve((void **)&m->tasks, &m->cap_tasks, m->n_tasks + 1, sizeof(*m->tasks)) ||
	    vec__reserve((void **)&m->dirty, &m->cap_dirty, m->n_tasks + 1, sizeof(*m->dirty)))
		return NULL;
	if (proc == TID_MAP_NONE) {	/* a new process: its sums start at zero */
		if (vec__reserve((void **)&m->procs, &m->cap_procs, m->n_procs + 1,
				 sizeof(*m->procs)) ||
		    tid_map__set(&m->by_tgid, tgid, (uint32_t)m->n_procs))
			return NULL;
		memset(&m->procs[m->n_procs], 0, sizeof(m->procs[m->n_procs]));
		proc = (uint32_t)m->n_procs++;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->proc = proc;
	r->model = m;
	if (tid_map__set(&m->by_tid, tid, (uint32_t)m->n_tasks)) {
		free(r);
		return NULL;
	}
	t = &r->pub;
	t->tid = tid;
	t->tgid = tgid;
	t->is_thread = tgid != tid;
	t->index = (uint32_t)m->n_tasks;
	t->created_ns = ts;
	t->state = TS_UNKNOWN;
	t->state_since_ns = ts;
	t->cpu = -1;
	t->last_cpu = -1;
	m->tasks[m->n_tasks++] = r;
	trace_model__touch(m, r);
	return t;
}

static struct trace_task *get(struct trace_model *m, int32_t tid, int32_t tgid,
			      const char *comm, uint64_t ts)
{
	struct trace_task *t = lookup(m, tid);

	if (t) {
		trace_model__touch(m, rec_of(t));
		return t;
	}
	m->stats.unknown_task++;
	t = create(m, tid, tgid, ts);
	if (t && comm)
		memcpy(t->comm, comm, SCHED_COMM_LEN);
	return t;
}

int trace_model__add_task(struct trace_model *m, int32_t tid, int32_t tgid,
			  int32_t ppid, const char *comm, uint64_t ts_ns)
{
	struct trace_task *t = lookup(m, tid);

	if (t)
		return 0;
	t = create(m, tid, tgid, ts_ns);
	if (!t)
		return -ENOMEM;
	t->ppid = ppid;
	if (comm)
		strncpy(t->comm, comm, SCHED_COMM_LEN - 1);
	return 0;
}

int trace_model__window_room(struct trace_model *m, void **mem, size_t *cap, void **live,
			     size_t n, size_t elem)
{
	size_t off = *mem ? (size_t)((char *)*live - (char *)*mem) / elem : 0;

	if (off + n + 1 > *cap) {
		if (off)
			memmove(*mem, *live, n * elem);
		*live = *mem;
		if (vec__reserve(mem, cap, n + 1, elem))
			return -ENOMEM;
		*live = *mem;
	}
	m->hist_bytes += elem;
	return 0;
}

int trace_model__room(struct trace_model *m, void **p, size_t *cap, size_t n, size_t elem)
{
	if (vec__reserve(p, cap, n + 1, elem))
		return -ENOMEM;
	m->hist_bytes += elem;
	return 0;
}

static int push_interval(struct trace_task *t, const struct trace_interval *iv)
{
	struct task_rec *r = rec_of(t);

	if (r->model->totals_only)
		return 0;
	if (trace_model__window_room(r->model, (void **)&r->iv_mem, &r->cap_iv, (void **)&t->iv,
				     t->n_iv, sizeof(*t->iv)))
		return -ENOMEM;
	t->iv[t->n_iv++] = *iv;
	return 0;
}

/* Close the open state at ts: account its time, keep it in the history. */
static int close_state(struct trace_task *t, uint64_t ts)
{
	struct trace_interval iv;

	if (t->state == TS_UNKNOWN || t->state == TS_EXITED || ts <= t->state_since_ns) {
		if (ts > t->state_since_ns)
			t->state_since_ns = ts;
		return 0;
	}
	iv.start_ns = t->state_since_ns;
	iv.end_ns = ts;
	iv.state = t->state;
	iv.pad = 0;
	iv.cpu = t->state == TS_RUNNING ? t->cpu : -1;
	iv.waker_tid = t->state == TS_RUNNABLE ? rec_of(t)->pending_waker : 0;
	t->time_ns[t->state] += ts - t->state_since_ns;
	t->state_since_ns = ts;
	return push_interval(t, &iv);
}

static int enter(struct trace_task *t, enum task_state s, uint64_t ts, int cpu)
{
	int err = close_state(t, ts);

	t->state = s;
	t->state_since_ns = ts;
	t->cpu = (int16_t)cpu;
	return err;
}

static int push_futex(struct trace_task *t, const struct sched_event *ev, uint64_t ts)
{
	struct task_rec *r = rec_of(t);

	if (trace_model__window_room(r->model, (void **)&r->fw_mem, &r->cap_fw, (void **)&t->fw,
				     t->n_fw, sizeof(*t->fw)))
		return -ENOMEM;
	t->fw[t->n_fw++] = (struct futex_wait){
		.addr = ev->futex_addr, .start_ns = ts, .end_ns = ts,
		.op = ev->futex_op, .waker_tid = 0,
	};
	t->futex_waits++;
	/* no timeline: the wait before this one is closed, into the sums */
	return r->model->totals_only && t->n_fw > 1 ? history__fold_waits(r->model, r, UINT64_MAX)
						    : 0;
}

static void note_latency(struct trace_task *t, uint64_t lat)
{
	uint64_t us = lat / 1000;
	unsigned b = 0;

	t->wakeup_latency_sum_ns += lat;
	if (lat > t->wakeup_latency_max_ns)
		t->wakeup_latency_max_ns = lat;
	while (us >= 2 && b < WAKEUP_HIST_BUCKETS - 1) {
		us >>= 1;
		b++;
	}
	t->wakeup_hist[b]++;
}

static bool is_asleep(enum task_state s)
{
	return s == TS_SLEEPING || s == TS_BLOCKED || s == TS_FUTEX || s == TS_UNKNOWN;
}

/* What began the wait of a task switching in from state s. */
static enum wait_cause cause_of(enum task_state s)
{
	if (s == TS_PREEMPTED)
		return WAIT_PREEMPT;
	/* asleep: woken, though the wakeup itself may not be in the trace */
	return s == TS_RUNNABLE || (is_asleep(s) && s != TS_UNKNOWN) ? WAIT_WAKEUP : WAIT_UNSEEN;
}

/* The kernel's run-queue figures a switch-out carries (SEF_RUNQ). */
static void note_run_queue(struct trace_task *t, const struct sched_event *ev)
{
	uint64_t d = ev->run_delay_delta_ns;

	t->run_delay_ns += d;
	if (rec_of(t)->wait_cause == WAIT_WAKEUP)
		t->run_delay_wakeup_ns += d;
	else if (rec_of(t)->wait_cause == WAIT_PREEMPT)
		t->run_delay_preempt_ns += d;
	if (d > t->run_delay_max_ns)
		t->run_delay_max_ns = d;
	t->pcount += ev->pcount_delta;
	t->runq_outs++;
}

/* t starts running on cpu at ts. */
static int run_on(struct trace_task *t, uint64_t ts, int cpu)
{
	rec_of(t)->wait_cause = (uint8_t)cause_of(t->state);
	if (t->state == TS_RUNNABLE)
		note_latency(t, ts - t->state_since_ns);
	if (t->last_cpu >= 0 && t->last_cpu != cpu)
		t->migrations++;
	rec_of(t)->pending_waking_ns = 0;
	return enter(t, TS_RUNNING, ts, cpu);
}

/* Switch-out of a traced prev: which state it leaves the CPU in. */
static int switch_out(struct trace_model *m, const struct sched_event *ev, uint64_t ts)
{
	struct trace_task *t = get(m, ev->tid, ev->tgid, ev->comm, ts);
	bool vol = ev->flags & SEF_VOLUNTARY;
	int err;

	if (!t)
		return -ENOMEM;
	if (ev->flags & SEF_RUNTIME) {
		/* the kernel's run time; against the wall clock only over a
		 * run whose switch-in was seen */
		if (t->state == TS_RUNNING && ts >= t->state_since_ns)
			t->on_cpu_less_run_ns += (int64_t)(ts - t->state_since_ns) -
						 (int64_t)ev->run_delta_ns;
		t->run_ns += ev->run_delta_ns;
		t->runtime_outs++;
	}
	if (t->state != TS_RUNNING && t->state != TS_UNKNOWN && t->state != TS_EXITED &&
	    (ev->flags & SEF_RUNTIME)) {
		/* No switch-in since the last switch-out: the sched_switch
		 * tracepoint did not fire for it (seen on some kernels, by
		 * tracefs as well). Rebuild the run from the kernel's own
		 * clock of it, which the event carries. */
		uint64_t d = ev->run_delta_ns;
		uint64_t start = ts > d ? ts - d : 0;

		if (start < t->state_since_ns)
			start = t->state_since_ns;
		m->stats.switch_in_missing++;
		err = run_on(t, start, ev->cpu);
		if (err)
			return err;
	}
	if (ev->flags & SEF_RUNQ)
		note_run_queue(t, ev);
	memcpy(t->comm, ev->comm, SCHED_COMM_LEN);
	t->comm[SCHED_COMM_LEN - 1] = '\0';
	if (vol)
		t->nvcsw++;
	else
		t->nivcsw++;
	if (ev->flags & SEF_RELEASED) {
		if (vol)
			t->nvcsw_released++;
		else
			t->nivcsw_released++;
	} else if (ev->flags & SEF_REAPING) {
		if (vol)
			t->nvcsw_reaping++;
		else
			t->nivcsw_reaping++;
	}
	t->last_cpu = (int16_t)ev->cpu;

	if (ev->state & SE_TASK_DEAD) {
		err = enter(t, TS_EXITED, ts, -1);
		t->exited = true;
		t->exit_ns = ts;
	} else if (!vol || (ev->state & SE_STATE_MASK) == 0) {
		/* involuntary, or a voluntary switch that found a signal pending
		 * and stayed runnable (kernel/sched/core.c: try_to_block_task()) */
		err = enter(t, TS_PREEMPTED, ts, -1);
	} else if (rec_of(t)->pending_waking_ns) {
		/* woken while still on its way out (sched_waking fires before
		 * try_to_wake_up() waits for p->on_cpu to clear) */
		if (ev->flags & SEF_FUTEX)
			push_futex(t, ev, ts);
		t->wakeups++;
		err = enter(t, TS_RUNNABLE, ts, -1);
	} else if (ev->flags & SEF_FUTEX) {
		err = push_futex(t, ev, ts);
		if (!err)
			err = enter(t, TS_FUTEX, ts, -1);
	} else if ((ev->state & SE_TASK_UNINTERRUPTIBLE) && !(ev->state & SE_TASK_NOLOAD)) {
		err = enter(t, TS_BLOCKED, ts, -1);
	} else {
		err = enter(t, TS_SLEEPING, ts, -1);
	}
	rec_of(t)->pending_waking_ns = 0;
	return err;
}

static int switch_in(struct trace_model *m, const struct sched_event *ev, uint64_t ts)
{
	struct trace_task *t = get(m, ev->tid2, ev->tgid2, ev->comm2, ts);

	if (!t)
		return -ENOMEM;
	memcpy(t->comm, ev->comm2, SCHED_COMM_LEN);
	t->comm[SCHED_COMM_LEN - 1] = '\0';
	return run_on(t, ts, ev->cpu);
}

static int wake(struct trace_model *m, const struct sched_event *ev, uint64_t ts)
{
	struct trace_task *t = get(m, ev->tid, ev->tgid, ev->comm, ts);

	if (!t)
		return -ENOMEM;
	if (t->exited)
		return 0;
	if (t->state == TS_RUNNING) {
		if (ev->type == SE_WAKING) {
			rec_of(t)->pending_waking_ns = ts;
			rec_of(t)->pending_waker = ev->tid2;
		}
		return 0;
	}
	if (!is_asleep(t->state))
		return 0;
	/* sched_wakeup after sched_waking finds the task runnable already;
	 * a wakeup alone (its waking lost) still ends the sleep. */
	if (t->state == TS_FUTEX && t->n_fw) {
		t->fw[t->n_fw - 1].end_ns = ts;
		t->fw[t->n_fw - 1].waker_tid = ev->tid2;
	}
	t->wakeups++;
	rec_of(t)->pending_waker = ev->tid2;
	return enter(t, TS_RUNNABLE, ts, -1);
}

static int wake_new(struct trace_model *m, const struct sched_event *ev, uint64_t ts)
{
	struct trace_task *t = get(m, ev->tid, ev->tgid, ev->comm, ts);

	if (!t)
		return -ENOMEM;
	if (t->state != TS_UNKNOWN)
		return 0;
	t->wakeups++;
	rec_of(t)->pending_waker = ev->tid2;
	return enter(t, TS_RUNNABLE, ts, -1);
}

static int fork_task(struct trace_model *m, const struct sched_event *ev, uint64_t ts)
{
	struct trace_task *parent = lookup(m, ev->tid);
	struct trace_task *c = create(m, ev->tid2, ev->tgid2, ts);

	if (!c)
		return -ENOMEM;
	c->parent_tid = ev->tid;
	c->is_thread = ev->tgid2 == ev->tgid;
	if (c->is_thread)
		c->ppid = parent ? parent->ppid : 0;
	else
		c->ppid = ev->tgid;
	memcpy(c->comm, ev->comm2, SCHED_COMM_LEN);
	c->comm[SCHED_COMM_LEN - 1] = '\0';
	return 0;
}

int trace_model__add(struct trace_model *m, const struct sched_event *ev)
{
	uint64_t ts = ev->ts_ns;
	struct trace_task *t;
	int err = 0;

	if (!ev->type || ev->type >= SE__MAX)
		return -EINVAL;
	if (!m->have_ts) {
		m->stats.first_ns = ts;
		m->stats.last_ns = ts;
		m->have_ts = true;
	} else if (ts < m->stats.last_ns) {
		m->stats.out_of_order++;
		ts = m->stats.last_ns;
	} else {
		m->stats.last_ns = ts;
	}
	m->stats.events++;

	switch (ev->type) {
	case SE_SWITCH:
		if (ev->flags & SEF_PREV_TARGET)
			err = switch_out(m, ev, ts);
		if (!err && (ev->flags & SEF_NEXT_TARGET))
			err = switch_in(m, ev, ts);
		break;
	case SE_WAKING:
	case SE_WAKEUP:
		err = wake(m, ev, ts);
		break;
	case SE_WAKEUP_NEW:
		err = wake_new(m, ev, ts);
		break;
	case SE_FORK:
		err = fork_task(m, ev, ts);
		break;
	case SE_EXEC:
	case SE_RENAME:
		t = get(m, ev->tid, ev->tgid, NULL, ts);
		if (!t)
			return -ENOMEM;
		memcpy(t->comm, ev->comm, SCHED_COMM_LEN);
		t->comm[SCHED_COMM_LEN - 1] = '\0';
		break;
	case SE_EXIT:
		t = get(m, ev->tid, ev->tgid, ev->comm, ts);
		if (!t)
			return -ENOMEM;
		t->exiting = true;
		break;
	}
	if (!err && m->budget && m->hist_bytes > m->fold_at)
		err = history__fold(m);
	return err;
}

void trace_model__add_lost(struct trace_model *m, uint64_t n)
{
	m->stats.lost += n;
}

/* Merge each CPU's marks closer than m->lost_merge_ns into the first. */
static void merge_lost(struct trace_model *m)
{
	size_t k = 0;

	for (size_t i = 0; i < m->n_lost; i++) {
		size_t j = k;

		/* the last kept mark of the same CPU, among the few before */
		while (j > 0 && k - j < 8 && m->lost[j - 1].cpu != m->lost[i].cpu)
			j--;
		if (j > 0 && m->lost[j - 1].cpu == m->lost[i].cpu &&
		    m->lost[i].ts_ns - m->lost[j - 1].ts_ns < m->lost_merge_ns) {
			m->lost[j - 1].n += m->lost[i].n;
			continue;
		}
		m->lost[k++] = m->lost[i];
	}
	m->n_lost = k;
}

int trace_model__add_lost_at(struct trace_model *m, uint64_t n, uint64_t ts_ns, int32_t cpu)
{
	m->stats.lost += n;
	if (m->n_lost >= TRACE_LOST_MARKS_MAX) {
		m->lost_merge_ns = m->lost_merge_ns ? m->lost_merge_ns * 2 : 1000000;
		merge_lost(m);
	}
	if (m->n_lost && m->lost[m->n_lost - 1].cpu == cpu &&
	    ts_ns - m->lost[m->n_lost - 1].ts_ns < m->lost_merge_ns) {
		m->lost[m->n_lost - 1].n += n;
		return 0;
	}
	if (vec__reserve((void **)&m->lost, &m->cap_lost, m->n_lost + 1, sizeof(*m->lost)))
		return -ENOMEM;
	m->lost[m->n_lost++] = (struct trace_lost_mark){ .ts_ns = ts_ns, .cpu = cpu, .n = n };
	return 0;
}

size_t trace_model__lost_marks(const struct trace_model *m, const struct trace_lost_mark **out)
{
	*out = m->lost;
	return m->n_lost;
}

void trace_model__finish(struct trace_model *m, uint64_t end_ns)
{
	for (size_t i = 0; i < m->n_tasks; i++) {
		struct trace_task *t = &m->tasks[i]->pub;

		if (t->exited)
			continue;
		trace_model__touch(m, m->tasks[i]);
		if (t->state == TS_FUTEX && t->n_fw && t->fw[t->n_fw - 1].end_ns < end_ns)
			t->fw[t->n_fw - 1].end_ns = end_ns;
		close_state(t, end_ns);
	}
}

size_t trace_model__task_count(const struct trace_model *m)
{
	return m->n_tasks;
}

const struct trace_task *trace_model__task(const struct trace_model *m, size_t i)
{
	return i < m->n_tasks ? &m->tasks[i]->pub : NULL;
}

const struct trace_task *trace_model__find(const struct trace_model *m, int32_t tid)
{
	return lookup(m, tid);
}

const struct trace_model_stats *trace_model__stats(const struct trace_model *m)
{
	return &m->stats;
}

uint64_t trace_task__time_in(const struct trace_task *t, enum task_state s, uint64_t now_ns)
{
	uint64_t v = (unsigned)s < TS__COUNT ? t->time_ns[s] : 0;

	if (t->state == s && s != TS_EXITED && s != TS_UNKNOWN && now_ns > t->state_since_ns)
		v += now_ns - t->state_since_ns;
	return v;
}

size_t trace_task__interval_at(const struct trace_task *t, uint64_t ts_ns)
{
	return trace_model__first_ending_after(t->iv, t->n_iv, sizeof(*t->iv), ts_ns);
}

enum task_state trace_task__state_at(const struct trace_task *t, uint64_t ts_ns)
{
	size_t lo = 0, hi = t->n_iv;

	if (ts_ns < t->created_ns)
		return TS_UNKNOWN;
	if (ts_ns >= t->state_since_ns)
		return t->state;
	if (t->n_sp && (!t->n_iv || ts_ns < t->iv[0].start_ns)) {
		size_t k = trace_task__span_at(t, ts_ns);

		return k < t->n_sp && ts_ns >= t->sp[k].start_ns
			       ? trace_span__main_state(&t->sp[k]) : TS_UNKNOWN;
	}
	/* last interval with start <= ts */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->iv[mid].start_ns <= ts_ns)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return TS_UNKNOWN;
	if (ts_ns < t->iv[lo - 1].end_ns)
		return (enum task_state)t->iv[lo - 1].state;
	return TS_UNKNOWN;
}
