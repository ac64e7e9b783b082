/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ftrace_text.h - sched_events as the kernel's own text trace prints them
 * (tracefs "trace" file with record-tgid on), for Perfetto, catapult and
 * grep. One formatter, used by the ftrace export and by the Chrome JSON
 * export's systemTraceEvents, so both carry the same bytes.
 *
 * Kernel sources of the format: kernel/trace/trace_output.c
 * (trace_print_context: line prefix), kernel/trace/trace.c (print_event_info:
 * header block; ns2usecs: timestamps rounded to the microsecond),
 * include/trace/events/sched.h and task.h (TP_printk of each event).
 */
#ifndef SCHEDVIZ_FTRACE_TEXT_H
#define SCHEDVIZ_FTRACE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sched_event.h"
#include "task_names.h"

/* Longest line ftrace_text__line() writes, its newline and NUL included. */
#define FTRACE_LINE_MAX 640

/* The kernel's event name for a sched_event type ("sched_switch"), or NULL. */
const char *ftrace_text__event_name(unsigned type);

/*
 * Whose context the event was recorded in ("current" on that CPU): the
 * previous task for sched_switch, the waker for sched_waking/wakeup, the
 * creator for sched_wakeup_new, the task itself otherwise. The pid, TGID
 * and comm the event itself gives for it.
 */
void ftrace_text__current(const struct sched_event *ev, int32_t *pid, int32_t *tgid,
			  const char **comm);

/*
 * prev_state of a sched_switch as the classic tracepoint records it, from
 * the raw __state bits tp_btf reports (include/trace/events/sched.h:
 * __trace_sched_switch_state(), folding through __task_state_index() in
 * include/linux/sched.h): a preemption when the tracepoint's preempt
 * argument was set (SEF_PREEMPT), else the task's state. A TASK_DEAD task
 * is reported with its exit_state: EXIT_DEAD ("X") once it was released
 * (SEF_RELEASED), and for any thread other than the group leader, which
 * kernel/exit.c: exit_notify() releases at once; else EXIT_ZOMBIE ("Z"),
 * a leader waiting for its parent. Returns the value the tracepoint
 * stores: one TASK_REPORT bit, 0 for TASK_RUNNING, or TASK_REPORT_MAX
 * (0x100) for a preemption.
 */
uint32_t ftrace_text__prev_state_bits(const struct sched_event *ev);

/* The same as the kernel prints it: "R", "R+", "S", "D", ... Static storage. */
const char *ftrace_text__prev_state(const struct sched_event *ev);

/*
 * A comm or path as the exports write it: at most max - 1 bytes of s into
 * out (max bytes), control bytes (newline, tab, ...) as '?' so a text line
 * never breaks. Returns out.
 */
const char *ftrace_text__clean(char *out, const char *s, size_t max);

/*
 * Write the kernel's header block ("# tracer: nop" first, as Perfetto
 * sniffs it) for `entries` event lines recorded on ncpus CPUs.
 * Returns the length written to buf (len bytes, NUL-terminated), or
 * -ENOSPC.
 */
int ftrace_text__header(char *buf, size_t len, uint64_t entries, unsigned ncpus);

/*
 * Format ev as one line ending in '\n' into buf (len >= FTRACE_LINE_MAX
 * always suffices). The prefix names the current task by its last comm
 * and TGID in names (the kernel's saved_cmdlines/saved_tgids), "<idle>"
 * and "(-------)" for pid 0; control bytes in comms become '?' so a line
 * never breaks. Returns the length, 0 for an event type ftrace has no line
 * for, or -ENOSPC.
 */
int ftrace_text__line(char *buf, size_t len, const struct sched_event *ev,
		      const struct task_names *names);

#endif
