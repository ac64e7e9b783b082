/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_event.h - one scheduling event as the trace model, the trace file and
 * the exporters see it.
 *
 * This is deliberately not the BPF program's ring-buffer record
 * (bpf/schedviz.h): the collector converts one into the other, so the kernel
 * side can change layout without touching files or views.
 *
 * Times are ns on CLOCK_MONOTONIC (what bpf_ktime_get_ns() returns).
 */
#ifndef SCHEDVIZ_SCHED_EVENT_H
#define SCHEDVIZ_SCHED_EVENT_H

#include <stdint.h>

#define SCHED_COMM_LEN 16	/* TASK_COMM_LEN, include/linux/sched.h */
#define SCHED_PATH_LEN 128	/* exec filename, truncated */

enum sched_event_type {
	SE_SWITCH = 1,	  /* sched_switch: tid=prev, tid2=next */
	SE_WAKING,	  /* sched_waking: tid=woken, tid2=waker (current), target_cpu */
	SE_WAKEUP,	  /* sched_wakeup: tid=woken, tid2=waker (current), target_cpu */
	SE_WAKEUP_NEW,	  /* sched_wakeup_new: tid=new task, tid2=creator, target_cpu */
	SE_FORK,	  /* sched_process_fork: tid=parent, tid2=child, clone_flags */
	SE_EXEC,	  /* sched_process_exec: tid=task, old_pid */
	SE_EXIT,	  /* sched_process_exit: tid=task, group_dead */
	SE_RENAME,	  /* task_rename: tid=task, comm=new, comm2=old */
	SE__MAX
};

/* flags */
#define SEF_VOLUNTARY	0x01u /* switch: prev->nvcsw moved (else nivcsw) */
#define SEF_PREEMPT	0x02u /* switch: the tracepoint's preempt argument */
#define SEF_PREV_TARGET 0x04u /* switch: prev is a traced task */
#define SEF_NEXT_TARGET 0x08u /* switch: next is a traced task */
#define SEF_FUTEX	0x10u /* switch: prev sleeps in a futex wait */
#define SEF_THREAD	0x20u /* fork: child shares the parent's TGID */
#define SEF_WAKER_TARGET 0x40u /* waking/wakeup: tid2 is a traced task */
#define SEF_REAPING	0x200u /* switch: prev is a process leader its parent was
				  reaping (exit_state EXIT_DEAD, counters maybe
				  read, kernel/exit.c: wait_task_zombie()): this
				  switch may or may not be in the parent's rusage */
#define SEF_RUNTIME	0x100u /* switch: run_delta_ns holds prev's run time */
#define SEF_RUNQ	0x800u /* switch: run_delay_delta_ns and pcount_delta hold
				  prev's run-queue figures (files before format
				  3.0 have none) */
#define SEF_RELEASED	0x80u /* switch: prev's counters were already folded into
				 its process (kernel/exit.c: __exit_signal() ran,
				 prev->sighand == NULL): in no rusage */

/*
 * Raw task state bits as tp_btf sched_switch reports prev->__state
 * (include/linux/sched.h). TASK_RUNNING is 0.
 */
#define SE_TASK_INTERRUPTIBLE	0x0001u
#define SE_TASK_UNINTERRUPTIBLE 0x0002u
#define SE_TASK_STOPPED		0x0004u
#define SE_TASK_TRACED		0x0008u
#define SE_EXIT_DEAD		0x0010u
#define SE_EXIT_ZOMBIE		0x0020u
#define SE_TASK_PARKED		0x0040u
#define SE_TASK_DEAD		0x0080u
#define SE_TASK_WAKEKILL	0x0100u
#define SE_TASK_WAKING		0x0200u
#define SE_TASK_NOLOAD		0x0400u
/* __state stays below TASK_STATE_MAX (0x10000); exit_state (EXIT_ZOMBIE 0x20,
 * EXIT_DEAD 0x10) rides above it, as the kernel's own prev_state fold wants
 * both (include/trace/events/sched.h: __trace_sched_switch_state()). Files
 * recorded before carry 0 there. */
#define SE_STATE_MASK		0xffffu
#define SE_EXIT_STATE_SHIFT	16

/*
 * Field order keeps every member naturally aligned with no holes (240 bytes).
 * The union holds the one argument the event's type carries; its other
 * members are meaningless for that type. A type without one (rename, a
 * switch without SEF_RUNTIME) leaves it 0. The trace file stores it as one
 * number per record (user/file/trace_format.h).
 */
struct sched_event {
	uint64_t ts_ns;		/* CLOCK_MONOTONIC */
	uint16_t type;		/* enum sched_event_type */
	uint16_t cpu;		/* CPU the event was recorded on */
	uint32_t flags;		/* SEF_* */
	int32_t tid, tgid;	/* subject (see enum) */
	int32_t tid2, tgid2;	/* second task (see enum); 0 when none */
	int32_t prio, prio2;	/* kernel prio (0..139) of tid, tid2 */
	uint32_t state;		/* switch: prev raw __state (bits 0..15, SE_STATE_MASK)
				   | prev->exit_state << SE_EXIT_STATE_SHIFT */
	uint32_t futex_op;	/* switch with SEF_FUTEX: op & 0x7f */
	uint64_t futex_addr;	/* switch with SEF_FUTEX: futex word (user VA) */
	/* switch with SEF_RUNQ: by the kernel's own account of prev
	 * (kernel/sched/stats.h), since its previous switch-out: ns it
	 * waited on a run queue (sched_info.run_delay: the wait that ended
	 * with this run, from its enqueue or preemption to its switch-in on
	 * the run queue's clock, migrations included) and times it got a CPU
	 * (sched_info.pcount: 1, more only where switch records were lost) */
	uint64_t run_delay_delta_ns;
	uint32_t pcount_delta;
	uint32_t reserved;	/* 0 */
	union {
		/* switch with SEF_RUNTIME: ns prev ran since its previous
		 * switch-out, by the kernel's own clock
		 * (task_struct.se.sum_exec_runtime, advanced by
		 * kernel/sched/fair.c: update_curr() before the tracepoint) */
		uint64_t run_delta_ns;
		/* waking, wakeup, wakeup_new: the CPU the task is queued on,
		 * task_cpu(p) (include/trace/events/sched.h) */
		uint32_t target_cpu;
		/* exec: the pid before exec; differs from tid when a
		 * non-leader thread execs (fs/exec.c: de_thread()) */
		int32_t old_pid;
		/* exit: 1 when tid is the last live thread of its group
		 * (kernel/exit.c: do_exit()), else 0 */
		uint32_t group_dead;
		/* fork: the clone flags, low 32 bits (kernel/fork.c:
		 * kernel_clone_args.flags); 0 when unknown */
		uint32_t clone_flags;
	};
	char comm[SCHED_COMM_LEN];  /* tid's comm; rename: the new comm */
	char comm2[SCHED_COMM_LEN]; /* tid2's comm; rename: the old comm */
	char filename[SCHED_PATH_LEN]; /* exec only: bprm->filename */
};

#endif
