// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_totals.c - the per-process and per-run totals the model keeps as
 * tasks change (task_totals__of_run/__of_process) against the same figures
 * added up task by task (task_totals__of_tasks), over random event streams:
 * forks of threads and processes, switches with every flag, wakeups,
 * exits, TID reuse, out-of-order times, and now_ns both past the last
 * event (a live view) and before it (a view looking back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "task_totals.h"
#include "trace_model.h"

#define NTID 40

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static struct sched_event random_event(uint64_t ts)
{
	static const uint32_t states[] = { 0, SE_TASK_INTERRUPTIBLE, SE_TASK_UNINTERRUPTIBLE,
					   SE_TASK_UNINTERRUPTIBLE | SE_TASK_NOLOAD,
					   SE_TASK_DEAD };
	struct sched_event e;
	int32_t a = 100 + (int32_t)rnd(NTID), b = 100 + (int32_t)rnd(NTID);

	memset(&e, 0, sizeof(e));
	e.ts_ns = ts;
	e.tid = a;
	e.tgid = 100 + (a - 100) % 5;	/* five processes */
	e.tid2 = b;
	e.tgid2 = rnd(2) ? e.tgid : 100 + (b - 100) % 5;
	e.cpu = (uint16_t)rnd(4);
	snprintf(e.comm, sizeof(e.comm), "t%d", a);
	snprintf(e.comm2, sizeof(e.comm2), "t%d", b);
	switch (rnd(6)) {
	case 0:
		e.type = SE_FORK;
		break;
	case 1:
	case 2:
		e.type = SE_SWITCH;
		e.flags = (rnd(2) ? SEF_PREV_TARGET : 0) | (rnd(4) ? SEF_NEXT_TARGET : 0) |
			  (rnd(2) ? SEF_VOLUNTARY : 0) | (rnd(5) ? 0 : SEF_FUTEX) |
			  (rnd(6) ? 0 : SEF_RELEASED) | (rnd(6) ? 0 : SEF_REAPING);
		e.state = states[rnd(5)];
		break;
	case 3:
		e.type = SE_WAKING;
		break;
	case 4:
		e.type = SE_WAKEUP;
		break;
	default:
		e.type = rnd(2) ? SE_WAKEUP_NEW : SE_EXIT;
		break;
	}
	return e;
}

static void expect_same(const struct task_totals *kept, const struct task_totals *added)
{
	if (memcmp(kept, added, sizeof(*kept))) {
		fprintf(stderr, "kept: tasks %u nvcsw %llu run %llu life %llu; added: tasks %u "
			"nvcsw %llu run %llu life %llu\n", kept->tasks,
			(unsigned long long)kept->nvcsw,
			(unsigned long long)kept->time_ns[TS_RUNNING],
			(unsigned long long)kept->life_ns, added->tasks,
			(unsigned long long)added->nvcsw,
			(unsigned long long)added->time_ns[TS_RUNNING],
			(unsigned long long)added->life_ns);
		fail();
	}
}

/* of_run and of_process at now_ns against the task-by-task sums. */
static void check(const struct trace_model *m, uint64_t now_ns)
{
	size_t n = trace_model__task_count(m), k;
	const struct trace_task **v = calloc(n + 1, sizeof(*v));
	struct task_totals kept, added;

	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = trace_model__task(m, i);
	task_totals__of_run(m, now_ns, &kept);
	task_totals__of_tasks(v, n, now_ns, &added);
	expect_same(&kept, &added);
	for (int32_t tgid = 99; tgid < 106; tgid++) {
		k = 0;
		for (size_t i = 0; i < n; i++)
			if (trace_model__task(m, i)->tgid == tgid)
				v[k++] = trace_model__task(m, i);
		task_totals__of_process(m, tgid, now_ns, &kept);
		task_totals__of_tasks(v, k, now_ns, &added);
		expect_same(&kept, &added);
	}
	free(v);
}

static void test_kept_totals_match_added_ones(void **state)
{
	struct trace_model *m = NULL;
	uint64_t ts = 1000;

	(void)state;
	assert_int_equal(trace_model__new(&m), 0);
	assert_int_equal(trace_model__add_task(m, 100, 100, 1, "root", ts), 0);
	for (int i = 0; i < 20000; i++) {
		struct sched_event e;

		ts += rnd(5) ? rnd(3000) : 0;
		e = random_event(rnd(50) ? ts : ts - rnd(2000));	/* now and then late */
		assert_int_equal(trace_model__add(m, &e), 0);
		if (i % 97 == 0)
			check(m, ts + rnd(5000));	/* a live view: at or after the last event */
		if (i % 331 == 0)
			check(m, ts > 50000 ? ts - rnd(50000) : 0);	/* looking back */
	}
	trace_model__finish(m, ts + 100);
	check(m, ts + 100);
	check(m, ts + 12345);
	check(m, ts / 2);
	check(m, TASK_TOTALS_CLOSED);
	trace_model__free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_totals_match_added_ones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
