/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedviz.h - the ring-buffer record shared by bpf/schedviz.bpf.c and the
 * collector (user/collect/collector.c). Plain fixed-width fields, explicit padding,
 * no includes (the includer provides __u16 and friends: vmlinux.h in the
 * program, linux/types.h in user space): both sides must see the same
 * layout, and the _Static_asserts at the end check it in both compilers
 * (clang -target bpf and the host's). user/collect/kernel_abi.h checks that
 * kinds and flags match user/event/sched_event.h. This is not the file
 * format; user/event/sched_event.h is what the rest of schedviz sees.
 */
#ifndef SCHEDVIZ_BPF_SCHEDVIZ_H
#define SCHEDVIZ_BPF_SCHEDVIZ_H

#define SV_COMM_LEN 16
#define SV_PATH_LEN 128
#define SV_EXIT_STATE_SHIFT 16	/* above __state's TASK_STATE_MAX (0x10000) */

enum sv_kind {
	SV_SWITCH = 1,
	SV_WAKING,
	SV_WAKEUP,
	SV_WAKEUP_NEW,
	SV_FORK,
	SV_EXEC,
	SV_EXIT,
	SV_RENAME,
	/* the collector's alone, never delivered: a task traced from outside
	 * (attach, --all, --cgroup) met at rest for the first time; its name,
	 * TGID, parent's TGID (pid2) and counters (nvcsw, nivcsw,
	 * sum_exec_runtime) as they are, the baseline its later switch-outs
	 * are measured from. A named record. */
	SV_ATTACH,
};

/* What the programs trace (rodata `source`, set before load). */
enum sv_source {
	SV_SRC_LAUNCH = 0,	/* the launcher's next fork and all it creates */
	SV_SRC_PIDS,		/* tasks user space marked (attach -p), and all they create */
	SV_SRC_ALL,		/* every task but the idle tasks */
	SV_SRC_CGROUP,		/* every task in cgroup `cgroup_id` or below */
};

/* flags: same bits as SEF_* in user/event/sched_event.h */
#define SV_F_VOLUNTARY	  0x01	/* set by user space: nvcsw moved */
#define SV_F_PREEMPT	  0x02
#define SV_F_PREV_TARGET  0x04
#define SV_F_NEXT_TARGET  0x08
#define SV_F_FUTEX	  0x10	/* prev went to sleep inside a futex wait;
				   user space drops it if the switch was
				   involuntary */
#define SV_F_THREAD	  0x20
#define SV_F_WAKER_TARGET 0x40
#define SV_F_RELEASED	  0x80
#define SV_F_RUNTIME	  0x100	/* kernel side: sum_exec_runtime, nvcsw, nivcsw
				   hold prev's counters; user space turns them
				   into the run time since the last switch-out */
#define SV_F_REAPING	  0x200
/* internal: a switch-out of a task traced from outside whose baseline was not
   taken (it ran when it was marked): its counters become the baseline and
   the switch is not counted (the collector clears the prev-side flags) */
#define SV_F_FIRST	  0x400
/* internal: the record is a struct sv_kevent_named (names follow) */
#define SV_F_NAMED	  0x8000

struct sv_kevent {
	__u16 kind;		/* enum sv_kind; first in every record */
	__u16 cpu;
	__u16 flags;		/* SV_F_* */
	__u8 prio, prio2;	/* kernel prio, 0..139, or 255 for -1 (a
				   deadline task's, include/linux/sched/deadline.h) */
	__u64 ts;		/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__s32 pid, pid2;	/* switch: prev, next; wake: woken, waker;
				   fork: parent, child; else: task, 0 */
	union {
		/* every kind but a switch and an attach: the TGIDs of pid, pid2 */
		struct {
			__s32 tgid, tgid2;
		};
		/* switch (SV_F_RUNTIME): prev->sched_info.run_delay; attach:
		   the task's. A named switch or attach carries the TGIDs in
		   its tail (struct sv_kevent_named); a plain one's are known
		   to user space. */
		__u64 run_delay;
	};
	__u32 pcount;		/* switch (SV_F_RUNTIME), attach: sched_info.pcount,
				   low 32 bits; 0 otherwise */
	__u32 state;		/* switch: prev->__state |
				   prev->exit_state << SV_EXIT_STATE_SHIFT */
	union {			/* by kind; fill_header() zeroes all 8 bytes */
		__u64 sum_exec_runtime;	/* switch (SV_F_RUNTIME): prev->se.sum_exec_runtime */
		__u32 target_cpu;	/* wake: task_cpu(p) */
		__s32 old_pid;		/* exec: the tracepoint's old_pid */
		__u32 group_dead;	/* exit: 0 or 1 */
		__u32 clone_flags;	/* fork: low 32 bits */
	};
	__u32 nvcsw, nivcsw;	/* switch, prev traced: prev's counters now (low
				   32 bits); user space tells which one moved */
	__u64 futex_addr;	/* switch with SV_F_FUTEX: the futex word in bits
				   0..56 (user addresses stay below 2^57 on
				   x86-64, even with 5-level paging), the op
				   & 0x7f above SV_FUTEX_OP_SHIFT */
};
#define SV_FUTEX_OP_SHIFT 57
#define SV_FUTEX_ADDR_MASK ((1ull << SV_FUTEX_OP_SHIFT) - 1)
#define SV_PRIO_NONE 255	/* prio -1 as a record's __u8 */

/*
 * Names travel only where user space cannot know them: a traced task's comm
 * is known from its fork and every rename since (task_rename fires for
 * exec, prctl and /proc/<pid>/comm writes), and the idle task is
 * "swapper/<cpu>". So a switch or wakeup between traced tasks (or idle) is a
 * plain 64-byte sv_kevent; one that involves any other task, and every fork,
 * exec, exit and rename, is an sv_kevent_named (SV_F_NAMED).
 */
struct sv_kevent_named {
	struct sv_kevent e;
	char comm[SV_COMM_LEN];
	char comm2[SV_COMM_LEN];
	__s32 tgid, tgid2;	/* switch and attach: the TGIDs of pid, pid2
				   (the header's place holds run_delay); other
				   kinds: 0, the header has them */
};

/*
 * Plain records go to the CPU's own record ring (map `rings`, mmapped by the
 * collector): ring_shift sized, one 64-byte sv_kevent per slot, CPU c's
 * slots at [c << ring_shift, (c + 1) << ring_shift). Writing there costs a
 * few stores; a ring-buffer reservation per event costs more than the rest
 * of the program, and a per-CPU batch copied into the ring buffer costs the
 * copy and an IPI per read to flush it. The ring is small (at most
 * CPU_RING_MAX in user/collect/collector.c) so that a slot is still in the
 * CPU's cache when written again: a 4 MiB ring's slots had left it, and
 * the misses cost the traced program more than the rest of the switch
 * program (BENCHMARKS.md). What finds the ring full goes to the shared
 * ring buffer instead, as large as --ring-mb.
 *
 * The CPU's state (map `cpus`, also mmapped, one value per CPU) has one cache
 * line the programs write and one the collector writes, so neither side's
 * stores move the other's line:
 *  - head: records ever written to the CPU's ring. A program fills slot
 *    head & mask, then stores head + 1; the collector reads head, then the
 *    slots below it.
 *  - tail: records ever read (the collector stores it after reading). A
 *    program finding head - tail == ring size writes the record to the
 *    shared ring buffer (and counts it lost only if that is full too).
 */
struct sv_cpu_state {
	/* written by the programs on this CPU */
	__u64 head;
	__u64 cur;		/* address of the task_struct switched in last */
	__u32 cur_traced;
	__u32 busy;		/* a program is writing a slot (see `cpus`) */
	__u64 pad1[5];
	/* written by the collector */
	__u64 tail;
	__u64 pad2[7];
};

/* SV_EXEC records carry the filename after the names. */
struct sv_kexec {
	struct sv_kevent_named n;
	char filename[SV_PATH_LEN];
};

/*
 * The layout both compilers must agree on. Offsets are spelled out so a
 * change is a deliberate edit here, not a silent shift; the collector reads
 * `kind` at offset 0 of every record (plain, named or exec) and sizes its
 * rings in 64-byte slots.
 */
#define SV_OFFSETOF(t, m) __builtin_offsetof(t, m)
_Static_assert(sizeof(struct sv_kevent) == 64, "a ring slot is one 64-byte cache line");
_Static_assert(SV_OFFSETOF(struct sv_kevent, kind) == 0, "kind leads every record");
_Static_assert(SV_OFFSETOF(struct sv_kevent, ts) == 8, "sv_kevent.ts moved");
_Static_assert(SV_OFFSETOF(struct sv_kevent, pid) == 16, "sv_kevent.pid moved");
_Static_assert(SV_OFFSETOF(struct sv_kevent, prio) == 6, "sv_kevent.prio moved");
_Static_assert(SV_OFFSETOF(struct sv_kevent, tgid) == 24 &&
	       SV_OFFSETOF(struct sv_kevent, run_delay) == 24, "sv_kevent.tgid moved");
_Static_assert(SV_OFFSETOF(struct sv_kevent, pcount) == 32, "sv_kevent.pcount moved");
_Static_assert(SV_OFFSETOF(struct sv_kevent, state) == 36, "sv_kevent.state moved");
_Static_assert(SV_OFFSETOF(struct sv_kevent, sum_exec_runtime) == 40,
	       "sv_kevent's argument moved");
_Static_assert(SV_OFFSETOF(struct sv_kevent, target_cpu) == 40 &&
	       SV_OFFSETOF(struct sv_kevent, old_pid) == 40 &&
	       SV_OFFSETOF(struct sv_kevent, group_dead) == 40 &&
	       SV_OFFSETOF(struct sv_kevent, clone_flags) == 40,
	       "sv_kevent's argument members share one place");
_Static_assert(SV_OFFSETOF(struct sv_kevent, nvcsw) == 48, "sv_kevent.nvcsw moved");
_Static_assert(SV_OFFSETOF(struct sv_kevent, futex_addr) == 56, "sv_kevent.futex_addr moved");
_Static_assert(SV_F_NAMED <= 0xffff && SV_F_REAPING <= 0xffff, "flags are 16 bits");
_Static_assert(SV_OFFSETOF(struct sv_kevent_named, e) == 0 &&
	       SV_OFFSETOF(struct sv_kevent_named, comm) == sizeof(struct sv_kevent) &&
	       sizeof(struct sv_kevent_named) == sizeof(struct sv_kevent) + 2 * SV_COMM_LEN + 8,
	       "a named record is a plain one, then two names and two TGIDs");
_Static_assert(SV_OFFSETOF(struct sv_kexec, n) == 0 &&
	       SV_OFFSETOF(struct sv_kexec, filename) == sizeof(struct sv_kevent_named) &&
	       sizeof(struct sv_kexec) == sizeof(struct sv_kevent_named) + SV_PATH_LEN,
	       "an exec record is a named one, then the filename");
/* the programs' stores (head, cur, ...) and the collector's (tail) stay on their own lines */
_Static_assert(SV_OFFSETOF(struct sv_cpu_state, head) == 0, "head starts the programs' line");
_Static_assert(SV_OFFSETOF(struct sv_cpu_state, tail) == 64, "tail starts the collector's line");
_Static_assert(sizeof(struct sv_cpu_state) == 128, "each CPU's state is two whole lines");

#endif
