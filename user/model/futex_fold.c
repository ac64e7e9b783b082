// SPDX-License-Identifier: GPL-2.0-only
/* futex_fold.c - futex waits tallied and folded (see futex_fold.h). */
#include "futex_fold.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lock_table.h"
#include "vec.h"

/* Is the futex word at addr in tgid named as a CPython GIL? */
static bool is_gil(const struct trace_model *m, int32_t tgid, uint64_t addr)
{
	const char *name = m ? trace_model__lock_name(m, tgid, addr) : NULL;

	return name && !strncmp(name, LOCK_TABLE_GIL, sizeof(LOCK_TABLE_GIL) - 1);
}

void futex_tally__add(const struct trace_model *m, const struct trace_task *t, size_t from,
		      size_t to, uint64_t now_ns, struct futex_tally *out)
{
	int32_t last_waker = 0;
	bool last_traced = false, gil = false, next_gil;
	uint64_t gil_addr = 0;	/* cache: the word gil answers for (0: none yet) */

	for (size_t k = from; k < to; k++) {
		const struct futex_wait *w = &t->fw[k];
		const struct futex_wait *next = k + 1 < t->n_fw ? &t->fw[k + 1] : NULL;
		bool traced;
		/* only the last wait can still be open: the task is in it now */
		uint64_t end = !next && t->state == TS_FUTEX && now_ns > w->end_ns ? now_ns
										 : w->end_ns;

		out->waits++;
		if (end > w->start_ns)
			out->wait_ns += end - w->start_ns;
		if (w->addr != gil_addr) {
			gil_addr = w->addr;
			gil = is_gil(m, t->tgid, w->addr);
		}
		out->gil_waits += gil;
		if (!w->waker_tid || w->waker_tid == t->tid)
			continue;
		/* cache: consecutive waits are usually woken by the same few tasks */
		if (w->waker_tid != last_waker) {
			last_waker = w->waker_tid;
			last_traced = m && trace_model__find(m, w->waker_tid);
		}
		traced = last_traced;
		if (!traced)
			continue;
		out->handoffs++;
		out->gil_handoffs += gil;
		if (!next || next->start_ns < w->end_ns ||
		    next->start_ns - w->end_ns >= FUTEX_WASTED_NS)
			continue;
		if (next->addr == w->addr)
			out->wasted++;
		/* the GIL's words are several (its mutex, its condition
		 * variables): back waiting on any of them is back waiting */
		next_gil = next->addr == w->addr ? gil : is_gil(m, t->tgid, next->addr);
		out->gil_wasted += gil && next_gil;
	}
}

void futex_tally__sum(struct futex_tally *out, const struct futex_tally *in)
{
	out->waits += in->waits;
	out->wait_ns += in->wait_ns;
	out->handoffs += in->handoffs;
	out->wasted += in->wasted;
	out->gil_waits += in->gil_waits;
	out->gil_handoffs += in->gil_handoffs;
	out->gil_wasted += in->gil_wasted;
}

/* Index of (addr, waker) in f's sorted items, or where it would go. */
static size_t find_item(const struct futex_fold *f, uint64_t addr, int32_t waker, bool *found)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct futex_fold_item *x = &f->items[mid];

		if (x->addr < addr || (x->addr == addr && x->waker_tid < waker))
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < f->n && f->items[lo].addr == addr && f->items[lo].waker_tid == waker;
	return lo;
}

int futex_fold__add(struct futex_fold *f, const struct trace_model *m,
		    const struct trace_task *t, size_t n)
{
	struct futex_tally tally = { 0 };

	/* room for the worst case first, so that nothing is half folded */
	if (vec__reserve((void **)&f->items, &f->cap, f->n + n, sizeof(*f->items)))
		return -ENOMEM;
	for (size_t k = 0; k < n; k++) {
		const struct futex_wait *w = &t->fw[k];
		bool found;
		size_t at = find_item(f, w->addr, w->waker_tid, &found);

		if (!found) {
			memmove(&f->items[at + 1], &f->items[at], (f->n - at) * sizeof(*f->items));
			f->items[at] = (struct futex_fold_item){ .addr = w->addr,
								 .waker_tid = w->waker_tid };
			f->n++;
		}
		f->items[at].count++;
		f->items[at].wait_ns += w->end_ns > w->start_ns ? w->end_ns - w->start_ns : 0;
	}
	futex_tally__add(m, t, 0, n, 0, &tally);
	futex_tally__sum(&f->tally, &tally);
	if (f->cap > 2 * f->n + VEC_MIN_CAP) {	/* give the worst case's room back */
		void *p = realloc(f->items, (f->n + VEC_MIN_CAP) * sizeof(*f->items));

		if (p) {
			f->items = p;
			f->cap = f->n + VEC_MIN_CAP;
		}
	}
	return 0;
}

size_t futex_fold__bytes(const struct futex_fold *f)
{
	return f->n * sizeof(*f->items);
}

void futex_fold__release(struct futex_fold *f)
{
	if (!f)
		return;
	free(f->items);
	memset(f, 0, sizeof(*f));
}
