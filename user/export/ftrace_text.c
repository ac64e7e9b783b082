// SPDX-License-Identifier: GPL-2.0-only
/* ftrace_text.c - sched_events in the kernel's text trace format (see ftrace_text.h). */
#include "ftrace_text.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

static const char *const event_names[SE__MAX] = {
	[SE_SWITCH] = "sched_switch",
	[SE_WAKING] = "sched_waking",
	[SE_WAKEUP] = "sched_wakeup",
	[SE_WAKEUP_NEW] = "sched_wakeup_new",
	[SE_FORK] = "sched_process_fork",
	[SE_EXEC] = "sched_process_exec",
	[SE_EXIT] = "sched_process_exit",
	[SE_RENAME] = "task_rename",
};

const char *ftrace_text__event_name(unsigned type)
{
	return type < SE__MAX ? event_names[type] : NULL;
}

void ftrace_text__current(const struct sched_event *ev, int32_t *pid, int32_t *tgid,
			  const char **comm)
{
	switch (ev->type) {
	case SE_WAKING:
	case SE_WAKEUP:
	case SE_WAKEUP_NEW:
		*pid = ev->tid2;
		*tgid = ev->tgid2;
		*comm = ev->comm2;
		break;
	default:
		*pid = ev->tid;
		*tgid = ev->tgid;
		*comm = ev->comm;
		break;
	}
}

/*
 * include/linux/sched.h: TASK_REPORT is the low seven state bits; TASK_IDLE
 * (TASK_UNINTERRUPTIBLE | TASK_NOLOAD) reports as TASK_REPORT_IDLE (0x80);
 * frozen and rtlock waits report as TASK_UNINTERRUPTIBLE.
 */
#define TASK_REPORT 0x7fu
#define TASK_REPORT_IDLE (TASK_REPORT + 1)
#define TASK_REPORT_MAX (TASK_REPORT_IDLE << 1)
#define TASK_IDLE_BITS (SE_TASK_UNINTERRUPTIBLE | SE_TASK_NOLOAD)
#define TASK_RTLOCK_WAIT 0x1000u
#define TASK_FROZEN 0x8000u

uint32_t ftrace_text__prev_state_bits(const struct sched_event *ev)
{
	uint32_t raw = ev->state & SE_STATE_MASK, state;
	uint32_t exit_state = (ev->state >> SE_EXIT_STATE_SHIFT) & (SE_EXIT_DEAD | SE_EXIT_ZOMBIE);
	unsigned fls = 0;

	if (ev->flags & SEF_PREEMPT)
		return TASK_REPORT_MAX;
	/* exit_state joins in __task_state_index(); a file recorded before
	 * schedviz kept it gets the likely one for a final switch */
	if (!exit_state && (raw & SE_TASK_DEAD))
		exit_state = (ev->flags & (SEF_RELEASED | SEF_REAPING)) || ev->tid != ev->tgid
				     ? SE_EXIT_DEAD : SE_EXIT_ZOMBIE;
	raw |= exit_state;
	state = raw & TASK_REPORT;
	if ((raw & TASK_IDLE_BITS) == TASK_IDLE_BITS)
		state = TASK_REPORT_IDLE;
	if (raw & (TASK_RTLOCK_WAIT | TASK_FROZEN))
		state = SE_TASK_UNINTERRUPTIBLE;
	while (state) {
		fls++;
		state >>= 1;
	}
	return fls ? 1u << (fls - 1) : 0;
}

const char *ftrace_text__prev_state(const struct sched_event *ev)
{
	static const char *const letters[] = { "S", "D", "T", "t", "X", "Z", "P", "I" };
	uint32_t bits = ftrace_text__prev_state_bits(ev);
	unsigned i = 0;

	if (bits == TASK_REPORT_MAX)
		return "R+";
	if (!bits)
		return "R";
	while (!(bits & 1)) {
		i++;
		bits >>= 1;
	}
	return letters[i];
}

/* Append printf output at buf[*pos]; a stuck -ENOSPC once it does not fit. */
static void put(char *buf, size_t len, int *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t len, int *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*pos < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, len - (size_t)*pos, fmt, ap);
	va_end(ap);
	*pos = n < 0 || (size_t)n >= len - (size_t)*pos ? -ENOSPC : *pos + n;
}

int ftrace_text__header(char *buf, size_t len, uint64_t entries, unsigned ncpus)
{
	int pos = 0;

	put(buf, len, &pos,
	    "# tracer: nop\n"
	    "#\n"
	    "# entries-in-buffer/entries-written: %" PRIu64 "/%" PRIu64 "   #P:%u\n"
	    "#\n"
	    "#                                          _-----=> irqs-off/BH-disabled\n"
	    "#                                         / _----=> need-resched\n"
	    "#                                        | / _---=> hardirq/softirq\n"
	    "#                                        || / _--=> preempt-depth\n"
	    "#                                        ||| / _-=> migrate-disable\n"
	    "#                                        |||| /     delay\n"
	    "#           TASK-PID       TGID    CPU#  |||||  TIMESTAMP  FUNCTION\n"
	    "#              | |           |       |   |||||     |         |\n",
	    entries, entries, ncpus);
	return pos;
}

const char *ftrace_text__clean(char *out, const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max - 1 && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	out[i] = '\0';
	return out;
}

static void put_payload(char *buf, size_t len, int *pos, const struct sched_event *ev)
{
	char a[SCHED_COMM_LEN], b[SCHED_COMM_LEN], path[SCHED_PATH_LEN];

	ftrace_text__clean(a, ev->comm, sizeof(a));
	ftrace_text__clean(b, ev->comm2, sizeof(b));
	switch (ev->type) {
	case SE_SWITCH:
		put(buf, len, pos, "prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s ==> "
		    "next_comm=%s next_pid=%d next_prio=%d", a, ev->tid, ev->prio,
		    ftrace_text__prev_state(ev), b, ev->tid2, ev->prio2);
		break;
	case SE_WAKING:
	case SE_WAKEUP:
	case SE_WAKEUP_NEW:
		put(buf, len, pos, "comm=%s pid=%d prio=%d target_cpu=%03d", a, ev->tid, ev->prio,
		    (int)ev->target_cpu);
		break;
	case SE_FORK:
		put(buf, len, pos, "comm=%s pid=%d child_comm=%s child_pid=%d", a, ev->tid, b,
		    ev->tid2);
		break;
	case SE_EXEC:
		put(buf, len, pos, "filename=%s pid=%d old_pid=%d",
		    ftrace_text__clean(path, ev->filename, sizeof(path)), ev->tid, ev->old_pid);
		break;
	case SE_EXIT:
		put(buf, len, pos, "comm=%s pid=%d prio=%d group_dead=%s", a, ev->tid, ev->prio,
		    ev->group_dead ? "true" : "false");
		break;
	case SE_RENAME:	/* comm2 is the old name; oom_score_adj is not recorded, 0 is the default */
		put(buf, len, pos, "pid=%d oldcomm=%s newcomm=%s oom_score_adj=0", ev->tid, b, a);
		break;
	}
}

int ftrace_text__line(char *buf, size_t len, const struct sched_event *ev,
		      const struct task_names *names)
{
	const char *name = ftrace_text__event_name(ev->type);
	const struct task_name *tn;
	const char *comm;
	char c[SCHED_COMM_LEN];
	int32_t pid, tgid;
	uint64_t us = (ev->ts_ns + 500) / 1000;	/* ns2usecs() rounds */
	int pos = 0;

	if (!name)
		return 0;
	ftrace_text__current(ev, &pid, &tgid, &comm);
	tn = names ? task_names__find(names, pid) : NULL;
	if (tn) {
		comm = tn->comm;
		if (tn->tgid)
			tgid = tn->tgid;
	}
	put(buf, len, &pos, "%16s-%-7d ", pid ? ftrace_text__clean(c, comm, sizeof(c)) : "<idle>",
	    pid);
	if (pid && tgid > 0)
		put(buf, len, &pos, "(%7d) ", tgid);
	else
		put(buf, len, &pos, "(-------) ");
	/* flags: irqs off and preempt depth 2 inside the scheduler, as the kernel shows them */
	put(buf, len, &pos, "[%03d] %s %5" PRIu64 ".%06" PRIu64 ": %s: ", (int)ev->cpu,
	    ev->type <= SE_WAKEUP_NEW ? "d..2." : ".....", us / 1000000, us % 1000000, name);
	put_payload(buf, len, &pos, ev);
	put(buf, len, &pos, "\n");
	return pos;
}
