/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * futex_fold.h - futex waits counted two ways: the tally the view's figures
 * show (hand-offs, wasted wake-ups, the GIL's share; definitions in
 * tui/figures.h), and the sums a task keeps of the waits the memory budget
 * folded (per lock and waker, plus their tally), so that the figures and
 * futex_groups__of_task() come out the same with or without a budget.
 */
#ifndef SCHEDVIZ_MODEL_FUTEX_FOLD_H
#define SCHEDVIZ_MODEL_FUTEX_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "trace_model.h"

#define FUTEX_WASTED_NS 100000ull	/* 100 us: back waiting "at once" */

struct futex_tally {
	uint64_t waits;		/* futex waits that slept */
	uint64_t wait_ns;	/* their time, an open one up to now */
	uint64_t handoffs;	/* ended by another traced task's wakeup */
	uint64_t wasted;	/* hand-offs back waiting on the same word within FUTEX_WASTED_NS */
	uint64_t gil_waits, gil_handoffs, gil_wasted; /* the same on words named as a GIL */
};

/* Waits on one futex word ended by one waker (0: no traced task), folded. */
struct futex_fold_item {
	uint64_t addr;
	int32_t waker_tid;
	uint32_t count;
	uint64_t wait_ns;
};

struct futex_fold {
	struct futex_fold_item *items;	/* sorted by addr, then waker_tid */
	size_t n, cap;
	struct futex_tally tally;	/* of every folded wait */
};

/*
 * Add to out the tally of t's waits fw[from..to) (to <= t->n_fw), the open
 * one (if t is in TS_FUTEX, its last) counted up to now_ns. A hand-off's
 * waker is traced when m knows its TID; a wait is wasted when t's next wait
 * (fw[k + 1], which must be in t->fw) began within FUTEX_WASTED_NS of its
 * end; a word is the GIL's when m names it "GIL ..." (lock_table.h). m
 * NULL: no waker is traced and no word is a GIL.
 */
void futex_tally__add(const struct trace_model *m, const struct trace_task *t, size_t from,
		      size_t to, uint64_t now_ns, struct futex_tally *out);

/* out += in, field by field. */
void futex_tally__sum(struct futex_tally *out, const struct futex_tally *in);

/*
 * Fold t's first n waits (closed ones, each with a successor in t->fw)
 * into f: their tally and their sums per word and waker. Does not remove
 * them from t. Returns 0, or -ENOMEM with f unchanged.
 */
int futex_fold__add(struct futex_fold *f, const struct trace_model *m,
		    const struct trace_task *t, size_t n);

/* Bytes f's items take (those used). */
size_t futex_fold__bytes(const struct futex_fold *f);

/* Free f's items (not f). NULL-safe. */
void futex_fold__release(struct futex_fold *f);

#endif
