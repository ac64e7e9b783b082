// SPDX-License-Identifier: GPL-2.0-only
/*
 * lanes.c - timeline rows as cells (see lanes.h for the cell rule).
 */
#include "lanes.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

uint64_t lanes__bucket_start(uint64_t t0, uint64_t t1, size_t ncols, size_t b)
{
	unsigned __int128 w = t1 - t0;

	/* ceil(b * w / ncols): then ts is in bucket floor((ts - t0) * ncols / w) */
	return t0 + (uint64_t)((w * b + ncols - 1) / ncols);
}

size_t lanes__bucket_of(uint64_t t0, uint64_t t1, size_t ncols, uint64_t ts)
{
	unsigned __int128 d = ts - t0;
	size_t b = (size_t)(d * ncols / (t1 - t0));

	return b < ncols ? b : ncols - 1;
}

/*
 * The part of [t0, t1) one history paints: [lo, hi), and the end of its
 * open state, now (the trace's end, a pause's, or where a window read back
 * from the file ends).
 */
struct clip {
	uint64_t t0, t1;	/* the window, cut into ncols buckets */
	size_t ncols;
	uint64_t lo, hi;	/* the time painted from this history, within [t0, t1) */
	uint64_t now;
};

/*
 * Add the ns of [s, e), clipped to c's [lo, hi), that fall in each of the
 * ncols buckets to acc[b * stride], b the bucket, times share /
 * TRACE_SPAN_ONE (a summarized span's state spread evenly over it; detail
 * is whole, TRACE_SPAN_ONE).
 */
static void add_clipped_share(uint64_t *acc, size_t stride, const struct clip *c, uint64_t s,
			      uint64_t e, uint32_t share)
{
	if (s < c->lo)
		s = c->lo;
	if (e > c->hi)
		e = c->hi;
	if (s >= e || !share)
		return;
	for (size_t b = lanes__bucket_of(c->t0, c->t1, c->ncols, s); s < e && b < c->ncols; b++) {
		uint64_t bend = lanes__bucket_start(c->t0, c->t1, c->ncols, b + 1);
		uint64_t stop = e < bend ? e : bend;

		if (stop > s)
			acc[b * stride] += share == TRACE_SPAN_ONE
				? stop - s
				: (uint64_t)((unsigned __int128)(stop - s) * share / TRACE_SPAN_ONE);
		s = stop;
	}
}

static void add_clipped(uint64_t *acc, size_t stride, const struct clip *c, uint64_t s,
			uint64_t e)
{
	add_clipped_share(acc, stride, c, s, e, TRACE_SPAN_ONE);
}

/* t's spans (summarized history) that overlap c, into acc. */
static void accumulate_spans(const struct trace_task *t, const struct clip *c, uint64_t *acc)
{
	for (size_t i = trace_task__span_at(t, c->lo); i < t->n_sp; i++) {
		const struct trace_span *sp = &t->sp[i];

		if (sp->start_ns >= c->hi)
			break;
		for (int st = TS_UNKNOWN + 1; st < TS__COUNT; st++)
			add_clipped_share(acc + st, TS__COUNT, c, sp->start_ns, sp->end_ns,
					  sp->share[st]);
	}
}

/* Add [s, e) in state st to acc, clipped to c. */
static void add_span(uint64_t *acc, const struct clip *c, uint64_t s, uint64_t e,
		     unsigned int st)
{
	if (st >= TS__COUNT)
		st = TS_UNKNOWN;
	add_clipped(acc + st, TS__COUNT, c, s, e);
}

/* End of the task's closed history: where its open state begins. */
static uint64_t open_since(const struct trace_task *t)
{
	uint64_t since = t->state_since_ns;

	if (t->n_iv && t->iv[t->n_iv - 1].end_ns > since)
		since = t->iv[t->n_iv - 1].end_ns;
	return since;
}

/* One history of a task (its own, or the file's of a window) over c. */
static void accumulate_history(const struct trace_task *t, const struct clip *c, uint64_t *acc)
{
	if (c->lo >= c->hi)
		return;
	if (t->n_sp)
		accumulate_spans(t, c, acc);
	for (size_t i = trace_task__interval_at(t, c->lo); i < t->n_iv; i++) {
		const struct trace_interval *iv = &t->iv[i];

		if (iv->start_ns >= c->hi)
			break;
		add_span(acc, c, iv->start_ns, iv->end_ns, iv->state);
	}
	add_span(acc, c, open_since(t), c->now, t->state);
}

/* The task in ov's model that is t (same TID and TGID), or NULL. */
static const struct trace_task *overlay_task(const struct lanes_overlay *ov,
					     const struct trace_task *t)
{
	const struct trace_task *d;

	if (!ov || !ov->m || ov->from_ns >= ov->to_ns)
		return NULL;
	d = trace_model__find(ov->m, t->tid);
	return d && d->tgid == t->tgid ? d : NULL;
}

/* Where the file's history of the task begins to know its state: its first event there. */
static uint64_t known_from(const struct trace_task *d, uint64_t to)
{
	/* the detail model is unbounded: it summarizes nothing (no spans) */
	if (d->n_iv)
		return d->iv[0].start_ns;
	return d->state == TS_UNKNOWN ? to : d->state_since_ns;
}

/*
 * The state t was in just before f (ns), when its history can tell it
 * exactly though t had no event in [from, f): its own detail there, or the
 * state the span before the one holding f began in, if that span begins at
 * or after from (no event between). False: only the summary's shares.
 */
static bool state_before(const struct trace_task *t, uint64_t f, uint64_t from, uint8_t *st,
			 int16_t *cpu)
{
	uint64_t ts = f - 1;
	size_t k;

	if (t->n_iv && ts >= t->iv[0].start_ns) {
		k = trace_task__interval_at(t, ts);
		if (k < t->n_iv && t->iv[k].start_ns <= ts) {
			*st = t->iv[k].state;
			*cpu = t->iv[k].cpu;
			return true;
		}
		if (ts >= open_since(t) && k == t->n_iv) {
			*st = t->state;
			*cpu = t->cpu;
			return true;
		}
		return false;
	}
	k = trace_task__span_at(t, ts);
	if (k == 0 || k >= t->n_sp || t->sp[k].start_ns > ts || t->sp[k].start_ns < from ||
	    t->sp[k - 1].end_ns != t->sp[k].start_ns)
		return false;
	*st = t->sp[k - 1].end_state;
	*cpu = t->sp[k - 1].end_cpu;
	return true;
}

/*
 * How one task is painted over [t0, min(t1, now)): its own history before
 * and after the overlay (own[0], own[1]); within it, the file's history
 * (file) from the task's first event there, and before that event (lead)
 * the one state it was in, when its own history tells it exactly
 * (state_before()); else its own summary. Empty clips paint nothing.
 */
struct split {
	const struct trace_task *d;	/* the task in the overlay, or NULL */
	struct clip own[2], lead, file;
	uint8_t lead_state;
	int16_t lead_cpu;
};

static void split(const struct trace_task *t, const struct lanes_overlay *ov, uint64_t t0,
		  uint64_t t1, uint64_t now, size_t ncols, struct split *sp)
{
	uint64_t hi = t1 < now ? t1 : now, base = hi, x0 = hi, x1 = hi;

	sp->d = overlay_task(ov, t);
	if (sp->d) {
		base = ov->from_ns > t0 ? ov->from_ns : t0;
		x0 = known_from(sp->d, ov->to_ns);
		x1 = ov->to_ns < hi ? ov->to_ns : hi;
		if (x0 < base)
			x0 = base;
		if (base >= x1)
			base = x0 = x1 = hi;
		else if (x0 > x1)
			x0 = x1;
		if (x0 > base && !state_before(t, x0, ov->from_ns, &sp->lead_state, &sp->lead_cpu))
			base = x0;	/* the lead from the summary */
	}
	sp->own[0] = (struct clip){ t0, t1, ncols, t0, base, now };
	sp->lead = (struct clip){ t0, t1, ncols, base, x0, x0 };
	sp->file = (struct clip){ t0, t1, ncols, x0, x1, ov ? ov->to_ns : now };
	sp->own[1] = (struct clip){ t0, t1, ncols, x1, hi, now };
}

static void accumulate_task(const struct trace_task *t, uint64_t t0, uint64_t t1,
			    uint64_t now, size_t ncols, const struct lanes_overlay *ov,
			    uint64_t *acc)
{
	struct split sp;

	split(t, ov, t0, t1, now, ncols, &sp);
	accumulate_history(t, &sp.own[0], acc);
	if (sp.d) {
		add_span(acc, &sp.lead, sp.lead.lo, sp.lead.hi, sp.lead_state);
		accumulate_history(sp.d, &sp.file, acc);
	}
	accumulate_history(t, &sp.own[1], acc);
}

int lanes__accumulate(const struct trace_task *const *tasks, size_t ntasks,
		      uint64_t t0, uint64_t t1, uint64_t now_ns,
		      size_t ncols, const struct lanes_overlay *ov, uint64_t *acc)
{
	if (t1 <= t0 || ncols == 0)
		return -EINVAL;
	memset(acc, 0, ncols * TS__COUNT * sizeof(*acc));
	for (size_t i = 0; i < ntasks; i++)
		accumulate_task(tasks[i], t0, t1, now_ns, ncols, ov, acc);
	return 0;
}

/* Tie order for rule 3: the more telling waiting state first. */
static const uint8_t tie_order[] = {
	TS_FUTEX, TS_BLOCKED, TS_PREEMPTED, TS_RUNNABLE, TS_SLEEPING, TS_EXITED,
};

void lanes__reduce(const uint64_t *acc, uint64_t t0, uint64_t t1, size_t ncols,
		   struct lane_cell *cells)
{
	for (size_t b = 0; b < ncols; b++) {
		const uint64_t *a = &acc[b * TS__COUNT];
		uint64_t width = lanes__bucket_start(t0, t1, ncols, b + 1) -
				 lanes__bucket_start(t0, t1, ncols, b);
		struct lane_cell *c = &cells[b];
		uint64_t known = 0, best = 0;

		memset(c, 0, sizeof(*c));
		c->state = TS_UNKNOWN;
		for (int s = 0; s < TS__COUNT; s++)
			if (s != TS_UNKNOWN)
				known += a[s];
		if (known == 0 || width == 0)
			continue;
		if (a[TS_RUNNING]) {
			uint64_t pct = (a[TS_RUNNING] * 100 + width - 1) / width;

			c->state = TS_RUNNING;
			c->run_pct = (uint8_t)(pct > 100 ? 100 : pct);
			continue;
		}
		for (size_t k = 0; k < sizeof(tie_order); k++) {
			if (a[tie_order[k]] > best) {
				best = a[tie_order[k]];
				c->state = tie_order[k];
			}
		}
	}
}

/* Put the exit mark on the first TS_EXITED cell at or after exit_ns. */
static void mark_exit(uint64_t exit_ns, uint64_t t0, uint64_t t1, size_t ncols,
		      struct lane_cell *cells)
{
	if (exit_ns < t0 || exit_ns >= t1)
		return;
	for (size_t b = lanes__bucket_of(t0, t1, ncols, exit_ns); b < ncols; b++) {
		if (cells[b].state == TS_EXITED) {
			cells[b].mark |= LANE_MARK_EXIT;
			return;
		}
	}
}

int lanes__task_row(const struct trace_task *t, uint64_t t0, uint64_t t1,
		    uint64_t now_ns, size_t ncols, uint64_t *scratch,
		    struct lane_cell *cells)
{
	return lanes__group_row(&t, 1, t0, t1, now_ns, ncols, NULL, scratch, cells);
}

int lanes__group_row(const struct trace_task *const *tasks, size_t ntasks,
		     uint64_t t0, uint64_t t1, uint64_t now_ns, size_t ncols,
		     const struct lanes_overlay *ov, uint64_t *scratch, struct lane_cell *cells)
{
	uint64_t last_exit = 0;
	int err = lanes__accumulate(tasks, ntasks, t0, t1, now_ns, ncols, ov, scratch);

	if (err)
		return err;
	lanes__reduce(scratch, t0, t1, ncols, cells);
	for (size_t i = 0; i < ntasks; i++) {
		const struct trace_task *t = tasks[i];

		if (!t->exited || t->exit_ns > now_ns)
			return 0;
		if (t->exit_ns > last_exit)
			last_exit = t->exit_ns;
	}
	if (ntasks)
		mark_exit(last_exit, t0, t1, ncols, cells);
	return 0;
}

/* One history's runs over c, into cur: ncpus rows of c->ncols. */
static void cpu_history(const struct trace_task *t, const struct clip *c, size_t ncpus,
			uint64_t *cur)
{
	if (c->lo >= c->hi)
		return;
	for (size_t i = trace_task__span_at(t, c->lo); i < t->n_sp; i++) {
		const struct trace_span *sp = &t->sp[i];

		if (sp->start_ns >= c->hi)
			break;
		/* summarized: its run time on the CPU it ran on longest */
		if (sp->cpu >= 0 && (size_t)sp->cpu < ncpus)
			add_clipped_share(cur + (size_t)sp->cpu * c->ncols, 1, c, sp->start_ns,
					  sp->end_ns, sp->share[TS_RUNNING]);
	}
	for (size_t i = trace_task__interval_at(t, c->lo); i < t->n_iv; i++) {
		const struct trace_interval *iv = &t->iv[i];

		if (iv->start_ns >= c->hi)
			break;
		if (iv->state != TS_RUNNING || iv->cpu < 0 || (size_t)iv->cpu >= ncpus)
			continue;
		/* the run on one CPU, into that CPU's row of ncols */
		add_clipped(cur + (size_t)iv->cpu * c->ncols, 1, c, iv->start_ns, iv->end_ns);
	}
	if (t->state == TS_RUNNING && t->cpu >= 0 && (size_t)t->cpu < ncpus)
		add_clipped(cur + (size_t)t->cpu * c->ncols, 1, c, open_since(t), c->now);
}

int lanes__cpu_rows(const struct trace_task *const *tasks, size_t ntasks,
		    uint64_t t0, uint64_t t1, uint64_t now_ns,
		    size_t ncols, size_t ncpus, const struct lanes_overlay *ov,
		    uint64_t *scratch, struct lane_cpu_cell *cells)
{
	size_t n = ncols * ncpus;
	uint64_t *busy = scratch, *best = scratch + n, *cur = scratch + 2 * n;

	if (t1 <= t0 || ncols == 0 || ncpus == 0)
		return -EINVAL;
	memset(busy, 0, 2 * n * sizeof(*scratch));
	for (size_t i = 0; i < n; i++) {
		memset(&cells[i], 0, sizeof(cells[i]));
		cells[i].task = LANES_IDLE;
	}
	for (size_t k = 0; k < ntasks; k++) {
		const struct trace_task *t = tasks[k];
		struct split sp;

		split(t, ov, t0, t1, now_ns, ncols, &sp);
		memset(cur, 0, n * sizeof(*cur));
		cpu_history(t, &sp.own[0], ncpus, cur);
		if (sp.d) {
			if (sp.lead.lo < sp.lead.hi && sp.lead_state == TS_RUNNING &&
			    sp.lead_cpu >= 0 && (size_t)sp.lead_cpu < ncpus)
				add_clipped(cur + (size_t)sp.lead_cpu * ncols, 1, &sp.lead, sp.lead.lo,
					    sp.lead.hi);
			cpu_history(sp.d, &sp.file, ncpus, cur);
		}
		cpu_history(t, &sp.own[1], ncpus, cur);
		for (size_t i = 0; i < n; i++) {
			if (!cur[i])
				continue;
			busy[i] += cur[i];
			if (cells[i].ntasks < UINT8_MAX)
				cells[i].ntasks++;
			if (cur[i] > best[i]) {
				best[i] = cur[i];
				cells[i].task = (uint32_t)k;
			}
		}
	}
	for (size_t cpu = 0; cpu < ncpus; cpu++) {
		for (size_t b = 0; b < ncols; b++) {
			struct lane_cpu_cell *c = &cells[cpu * ncols + b];
			uint64_t width = lanes__bucket_start(t0, t1, ncols, b + 1) -
					 lanes__bucket_start(t0, t1, ncols, b);
			uint64_t pct;

			if (!width || c->task == LANES_IDLE)
				continue;
			pct = (busy[cpu * ncols + b] * 100 + width - 1) / width;
			c->busy_pct = (uint8_t)(pct > 100 ? 100 : pct);
		}
	}
	return 0;
}

size_t lanes__cpus_seen(const struct trace_task *const *tasks, size_t ntasks)
{
	size_t n = 0;

	for (size_t k = 0; k < ntasks; k++) {
		const struct trace_task *t = tasks[k];

		for (size_t i = 0; i < t->n_sp; i++)
			if (t->sp[i].cpu >= 0 && (size_t)t->sp[i].cpu + 1 > n)
				n = (size_t)t->sp[i].cpu + 1;
		for (size_t i = 0; i < t->n_iv; i++)
			if (t->iv[i].state == TS_RUNNING && t->iv[i].cpu >= 0 &&
			    (size_t)t->iv[i].cpu + 1 > n)
				n = (size_t)t->iv[i].cpu + 1;
		if (t->state == TS_RUNNING && t->cpu >= 0 && (size_t)t->cpu + 1 > n)
			n = (size_t)t->cpu + 1;
		if (t->last_cpu >= 0 && (size_t)t->last_cpu + 1 > n)
			n = (size_t)t->last_cpu + 1;
	}
	return n;
}
