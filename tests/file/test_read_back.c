// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_read_back.c - time the model summarized under its memory budget,
 * read back from the trace file (chunk_index.h, window_detail.h) and
 * painted as the view paints it (lanes.h with an overlay): over windows of
 * old time, every lane must equal the lane of a model that kept all its
 * detail, cell by cell; without the read-back the same lanes differ (the
 * summary), so the check can fail. The index the reader builds while
 * loading (replay) must equal the one the writer builds while writing
 * (run -o), chunk by chunk.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chunk_index.h"
#include "lanes.h"
#include "synth.h"
#include "trace_file.h"
#include "window_detail.h"

#define STEPS 400000
#define BUDGET (128u << 10)
#define COLS 120
#define NCPU 4

static char path[64];
static struct synth syn;

/* The file written by the writer with its index, as run -o writes it. */
static void write_indexed(struct chunk_index *ix)
{
	struct trace_writer *w = NULL;

	assert_int_equal(trace_writer__open(&w, path, &syn.ri), 0);
	trace_writer__index(w, ix);
	for (size_t i = 0; i < syn.n; i++)
		assert_int_equal(trace_writer__add(w, &syn.ev[i]), 0);
	assert_int_equal(trace_writer__close(w, &syn.ri), 0);
}

/* The index a reader builds while reading the whole file, as replay does. */
static void read_indexed(struct chunk_index *ix)
{
	struct trace_reader *r = NULL;
	struct trace_record rec;
	int err;

	assert_int_equal(trace_reader__open(&r, path, stderr), 0);
	trace_reader__index(r, ix);
	while ((err = trace_reader__next(r, &rec)) > 0)
		;
	assert_int_equal(err, 0);
	trace_reader__close(r);
}

static void test_indexes_agree(void **state)
{
	struct chunk_index wi = CHUNK_INDEX_INIT, ri = CHUNK_INDEX_INIT;

	(void)state;
	write_indexed(&wi);
	read_indexed(&ri);
	assert_true(wi.n > 10);
	assert_int_equal(wi.n, ri.n);
	assert_memory_equal(wi.e, ri.e, wi.n * sizeof(*wi.e));
	assert_int_equal(wi.records, syn.n);
	for (size_t i = 1; i < wi.n; i++) {
		assert_int_equal(wi.e[i].offset, wi.e[i - 1].end);
		assert_true(wi.e[i].min_ts <= wi.e[i].max_ts);
	}
	chunk_index__release(&wi);
	chunk_index__release(&ri);
}

static void test_index_bounded(void **state)
{
	struct chunk_index ix = CHUNK_INDEX_INIT;
	uint64_t from, to, n;

	(void)state;
	for (uint64_t i = 0; i < 3 * CHUNK_INDEX_MAX; i++)
		assert_int_equal(chunk_index__add(&ix, 100 * i, 100 * (i + 1), 10 * i, 10 * i + 9, 7),
				 0);
	assert_true(ix.n <= CHUNK_INDEX_MAX);
	assert_int_equal(ix.records, 7ull * 3 * CHUNK_INDEX_MAX);
	/* a chunk that does not follow the last is not indexed: no gaps */
	assert_int_equal(chunk_index__add(&ix, 1, 2, 0, 0, 1), 0);
	assert_int_equal(ix.records, 7ull * 3 * CHUNK_INDEX_MAX);
	assert_int_equal(chunk_index__find(&ix, 10 * 5000 + 3, 10 * 5001, &from, &to, &n), 0);
	assert_true(from <= 100 * 5000 && to >= 100 * 5001 && n >= 7);
	assert_int_equal(chunk_index__find(&ix, 30ull * CHUNK_INDEX_MAX + 1, UINT64_MAX, &from,
					   &to, &n), -ENOENT);
	chunk_index__release(&ix);
}

/* Cells of every task of m over [t0, t1), with ov. */
static void rows(const struct trace_model *m, uint64_t t0, uint64_t t1, uint64_t end,
		 const struct lanes_overlay *ov, struct lane_cell *cells, uint64_t *scratch)
{
	for (size_t i = 0; i < trace_model__task_count(m); i++) {
		const struct trace_task *t = trace_model__task(m, i);

		assert_int_equal(lanes__group_row(&t, 1, t0, t1, end, COLS, ov, scratch,
						  &cells[i * COLS]), 0);
	}
}

/* CPU rows of m over [t0, t1), with ov. */
static void cpu_rows(const struct trace_model *m, uint64_t t0, uint64_t t1, uint64_t end,
		     const struct lanes_overlay *ov, struct lane_cpu_cell *cells)
{
	static const struct trace_task *tasks[256];
	static uint64_t scratch[COLS * 3 * NCPU];
	size_t n = trace_model__task_count(m);

	assert_true(n <= 256);
	for (size_t i = 0; i < n; i++)
		tasks[i] = trace_model__task(m, i);
	assert_int_equal(lanes__cpu_rows(tasks, n, t0, t1, end, COLS, NCPU, ov, scratch, cells), 0);
}

static void test_read_back_equals_kept(void **state)
{
	static struct lane_cpu_cell cpu_u[NCPU * COLS], cpu_b[NCPU * COLS], cpu_s[NCPU * COLS];
	struct trace_model *mu = NULL, *mb = NULL;
	struct run_info ru = { 0 }, rb = { 0 };
	struct chunk_index ix = CHUNK_INDEX_INIT;
	struct window_detail *wd = NULL;
	struct window_detail_view v;
	static uint64_t scratch[COLS * TS__COUNT];
	struct lane_cell *cu, *cb, *cs;
	uint64_t from, span, w, end;
	size_t ntask, size;
	unsigned windows = 0, differ = 0, known = 0, alive = 0, cpu_differ = 0;

	(void)state;
	write_indexed(&ix);
	assert_int_equal(trace_file__load_new(path, 0, &mu, &ru, stderr), 0);
	assert_int_equal(trace_file__load_new(path, BUDGET, &mb, &rb, stderr), 0);
	from = trace_model__detail_from(mb);
	end = ru.end_ns;
	span = from - syn.ev[0].ts_ns;
	/* the budget folded most of the run */
	assert_true(span > (end - syn.ev[0].ts_ns) / 2);
	ntask = trace_model__task_count(mu);
	assert_int_equal(ntask, trace_model__task_count(mb));
	size = ntask * COLS * sizeof(struct lane_cell);
	cu = malloc(size);
	cb = malloc(size);
	cs = malloc(size);
	assert_non_null(cu);
	assert_non_null(cb);
	assert_non_null(cs);
	assert_int_equal(window_detail__new(&wd, path, &ix, BUDGET, stderr), 0);

	/* the whole folded time at once holds more than the budget reads */
	assert_int_equal(window_detail__get(wd, mb, syn.ev[0].ts_ns, from, &v), WINDOW_DETAIL_TOO_MANY);
	assert_true(v.records > WINDOW_DETAIL_MIN_RECORDS);
	/* and nothing is indexed past the end */
	assert_int_equal(window_detail__get(wd, mb, end + 1, end + 2, &v), WINDOW_DETAIL_NONE);

	w = span / 64;
	for (uint64_t t0 = syn.ev[0].ts_ns + w; t0 + w < from; t0 += span / 7) {
		uint64_t t1 = t0 + w;
		struct lanes_overlay ov;

		assert_int_equal(window_detail__get(wd, mb, t0, t1, &v), WINDOW_DETAIL_READ);
		assert_true(v.from_ns <= t0 && v.to_ns >= t1);
		ov = (struct lanes_overlay){ .m = v.m, .from_ns = v.from_ns, .to_ns = from };
		rows(mu, t0, t1, end, NULL, cu, scratch);
		rows(mb, t0, t1, end, &ov, cb, scratch);
		rows(mb, t0, t1, end, NULL, cs, scratch);
		for (size_t i = 0; i < ntask; i++) {
			const struct trace_task *d = trace_model__find(v.m,
								trace_model__task(mb, i)->tid);
			const struct trace_task *t = trace_model__task(mu, i);

			if (t->created_ns < t0 && (!t->exited || t->exit_ns > t1))
				alive++;
			/* read back from where it is known, before the window */
			if (d && d->n_iv && d->iv[0].start_ns <= t0)
				known++;
			assert_memory_equal(&cu[i * COLS], &cb[i * COLS],
					    COLS * sizeof(struct lane_cell));
			if (memcmp(&cu[i * COLS], &cs[i * COLS], COLS * sizeof(struct lane_cell)))
				differ++;
		}
		windows++;
		/* the CPU lanes: which task ran where, from the same read-back */
		cpu_rows(mu, t0, t1, end, NULL, cpu_u);
		cpu_rows(mb, t0, t1, end, &ov, cpu_b);
		cpu_rows(mb, t0, t1, end, NULL, cpu_s);
		assert_memory_equal(cpu_u, cpu_b, sizeof(cpu_u));
		if (memcmp(cpu_u, cpu_s, sizeof(cpu_u)))
			cpu_differ++;
	}
	assert_true(windows >= 5);
	/* every task alive through a window read back from before it */
	assert_true(alive >= 3 * windows && known >= alive);
	/* the summary alone does not paint them so */
	assert_true(differ > windows);
	assert_int_equal(cpu_differ, windows);
	window_detail__free(wd);
	chunk_index__release(&ix);
	free(cu);
	free(cb);
	free(cs);
	trace_model__free(mu);
	trace_model__free(mb);
	run_info__clear(&ru);
	run_info__clear(&rb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indexes_agree),
		cmocka_unit_test(test_index_bounded),
		cmocka_unit_test(test_read_back_equals_kept),
	};
	int fd, rc;

	snprintf(path, sizeof(path), "/tmp/schedviz-read-back.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || synth__make(&syn, 7, STEPS, 4)) {
		fprintf(stderr, "cannot make the test trace\n");
		return 1;
	}
	close(fd);
	syn.lost = 0;	/* synth__write's lost record is not written here */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	synth__free(&syn);
	return rc;
}
