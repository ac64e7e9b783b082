// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_frame.c - a frame computed without a terminal: layout, selection
 * and scroll, the cells and counts of the rows shown, folded groups, the
 * hit map, and storage reused from frame to frame.
 *
 * The model: process 10 "app" with threads 11 "w1" and 12 "w2"; w2 runs
 * 100-150 us and w1 150-250 us on CPU 1, then both sleep; app runs on
 * CPU 0 from 0 on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "frame.h"
#include "synth.h"

static struct trace_model *app(void)
{
	struct trace_model *m;

	synth_name_reset();
	assert_int_equal(trace_model__new(&m), 0);
	assert_int_equal(synth_start(m, 0, 0, 10, "app"), 0);
	assert_int_equal(synth_fork(m, 10, 10, 10, 11, 10, "w1"), 0);
	assert_int_equal(synth_fork(m, 20, 10, 10, 12, 10, "w2"), 0);
	assert_int_equal(synth_switch(m, 100, 1, 0, 0, OUT_PREEMPT, 0, 12, 10), 0);
	assert_int_equal(synth_switch(m, 150, 1, 12, 10, OUT_SLEEP, 0, 11, 10), 0);
	assert_int_equal(synth_switch(m, 250, 1, 11, 10, OUT_SLEEP, 0, 0, 0), 0);
	return m;
}

/* The model seen at 300 us, a new view state, empty frame storage. */
struct fix {
	struct trace_model *m;
	struct tui_source src;
	struct frame_store st;
	struct view_state vs;
	struct frame f;
};

static int setup(void **state)
{
	struct fix *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	x->m = app();
	x->src = (struct tui_source){ .model = x->m, .title = "app", .now_ns = US(300) };
	view_state__init(&x->vs);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fix *x = *state;

	frame_store__free(&x->st);
	view_state__free(&x->vs);
	trace_model__free(x->m);
	free(x);
	return 0;
}

/* Build (and fill) the frame of x on a rows x cols screen. */
static void frame_of(struct fix *x, int rows, int cols)
{
	assert_int_equal(frame__build(&x->st, &x->src, &x->vs, rows, cols, &x->f), 0);
	assert_int_equal(frame__rows(&x->st, &x->vs, &x->f), 0);
}

static void test_rows(void **state)
{
	struct fix *x = *state;
	const struct frame *f = &x->f;

	frame_of(x, 24, 80);
	assert_false(f->layout.too_small);
	assert_int_equal(f->nlanes, 3);
	assert_int_equal(f->sel, 0);
	assert_int_equal(f->top, 0);
	/* 80 columns: name 18, counts 17, a bar, the timeline */
	assert_int_equal(f->name_w, 18);
	assert_int_equal(f->tl_x, 36);
	assert_int_equal(f->tl_w, 80 - 36);
	assert_true(f->lanes_shown);
	assert_int_equal(f->nrows, 3);
	/* w1 ran 100 us, w2 50 us; the run's totals hold app's 300 us too */
	assert_int_equal(f->rows[1].totals.time_ns[TS_RUNNING], 100000);
	assert_int_equal(f->rows[2].totals.time_ns[TS_RUNNING], 50000);
	assert_int_equal(f->totals.time_ns[TS_RUNNING], 300000 + 150000);
	assert_int_equal(f->totals.nvcsw, 2);
	/* the hit map: lane rows start below the axis row of the main area */
	assert_int_equal(frame__lane_at(f, f->lane_area.y + 1), 0);
	assert_int_equal(frame__lane_at(f, f->lane_area.y + 3), 2);
	assert_int_equal(frame__lane_at(f, f->lane_area.y + 4), -1);
	assert_int_equal(frame__lane_at(f, 0), -1);
	assert_int_equal(frame__timeline_col(f, f->tl_x), 0);
	assert_int_equal(frame__timeline_col(f, f->tl_x - 1), -1);
	/* the cells: w1 runs in the column holding 200 us */
	{
		size_t b = lanes__bucket_of(f->t0, f->t1, (size_t)f->tl_w, US(200));

		assert_int_equal(f->rows[1].cells[b].state, TS_RUNNING);
	}
}

static void test_fold_and_help(void **state)
{
	struct fix *x = *state;
	const struct frame *f = &x->f;
	void *cells;

	assert_int_equal(view_state__toggle_fold(&x->vs, 10), 0);
	frame_of(x, 24, 80);
	assert_int_equal(f->nlanes, 1);
	assert_true(f->lanes[0].flags & LANE_FOLDED);
	/* a folded process counts what it hides */
	assert_int_equal(f->rows[0].totals.tasks, 3);
	assert_int_equal(f->rows[0].totals.time_ns[TS_RUNNING], 300000 + 150000);
	/* once sizes settle, the next frame uses the same storage */
	cells = x->st.cells;
	frame_of(x, 24, 80);
	assert_ptr_equal(x->st.cells, cells);
	/* help over the lanes: no lane answers the mouse */
	x->vs.help = true;
	frame_of(x, 24, 80);
	assert_false(f->lanes_shown);
	assert_int_equal(frame__lane_at(f, f->lane_area.y + 1), -1);
	/* too small: only the message */
	x->vs.help = false;
	frame_of(x, 20, 70);
	assert_true(f->layout.too_small);
	assert_false(f->lanes_shown);
}

static void test_selection_scrolls(void **state)
{
	struct fix *x = *state;
	const struct frame *f = &x->f;

	/* the selection follows its task (by index), and the list scrolls to it */
	x->vs.sel_index = trace_model__find(x->m, 12)->index;
	x->vs.out_mode = OUTPUT_LARGE;	/* a short lane panel: (24 - 4) / 2 output lines */
	frame_of(x, 24, 80);
	assert_int_equal(f->sel, 2);
	assert_true(f->top <= f->sel && f->sel < f->top + f->page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_and_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selection_scrolls, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
