// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_demo_trace.c - the checked-in golden/demo.data (which the replay
 * golden screens show) still loads, and into the same model as the demo the
 * test driver builds in memory. If the trace format changed on purpose,
 * regenerate it: tui_driver --write tests/tui/golden/demo.data
 *
 *   test_demo_trace PATH
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "demo_model.h"
#include "trace_file.h"

static const char *path;

static void test_same_model(void **state)
{
	struct trace_model *live = NULL, *file = NULL;
	struct run_info ri;

	(void)state;
	memset(&ri, 0, sizeof(ri));
	assert_int_equal(trace_model__new(&live), 0);
	assert_int_equal(trace_model__new(&file), 0);
	assert_int_equal(demo_model__build(live), 0);
	if (trace_file__load(path, file, &ri, stderr))
		fail_msg("%s does not load: regenerate it with tui_driver --write", path);
	assert_int_equal(ri.pid, DEMO_MAIN);
	assert_int_equal(ri.ncpus, 2);
	assert_int_equal(ri.end_ns, DEMO_END_NS);
	assert_int_equal(trace_model__task_count(file), trace_model__task_count(live));
	for (size_t i = 0; i < trace_model__task_count(live); i++) {
		const struct trace_task *a = trace_model__task(live, i);
		const struct trace_task *b = trace_model__task(file, i);

		assert_int_equal(a->tid, b->tid);
		assert_string_equal(a->comm, b->comm);
		assert_int_equal(a->nvcsw, b->nvcsw);
		assert_int_equal(a->nivcsw, b->nivcsw);
		assert_int_equal(a->n_iv, b->n_iv);
		assert_memory_equal(a->iv, b->iv, a->n_iv * sizeof(*a->iv));
		assert_int_equal(a->n_fw, b->n_fw);
		assert_memory_equal(a->time_ns, b->time_ns, sizeof(a->time_ns));
	}
	run_info__clear(&ri);
	trace_model__free(live);
	trace_model__free(file);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_model),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: test_demo_trace PATH\n");
		return 2;
	}
	path = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
