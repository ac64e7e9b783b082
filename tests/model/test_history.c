// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_history.c - the model under a memory budget (trace_model__set_budget):
 * one long synthetic run fed to a model without a bound and to one with a
 * small budget. The bounded one must stay within its budget, fold its old
 * detail, and still give every counter, total, futex group and futex tally
 * the unbounded one gives; its timeline over folded time must show the same
 * time in each state, to the spans' rounding.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "futex_fold.h"
#include "futex_groups.h"
#include "lanes.h"
#include "lock_table.h"
#include "task_totals.h"
#include "trace_model.h"

#define US 1000ull
#define NTASK 6
#define NCPU 2
#define TGID 500
#define GIL_ADDR 0x7f0000001000ull
#define MUTEX_ADDR 0x7f0000002000ull
#define BUDGET (256u << 10)

struct sim {
	uint64_t ts, rng;
	int state[NTASK];	/* 0 asleep, 1 runnable, 2 running */
	int cpu_of[NTASK];
	int on_cpu[NCPU];	/* task index + 1, 0 idle */
};

static uint32_t rnd(struct sim *s, uint32_t n)
{
	s->rng = s->rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(s->rng >> 33) % n;
}

static int32_t tid_of(int i)
{
	return TGID + i;
}

static struct sched_event ev(const struct sim *s, enum sched_event_type type)
{
	struct sched_event e;

	memset(&e, 0, sizeof(e));
	e.ts_ns = s->ts;
	e.type = (uint16_t)type;
	return e;
}

static void feed(struct trace_model **ms, size_t n, const struct sched_event *e)
{
	for (size_t k = 0; k < n; k++)
		assert_int_equal(trace_model__add(ms[k], e), 0);
}

/* One step of a made-up run of NTASK threads on NCPU CPUs. */
static void step(struct sim *s, struct trace_model **ms, size_t n)
{
	int i = (int)rnd(s, NTASK);
	struct sched_event e;

	s->ts += 1 + rnd(s, 200) * US / 4;
	if (s->state[i] == 2) {
		uint32_t r = rnd(s, 10);

		e = ev(s, SE_SWITCH);
		e.tid = tid_of(i);
		e.tgid = TGID;
		e.cpu = (uint16_t)s->cpu_of[i];
		e.flags = SEF_PREV_TARGET;
		snprintf(e.comm, sizeof(e.comm), "w%d", i);
		if (r < 4) {
			e.flags |= SEF_VOLUNTARY | SEF_FUTEX;
			e.state = SE_TASK_INTERRUPTIBLE;
			e.futex_addr = r < 3 ? GIL_ADDR : MUTEX_ADDR;
			s->state[i] = 0;
		} else if (r < 7) {
			e.flags |= SEF_VOLUNTARY;
			e.state = r < 6 ? SE_TASK_INTERRUPTIBLE : SE_TASK_UNINTERRUPTIBLE;
			s->state[i] = 0;
		} else {
			s->state[i] = 1;
		}
		s->on_cpu[s->cpu_of[i]] = 0;
		feed(ms, n, &e);
	} else if (s->state[i] == 0) {
		int w = (int)rnd(s, NTASK + 1);	/* NTASK: an untraced waker */

		e = ev(s, SE_WAKING);
		e.tid = tid_of(i);
		e.tgid = TGID;
		e.tid2 = w < NTASK ? tid_of(w) : 9999;
		e.tgid2 = w < NTASK ? TGID : 9999;
		s->state[i] = 1;
		feed(ms, n, &e);
	} else {
		for (int c = 0; c < NCPU; c++) {
			if (s->on_cpu[c])
				continue;
			e = ev(s, SE_SWITCH);
			e.tid2 = tid_of(i);
			e.tgid2 = TGID;
			e.cpu = (uint16_t)c;
			e.flags = SEF_NEXT_TARGET;
			snprintf(e.comm2, sizeof(e.comm2), "w%d", i);
			s->on_cpu[c] = i + 1;
			s->cpu_of[i] = c;
			s->state[i] = 2;
			feed(ms, n, &e);
			break;
		}
	}
}

static void compare_task(const struct trace_task *a, const struct trace_task *b, uint64_t now)
{
	assert_int_equal(a->tid, b->tid);
	assert_int_equal(a->nvcsw, b->nvcsw);
	assert_int_equal(a->nivcsw, b->nivcsw);
	assert_memory_equal(a->time_ns, b->time_ns, sizeof(a->time_ns));
	assert_int_equal(a->wakeups, b->wakeups);
	assert_int_equal(a->wakeup_latency_sum_ns, b->wakeup_latency_sum_ns);
	assert_memory_equal(a->wakeup_hist, b->wakeup_hist, sizeof(a->wakeup_hist));
	assert_int_equal(a->futex_waits, b->futex_waits);
	assert_int_equal(a->migrations, b->migrations);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->n_iv + a->iv_folded, b->n_iv);
	assert_int_equal(a->n_fw + a->fw_folded, b->n_fw);
	for (int s = 0; s < TS__COUNT; s++)
		assert_int_equal(trace_task__time_in(a, (enum task_state)s, now),
				 trace_task__time_in(b, (enum task_state)s, now));
}

static void compare_futex(const struct trace_model *mb, const struct trace_task *a,
			  const struct trace_model *mu, const struct trace_task *b, uint64_t now)
{
	struct futex_group ga[8], gb[8];
	long na = futex_groups__copy(a, now, ga, 8), nb = futex_groups__copy(b, now, gb, 8);
	struct futex_tally ta = { 0 }, tb = { 0 };

	assert_int_equal(na, nb);
	assert_true(na > 0);
	assert_memory_equal(ga, gb, (size_t)na * sizeof(ga[0]));
	futex_tally__add(mb, a, 0, a->n_fw, now, &ta);
	if (a->ff)
		futex_tally__sum(&ta, &a->ff->tally);
	futex_tally__add(mu, b, 0, b->n_fw, now, &tb);
	assert_memory_equal(&ta, &tb, sizeof(ta));
	assert_true(tb.handoffs > 0 && tb.wasted > 0 && tb.gil_waits > 0 && tb.gil_wasted > 0);
}

/* Time in each state over the whole run, from the lanes, bounded vs not. */
static void compare_lanes(const struct trace_task *a, const struct trace_task *b, uint64_t t0,
			  uint64_t t1)
{
	enum { COLS = 40 };
	static uint64_t acc_a[COLS * TS__COUNT], acc_b[COLS * TS__COUNT];

	assert_int_equal(lanes__accumulate(&a, 1, t0, t1, t1, COLS, NULL, acc_a), 0);
	assert_int_equal(lanes__accumulate(&b, 1, t0, t1, t1, COLS, NULL, acc_b), 0);
	for (int s = 1; s < TS__COUNT; s++) {
		uint64_t sa = 0, sb = 0;

		for (size_t c = 0; c < COLS; c++) {
			sa += acc_a[c * TS__COUNT + s];
			sb += acc_b[c * TS__COUNT + s];
		}
		/* a span rounds each state's share to 1/65535 of its length,
		 * and spreads it evenly: over the whole run, the sums agree to
		 * that rounding, one part in 65535 of each span (and a ns per
		 * cell a span crosses) */
		assert_true(sa <= sb + (t1 - t0) / 65535 * 2 + a->n_sp * COLS);
		assert_true(sb <= sa + (t1 - t0) / 65535 * 2 + a->n_sp * COLS);
	}
}

static void bounded_equals_unbounded(void **state)
{
	struct trace_model *mu = NULL, *mb = NULL, *ms[2];
	struct sim s = { .ts = 1000 * US, .rng = 42 };
	struct task_totals tu, tb;
	size_t max_bytes = 0;
	uint64_t now;

	(void)state;
	assert_int_equal(trace_model__new(&mu), 0);
	assert_int_equal(trace_model__new(&mb), 0);
	assert_int_equal(trace_model__set_budget(mb, BUDGET), 0);
	ms[0] = mu;
	ms[1] = mb;
	for (int k = 0; k < 2; k++)
		assert_int_equal(trace_model__add_lock(ms[k], TGID, GIL_ADDR,
						       LOCK_TABLE_GIL "(test)"), 0);
	for (int i = 0; i < NTASK; i++) {
		for (int k = 0; k < 2; k++)
			assert_int_equal(trace_model__add_task(ms[k], tid_of(i), TGID, 1, "w",
							       s.ts), 0);
	}
	for (int k = 0; k < 400000; k++) {
		step(&s, ms, 2);
		if (trace_model__history_bytes(mb) > max_bytes)
			max_bytes = trace_model__history_bytes(mb);
	}
	now = s.ts;
	print_message("history: unbounded %zu bytes, bounded at most %zu of %u; detail from "
		      "%llu ms of %llu, spans of %llu us\n", trace_model__history_bytes(mu),
		      max_bytes, BUDGET,
		      (unsigned long long)(trace_model__detail_from(mb) - 1000 * US) / 1000000,
		      (unsigned long long)(now - 1000 * US) / 1000000,
		      (unsigned long long)trace_model__span_ns(mb) / 1000);
	assert_true(trace_model__history_bytes(mu) > 8 * BUDGET);
	assert_true(max_bytes <= BUDGET);
	assert_true(trace_model__detail_from(mb) > 1000 * US);
	task_totals__of_run(mu, now, &tu);
	task_totals__of_run(mb, now, &tb);
	assert_memory_equal(&tu, &tb, sizeof(tu));
	for (int i = 0; i < NTASK; i++) {
		const struct trace_task *a = trace_model__find(mb, tid_of(i));
		const struct trace_task *b = trace_model__find(mu, tid_of(i));

		assert_non_null(a);
		assert_non_null(b);
		assert_true(a->n_sp > 0 && a->iv_folded > 0 && a->fw_folded > 0);
		compare_task(a, b, now);
		compare_futex(mb, a, mu, b, now);
		compare_lanes(a, b, 1000 * US, now);
		/* in folded time, the state of the larger share */
		assert_int_not_equal(trace_task__state_at(a, a->sp[0].start_ns), TS_UNKNOWN);
		assert_int_equal(trace_task__state_at(a, a->iv[a->n_iv - 1].start_ns),
				 trace_task__state_at(b, a->iv[a->n_iv - 1].start_ns));
	}
	trace_model__free(mu);
	trace_model__free(mb);
}

/*
 * A budget smaller than what cannot be folded (a span per task, the
 * locks' sums): the counts stay exact, and the history stays near that
 * floor instead of growing with the events.
 */
static void budget_below_the_floor(void **state)
{
	struct trace_model *mu = NULL, *mb = NULL, *ms[2];
	struct sim s = { .ts = 1000 * US, .rng = 7 };
	struct task_totals tu, tb;

	(void)state;
	assert_int_equal(trace_model__new(&mu), 0);
	assert_int_equal(trace_model__new(&mb), 0);
	assert_int_equal(trace_model__set_budget(mb, 64), 0);
	ms[0] = mu;
	ms[1] = mb;
	for (int k = 0; k < 200000; k++)
		step(&s, ms, 2);
	task_totals__of_run(mu, s.ts, &tu);
	task_totals__of_run(mb, s.ts, &tb);
	assert_memory_equal(&tu, &tb, sizeof(tu));
	print_message("a 64-byte budget: the history holds %zu bytes after 200000 steps "
		      "(unbounded: %zu)\n", trace_model__history_bytes(mb),
		      trace_model__history_bytes(mu));
	assert_true(trace_model__history_bytes(mb) < 16 * 1024);
	trace_model__free(mu);
	trace_model__free(mb);
}

/* A span's main state is the one with the largest share; none: unknown. */
static void span_main_state(void **state)
{
	struct trace_span sp = { .start_ns = 0, .end_ns = 100 };

	(void)state;
	assert_int_equal(trace_span__main_state(&sp), TS_UNKNOWN);
	sp.share[TS_SLEEPING] = 100;
	sp.share[TS_RUNNING] = 200;
	assert_int_equal(trace_span__main_state(&sp), TS_RUNNING);
	sp.share[TS_FUTEX] = 300;
	assert_int_equal(trace_span__main_state(&sp), TS_FUTEX);
}

/* Lost events keep their CPU and time, in bounded marks, and their total. */
static void lost_marks(void **state)
{
	struct trace_model *m = NULL;
	const struct trace_lost_mark *lm;
	uint64_t sum = 0, want = 0;
	size_t n;

	(void)state;
	assert_int_equal(trace_model__new(&m), 0);
	for (uint64_t i = 0; i < 3 * TRACE_LOST_MARKS_MAX; i++) {
		assert_int_equal(trace_model__add_lost_at(m, i + 1, i * 1000 * US, (int32_t)(i % 3) - 1),
				 0);
		want += i + 1;
	}
	n = trace_model__lost_marks(m, &lm);
	assert_true(n <= TRACE_LOST_MARKS_MAX && n > TRACE_LOST_MARKS_MAX / 8);
	for (size_t i = 0; i < n; i++) {
		sum += lm[i].n;
		assert_true(lm[i].cpu >= -1 && lm[i].cpu <= 1);
		assert_true(!i || lm[i].ts_ns >= lm[i - 1].ts_ns);
	}
	assert_int_equal(sum, want);
	assert_int_equal(trace_model__stats(m)->lost, want);
	trace_model__free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bounded_equals_unbounded),
		cmocka_unit_test(span_main_state),
		cmocka_unit_test(budget_below_the_floor),
		cmocka_unit_test(lost_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
