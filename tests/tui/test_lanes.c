// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_lanes.c - task and CPU rows (tui/lanes.h) on synthetic models.
 * Expected cells are worked out by hand from the event timelines below
 * (times in us after SYNTH_T0, 10 buckets of 100 us unless said).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo_model.h"
#include "lanes.h"
#include "synth.h"

#define NCOLS 10

static uint64_t scratch[64 * TS__COUNT * 3];

static struct trace_model *new_model(void)
{
	struct trace_model *m = NULL;

	synth_name_reset();
	assert_int_equal(trace_model__new(&m), 0);
	return m;
}

static void row_of(const struct trace_model *m, int32_t tid, uint64_t t0_us, uint64_t t1_us,
		   uint64_t now_us, size_t ncols, struct lane_cell *cells)
{
	const struct trace_task *t = trace_model__find(m, tid);

	assert_non_null(t);
	assert_int_equal(lanes__task_row(t, US(t0_us), US(t1_us), US(now_us), ncols, scratch,
					 cells), 0);
}

static void expect_cell(const struct lane_cell *c, enum task_state s, unsigned run_pct)
{
	assert_int_equal(c->state, s);
	if (s == TS_RUNNING)
		assert_int_equal(c->run_pct, run_pct);
}

/* Bucket b is [start(b), start(b+1)); every ts falls in exactly one, by bucket_of. */
static void test_bucket_math(void **state)
{
	(void)state;
	for (size_t ncols = 1; ncols <= 13; ncols++) {
		for (uint64_t span = ncols; span < 200; span += 7) {
			uint64_t t0 = 1000, t1 = 1000 + span;

			assert_int_equal(lanes__bucket_start(t0, t1, ncols, 0), t0);
			assert_int_equal(lanes__bucket_start(t0, t1, ncols, ncols), t1);
			for (uint64_t ts = t0; ts < t1; ts++) {
				size_t b = lanes__bucket_of(t0, t1, ncols, ts);

				assert_true(b < ncols);
				assert_true(lanes__bucket_start(t0, t1, ncols, b) <= ts);
				assert_true(ts < lanes__bucket_start(t0, t1, ncols, b + 1));
			}
		}
	}
	/* 100 over 7: starts at ceil(100 b / 7) */
	assert_int_equal(lanes__bucket_start(0, 100, 7, 1), 15);
	assert_int_equal(lanes__bucket_start(0, 100, 7, 3), 43);
}

static void test_always_running(void **state)
{
	struct trace_model *m = new_model();
	struct lane_cell cells[NCOLS];

	(void)state;
	assert_int_equal(synth_start(m, 0, 0, 10, "busy"), 0);
	row_of(m, 10, 0, 1000, 1000, NCOLS, cells);
	for (int b = 0; b < NCOLS; b++)
		expect_cell(&cells[b], TS_RUNNING, 100);
	trace_model__free(m);
}

/*
 *   0-5 run | 5-350 sleep | 350-360 runnable | 360-370 run | 370-600 futex |
 *   600-700 runnable | 700-720 run | 720-900 preempted | 900-now(1000) run
 */
static void test_states_and_slivers(void **state)
{
	struct trace_model *m = new_model();
	struct lane_cell cells[NCOLS];

	(void)state;
	assert_int_equal(synth_start(m, 0, 0, 10, "t"), 0);
	assert_int_equal(synth_switch(m, 5, 0, 10, 10, OUT_SLEEP, 0, 0, 0), 0);
	assert_int_equal(synth_wake(m, 350, 10, 10, 0), 0);
	assert_int_equal(synth_switch(m, 360, 0, 0, 0, OUT_PREEMPT, 0, 10, 10), 0);
	assert_int_equal(synth_switch(m, 370, 0, 10, 10, OUT_FUTEX, 0x10, 0, 0), 0);
	assert_int_equal(synth_wake(m, 600, 10, 10, 0), 0);
	assert_int_equal(synth_switch(m, 700, 0, 0, 0, OUT_PREEMPT, 0, 10, 10), 0);
	assert_int_equal(synth_switch(m, 720, 0, 10, 10, OUT_PREEMPT, 0, 0, 0), 0);
	assert_int_equal(synth_switch(m, 900, 0, 0, 0, OUT_PREEMPT, 0, 10, 10), 0);
	row_of(m, 10, 0, 1000, 1000, NCOLS, cells);
	expect_cell(&cells[0], TS_RUNNING, 5);	/* a 5 us sliver stays visible */
	expect_cell(&cells[1], TS_SLEEPING, 0);
	expect_cell(&cells[2], TS_SLEEPING, 0);
	expect_cell(&cells[3], TS_RUNNING, 10);	/* 10 us of run beats 50 us of sleep */
	expect_cell(&cells[4], TS_FUTEX, 0);
	expect_cell(&cells[5], TS_FUTEX, 0);
	expect_cell(&cells[6], TS_RUNNABLE, 0);
	expect_cell(&cells[7], TS_RUNNING, 20);
	expect_cell(&cells[8], TS_PREEMPTED, 0);
	expect_cell(&cells[9], TS_RUNNING, 100);	/* the open state, up to now */

	/* now at 950: the last half bucket is not known yet */
	row_of(m, 10, 0, 1000, 950, NCOLS, cells);
	expect_cell(&cells[9], TS_RUNNING, 50);
	row_of(m, 10, 0, 1000, 900, NCOLS, cells);
	expect_cell(&cells[9], TS_UNKNOWN, 0);
	trace_model__free(m);
}

/*
 *   0-10 run | 10-150 futex | 150-250 runnable | 250-260 run | 260-340 blocked |
 *   340-... runnable
 */
static void test_dominant_and_ties(void **state)
{
	struct trace_model *m = new_model();
	struct lane_cell cells[4];

	(void)state;
	assert_int_equal(synth_start(m, 0, 0, 10, "t"), 0);
	assert_int_equal(synth_switch(m, 10, 0, 10, 10, OUT_FUTEX, 0x20, 0, 0), 0);
	assert_int_equal(synth_wake(m, 150, 10, 10, 0), 0);
	assert_int_equal(synth_switch(m, 250, 0, 0, 0, OUT_PREEMPT, 0, 10, 10), 0);
	assert_int_equal(synth_switch(m, 260, 0, 10, 10, OUT_BLOCK, 0, 0, 0), 0);
	assert_int_equal(synth_wake(m, 340, 10, 10, 0), 0);
	row_of(m, 10, 0, 400, 400, 4, cells);
	expect_cell(&cells[0], TS_RUNNING, 10);
	expect_cell(&cells[1], TS_FUTEX, 0);	/* 50 futex = 50 runnable: futex wins the tie */
	expect_cell(&cells[2], TS_RUNNING, 10);
	expect_cell(&cells[3], TS_RUNNABLE, 0);	/* 60 runnable > 40 blocked */
	trace_model__free(m);
}

/* Task 11 created at 150, runs 250-450 on CPU 1, exits at 450. */
static struct trace_model *creation_exit_model(void)
{
	struct trace_model *m = new_model();

	assert_int_equal(synth_start(m, 0, 0, 10, "main"), 0);
	assert_int_equal(synth_fork(m, 150, 10, 10, 11, 10, "worker"), 0);
	assert_int_equal(synth_switch(m, 250, 1, 0, 0, OUT_PREEMPT, 0, 11, 10), 0);
	assert_int_equal(synth_switch(m, 450, 1, 11, 10, OUT_EXIT, 0, 0, 0), 0);
	return m;
}

static void test_creation_and_exit(void **state)
{
	struct trace_model *m = creation_exit_model();
	struct lane_cell cells[NCOLS];

	(void)state;
	row_of(m, 11, 0, 1000, 1000, NCOLS, cells);
	expect_cell(&cells[0], TS_UNKNOWN, 0);	/* before its fork */
	expect_cell(&cells[1], TS_RUNNABLE, 0);	/* the part after the fork counts */
	expect_cell(&cells[2], TS_RUNNING, 50);
	expect_cell(&cells[3], TS_RUNNING, 100);
	expect_cell(&cells[4], TS_RUNNING, 50);	/* ran, then exited */
	assert_int_equal(cells[4].mark, 0);
	for (int b = 5; b < NCOLS; b++)
		expect_cell(&cells[b], TS_EXITED, 0);
	assert_int_equal(cells[5].mark, LANE_MARK_EXIT); /* first exited cell */
	for (int b = 6; b < NCOLS; b++)
		assert_int_equal(cells[b].mark, 0);

	/* exited before the window: all exited, no mark */
	row_of(m, 11, 500, 1000, 1000, 5, cells);
	for (int b = 0; b < 5; b++) {
		expect_cell(&cells[b], TS_EXITED, 0);
		assert_int_equal(cells[b].mark, 0);
	}
	trace_model__free(m);
}

static void test_group_row(void **state)
{
	struct trace_model *m = new_model();
	const struct trace_task *g[2];
	struct lane_cell cells[NCOLS];

	(void)state;
	/* 10 runs 0-100 then sleeps; 11 forked at 150 runs 250-450 and exits */
	assert_int_equal(synth_start(m, 0, 0, 10, "main"), 0);
	assert_int_equal(synth_switch(m, 100, 0, 10, 10, OUT_SLEEP, 0, 0, 0), 0);
	assert_int_equal(synth_fork(m, 150, 10, 10, 11, 10, "worker"), 0);
	assert_int_equal(synth_switch(m, 250, 1, 0, 0, OUT_PREEMPT, 0, 11, 10), 0);
	assert_int_equal(synth_switch(m, 450, 1, 11, 10, OUT_EXIT, 0, 0, 0), 0);
	g[0] = trace_model__find(m, 10);
	g[1] = trace_model__find(m, 11);
	assert_int_equal(lanes__group_row(g, 2, US(0), US(1000), US(1000), NCOLS, NULL, scratch, cells), 0);
	expect_cell(&cells[0], TS_RUNNING, 100);
	expect_cell(&cells[1], TS_SLEEPING, 0);	/* 100 sleep vs 50 runnable */
	expect_cell(&cells[3], TS_RUNNING, 100);
	expect_cell(&cells[6], TS_SLEEPING, 0);	/* 100 sleep = 100 exited: sleep wins the tie */
	for (int b = 0; b < NCOLS; b++)
		assert_int_equal(cells[b].mark, 0); /* not every member exited */
	trace_model__free(m);
}

/*
 * CPU 0: 10 runs 0-600, 12 600-630, 10 630-800, then idle.
 * CPU 1: 11 (from creation_exit_model) runs 250-450.
 */
static void test_cpu_rows(void **state)
{
	struct trace_model *m = creation_exit_model();
	const struct trace_task *tasks[3];
	struct lane_cpu_cell cells[2 * NCOLS];
	size_t n;

	(void)state;
	assert_int_equal(synth_fork(m, 100, 10, 10, 12, 12, "other"), 0);
	assert_int_equal(synth_switch(m, 600, 0, 10, 10, OUT_PREEMPT, 0, 12, 12), 0);
	assert_int_equal(synth_switch(m, 630, 0, 12, 12, OUT_SLEEP, 0, 10, 10), 0);
	assert_int_equal(synth_switch(m, 800, 0, 10, 10, OUT_SLEEP, 0, 0, 0), 0);
	n = trace_model__task_count(m);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		tasks[i] = trace_model__task(m, i);
	assert_int_equal(lanes__cpus_seen(tasks, n), 2);
	assert_int_equal(lanes__cpu_rows(tasks, n, US(0), US(1000), US(1000), NCOLS, 2, NULL, scratch,
					 cells), 0);
	/* tasks[] is creation order: 10, 11, 12 */
	for (int b = 0; b < 8; b++) {
		assert_int_equal(cells[b].task, 0);
		assert_int_equal(cells[b].busy_pct, 100);
	}
	assert_int_equal(cells[6].ntasks, 2);	/* 12 ran 30 us there, 10 ran 70 */
	assert_int_equal(cells[5].ntasks, 1);
	assert_int_equal(cells[8].task, LANES_IDLE);
	assert_int_equal(cells[9].task, LANES_IDLE);
	assert_int_equal(cells[NCOLS + 0].task, LANES_IDLE);
	assert_int_equal(cells[NCOLS + 1].task, LANES_IDLE);
	assert_int_equal(cells[NCOLS + 2].task, 1);
	assert_int_equal(cells[NCOLS + 2].busy_pct, 50);
	assert_int_equal(cells[NCOLS + 3].busy_pct, 100);
	assert_int_equal(cells[NCOLS + 4].task, 1);
	assert_int_equal(cells[NCOLS + 4].busy_pct, 50);
	assert_int_equal(cells[NCOLS + 5].task, LANES_IDLE);
	/* a CPU the caller does not ask about is left out, not written */
	assert_int_equal(lanes__cpu_rows(tasks, n, US(0), US(1000), US(1000), NCOLS, 1, NULL, scratch,
					 cells), 0);
	assert_int_equal(cells[8].task, LANES_IDLE);
	trace_model__free(m);
}

static void test_bad_windows(void **state)
{
	struct trace_model *m = creation_exit_model();
	const struct trace_task *t = trace_model__find(m, 10);
	struct lane_cell cells[1];
	struct lane_cpu_cell cc[1];

	(void)state;
	assert_int_equal(lanes__task_row(t, US(5), US(5), US(10), 1, scratch, cells), -EINVAL);
	assert_int_equal(lanes__task_row(t, US(0), US(5), US(10), 0, scratch, cells), -EINVAL);
	assert_int_equal(lanes__cpu_rows(&t, 1, US(0), US(5), US(10), 1, 0, NULL, scratch, cc), -EINVAL);
	trace_model__free(m);
}

/* The demo trace the golden screens show, at 1 ms per column. */
static void test_demo_model(void **state)
{
	struct trace_model *m = NULL;
	struct lane_cell cells[100];
	const struct trace_task *w2, *child;

	(void)state;
	assert_int_equal(trace_model__new(&m), 0);
	assert_int_equal(demo_model__build(m), 0);
	w2 = trace_model__find(m, DEMO_W2);
	child = trace_model__find(m, DEMO_CHILD);
	assert_non_null(w2);
	assert_non_null(child);
	assert_string_equal(w2->comm, "worker-2");
	assert_int_equal(lanes__task_row(w2, DEMO_BASE_NS, DEMO_END_NS, DEMO_END_NS, 100, scratch,
					 cells), 0);
	expect_cell(&cells[2], TS_RUNNABLE, 0);	/* created at 2, runs at 3 */
	expect_cell(&cells[5], TS_RUNNING, 100);
	expect_cell(&cells[6], TS_PREEMPTED, 0); /* kworker runs 6-7 */
	expect_cell(&cells[10], TS_FUTEX, 0);	/* futex 10-10.95 */
	expect_cell(&cells[81], TS_RUNNING, 100);
	expect_cell(&cells[82], TS_EXITED, 0);
	assert_int_equal(cells[82].mark, LANE_MARK_EXIT);
	assert_int_equal(lanes__task_row(child, DEMO_BASE_NS, DEMO_END_NS, DEMO_END_NS, 100,
					 scratch, cells), 0);
	expect_cell(&cells[9], TS_UNKNOWN, 0);
	expect_cell(&cells[11], TS_RUNNING, 100);
	expect_cell(&cells[15], TS_SLEEPING, 0);
	expect_cell(&cells[25], TS_BLOCKED, 0);
	expect_cell(&cells[30], TS_RUNNING, 80);
	assert_int_equal(cells[31].mark, LANE_MARK_EXIT);
	trace_model__free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bucket_math),
		cmocka_unit_test(test_always_running),
		cmocka_unit_test(test_states_and_slivers),
		cmocka_unit_test(test_dominant_and_ties),
		cmocka_unit_test(test_creation_and_exit),
		cmocka_unit_test(test_group_row),
		cmocka_unit_test(test_cpu_rows),
		cmocka_unit_test(test_bad_windows),
		cmocka_unit_test(test_demo_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
