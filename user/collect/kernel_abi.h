/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel_abi.h - what the collector's record conversion (collector.c: take())
 * assumes of the BPF programs' records (bpf/schedviz.h), checked when it
 * compiles: a kind is copied into sched_event.type and the flags into
 * sched_event.flags as they are, so every enum sv_kind must equal its enum
 * sched_event_type and every SV_F_* bit its SEF_* bit. The record layout
 * itself (sizes, offsets, the 64-byte slot, head and tail on their own cache
 * lines) is checked in bpf/schedviz.h, by this compiler and by the BPF one.
 * Include only from collector.c: it has no declarations.
 */
#ifndef SCHEDVIZ_KERNEL_ABI_H
#define SCHEDVIZ_KERNEL_ABI_H

#include <linux/types.h>

#include "collector.h"
#include "sched_event.h"
#include "schedviz.h"

/* compared as int: the two enums are distinct types */
#define KABI_SAME(sv, se) _Static_assert((int)(sv) == (int)(se), #sv " != " #se)

KABI_SAME(SV_SWITCH, SE_SWITCH);
KABI_SAME(SV_WAKING, SE_WAKING);
KABI_SAME(SV_WAKEUP, SE_WAKEUP);
KABI_SAME(SV_WAKEUP_NEW, SE_WAKEUP_NEW);
KABI_SAME(SV_FORK, SE_FORK);
KABI_SAME(SV_EXEC, SE_EXEC);
KABI_SAME(SV_EXIT, SE_EXIT);
KABI_SAME(SV_RENAME, SE_RENAME);
KABI_SAME(SV_RENAME + 1, SE__MAX);	/* no kind user space cannot name... */
KABI_SAME(SV_ATTACH, SE__MAX);		/* ...but the collector's own */
KABI_SAME(SV_SRC_LAUNCH, COLLECT_LAUNCH);
KABI_SAME(SV_SRC_PIDS, COLLECT_PIDS);
KABI_SAME(SV_SRC_ALL, COLLECT_ALL);
KABI_SAME(SV_SRC_CGROUP, COLLECT_CGROUP);

KABI_SAME(SV_F_VOLUNTARY, SEF_VOLUNTARY);
KABI_SAME(SV_F_PREEMPT, SEF_PREEMPT);
KABI_SAME(SV_F_PREV_TARGET, SEF_PREV_TARGET);
KABI_SAME(SV_F_NEXT_TARGET, SEF_NEXT_TARGET);
KABI_SAME(SV_F_FUTEX, SEF_FUTEX);
KABI_SAME(SV_F_THREAD, SEF_THREAD);
KABI_SAME(SV_F_WAKER_TARGET, SEF_WAKER_TARGET);
KABI_SAME(SV_F_RELEASED, SEF_RELEASED);
KABI_SAME(SV_F_RUNTIME, SEF_RUNTIME);
KABI_SAME(SV_F_REAPING, SEF_REAPING);
/* SV_F_NAMED is the collector's alone: it must collide with no SEF_* bit,
 * as resolve() clears it before the event leaves */
_Static_assert(!(SV_F_NAMED & (SEF_VOLUNTARY | SEF_PREEMPT | SEF_PREV_TARGET | SEF_NEXT_TARGET |
			       SEF_FUTEX | SEF_THREAD | SEF_WAKER_TARGET | SEF_RELEASED |
			       SEF_RUNTIME | SEF_REAPING)),
	       "SV_F_NAMED is an SEF_* bit");
_Static_assert(!(SV_F_FIRST & (SEF_VOLUNTARY | SEF_PREEMPT | SEF_PREV_TARGET | SEF_NEXT_TARGET |
			       SEF_FUTEX | SEF_THREAD | SEF_WAKER_TARGET | SEF_RELEASED |
			       SEF_RUNTIME | SEF_REAPING)),
	       "SV_F_FIRST is an SEF_* bit");

/* names and the filename are copied whole into the event's buffers */
KABI_SAME(SV_COMM_LEN, SCHED_COMM_LEN);
KABI_SAME(SV_PATH_LEN, SCHED_PATH_LEN);
/* the switch's prev_state carries exit_state at the bit the event expects */
KABI_SAME(SV_EXIT_STATE_SHIFT, SE_EXIT_STATE_SHIFT);

#undef KABI_SAME

#endif
