/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * schedviz.h - the ring-buffer record shared by bpf/schedviz.bpf.c and the
 * collector (user/collector.c). Plain fixed-width fields, explicit padding,
 * no includes: both sides must see the same layout. This is not the file
 * format; user/sched_event.h is what the rest of schedviz sees.
 */
#ifndef SCHEDVIZ_BPF_SCHEDVIZ_H
#define SCHEDVIZ_BPF_SCHEDVIZ_H

#define SV_COMM_LEN 16
#define SV_PATH_LEN 128

enum sv_kind {
	SV_SWITCH = 1,
	SV_WAKING,
	SV_WAKEUP,
	SV_WAKEUP_NEW,
	SV_FORK,
	SV_EXEC,
	SV_EXIT,
	SV_RENAME,
	SV_BATCH = 0x100,	/* struct sv_kbatch: n plain records */
};

/* flags: same bits as SEF_* in user/sched_event.h */
#define SV_F_VOLUNTARY	  0x01
#define SV_F_PREEMPT	  0x02
#define SV_F_PREV_TARGET  0x04
#define SV_F_NEXT_TARGET  0x08
#define SV_F_FUTEX	  0x10
#define SV_F_THREAD	  0x20
#define SV_F_WAKER_TARGET 0x40
#define SV_F_RELEASED	  0x80
#define SV_F_RUNTIME	  0x100
#define SV_F_REAPING	  0x200
/* internal: the record is a struct sv_kevent_named (names follow) */
#define SV_F_NAMED	  0x8000

struct sv_kevent {
	__u16 kind;		/* enum sv_kind; first in every record */
	__u16 cpu;
	__u32 flags;
	__u64 ts;		/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__s32 pid, tgid;	/* switch: prev; wake: woken; fork: parent; else: task */
	__s32 pid2, tgid2;	/* switch: next; wake: waker; fork: child */
	__s32 prio, prio2;
	__u32 state;		/* switch: prev_state (raw __state) */
	__u32 aux;		/* switch: prev's run time (low 32 bits, SV_F_RUNTIME);
				   wake: target_cpu; exec: old_pid; exit: group_dead;
				   fork: clone_flags */
	__u64 futex_addr;
	__u32 futex_op;
	__u32 aux_hi;		/* switch: prev's run time, high 32 bits */
};

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
};

/*
 * Plain records are gathered per CPU and leave in batches (one ring-buffer
 * output per SV_BATCH_MAX events, or when user space asks for a flush before
 * it reads): a reservation per event costs more than the rest of the program.
 */
#define SV_BATCH_MAX 32

struct sv_kbatch {
	__u16 kind;		/* SV_BATCH */
	__u16 n;		/* records that follow, 1..SV_BATCH_MAX */
	__u32 pad;
	struct sv_kevent ev[SV_BATCH_MAX];	/* only n of them travel */
};

/* SV_EXEC records carry the filename after the names. */
struct sv_kexec {
	struct sv_kevent_named n;
	char filename[SV_PATH_LEN];
};

#endif
