// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_summary.c - the JSON and text summaries: escaping of hostile names,
 * determinism, field mapping from the model's states, sorting.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

static struct sched_event ev(uint64_t ts, enum sched_event_type type, int32_t tid,
			     int32_t tid2, uint32_t flags, const char *comm2)
{
	struct sched_event e;

	memset(&e, 0, sizeof(e));
	e.ts_ns = ts;
	e.type = (uint16_t)type;
	e.tid = e.tgid = tid;
	e.tid2 = e.tgid2 = tid2;
	e.flags = flags;
	snprintf(e.comm2, sizeof(e.comm2), "%s", comm2);
	return e;
}

static char *render(int (*fn)(FILE *, const struct run_info *, const struct trace_model *),
		    const struct run_info *ri, const struct trace_model *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, ri, m), 0);
	fclose(f);
	return buf;
}

static int text_by_run(FILE *f, const struct run_info *ri, const struct trace_model *m)
{
	return summary_text__write(f, ri, m, SUMMARY_SORT_RUN);
}

static struct trace_model *two_tasks(void)
{
	struct trace_model *m = NULL;
	struct sched_event e;

	assert_int_equal(trace_model__new(&m), 0);
	e = ev(1000, SE_FORK, 1, 10, 0, "we\"ird\\\n\x01");
	assert_int_equal(trace_model__add(m, &e), 0);
	e = ev(2000, SE_FORK, 1, 11, 0, "busy");
	assert_int_equal(trace_model__add(m, &e), 0);
	e = ev(3000, SE_SWITCH, 0, 10, SEF_NEXT_TARGET, "we\"ird\\\n\x01");
	assert_int_equal(trace_model__add(m, &e), 0);
	e = ev(4000, SE_SWITCH, 10, 11, SEF_PREV_TARGET | SEF_NEXT_TARGET, "busy");
	e.state = SE_TASK_UNINTERRUPTIBLE;
	e.flags |= SEF_VOLUNTARY;
	memcpy(e.comm, "we\"ird\\\n\x01", 10);
	assert_int_equal(trace_model__add(m, &e), 0);
	trace_model__finish(m, 9000);
	return m;
}

static void test_json_escapes_and_maps_fields(void **state)
{
	struct trace_model *m = two_tasks();
	char *argv[] = { "a\"b", "tab\there", NULL };
	struct run_info ri = { .argc = 2, .argv = argv, .pid = 10, .exit_code = 3,
			       .ru_nvcsw = 1, .start_ns = 500, .end_ns = 9500 };
	char *a, *b;

	(void)state;
	a = render(summary_json__write, &ri, m);
	b = render(summary_json__write, &ri, m);
	assert_string_equal(a, b); /* deterministic */
	assert_non_null(strstr(a, "\"schema\":\"schedviz.summary/1\""));
	assert_non_null(strstr(a, "\"argv\":[\"a\\\"b\",\"tab\\there\"]"));
	assert_non_null(strstr(a, "\"comm\":\"we\\\"ird\\\\\\n\\u0001\""));
	assert_non_null(strstr(a, "\"duration_ns\":9000"));
	assert_non_null(strstr(a, "\"exit_code\":3"));
	/* task 10: ran 3000..4000, blocked (D) 4000..9000 */
	assert_non_null(strstr(a, "\"run_ns\":1000,\"runnable_ns\":0,\"sleep_ns\":0,"
				  "\"blocked_ns\":5000,\"preempted_ns\":0"));
	/* task 11: running 4000..9000 */
	assert_non_null(strstr(a, "\"tid\":11,\"tgid\":11,\"ppid\":1,\"comm\":\"busy\""));
	assert_non_null(strstr(a, "\"run_ns\":5000,"));	/* not a prefix of 50000 */
	assert_null(strchr(a, '\x01'));
	assert_non_null(strstr(a, "\"wakeup_latency_hist_log2_us\":[]"));	/* no wakeups */
	free(a);
	free(b);
	trace_model__free(m);
}

/* Task 10 asleep at out_ns, woken at wake_ns, on a CPU again at in_ns. */
static void sleep_wake_run(struct trace_model *m, uint64_t out_ns, uint64_t wake_ns,
			   uint64_t in_ns)
{
	struct sched_event e = ev(out_ns, SE_SWITCH, 10, 0, SEF_PREV_TARGET | SEF_VOLUNTARY,
				  "swapper");

	e.state = SE_TASK_INTERRUPTIBLE;
	assert_int_equal(trace_model__add(m, &e), 0);
	e = ev(wake_ns, SE_WAKING, 10, 0, 0, "swapper");
	assert_int_equal(trace_model__add(m, &e), 0);
	e = ev(in_ns, SE_SWITCH, 0, 10, SEF_NEXT_TARGET, "t");
	assert_int_equal(trace_model__add(m, &e), 0);
}

/* Latencies counted by power of two of microseconds, cut after the last count. */
static void test_json_latency_histogram(void **state)
{
	struct trace_model *m = NULL;
	struct run_info ri = { .pid = 10, .start_ns = 0, .end_ns = 100000 };
	struct sched_event e;
	char *a;

	(void)state;
	assert_int_equal(trace_model__new(&m), 0);
	e = ev(1000, SE_FORK, 1, 10, 0, "t");
	assert_int_equal(trace_model__add(m, &e), 0);
	e = ev(2000, SE_SWITCH, 0, 10, SEF_NEXT_TARGET, "t");
	assert_int_equal(trace_model__add(m, &e), 0);
	sleep_wake_run(m, 3000, 10000, 13500);	/* 3.5 us: [2, 4) */
	sleep_wake_run(m, 20000, 30000, 47000);	/* 17 us: [16, 32) */
	trace_model__finish(m, 100000);
	a = render(summary_json__write, &ri, m);
	assert_non_null(strstr(a, "\"wakeup_latency_hist_log2_us\":[0,1,0,0,1]"));
	free(a);
	trace_model__free(m);
}

static void test_text_sorts_by_run(void **state)
{
	struct trace_model *m = two_tasks();
	char *argv[] = { "x", NULL };
	struct run_info ri = { .argc = 1, .argv = argv };
	char *t;
	enum summary_sort s;

	(void)state;
	t = render(text_by_run, &ri, m);
	/* busy (5 ms... 5 us of running) is listed before the other task */
	assert_true(strstr(t, "busy") < strstr(t, "we\"ird"));
	free(t);
	assert_int_equal(summary_sort__parse("switches", &s), 0);
	assert_int_equal(s, SUMMARY_SORT_SWITCHES);
	assert_int_equal(summary_sort__parse("nope", &s), -EINVAL);
	trace_model__free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escapes_and_maps_fields),
		cmocka_unit_test(test_json_latency_histogram),
		cmocka_unit_test(test_text_sorts_by_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
