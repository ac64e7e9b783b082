// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_view_parts.c - the view's pure parts: key table, colour schemes and
 * glyphs, the output log, number formats, lesson figures and task detail.
 */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "figures.h"
#include "fmt.h"
#include "keymap.h"
#include "output_log.h"
#include "synth.h"
#include "futex_groups.h"
#include "task_detail.h"
#include "theme.h"

static void test_keymap(void **state)
{
	size_t n;
	const struct key_binding *kb = keymap__table(&n);
	char hints[256];

	(void)state;
	/* every action has a key; no key does two things */
	for (int a = ACT_NONE + 1; a < ACT__COUNT; a++)
		assert_non_null(keymap__binding((enum tui_action)a));
	for (size_t i = 0; i < n; i++) {
		assert_non_null(kb[i].help);
		for (int k = 0; k < KEYMAP_MAX_KEYS && kb[i].keys[k]; k++) {
			for (size_t j = 0; j < n; j++)
				for (int l = 0; l < KEYMAP_MAX_KEYS && kb[j].keys[l]; l++)
					if (i != j)
						assert_int_not_equal(kb[i].keys[k], kb[j].keys[l]);
			assert_int_equal(keymap__lookup(kb[i].keys[k]), kb[i].action);
		}
	}
	assert_int_equal(keymap__lookup('q'), ACT_QUIT);
	assert_int_equal(keymap__lookup(' '), ACT_PAUSE);
	assert_int_equal(keymap__lookup('?'), ACT_HELP);
	assert_int_equal(keymap__lookup(KEY_LEFT), ACT_PAN_LEFT);
	assert_int_equal(keymap__lookup('x'), ACT_NONE);
	/* the hint line is cut at a whole pair and fits */
	assert_true(keymap__hint_line(hints, sizeof(hints), 20) <= 20);
	assert_string_equal(hints, "q quit  ? help");
	keymap__hint_line(hints, sizeof(hints), 200);
	assert_non_null(strstr(hints, "space pause"));
}

static void test_theme_choice(void **state)
{
	(void)state;
	assert_int_equal(theme__choose(true, 256, NULL, true).scheme, SCHEME_256);
	assert_int_equal(theme__choose(true, 88, NULL, true).scheme, SCHEME_8);
	assert_int_equal(theme__choose(true, 8, NULL, true).scheme, SCHEME_8);
	assert_int_equal(theme__choose(true, 256, "1", true).scheme, SCHEME_NONE);
	assert_int_equal(theme__choose(true, 256, "", true).scheme, SCHEME_256); /* empty: unset */
	assert_int_equal(theme__choose(false, 0, NULL, true).scheme, SCHEME_NONE);
	assert_int_equal(theme__choose(true, 2, NULL, true).scheme, SCHEME_NONE);
	assert_false(theme__choose(true, 256, NULL, false).utf8);
}

/* Without colour every state must still look different, in both glyph sets. */
static void test_glyphs_distinct(void **state)
{
	size_t n;
	const struct legend_item *items = theme__task_legend(&n);

	(void)state;
	for (int utf8 = 0; utf8 <= 1; utf8++) {
		struct theme th = { .scheme = SCHEME_NONE, .utf8 = utf8 };

		for (size_t i = 0; i < n; i++) {
			const char *g = theme__glyph(&th, items[i].glyph);

			assert_true(strlen(g) > 0);
			assert_string_not_equal(g, " ");
			for (size_t j = i + 1; j < n; j++)
				assert_string_not_equal(g, theme__glyph(&th, items[j].glyph));
			assert_string_not_equal(g, theme__glyph(&th, GLYPH_IDLE));
		}
		if (!utf8)
			for (int g = 0; g < GLYPH__COUNT; g++)
				for (const char *p = theme__glyph(&th, (enum theme_glyph)g); *p; p++)
					assert_true((unsigned char)*p < 0x80);
	}
	/* cells take the legend's glyph and role */
	assert_int_equal(theme__state_glyph(TS_RUNNING, 100), GLYPH_RUNNING);
	assert_int_equal(theme__state_glyph(TS_RUNNING, 49), GLYPH_SLIVER);
	assert_int_equal(theme__state_role(TS_RUNNING, 49), ROLE_SLIVER);
	assert_int_equal(theme__state_glyph(TS_FUTEX, 0), GLYPH_FUTEX);
	assert_int_equal(theme__state_role(TS_PREEMPTED, 0), ROLE_PREEMPTED);
}

static void test_output_log(void **state)
{
	static struct output_log o;
	size_t shown;
	char line[32];

	(void)state;
	output_log__init(&o, true);
	output_log__append(&o, "hello\nwor", 9);
	assert_string_equal(output_log__line(&o, 5, 1, &shown), "wor"); /* the partial line */
	assert_int_equal(shown, 2);
	output_log__append(&o, "ld\nabc\rxy\n\ttab\x01\n", 16);
	assert_string_equal(output_log__line(&o, 2, 0, &shown), "xy");
	assert_string_equal(output_log__line(&o, 2, 1, &shown), "    tab?");
	assert_string_equal(output_log__line(&o, 3, 0, &shown), "world");
	/* UTF-8 kept when valid, even split across appends; broken sequences become '?' */
	output_log__append(&o, "\xc3", 1);
	output_log__append(&o, "\xa9t\xc3(\n", 5);
	assert_string_equal(output_log__line(&o, 1, 0, &shown), "\xc3\xa9t?(");
	output_log__init(&o, false);
	output_log__append(&o, "\xc3\xa9!\n", 4);
	assert_string_equal(output_log__line(&o, 1, 0, &shown), "?" "?!");
	/* the ring keeps the newest lines */
	output_log__init(&o, true);
	for (int i = 0; i < 300; i++) {
		int k = snprintf(line, sizeof(line), "line %d\n", i);

		output_log__append(&o, line, (size_t)k);
	}
	assert_int_equal(o.total_lines, 300);
	assert_string_equal(output_log__line(&o, 1, 0, &shown), "line 299");
	assert_string_equal(output_log__line(&o, 1000, 0, &shown), "line 45");
	assert_int_equal(shown, OUTPUT_LOG_LINES - 1);
	assert_null(output_log__line(&o, 3, 3, &shown));
}

static void test_fmt(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(fmt__count(b, sizeof(b), 999), "999");
	assert_string_equal(fmt__count(b, sizeof(b), 9999), "9999");
	assert_string_equal(fmt__count(b, sizeof(b), 12345), "12.3k");
	assert_string_equal(fmt__count(b, sizeof(b), 99960), "100k");
	assert_string_equal(fmt__count(b, sizeof(b), 1234567), "1.23M");
	assert_string_equal(fmt__count(b, sizeof(b), 123456789), "123.5M");
	assert_string_equal(fmt__duration(b, sizeof(b), 0, false), "0");
	assert_string_equal(fmt__duration(b, sizeof(b), 850, false), "850ns");
	assert_string_equal(fmt__duration(b, sizeof(b), 1500, false), "1.50us");
	assert_string_equal(fmt__duration(b, sizeof(b), 1500, true), "1.50\u00b5s");
	assert_string_equal(fmt__duration(b, sizeof(b), 4560000, false), "4.56ms");
	assert_string_equal(fmt__duration(b, sizeof(b), 1234000000, false), "1.234s");
	assert_string_equal(fmt__duration(b, sizeof(b), 125000000000ull, false), "2m05s");
	assert_string_equal(fmt__offset(b, sizeof(b), 50000000, 50000000, false), "50ms");
	assert_string_equal(fmt__offset(b, sizeof(b), 1250000000, 250000000, false), "1.25s");
	assert_string_equal(fmt__offset(b, sizeof(b), 2000000000, 500000000, false), "2s");
	assert_string_equal(fmt__offset(b, sizeof(b), 2500000, 500000, false), "2.5ms");
	assert_string_equal(fmt__offset(b, sizeof(b), 40000, 20000, false), "40us");
	assert_string_equal(fmt__rate(b, sizeof(b), 10, 1000000000), "10/s");
	assert_string_equal(fmt__rate(b, sizeof(b), 10, 0), "-");
	assert_int_equal(fmt__nice_step(1), 1);
	assert_int_equal(fmt__nice_step(7), 10);
	assert_int_equal(fmt__nice_step(11), 20);
	assert_int_equal(fmt__nice_step(30), 50);
	assert_int_equal(fmt__nice_step(27000000), 50000000);
}

/*
 * Thread A (11) of process 10 and its peer B (12), times in us:
 *   A futex wait on 0x10 from 100, woken by B at 200, runs 210-250,
 *   waits on 0x10 again at 250 (back within 50 us: wasted), woken by B at
 *   400, runs 410-900, waits on 0x10 at 900 (after 500 us: not wasted), woken
 *   at 1000 by nobody traced (no hand-off), runs 1010-1020, waits on 0x20,
 *   woken by B at 1100, runs 1150-1200 and is woken at 1190 while still on
 *   the CPU: the futex wait it leaves in at 1200 never sleeps (0 us), and it
 *   runs again from 1210 on.
 */
static struct trace_model *futex_model(void)
{
	struct trace_model *m = NULL;

	synth_name_reset();
	assert_int_equal(trace_model__new(&m), 0);
	assert_int_equal(synth_start(m, 0, 1, 12, "B"), 0);
	assert_int_equal(trace_model__add_task(m, 11, 10, 1, "A", US(0)), 0);
	synth_name_set(11, "A");
	assert_int_equal(synth_switch(m, 0, 0, 0, 0, OUT_PREEMPT, 0, 11, 10), 0);
	assert_int_equal(synth_switch(m, 100, 0, 11, 10, OUT_FUTEX, 0x10, 0, 0), 0);
	assert_int_equal(synth_wake(m, 200, 11, 10, 12), 0);
	assert_int_equal(synth_switch(m, 210, 0, 0, 0, OUT_PREEMPT, 0, 11, 10), 0);
	assert_int_equal(synth_switch(m, 250, 0, 11, 10, OUT_FUTEX, 0x10, 0, 0), 0);
	assert_int_equal(synth_wake(m, 400, 11, 10, 12), 0);
	assert_int_equal(synth_switch(m, 410, 0, 0, 0, OUT_PREEMPT, 0, 11, 10), 0);
	assert_int_equal(synth_switch(m, 900, 0, 11, 10, OUT_FUTEX, 0x10, 0, 0), 0);
	assert_int_equal(synth_wake(m, 1000, 11, 10, 0), 0);
	assert_int_equal(synth_switch(m, 1010, 0, 0, 0, OUT_PREEMPT, 0, 11, 10), 0);
	assert_int_equal(synth_switch(m, 1020, 0, 11, 10, OUT_FUTEX, 0x20, 0, 0), 0);
	assert_int_equal(synth_wake(m, 1100, 11, 10, 12), 0);
	/* woken at 1190 while still running, it leaves in a futex wait that never slept */
	assert_int_equal(synth_switch(m, 1150, 0, 0, 0, OUT_PREEMPT, 0, 11, 10), 0);
	assert_int_equal(synth_wake(m, 1190, 11, 10, 12), 0);
	assert_int_equal(synth_switch(m, 1200, 0, 11, 10, OUT_FUTEX, 0x20, 0, 0), 0);
	assert_int_equal(synth_switch(m, 1210, 0, 0, 0, OUT_PREEMPT, 0, 11, 10), 0);
	return m;
}

static void test_figures(void **state)
{
	struct trace_model *m = futex_model();
	const struct trace_task *tasks[2] = { trace_model__task(m, 0), trace_model__task(m, 1) };
	struct task_totals tt;
	struct figures f;
	struct figure_line lines[12];
	size_t n;

	(void)state;
	task_totals__of_tasks(tasks, 2, US(2000), &tt);
	figures__compute(m, tasks, 2, US(2000), 2000000, &tt, &f);
	assert_int_equal(f.totals.futex_waits, 5);
	assert_int_equal(f.gil_waits, 0);	/* no word named as a GIL */
	assert_int_equal(f.handoffs, 3);
	assert_int_equal(f.wasted_wakeups, 1);
	/* the wait that never slept adds nothing, though it is the last one */
	assert_int_equal(f.futex_wait_ns, (100 + 150 + 100 + 80) * 1000ull);
	/* B ran 0-2000; A 0-100, 210-250, 410-900, 1010-1020, 1150-1200, 1210-2000 */
	assert_int_equal(f.totals.time_ns[TS_RUNNING], (2000 + 100 + 40 + 490 + 10 + 50 + 790) * 1000ull);
	assert_true(f.cpus_busy > 1.739 && f.cpus_busy < 1.741);
	n = figures__lines(FIGURE_HANDOFF_RATE "," FIGURE_WASTED "," FIGURE_CPUS_BUSY, &f, false, lines, 12);
	assert_true(n >= 3);
	assert_string_equal(lines[0].label, "lock hand-offs");
	assert_string_equal(lines[1].label, "wasted wake-ups");
	assert_string_equal(lines[1].value, "1 (33%)");
	n = figures__lines(NULL, &f, false, lines, 12);
	assert_string_equal(lines[0].label, "CPUs kept busy");
	assert_string_equal(lines[0].value, "1.74");
	/* word 0x10 named as CPython's GIL: its three waits, two ended by B
	 * (at 200 and 400), the first followed by another wait 40 us later */
	assert_int_equal(trace_model__add_lock(m, 10, 0x10, "GIL _PyRuntime+0x1b0 (python3.11)"), 0);
	figures__compute(m, tasks, 2, US(2000), 2000000, &tt, &f);
	assert_int_equal(f.gil_waits, 3);
	assert_int_equal(f.gil_handoffs, 2);
	assert_int_equal(f.gil_wasted, 1);
	n = figures__lines(NULL, &f, false, lines, 12);
	assert_true(n >= 2);
	assert_string_equal(lines[n - 2].label, "GIL hand-offs");
	assert_string_equal(lines[n - 1].label, "GIL wasted");
	assert_string_equal(lines[n - 1].value, "1 (50%)");
	trace_model__free(m);
}

static void test_task_detail(void **state)
{
	struct trace_model *m = futex_model();
	const struct trace_task *a = trace_model__find(m, 11);
	const struct trace_task *tasks[2] = { trace_model__task(m, 0), trace_model__task(m, 1) };
	struct futex_group g[4];
	uint32_t kids[4];
	char b[32];

	(void)state;
	assert_int_equal(futex_groups__copy(a, US(2000), g, 4), 2);
	assert_int_equal(futex_groups__copy(a, US(2000), NULL, 0), 2);
	assert_int_equal(g[0].addr, 0x10);		/* 350 us of waits before 80 */
	assert_int_equal(g[0].waits, 3);
	assert_int_equal(g[0].wait_ns, 350000);
	assert_int_equal(g[0].n_wakers, 2);
	assert_int_equal(g[0].wakers[0].tid, 12);	/* B twice */
	assert_int_equal(g[0].wakers[0].count, 2);
	assert_int_equal(g[0].wakers[1].tid, 0);	/* nobody traced once */
	assert_int_equal(g[1].addr, 0x20);
	assert_int_equal(g[1].waits, 2);
	assert_int_equal(g[1].wait_ns, 80000);
	assert_int_equal(g[1].n_wakers, 2);		/* B once, nobody once */
	assert_int_equal(g[1].wakers[0].tid + g[1].wakers[1].tid, 12);
	assert_int_equal(task_detail__children(tasks, 2, a, kids, 4), 0);
	assert_string_equal(task_detail__hist_label(b, sizeof(b), 0, false), "<2us");
	assert_string_equal(task_detail__hist_label(b, sizeof(b), 1, false), "2us-4us");
	assert_string_equal(task_detail__hist_label(b, sizeof(b), 10, false), "1ms-2ms");
	trace_model__free(m);
}

static void test_task_children(void **state)
{
	struct trace_model *m = NULL;
	const struct trace_task *tasks[4];
	uint32_t kids[4];

	(void)state;
	synth_name_reset();
	assert_int_equal(trace_model__new(&m), 0);
	assert_int_equal(synth_start(m, 0, 0, 10, "p"), 0);
	assert_int_equal(synth_fork(m, 5, 10, 10, 11, 10, "t"), 0);
	assert_int_equal(synth_fork(m, 6, 11, 10, 20, 20, "c"), 0);
	assert_int_equal(synth_fork(m, 7, 10, 10, 21, 21, "d"), 0);
	for (size_t i = 0; i < 4; i++)
		tasks[i] = trace_model__task(m, i);
	assert_int_equal(task_detail__children(tasks, 4, tasks[0], kids, 4), 2);
	assert_int_equal(kids[0], 1);
	assert_int_equal(kids[1], 3);
	assert_int_equal(task_detail__children(tasks, 4, tasks[1], kids, 4), 1);
	assert_int_equal(kids[0], 2);
	trace_model__free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keymap),
		cmocka_unit_test(test_theme_choice),
		cmocka_unit_test(test_glyphs_distinct),
		cmocka_unit_test(test_output_log),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_task_detail),
		cmocka_unit_test(test_task_children),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
