// SPDX-License-Identifier: GPL-2.0-only
/*
 * history.c - the model's history in bounded memory (trace_model.h:
 * trace_model__set_budget()). Over budget, the oldest eighth of the detail
 * window [detail_from, last event] is folded: each task's intervals that
 * ended by the cut into spans of at least span_ns (trace_span: the share of
 * each state), its futex waits into per-lock sums (futex_fold.h). When the
 * spans alone take half the budget, span_ns doubles and neighbouring spans
 * merge. Counters and totals live outside the history and never change.
 */
#include <stdlib.h>
#include <string.h>

#include "trace_model_priv.h"
#include "vec.h"

#define HISTORY_SPAN_MIN_NS (1ull << 20)	/* the first summary width, about 1 ms */

/* A span being built: ns per state, not shares. */
struct span_acc {
	bool on;
	uint64_t start_ns, end_ns;
	uint64_t ns[TS__COUNT];
	int16_t cpu;
	uint64_t cpu_ns;	/* running ns credited to cpu (the largest piece seen) */
	uint32_t runs;
	uint8_t end_state;	/* the state of the piece that ends last, and its CPU */
	int16_t end_cpu;
};

void trace_model__totals_only(struct trace_model *m)
{
	m->totals_only = true;
}

int trace_model__set_budget(struct trace_model *m, size_t bytes)
{
	m->budget = bytes;
	m->fold_at = bytes;
	return bytes && m->hist_bytes > bytes ? history__fold(m) : 0;
}

size_t trace_model__history_bytes(const struct trace_model *m)
{
	return m->hist_bytes;
}

uint64_t trace_model__detail_from(const struct trace_model *m)
{
	return m->detail_from_ns;
}

uint64_t trace_model__span_ns(const struct trace_model *m)
{
	return m->span_ns;
}

uint64_t trace_model__summary_start(const struct trace_model *m, uint64_t ts_ns)
{
	uint64_t best = ts_ns;

	for (size_t i = 0; i < m->n_tasks; i++) {
		const struct trace_task *t = &m->tasks[i]->pub;
		size_t k = t->n_sp ? trace_task__span_at(t, ts_ns) : 0;

		if (k < t->n_sp && t->sp[k].start_ns <= ts_ns && t->sp[k].start_ns < best)
			best = t->sp[k].start_ns;
	}
	return best;
}

enum task_state trace_span__main_state(const struct trace_span *sp)
{
	enum task_state best = TS_UNKNOWN;

	for (int s = TS_UNKNOWN + 1; s < TS__COUNT; s++)
		if (sp->share[s] > sp->share[best] || (best == TS_UNKNOWN && sp->share[s]))
			best = (enum task_state)s;
	return best;
}

size_t trace_task__span_at(const struct trace_task *t, uint64_t ts_ns)
{
	return trace_model__first_ending_after(t->sp, t->n_sp, sizeof(*t->sp), ts_ns);
}

static void acc_from_span(struct span_acc *a, const struct trace_span *sp)
{
	unsigned __int128 len = sp->end_ns - sp->start_ns;

	memset(a, 0, sizeof(*a));
	a->on = true;
	a->start_ns = sp->start_ns;
	a->end_ns = sp->end_ns;
	for (int s = 0; s < TS__COUNT; s++)
		a->ns[s] = (uint64_t)(sp->share[s] * len / TRACE_SPAN_ONE);
	a->cpu = sp->cpu;
	a->cpu_ns = a->ns[TS_RUNNING];
	a->runs = sp->runs;
	a->end_state = sp->end_state;
	a->end_cpu = sp->end_cpu;
}

static void span_from_acc(struct trace_span *sp, const struct span_acc *a)
{
	uint64_t len = a->end_ns - a->start_ns;

	memset(sp, 0, sizeof(*sp));
	sp->start_ns = a->start_ns;
	sp->end_ns = a->end_ns;
	for (int s = 0; s < TS__COUNT; s++) {
		unsigned __int128 v = len ? (unsigned __int128)a->ns[s] * TRACE_SPAN_ONE / len : 0;

		sp->share[s] = (uint16_t)(v > TRACE_SPAN_ONE ? TRACE_SPAN_ONE : v);
	}
	sp->cpu = a->cpu;
	sp->runs = a->runs;
	sp->end_state = a->end_state;
	sp->end_cpu = a->end_cpu;
}

/*
 * Add [start, end) with ns per state (on cpu when running, runs new runs),
 * ending in state end_state (on end_cpu when running), to a.
 */
static void acc_add(struct span_acc *a, uint64_t start, uint64_t end, const uint64_t ns[TS__COUNT],
		    int16_t cpu, uint64_t cpu_ns, uint32_t runs, uint8_t end_state, int16_t end_cpu)
{
	if (!a->on) {
		memset(a, 0, sizeof(*a));
		a->on = true;
		a->start_ns = start;
		a->cpu = -1;
		a->end_cpu = -1;
	}
	if (end >= a->end_ns) {
		a->end_ns = end;
		a->end_state = end_state;
		a->end_cpu = end_cpu;
	}
	for (int s = 0; s < TS__COUNT; s++)
		a->ns[s] += ns[s];
	if (cpu >= 0 && (a->cpu < 0 || (cpu != a->cpu && cpu_ns > a->cpu_ns))) {
		a->cpu = cpu;
		a->cpu_ns = cpu_ns;
	} else if (cpu >= 0 && cpu == a->cpu) {
		a->cpu_ns += cpu_ns;
	}
	a->runs += runs;
}

/* Does a piece starting at start belong to a new span? */
static bool acc_full(const struct span_acc *a, uint64_t start, uint64_t width)
{
	return a->on && (a->end_ns - a->start_ns >= width || start >= a->end_ns + width);
}

/* Append a's span to t's spans. */
static int emit(struct trace_model *m, struct task_rec *r, const struct span_acc *a)
{
	struct trace_task *t = &r->pub;

	if (!a->on)
		return 0;
	if (trace_model__room(m, (void **)&t->sp, &r->cap_sp, t->n_sp, sizeof(*t->sp)))
		return -ENOMEM;
	span_from_acc(&t->sp[t->n_sp++], a);
	return 0;
}

/*
 * Give back the room of an allocation *mem (cap elements) holding n live
 * ones from *live (NULL: from *mem) when it has over four times that: a
 * task whose history stopped growing. Otherwise the room is kept for what
 * comes next (freeing and faulting it in again took a third of a replay's
 * time).
 */
static void shrink(void **mem, size_t *cap, void **live, size_t n, size_t elem)
{
	size_t want = 2 * n + VEC_MIN_CAP;
	void *v;

	if (*cap <= 4 * n + VEC_MIN_CAP)
		return;
	if (live && *live != *mem)
		memmove(*mem, *live, n * elem);
	v = realloc(*mem, want * elem);
	if (v) {
		*mem = v;
		*cap = want;
	}
	if (live)
		*live = *mem;
}

/* Fold t's intervals that ended by cut into its spans. */
static int fold_intervals(struct trace_model *m, struct task_rec *r, uint64_t cut)
{
	struct trace_task *t = &r->pub;
	struct span_acc a = { 0 };
	size_t k = trace_task__interval_at(t, cut);	/* those that ended by cut */

	if (!k)
		return 0;
	/* the last span goes on growing while it is narrower than the width */
	if (t->n_sp && !acc_full(&(struct span_acc){ .on = true,
						      .start_ns = t->sp[t->n_sp - 1].start_ns,
						      .end_ns = t->sp[t->n_sp - 1].end_ns },
				 t->iv[0].start_ns, m->span_ns)) {
		acc_from_span(&a, &t->sp[--t->n_sp]);
		m->hist_bytes -= sizeof(*t->sp);
	}
	for (size_t i = 0; i < k; i++) {
		const struct trace_interval *iv = &t->iv[i];
		uint64_t ns[TS__COUNT] = { 0 }, len = iv->end_ns - iv->start_ns;
		bool run = iv->state == TS_RUNNING;

		if (acc_full(&a, iv->start_ns, m->span_ns)) {
			if (emit(m, r, &a))
				return -ENOMEM;
			a.on = false;
		}
		ns[iv->state < TS__COUNT ? iv->state : TS_UNKNOWN] = len;
		acc_add(&a, iv->start_ns, iv->end_ns, ns, run ? iv->cpu : -1, run ? len : 0, run,
			iv->state, run ? iv->cpu : -1);
	}
	if (emit(m, r, &a))
		return -ENOMEM;
	t->iv += k;	/* the allocation keeps its start (trace_model__window_room()) */
	t->n_iv -= k;
	t->iv_folded += k;
	m->hist_bytes -= k * sizeof(*t->iv);
	shrink((void **)&r->iv_mem, &r->cap_iv, (void **)&t->iv, t->n_iv, sizeof(*t->iv));
	return 0;
}

/* Fold t's closed futex waits that ended by cut into its sums. */
int history__fold_waits(struct trace_model *m, struct task_rec *r, uint64_t cut)
{
	struct trace_task *t = &r->pub;
	size_t k = 0, was;

	/* the last wait may still be open, and tells the one before it wasted */
	while (k + 1 < t->n_fw && t->fw[k].end_ns <= cut)
		k++;
	if (!k)
		return 0;
	was = futex_fold__bytes(&r->fold);
	if (futex_fold__add(&r->fold, m, t, k))
		return -ENOMEM;
	m->hist_bytes = m->hist_bytes + futex_fold__bytes(&r->fold) - was;
	t->ff = &r->fold;
	t->fw += k;
	t->n_fw -= k;
	t->fw_folded += k;
	m->hist_bytes -= k * sizeof(*t->fw);
	shrink((void **)&r->fw_mem, &r->cap_fw, (void **)&t->fw, t->n_fw, sizeof(*t->fw));
	return 0;
}

/* Merge t's neighbouring spans to the current width. */
static void widen_task(struct trace_model *m, struct task_rec *r)
{
	struct trace_task *t = &r->pub;
	struct span_acc a = { 0 }, b;
	size_t n = 0;

	for (size_t i = 0; i < t->n_sp; i++) {
		const struct trace_span *sp = &t->sp[i];

		if (acc_full(&a, sp->start_ns, m->span_ns)) {
			span_from_acc(&t->sp[n++], &a);	/* n <= i: in place */
			a.on = false;
		}
		acc_from_span(&b, sp);
		acc_add(&a, b.start_ns, b.end_ns, b.ns, b.cpu, b.cpu_ns, b.runs, b.end_state,
			b.end_cpu);
	}
	if (a.on)
		span_from_acc(&t->sp[n++], &a);
	m->hist_bytes -= (t->n_sp - n) * sizeof(*t->sp);
	t->n_sp = n;
	shrink((void **)&t->sp, &r->cap_sp, NULL, t->n_sp, sizeof(*t->sp));
}

static size_t span_bytes(const struct trace_model *m)
{
	size_t b = 0;

	for (size_t i = 0; i < m->n_tasks; i++)
		b += m->tasks[i]->pub.n_sp * sizeof(struct trace_span);
	return b;
}

int history__fold(struct trace_model *m)
{
	size_t before;

	if (!m->span_ns)
		m->span_ns = HISTORY_SPAN_MIN_NS;
	do {
		uint64_t from = m->detail_from_ns > m->stats.first_ns ? m->detail_from_ns
								      : m->stats.first_ns;
		uint64_t last = m->stats.last_ns;

		before = m->hist_bytes;
		if (last > from + 1) {
			/* an eighth at a time: a fold's pause stays short
			 * (the live rings wait meanwhile) */
			uint64_t cut = from + (last - from) / 8;

			for (size_t i = 0; i < m->n_tasks; i++) {
				if (fold_intervals(m, m->tasks[i], cut) ||
				    history__fold_waits(m, m->tasks[i], cut))
					return -ENOMEM;
			}
			m->detail_from_ns = cut;
		}
		while (span_bytes(m) > m->budget / 2 && m->span_ns < UINT64_MAX / 2) {
			size_t was = span_bytes(m);

			m->span_ns *= 2;
			for (size_t i = 0; i < m->n_tasks; i++)
				widen_task(m, m->tasks[i]);
			if (span_bytes(m) >= was)
				break;
		}
	} while (m->hist_bytes > m->budget - m->budget / 8 && m->hist_bytes < before);
	/* what cannot be folded (a span or two per task, the locks' sums) may
	 * exceed a small budget: then try again only once an eighth more has
	 * come, not at every event */
	m->fold_at = m->hist_bytes > m->budget ? m->hist_bytes + m->budget / 8 : m->budget;
	return 0;
}
