// SPDX-License-Identifier: GPL-2.0-only
/*
 * lanes.c - timeline rows as cells (see lanes.h for the cell rule).
 */
#include "lanes.h"

#include <errno.h>
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
 * Add the ns of [s, e), clipped to [t0, min(t1, now)), that fall in each of
 * the ncols buckets to acc[b * stride], b the bucket, times share /
 * TRACE_SPAN_ONE (a summarized span's state spread evenly over it; detail
 * is whole, TRACE_SPAN_ONE).
 */
static void add_clipped_share(uint64_t *acc, size_t stride, uint64_t t0, uint64_t t1,
			      uint64_t now, size_t ncols, uint64_t s, uint64_t e, uint32_t share)
{
	uint64_t hi = t1 < now ? t1 : now;

	if (s < t0)
		s = t0;
	if (e > hi)
		e = hi;
	if (s >= e || !share)
		return;
	for (size_t b = lanes__bucket_of(t0, t1, ncols, s); s < e && b < ncols; b++) {
		uint64_t bend = lanes__bucket_start(t0, t1, ncols, b + 1);
		uint64_t stop = e < bend ? e : bend;

		if (stop > s)
			acc[b * stride] += share == TRACE_SPAN_ONE
				? stop - s
				: (uint64_t)((unsigned __int128)(stop - s) * share / TRACE_SPAN_ONE);
		s = stop;
	}
}

static void add_clipped(uint64_t *acc, size_t stride, uint64_t t0, uint64_t t1,
			uint64_t now, size_t ncols, uint64_t s, uint64_t e)
{
	add_clipped_share(acc, stride, t0, t1, now, ncols, s, e, TRACE_SPAN_ONE);
}

/* t's spans (summarized history) that overlap [t0, min(t1, now)), into acc. */
static void accumulate_spans(const struct trace_task *t, uint64_t t0, uint64_t t1,
			     uint64_t now, size_t ncols, uint64_t *acc)
{
	for (size_t i = trace_task__span_at(t, t0); i < t->n_sp; i++) {
		const struct trace_span *sp = &t->sp[i];

		if (sp->start_ns >= t1 || sp->start_ns >= now)
			break;
		for (int st = TS_UNKNOWN + 1; st < TS__COUNT; st++)
			add_clipped_share(acc + st, TS__COUNT, t0, t1, now, ncols, sp->start_ns,
					  sp->end_ns, sp->share[st]);
	}
}

/* Add [s, e) in state st to acc, clipped to [t0, min(t1, now)). */
static void add_span(uint64_t *acc, uint64_t t0, uint64_t t1, uint64_t now,
		     size_t ncols, uint64_t s, uint64_t e, unsigned int st)
{
	if (st >= TS__COUNT)
		st = TS_UNKNOWN;
	add_clipped(acc + st, TS__COUNT, t0, t1, now, ncols, s, e);
}

/* End of the task's closed history: where its open state begins. */
static uint64_t open_since(const struct trace_task *t)
{
	uint64_t since = t->state_since_ns;

	if (t->n_iv && t->iv[t->n_iv - 1].end_ns > since)
		since = t->iv[t->n_iv - 1].end_ns;
	return since;
}

static void accumulate_task(const struct trace_task *t, uint64_t t0, uint64_t t1,
			    uint64_t now, size_t ncols, uint64_t *acc)
{
	if (t->n_sp)
		accumulate_spans(t, t0, t1, now, ncols, acc);
	for (size_t i = trace_task__interval_at(t, t0); i < t->n_iv; i++) {
		const struct trace_interval *iv = &t->iv[i];

		if (iv->start_ns >= t1 || iv->start_ns >= now)
			break;
		add_span(acc, t0, t1, now, ncols, iv->start_ns, iv->end_ns, iv->state);
	}
	add_span(acc, t0, t1, now, ncols, open_since(t), now, t->state);
}

int lanes__accumulate(const struct trace_task *const *tasks, size_t ntasks,
		      uint64_t t0, uint64_t t1, uint64_t now_ns,
		      size_t ncols, uint64_t *acc)
{
	if (t1 <= t0 || ncols == 0)
		return -EINVAL;
	memset(acc, 0, ncols * TS__COUNT * sizeof(*acc));
	for (size_t i = 0; i < ntasks; i++)
		accumulate_task(tasks[i], t0, t1, now_ns, ncols, acc);
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
	return lanes__group_row(&t, 1, t0, t1, now_ns, ncols, scratch, cells);
}

int lanes__group_row(const struct trace_task *const *tasks, size_t ntasks,
		     uint64_t t0, uint64_t t1, uint64_t now_ns, size_t ncols,
		     uint64_t *scratch, struct lane_cell *cells)
{
	uint64_t last_exit = 0;
	int err = lanes__accumulate(tasks, ntasks, t0, t1, now_ns, ncols, scratch);

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

int lanes__cpu_rows(const struct trace_task *const *tasks, size_t ntasks,
		    uint64_t t0, uint64_t t1, uint64_t now_ns,
		    size_t ncols, size_t ncpus, uint64_t *scratch,
		    struct lane_cpu_cell *cells)
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

		memset(cur, 0, n * sizeof(*cur));
		for (size_t i = trace_task__span_at(t, t0); i < t->n_sp; i++) {
			const struct trace_span *sp = &t->sp[i];

			if (sp->start_ns >= t1 || sp->start_ns >= now_ns)
				break;
			/* summarized: its run time on the CPU it ran on longest */
			if (sp->cpu >= 0 && (size_t)sp->cpu < ncpus)
				add_clipped_share(cur + (size_t)sp->cpu * ncols, 1, t0, t1, now_ns,
						  ncols, sp->start_ns, sp->end_ns,
						  sp->share[TS_RUNNING]);
		}
		for (size_t i = trace_task__interval_at(t, t0); i < t->n_iv; i++) {
			const struct trace_interval *iv = &t->iv[i];

			if (iv->start_ns >= t1 || iv->start_ns >= now_ns)
				break;
			if (iv->state != TS_RUNNING || iv->cpu < 0 || (size_t)iv->cpu >= ncpus)
				continue;
			/* the run on one CPU, into that CPU's row of ncols */
			add_clipped(cur + (size_t)iv->cpu * ncols, 1, t0, t1, now_ns, ncols,
				    iv->start_ns, iv->end_ns);
		}
		if (t->state == TS_RUNNING && t->cpu >= 0 && (size_t)t->cpu < ncpus)
			add_clipped(cur + (size_t)t->cpu * ncols, 1, t0, t1, now_ns, ncols,
				    open_since(t), now_ns);
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
