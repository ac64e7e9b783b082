// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_lane_list.c - lane order (tree, sort, fold, filter) and the time
 * window's zoom/pan/follow arithmetic.
 *
 * The family used below (times in us):
 *   10 "app"     process, existed before tracing        (index 0)
 *   11 "w1"      thread of 10, forked at 10              (1)
 *   12 "w2"      thread of 10, forked at 20              (2)
 *   20 "child"   process forked by thread 11 at 30       (3)
 *   21 "cthr"    thread of 20, forked at 40              (4)
 *   22 "other"   process forked by 10 at 45              (5)
 *   30 "loner"   process, existed before tracing (50)    (6)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lane_list.h"
#include "synth.h"
#include "time_window.h"

struct fam {
	struct trace_model *m;
	const struct trace_task *tasks[16];
	size_t n;
	struct lane lanes[16];
	size_t nl;
};

static void family(struct fam *f)
{
	synth_name_reset();
	assert_int_equal(trace_model__new(&f->m), 0);
	assert_int_equal(synth_start(f->m, 0, 0, 10, "app"), 0);
	assert_int_equal(synth_fork(f->m, 10, 10, 10, 11, 10, "w1"), 0);
	assert_int_equal(synth_fork(f->m, 20, 10, 10, 12, 10, "w2"), 0);
	assert_int_equal(synth_fork(f->m, 30, 11, 10, 20, 20, "child"), 0);
	assert_int_equal(synth_fork(f->m, 40, 20, 20, 21, 20, "cthr"), 0);
	assert_int_equal(synth_fork(f->m, 45, 10, 10, 22, 22, "other"), 0);
	assert_int_equal(trace_model__add_task(f->m, 30, 30, 1, "loner", US(50)), 0);
	synth_name_set(30, "loner");
	/* w2 switches 3 times and runs 30 us; w1 switches once and runs 100 us */
	assert_int_equal(synth_switch(f->m, 100, 1, 0, 0, OUT_PREEMPT, 0, 12, 10), 0);
	assert_int_equal(synth_switch(f->m, 110, 1, 12, 10, OUT_PREEMPT, 0, 0, 0), 0);
	assert_int_equal(synth_switch(f->m, 120, 1, 0, 0, OUT_PREEMPT, 0, 12, 10), 0);
	assert_int_equal(synth_switch(f->m, 130, 1, 12, 10, OUT_PREEMPT, 0, 0, 0), 0);
	assert_int_equal(synth_switch(f->m, 140, 1, 0, 0, OUT_PREEMPT, 0, 12, 10), 0);
	assert_int_equal(synth_switch(f->m, 150, 1, 12, 10, OUT_SLEEP, 0, 11, 10), 0);
	assert_int_equal(synth_switch(f->m, 250, 1, 11, 10, OUT_SLEEP, 0, 0, 0), 0);
	f->n = trace_model__task_count(f->m);
	assert_int_equal(f->n, 7);
	for (size_t i = 0; i < f->n; i++)
		f->tasks[i] = trace_model__task(f->m, i);
}

static void build(struct fam *f, const struct lane_list_opts *o)
{
	assert_int_equal(lane_list__build(f->tasks, f->n, o, f->lanes, &f->nl), 0);
}

static int32_t tid_at(const struct fam *f, size_t l)
{
	return f->tasks[f->lanes[l].task]->tid;
}

static void test_tree(void **state)
{
	struct fam f;
	struct lane_list_opts o = { .sort = LANE_SORT_CREATION, .now_ns = US(300) };
	static const int32_t order[] = { 10, 11, 12, 20, 21, 22, 30 };
	static const int depth[] = { 0, 1, 1, 1, 2, 1, 0 };

	(void)state;
	family(&f);
	build(&f, &o);
	assert_int_equal(f.nl, 7);
	for (size_t l = 0; l < 7; l++) {
		assert_int_equal(tid_at(&f, l), order[l]);
		assert_int_equal(f.lanes[l].depth, depth[l]);
	}
	/* threads first, then child processes; the last sibling is marked */
	assert_true(f.lanes[1].flags & LANE_THREAD);
	assert_false(f.lanes[3].flags & LANE_THREAD);
	assert_false(f.lanes[0].flags & LANE_LAST);	/* "loner" follows */
	assert_false(f.lanes[3].flags & LANE_LAST);	/* "other" follows */
	assert_true(f.lanes[4].flags & LANE_LAST);
	assert_true(f.lanes[5].flags & LANE_LAST);
	assert_true(f.lanes[6].flags & LANE_LAST);
	/* cthr's grandparent level has a rail: "child" has a sibling below */
	assert_int_equal(f.lanes[4].rails, 1u);
	assert_int_equal(f.lanes[5].rails, 0u);
	trace_model__free(f.m);
}

static void test_sort(void **state)
{
	struct fam f;
	struct lane_list_opts o = { .sort = LANE_SORT_SWITCHES, .now_ns = US(300) };

	(void)state;
	family(&f);
	build(&f, &o);
	/* among app's threads w2 (3 switches) before w1 (1); processes stay after threads */
	assert_int_equal(tid_at(&f, 1), 12);
	assert_int_equal(tid_at(&f, 2), 11);
	assert_int_equal(tid_at(&f, 3), 20);
	o.sort = LANE_SORT_RUN;
	build(&f, &o);
	assert_int_equal(tid_at(&f, 1), 11);	/* 100 us of run beats 30 */
	assert_int_equal(tid_at(&f, 2), 12);
	/* roots sort too: app ran 0-100 (it still runs on CPU 0 at 300), loner never */
	assert_int_equal(tid_at(&f, 0), 10);
	assert_int_equal(tid_at(&f, 6), 30);
	trace_model__free(f.m);
}

static void test_fold(void **state)
{
	struct fam f;
	int32_t folded[] = { 20 };
	struct lane_list_opts o = { .now_ns = US(300), .folded = folded, .n_folded = 1 };
	uint32_t members[8];

	(void)state;
	family(&f);
	build(&f, &o);
	assert_int_equal(f.nl, 6);	/* cthr hidden under child */
	assert_int_equal(tid_at(&f, 3), 20);
	assert_true(f.lanes[3].flags & LANE_FOLDED);
	assert_int_equal(f.lanes[3].hidden, 1);
	assert_int_equal(tid_at(&f, 4), 22);
	folded[0] = 10;
	build(&f, &o);
	assert_int_equal(f.nl, 2);
	assert_int_equal(f.lanes[0].hidden, 5);
	assert_int_equal(tid_at(&f, 1), 30);
	/* folding a thread's TGID that has no leader lane folds nothing */
	folded[0] = 11;
	build(&f, &o);
	assert_int_equal(f.nl, 7);
	assert_int_equal(lane_list__subtree(NULL, f.tasks, f.n, 0, members, 8), 6);
	assert_int_equal(members[0], 0);
	assert_int_equal(lane_list__subtree(NULL, f.tasks, f.n, 3, members, 8), 2);
	assert_int_equal(members[1], 4);
	assert_int_equal(lane_list__subtree(NULL, f.tasks, f.n, 6, members, 8), 1);
	trace_model__free(f.m);
}

/*
 * The whole system's quiet tasks: of the 130 us run in all (w1 100, w2 30),
 * "child" (with "cthr") and "other" ran none, so under "app" they share one
 * lane after its threads; "loner" ran none too but is the only quiet root,
 * and keeps its own lane.
 */
static void test_fold_quiet(void **state)
{
	struct fam f;
	struct lane_list_opts o = { .sort = LANE_SORT_CREATION, .now_ns = US(300),
				    .fold_quiet = true };
	uint32_t members[8];
	size_t n;
	int32_t tids[3];

	(void)state;
	family(&f);
	build(&f, &o);
	assert_int_equal(f.nl, 5);
	assert_int_equal(tid_at(&f, 0), 10);
	assert_int_equal(tid_at(&f, 1), 11);
	assert_int_equal(tid_at(&f, 2), 12);
	assert_false(f.lanes[2].flags & LANE_LAST);	/* the quiet lane follows */
	assert_true(f.lanes[3].flags & LANE_QUIET);
	assert_true(f.lanes[3].flags & LANE_LAST);
	assert_int_equal(f.lanes[3].depth, 1);
	assert_int_equal(f.lanes[3].hidden, 3);
	assert_int_equal(tid_at(&f, 3), 20);		/* the first of them */
	assert_int_equal(tid_at(&f, 4), 30);
	assert_false(f.lanes[4].flags & LANE_QUIET);

	n = lane_list__quiet_members(f.tasks, f.n, &o, f.lanes[3].task, members, 8);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		tids[i] = f.tasks[members[i]]->tid;
	assert_int_equal(tids[0] + tids[1] + tids[2], 20 + 21 + 22);
	assert_true(tids[0] != tids[1] && tids[1] != tids[2] && tids[0] != tids[2]);

	/* a filter shows what matches, quiet or not */
	o.filter = "o";
	build(&f, &o);
	for (size_t l = 0; l < f.nl; l++)
		assert_false(f.lanes[l].flags & LANE_QUIET);
	/* and without fold_quiet, every task has its lane */
	o.filter = NULL;
	o.fold_quiet = false;
	build(&f, &o);
	assert_int_equal(f.nl, 7);
	trace_model__free(f.m);
}

static void test_filter(void **state)
{
	struct fam f;
	struct lane_list_opts o = { .now_ns = US(300), .filter = "W2" };

	(void)state;
	family(&f);
	build(&f, &o);
	assert_int_equal(f.nl, 2);
	assert_int_equal(tid_at(&f, 0), 10);
	assert_true(f.lanes[0].flags & LANE_CONTEXT);	/* shown for the tree only */
	assert_int_equal(tid_at(&f, 1), 12);
	assert_false(f.lanes[1].flags & LANE_CONTEXT);
	assert_true(f.lanes[1].flags & LANE_LAST);	/* the only child shown */
	o.filter = "thr";
	build(&f, &o);
	assert_int_equal(f.nl, 3);
	assert_int_equal(tid_at(&f, 1), 20);
	assert_int_equal(tid_at(&f, 2), 21);
	assert_int_equal(f.lanes[2].depth, 2);
	o.filter = "nothing-like-this";
	build(&f, &o);
	assert_int_equal(f.nl, 0);
	trace_model__free(f.m);
}

/* ---- time window ---- */

static void expect_window(const struct time_window *w, uint64_t begin, uint64_t end,
			  uint64_t t0, uint64_t t1)
{
	uint64_t a, b;

	time_window__resolve(w, begin, end, &a, &b);
	assert_int_equal(a, t0);
	assert_int_equal(b, t1);
}

static void test_window_follow_zoom_pan(void **state)
{
	struct time_window w;

	(void)state;
	time_window__init(&w);
	expect_window(&w, 1000000, 2000000, 1000000, 2000000);	/* fit */
	time_window__zoom(&w, 1000000, 2000000, 100, 100, 1, 2);	/* in, at the live edge */
	assert_true(w.follow);
	expect_window(&w, 1000000, 2000000, 1500000, 2000000);
	expect_window(&w, 1000000, 3000000, 2500000, 3000000);	/* the trace grows: it follows */
	time_window__pan(&w, 1000000, 3000000, 100, -25);		/* back a quarter */
	assert_false(w.follow);
	expect_window(&w, 1000000, 3000000, 2375000, 2875000);
	expect_window(&w, 1000000, 4000000, 2375000, 2875000);	/* parked: growth leaves it */
	time_window__pan(&w, 1000000, 4000000, 100, 1000);		/* far forward: follows again */
	assert_true(w.follow);
	expect_window(&w, 1000000, 4000000, 3500000, 4000000);
	time_window__home(&w, 1000000, 4000000);
	assert_false(w.follow);
	expect_window(&w, 1000000, 4000000, 1000000, 1500000);
	time_window__end(&w, 1000000, 4000000);
	expect_window(&w, 1000000, 4000000, 3500000, 4000000);
	/* out: 1 ms, 2 ms, then past the 3 ms trace: fit */
	time_window__zoom(&w, 1000000, 4000000, 100, 100, 2, 1);
	time_window__zoom(&w, 1000000, 4000000, 100, 100, 2, 1);
	assert_int_equal(w.span_ns, 2000000);
	time_window__zoom(&w, 1000000, 4000000, 100, 100, 2, 1);
	assert_int_equal(w.span_ns, 0);
	assert_true(w.follow);
}

static void test_window_anchor_and_limits(void **state)
{
	struct time_window w;

	(void)state;
	time_window__init(&w);
	/* from fit, parked at the start, zoom keeps column 0 on the start */
	time_window__home(&w, 0, 1000000);
	time_window__zoom(&w, 0, 1000000, 100, 0, 1, 4);
	expect_window(&w, 0, 1000000, 0, 250000);
	/* zoom at column 50 keeps the time under it (125000) under column 50 */
	time_window__zoom(&w, 0, 1000000, 100, 50, 1, 2);
	expect_window(&w, 0, 1000000, 62500, 187500);
	/* never below 100 ns a column */
	for (int i = 0; i < 40; i++)
		time_window__zoom(&w, 0, 1000000, 100, 50, 1, 2);
	assert_int_equal(w.span_ns, 100 * TIME_WINDOW_MIN_BUCKET_NS);
	/* stop following from fit: the window parks on today's whole trace */
	time_window__init(&w);
	time_window__toggle_follow(&w, 0, 1000000);
	assert_false(w.follow);
	expect_window(&w, 0, 5000000, 0, 1000000);
	time_window__toggle_follow(&w, 0, 5000000);
	expect_window(&w, 0, 5000000, 4000000, 5000000);
	time_window__fit(&w);
	expect_window(&w, 0, 5000000, 0, 5000000);
	/* an empty trace still gives a non-empty window */
	expect_window(&w, 7, 7, 7, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_quiet),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_window_follow_zoom_pan),
		cmocka_unit_test(test_window_anchor_and_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
