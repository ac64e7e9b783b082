// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_ftrace_text.c - the ftrace formatter against the kernel's own output:
 * lines of /work/shared/reference/ftrace-sched-6.18.txt (tracefs `trace` of
 * kernel 6.18 on the project machine, record-tgid on), rebuilt from
 * sched_events carrying the same facts, must come out byte for byte. Only
 * the flags column of wakeups taken in interrupt context differs (the kernel
 * prints "dNh2." there; we write "d..2." for every scheduler event).
 * And the prev_state folding of include/trace/events/sched.h.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ftrace_text.h"
#include "task_names.h"

/* One reference line and the event that should print it. */
struct golden {
	const char *line;
	struct sched_event ev;
};

#define TS(s, us) ((uint64_t)(s) * 1000000000ull + (uint64_t)(us) * 1000ull)
#define P(tid_, tgid_, comm_) .tid = tid_, .tgid = tgid_, .prio = 120, .comm = comm_
#define Q(tid_, tgid_, comm_) .tid2 = tid_, .tgid2 = tgid_, .prio2 = 120, .comm2 = comm_

static const struct golden golden[] = {
	{ "         refwork-14080   (  14080) [000] .....  2708.583004: task_rename: pid=14080 "
	  "oldcomm=bash newcomm=refwork oom_score_adj=0\n",
	  { .ts_ns = TS(2708, 583004), .type = SE_RENAME, P(14080, 14080, "refwork"),
	    .comm2 = "bash" } },
	{ "         refwork-14080   (  14080) [000] .....  2708.583072: sched_process_exec: "
	  "filename=/tmp/refwork pid=14080 old_pid=14080\n",
	  { .ts_ns = TS(2708, 583072) - 499, .type = SE_EXEC, P(14080, 14080, "refwork"),
	    .old_pid = 14080, .filename = "/tmp/refwork" } },
	{ "         refwork-14080   (  14080) [000] .....  2708.583623: sched_process_fork: "
	  "comm=refwork pid=14080 child_comm=refwork child_pid=14081\n",
	  { .ts_ns = TS(2708, 583623) + 499, .type = SE_FORK, P(14080, 14080, "refwork"),
	    Q(14081, 14080, "refwork"), .flags = SEF_THREAD } },
	{ "         refwork-14080   (  14080) [000] d..2.  2708.583629: sched_wakeup_new: "
	  "comm=refwork pid=14081 prio=120 target_cpu=000\n",
	  { .ts_ns = TS(2708, 583629), .type = SE_WAKEUP_NEW, P(14081, 14080, "refwork"),
	    Q(14080, 14080, "refwork") } },
	{ "         refwork-14080   (  14080) [000] d..2.  2708.583676: sched_switch: "
	  "prev_comm=refwork prev_pid=14080 prev_prio=120 prev_state=S ==> next_comm=refwork "
	  "next_pid=14081 next_prio=120\n",
	  { .ts_ns = TS(2708, 583676), .type = SE_SWITCH, P(14080, 14080, "refwork"),
	    Q(14081, 14080, "refwork"), .state = SE_TASK_INTERRUPTIBLE,
	    .flags = SEF_VOLUNTARY | SEF_PREV_TARGET | SEF_NEXT_TARGET } },
	{ "        worker-1-14081   (  14080) [000] .....  2708.583685: task_rename: pid=14081 "
	  "oldcomm=refwork newcomm=worker-1 oom_score_adj=0\n",
	  { .ts_ns = TS(2708, 583685), .type = SE_RENAME, P(14081, 14080, "worker-1"),
	    .comm2 = "refwork" } },
	{ "        worker-2-14082   (  14080) [001] d..2.  2708.583695: sched_switch: "
	  "prev_comm=worker-2 prev_pid=14082 prev_prio=120 prev_state=S ==> next_comm=swapper/1 "
	  "next_pid=0 next_prio=120\n",
	  { .ts_ns = TS(2708, 583695), .type = SE_SWITCH, .cpu = 1, P(14082, 14080, "worker-2"),
	    Q(0, 0, "swapper/1"), .state = SE_TASK_INTERRUPTIBLE,
	    .flags = SEF_VOLUNTARY | SEF_FUTEX | SEF_PREV_TARGET } },
	{ "          <idle>-0       (-------) [000] d..2.  2708.583873: sched_switch: "
	  "prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=worker-1 "
	  "next_pid=14081 next_prio=120\n",
	  { .ts_ns = TS(2708, 583873), .type = SE_SWITCH, P(0, 0, "swapper/0"),
	    Q(14081, 14080, "worker-1"), .flags = SEF_NEXT_TARGET } },
	{ "        worker-1-14081   (  14080) [000] d..2.  2708.583877: sched_waking: "
	  "comm=worker-2 pid=14082 prio=120 target_cpu=001\n",
	  { .ts_ns = TS(2708, 583877), .type = SE_WAKING, P(14082, 14080, "worker-2"),
	    Q(14081, 14080, "worker-1"), .target_cpu = 1, .flags = SEF_WAKER_TARGET } },
	/* reference flags "dNh2.": a wakeup from the idle task's interrupt */
	{ "          <idle>-0       (-------) [001] d..2.  2708.583894: sched_wakeup: "
	  "comm=worker-2 pid=14082 prio=120 target_cpu=001\n",
	  { .ts_ns = TS(2708, 583894), .type = SE_WAKEUP, .cpu = 1, P(14082, 14080, "worker-2"),
	    Q(0, 0, "swapper/1"), .target_cpu = 1 } },
	{ "        worker-1-14081   (  14080) [000] .....  2708.591144: sched_process_exit: "
	  "comm=worker-1 pid=14081 prio=120 group_dead=false\n",
	  { .ts_ns = TS(2708, 591144), .type = SE_EXIT, P(14081, 14080, "worker-1") } },
	{ "        worker-1-14081   (  14080) [000] d..2.  2708.591184: sched_switch: "
	  "prev_comm=worker-1 prev_pid=14081 prev_prio=120 prev_state=X ==> next_comm=refwork "
	  "next_pid=14080 next_prio=120\n",
	  { .ts_ns = TS(2708, 591184), .type = SE_SWITCH, P(14081, 14080, "worker-1"),
	    Q(14080, 14080, "refwork"), .state = SE_TASK_DEAD,
	    .flags = SEF_VOLUNTARY | SEF_PREV_TARGET | SEF_NEXT_TARGET } },
	{ "         refwork-14083   (  14083) [000] .....  2708.600600: sched_process_exit: "
	  "comm=refwork pid=14083 prio=120 group_dead=true\n",
	  { .ts_ns = TS(2708, 600600), .type = SE_EXIT, P(14083, 14083, "refwork"), .group_dead = 1 } },
	{ "         refwork-14083   (  14083) [000] d..2.  2708.600671: sched_switch: "
	  "prev_comm=refwork prev_pid=14083 prev_prio=120 prev_state=Z ==> next_comm=refwork "
	  "next_pid=14080 next_prio=120\n",
	  { .ts_ns = TS(2708, 600671), .type = SE_SWITCH, P(14083, 14083, "refwork"),
	    Q(14080, 14080, "refwork"), .state = SE_TASK_DEAD,
	    .flags = SEF_VOLUNTARY | SEF_PREV_TARGET | SEF_NEXT_TARGET } },
};

#define N_GOLDEN (sizeof(golden) / sizeof(golden[0]))

static void test_reference_lines(void **state)
{
	struct task_names *names;
	char buf[FTRACE_LINE_MAX];

	(void)state;
	assert_int_equal(task_names__new(&names), 0);
	for (size_t i = 0; i < N_GOLDEN; i++) {
		struct trace_record rec = { .kind = TRACE_REC_EVENT, .ev = golden[i].ev };

		assert_int_equal(task_names__note(names, &rec), 0);
	}
	for (size_t i = 0; i < N_GOLDEN; i++) {
		int n = ftrace_text__line(buf, sizeof(buf), &golden[i].ev, names);

		assert_int_equal(n, (int)strlen(golden[i].line));
		assert_string_equal(buf, golden[i].line);
	}
	task_names__free(names);
}

static void test_reference_header(void **state)
{
	static const char want[] =
		"# tracer: nop\n"
		"#\n"
		"# entries-in-buffer/entries-written: 437/437   #P:2\n"
		"#\n"
		"#                                          _-----=> irqs-off/BH-disabled\n"
		"#                                         / _----=> need-resched\n"
		"#                                        | / _---=> hardirq/softirq\n"
		"#                                        || / _--=> preempt-depth\n"
		"#                                        ||| / _-=> migrate-disable\n"
		"#                                        |||| /     delay\n"
		"#           TASK-PID       TGID    CPU#  |||||  TIMESTAMP  FUNCTION\n"
		"#              | |           |       |   |||||     |         |\n";
	char buf[1024];

	(void)state;
	assert_int_equal(ftrace_text__header(buf, sizeof(buf), 437, 2), (int)strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(ftrace_text__header(buf, 100, 437, 2), -ENOSPC);
}

static const char *state_of(uint32_t raw, uint32_t flags, int32_t tid, int32_t tgid)
{
	struct sched_event ev = { .type = SE_SWITCH, .state = raw, .flags = flags,
				  .tid = tid, .tgid = tgid };

	return ftrace_text__prev_state(&ev);
}

/* include/linux/sched.h: __task_state_index(), include/trace/events/sched.h */
static void test_prev_state_folding(void **state)
{
	(void)state;
	assert_string_equal(state_of(0, 0, 1, 1), "R");		/* yield, signal race */
	assert_string_equal(state_of(0, SEF_PREEMPT, 1, 1), "R+");
	assert_string_equal(state_of(0x1, SEF_PREEMPT, 1, 1), "R+");	/* preempt wins */
	assert_string_equal(state_of(0x1, SEF_VOLUNTARY, 1, 1), "S");
	assert_string_equal(state_of(0x2, SEF_VOLUNTARY, 1, 1), "D");
	assert_string_equal(state_of(0x102, SEF_VOLUNTARY, 1, 1), "D");	/* TASK_KILLABLE */
	assert_string_equal(state_of(0x402, SEF_VOLUNTARY, 1, 1), "I");	/* TASK_IDLE */
	assert_string_equal(state_of(0x4, SEF_VOLUNTARY, 1, 1), "T");
	assert_string_equal(state_of(0x8, SEF_VOLUNTARY, 1, 1), "t");
	assert_string_equal(state_of(0x40, SEF_VOLUNTARY, 1, 1), "P");
	assert_string_equal(state_of(0x1000, SEF_VOLUNTARY, 1, 1), "D");	/* rtlock wait */
	assert_string_equal(state_of(0x8000, SEF_VOLUNTARY, 1, 1), "D");	/* frozen */
	assert_string_equal(state_of(0x100, SEF_VOLUNTARY, 1, 1), "R");	/* WAKEKILL alone */
	assert_string_equal(state_of(0x80, SEF_VOLUNTARY, 5, 5), "Z");	/* leader */
	assert_string_equal(state_of(0x80, SEF_VOLUNTARY, 6, 5), "X");	/* thread */
	/* a leader its parent reaped (or autoreaped) before its last switch */
	assert_string_equal(state_of(0x80, SEF_VOLUNTARY | SEF_RELEASED, 5, 5), "X");
	assert_string_equal(state_of(0x80, SEF_VOLUNTARY | SEF_REAPING, 5, 5), "X");
	/* recorded exit_state wins over the guess: a ptraced thread stays a
	 * zombie for its tracer, a leader being reaped is already EXIT_DEAD */
	assert_string_equal(state_of(0x80 | SE_EXIT_ZOMBIE << SE_EXIT_STATE_SHIFT,
				     SEF_VOLUNTARY, 6, 5), "Z");
	assert_string_equal(state_of(0x80 | SE_EXIT_DEAD << SE_EXIT_STATE_SHIFT,
				     SEF_VOLUNTARY, 5, 5), "X");
	assert_string_equal(state_of(SE_EXIT_ZOMBIE << SE_EXIT_STATE_SHIFT, SEF_PREEMPT, 5, 5),
			    "R+");
	assert_int_equal(ftrace_text__prev_state_bits(&(struct sched_event){
				 .flags = SEF_PREEMPT }), 0x100);
	assert_int_equal(ftrace_text__prev_state_bits(&(struct sched_event){
				 .state = 0x402 }), 0x80);
}

static void test_hostile_comm_stays_on_one_line(void **state)
{
	struct sched_event ev = { .ts_ns = 1, .type = SE_SWITCH, .tid = 7, .tgid = 7,
				  .comm = "a\nb\rc\td\x7f", .tid2 = 8, .comm2 = "x y-12 [3]" };
	char buf[FTRACE_LINE_MAX];
	int n = ftrace_text__line(buf, sizeof(buf), &ev, NULL);

	(void)state;
	assert_true(n > 0);
	assert_ptr_equal(strchr(buf, '\n'), buf + n - 1);
	assert_null(strchr(buf, '\r'));
	assert_null(strchr(buf, '\t'));
	assert_non_null(strstr(buf, "a?b?c?d?-7 "));
	assert_non_null(strstr(buf, "next_comm=x y-12 [3] next_pid=8"));
	/* a type ftrace has no event for gives no line */
	ev.type = SE__MAX;
	assert_int_equal(ftrace_text__line(buf, sizeof(buf), &ev, NULL), 0);
	/* and a buffer too small is refused, not overrun */
	ev.type = SE_SWITCH;
	assert_int_equal(ftrace_text__line(buf, 40, &ev, NULL), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_lines),
		cmocka_unit_test(test_reference_header),
		cmocka_unit_test(test_prev_state_folding),
		cmocka_unit_test(test_hostile_comm_stays_on_one_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
