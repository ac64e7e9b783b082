// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_task_cache.c - the collector's per-task memory: which switch counter
 * moved, run time between switch-outs, 32-bit wrap, TID reuse, names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "task_cache.h"

/* switch out tid with these counters; run-queue figures 0 */
static int out_with(struct task_cache *c, int32_t tid, uint32_t nvcsw, uint32_t nivcsw,
		    uint64_t runtime, struct task_delta *d)
{
	struct task_counters k = { .nvcsw = nvcsw, .nivcsw = nivcsw, .runtime_ns = runtime };

	return task_cache__switch_out(c, tid, &k, d);
}

static void test_deltas_from_birth(void **state)
{
	struct task_cache *c;
	struct task_delta d;

	(void)state;
	assert_int_equal(task_cache__new(&c), 0);
	/* a task never seen counts from zero, as a new task does */
	assert_int_equal(out_with(c, 100, 1, 0, 5000, &d), 0);
	assert_int_equal(d.nvcsw, 1);
	assert_int_equal(d.nivcsw, 0);
	assert_int_equal(d.run_ns, 5000);
	assert_int_equal(out_with(c, 100, 1, 1, 7000, &d), 0);
	assert_int_equal(d.nvcsw, 0);
	assert_int_equal(d.nivcsw, 1);
	assert_int_equal(d.run_ns, 2000);
	/* a switch the tracepoint missed shows as two moves at once */
	assert_int_equal(out_with(c, 100, 2, 2, 9000, &d), 0);
	assert_int_equal(d.nvcsw, 1);
	assert_int_equal(d.nivcsw, 1);
	task_cache__free(c);
}

static void test_wrap_and_reuse(void **state)
{
	struct task_cache *c;
	struct task_delta d;

	(void)state;
	assert_int_equal(task_cache__new(&c), 0);
	assert_int_equal(out_with(c, 7, UINT32_MAX, 0, 1, &d), 0);
	assert_int_equal(out_with(c, 7, 0, 0, 2, &d), 0);
	assert_int_equal(d.nvcsw, 1);	/* 0xffffffff -> 0 is one switch */
	/* the TID dies and a new task takes it: counts restart */
	task_cache__drop(c, 7);
	assert_int_equal(task_cache__born(c, 7, 7), 0);
	assert_int_equal(out_with(c, 7, 0, 1, 10, &d), 0);
	assert_int_equal(d.nvcsw, 0);
	assert_int_equal(d.nivcsw, 1);
	assert_int_equal(d.run_ns, 10);
	task_cache__free(c);
}

static void test_run_queue(void **state)
{
	struct task_counters k = { .nvcsw = 1, .pcount = 1, .runtime_ns = 100,
				   .run_delay_ns = 4000 };
	struct task_cache *c;
	struct task_delta d;

	(void)state;
	assert_int_equal(task_cache__new(&c), 0);
	/* a baseline taken at attach: the first switch-out counts from it */
	assert_int_equal(task_cache__baseline(c, 9, &k), 0);
	k.nivcsw = 1;
	k.pcount = 2;
	k.runtime_ns = 350;
	k.run_delay_ns = 4000 + 1234;
	assert_int_equal(task_cache__switch_out(c, 9, &k, &d), 0);
	assert_int_equal(d.pcount, 1);
	assert_int_equal(d.run_delay_ns, 1234);
	assert_int_equal(d.run_ns, 250);
	assert_int_equal(d.nivcsw, 1);
	/* TGIDs: remembered, the idle task's 0, an unknown task's its TID */
	assert_int_equal(task_cache__set_tgid(c, 9, 8), 0);
	assert_int_equal(task_cache__tgid(c, 9), 8);
	assert_int_equal(task_cache__tgid(c, 0), 0);
	assert_int_equal(task_cache__tgid(c, 77), 77);
	assert_int_equal(task_cache__born(c, 78, 70), 0);
	assert_int_equal(task_cache__tgid(c, 78), 70);
	task_cache__free(c);
}

static void test_names(void **state)
{
	struct task_cache *c;
	struct task_delta d;
	char out[SCHED_COMM_LEN];

	(void)state;
	assert_int_equal(task_cache__new(&c), 0);
	task_cache__get_comm(c, 0, 3, out);
	assert_string_equal(out, "swapper/3");
	/* counters alone do not name a task */
	assert_int_equal(out_with(c, 42, 1, 0, 1, &d), 0);
	task_cache__get_comm(c, 42, 0, out);
	assert_string_equal(out, "<...>");
	assert_int_equal(task_cache__set_comm(c, 42, "worker-1"), 0);
	task_cache__get_comm(c, 42, 0, out);
	assert_string_equal(out, "worker-1");
	/* many tasks: the table grows and keeps every one */
	for (int32_t t = 1000; t < 1400; t++) {
		char name[SCHED_COMM_LEN];

		snprintf(name, sizeof(name), "t%d", (int)t);
		assert_int_equal(task_cache__set_comm(c, t, name), 0);
	}
	task_cache__get_comm(c, 1399, 0, out);
	assert_string_equal(out, "t1399");
	task_cache__get_comm(c, 42, 0, out);
	assert_string_equal(out, "worker-1");
	task_cache__drop(c, 42);
	task_cache__get_comm(c, 42, 0, out);
	assert_string_equal(out, "<...>");
	task_cache__free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deltas_from_birth),
		cmocka_unit_test(test_wrap_and_reuse),
		cmocka_unit_test(test_run_queue),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
