// SPDX-License-Identifier: GPL-2.0-only
/*
 * schedviz.bpf.c - scheduler events of one traced task tree.
 *
 * Membership: a task is traced when it carries an entry in task storage
 * `marks`. The launcher's own fork marks the target's first task (when
 * root_pending is set), and every task created by a marked task is marked
 * in task_newtask, before it can run (kernel/fork.c: copy_process() fires
 * trace_task_newtask() before wake_up_new_task()). Task storage dies with
 * the task struct (kernel/bpf/bpf_task_storage.c, called from free_task()),
 * so a reused PID never pulls in an unrelated task, and the task's final
 * TASK_DEAD switch is still seen.
 *
 * Only events that touch a marked task reach the ring buffer.
 *
 * Other sources (rodata `source`, enum sv_source): attach (user space marks
 * running tasks through a pidfd, bpf_map_update_elem() on `marks`:
 * kernel/bpf/bpf_task_storage.c: bpf_pid_task_storage_update_elem()),
 * --all (every task but idle; marks made as tasks show up) and --cgroup
 * (a task under cgroup_id is marked where it first shows up: switch-in,
 * wakeup, creation). A mark made from outside has no baseline (based 0):
 * the task's first switch-in or wakeup at rest sends an SV_ATTACH record
 * with its counters; a first switch-out instead (it ran when marked) carries
 * SV_F_FIRST and only sets the baseline. The hot programs come in two
 * builds (see on_switch): a launched command's has none of this code.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "schedviz.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by user space before load. */
const volatile __s32 launcher_tid = 0;	 /* task whose next fork is the target */
const volatile __u32 source = SV_SRC_LAUNCH;	/* enum sv_source */
const volatile __u64 cgroup_id = 0;	 /* SV_SRC_CGROUP: the cgroup v2 id (its inode) */

/* Set by user space at run time (mmap'ed .bss). */
volatile __u32 root_pending = 0;

/*
 * A traced task's mark. Nothing per task is kept beyond this: switch records
 * carry prev's counters as they are now, and user space (user/collect/task_cache.c)
 * tells from their movement which kind of switch it was.
 */
struct task_mark {
	__u64 clone_flags;
	__u32 based;	/* its baseline is known: born traced, or SV_ATTACH /
			   SV_F_FIRST sent; 0 in a mark made from outside */
	__u32 pad;
};


struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_mark);
} marks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20); /* resized by user space before load */
} events SEC(".maps");

/* Records lost (a full ring or reservation), per CPU; user space sums the slots. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/*
 * Per CPU (struct sv_cpu_state, bpf/schedviz.h, indexed by CPU id): the
 * record ring's head and tail; the task last switched in here and whether it
 * is traced, so its switch-out and the wakeups it makes need no task-storage
 * lookup. `busy` guards the slot being written against a program nested on
 * the same CPU: the switch and wakeup paths run with interrupts off, but the
 * wakeup of the current task does not (kernel/sched/core.c:
 * try_to_wake_up()), and an interrupt's wakeup can then run on_wakeup inside
 * on_waking; whoever finds the CPU busy writes to the shared ring buffer
 * instead. Sized by user space (possible CPUs).
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sv_cpu_state);
} cpus SEC(".maps");

/* The per-CPU record rings (bpf/schedviz.h); sized by user space. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sv_kevent);
} rings SEC(".maps");

/* Set by user space before load: each CPU's ring holds 1 << ring_shift records. */
const volatile __u32 ring_shift = 0;

#define barrier() asm volatile("" ::: "memory")
#define EXIT_DEAD_BIT 0x0010	/* include/linux/sched.h: EXIT_DEAD */

/*
 * Bench builds only (meson -Dbench_variant=, bench/variants.sh): what the
 * traced program pays for each part of the work. SV_BENCH_EMPTY: the switch
 * and wakeup programs return at once (the cost of being attached);
 * SV_BENCH_NO_CLOCK: every record's timestamp is 0 (the cost of
 * bpf_ktime_get_ns()); SV_BENCH_NO_RUNQ: switch records leave the run-queue
 * figures 0 (the cost of reading sched_info); SV_BENCH_NO_WAKE: the wakeup
 * programs return at once (the cost of tracing wakeups). All are 0 in every
 * other build.
 */
#ifndef SV_BENCH_EMPTY
#define SV_BENCH_EMPTY 0
#endif
#ifndef SV_BENCH_NO_CLOCK
#define SV_BENCH_NO_CLOCK 0
#endif
#ifndef SV_BENCH_NO_RUNQ
#define SV_BENCH_NO_RUNQ 0
#endif
#ifndef SV_BENCH_NO_WAKE
#define SV_BENCH_NO_WAKE 0
#endif

static __always_inline struct task_mark *mark_of(struct task_struct *t)
{
	return bpf_task_storage_get(&marks, t, 0, 0);
}

static __always_inline struct sv_cpu_state *this_cpu(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&cpus, &cpu);
}

/*
 * Is t, running on this CPU, traced? The per-CPU note answers when t is the
 * task last switched in here (always, unless a switch went unreported);
 * task storage otherwise. A launched tree's marks never change while a task
 * runs: set before the task first runs (task_newtask), they live as long as
 * it. A task attached while it runs counts as traced from its next
 * switch-in (the note still says untraced until then).
 */
static __always_inline bool running_traced(struct sv_cpu_state *cs, struct task_struct *t)
{
	if (cs && cs->cur == (__u64)t)
		return cs->cur_traced;
	return mark_of(t) != NULL;
}

#include "records.bpf.h"
#include "sources.bpf.h"

/* A task user space cannot name by itself: untraced and not idle. */
static __always_inline bool unnamed(bool traced, struct task_struct *t)
{
	return !traced && t->pid != 0;
}

/*
 * Futex wait in progress at a voluntary switch-out: the task is inside the
 * syscall, so its saved user registers name it (x86-64: orig_ax is the
 * syscall number, di/si its first two arguments). Waits are the ops that
 * sleep: FUTEX_WAIT 0, LOCK_PI 6, WAIT_BITSET 9, WAIT_REQUEUE_PI 11,
 * LOCK_PI2 13 (include/uapi/linux/futex.h). futex_waitv (449) and
 * futex_wait (454) always wait.
 */
static __always_inline void note_futex(struct sv_kevent *e, struct task_struct *prev)
{
#if defined(__TARGET_ARCH_x86)
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(prev);
	long nr;
	__u32 op;

	if (!regs)
		return;
	nr = regs->orig_ax;
	if (nr == 202) {
		op = regs->si & 0x7f;
		if (op != 0 && op != 6 && op != 9 && op != 11 && op != 13)
			return;
		e->futex_addr = (regs->di & SV_FUTEX_ADDR_MASK) |
				(__u64)op << SV_FUTEX_OP_SHIFT;
	} else if (nr == 449 || nr == 454) {
		/* futex_waitv: di is an array of waiters; futex_wait: di is the word */
		e->futex_addr = nr == 454 ? regs->di & SV_FUTEX_ADDR_MASK : 0;
	} else {
		return;
	}
	e->flags |= SV_F_FUTEX;
#endif
}

/*
 * kernel/sched/core.c: __schedule() has already incremented prev->nvcsw or
 * prev->nivcsw (only when prev != next) when trace_sched_switch() fires.
 * The record carries both as they are now, and user space, which knows them
 * from prev's previous switch-out, takes the one that moved as the kernel's
 * own verdict on voluntary vs involuntary. prev_state cannot tell: it reads
 * 0 when a signal raced with the sleep, and `preempt` is false for
 * preemption on return to user space and for sched_yield().
 */
static __always_inline int switch_body(bool preempt, struct task_struct *prev,
				       struct task_struct *next, unsigned int prev_state,
				       __u32 src)
{
	struct sv_cpu_state *cs, *ring_cs = NULL;
	bool prev_traced, next_traced;
	struct sv_kevent *e;
	__u32 flags = 0;

	if (SV_BENCH_EMPTY)
		return 0;
	cs = this_cpu();
	if (src == SV_SRC_ALL) {
		prev_traced = prev->pid != 0;
		next_traced = next->pid != 0;
	} else {
		prev_traced = running_traced(cs, prev);
		next_traced = is_traced(next, src);
	}
	if (cs) {
		cs->cur = (__u64)next;
		cs->cur_traced = next_traced;
	}
	if (next_traced)
		flags |= SV_F_NEXT_TARGET;
	if (prev_traced) {
		flags |= SV_F_PREV_TARGET | SV_F_RUNTIME;
		/* Switches no rusage will hold (kernel/exit.c): those after
		 * __exit_signal() added the task's counters to its
		 * signal_struct and cleared ->sighand: the final one of every
		 * non-leader thread (released in its own exit_notify()), and
		 * any preemption on the rest of its exit.
		 * A leader is different: its parent's wait_task_zombie() moves
		 * exit_state to EXIT_DEAD, reads p->nvcsw and p->nivcsw into
		 * its own rusage, and only then releases it (->sighand NULL).
		 * __schedule() counts the switch (++*switch_count) before this
		 * tracepoint, on another CPU with nothing ordering the two: a
		 * leader marked EXIT_DEAD may or may not have this switch in
		 * its parent's rusage, released or not yet (a vCPU stalled
		 * between the count and this program sees it released after
		 * the parent read it), so say so instead of guessing. */
		if (prev->pid == prev->tgid && (prev->exit_state & EXIT_DEAD_BIT))
			flags |= SV_F_REAPING;
		else if (!prev->sighand)
			flags |= SV_F_RELEASED;
	}
	if (!flags)
		return 0;
	if (src != SV_SRC_LAUNCH) {
		if (next_traced)
			base_at_rest(next, src);
		if (prev_traced && first_out(prev, src))
			flags |= SV_F_FIRST;
	}
	if (preempt)
		flags |= SV_F_PREEMPT;

	if (unnamed(prev_traced, prev) || unnamed(next_traced, next))
		e = reserve_named(SV_SWITCH, flags, prev, next);
	else
		e = plain(cs, &ring_cs, SV_SWITCH, flags);
	if (!e)
		return 0;
	set_subject(e, prev);
	set_second(e, next);
	/* __state below 0x10000 (TASK_STATE_MAX), exit_state above: the
	 * kernel's prev_state fold needs both (__trace_sched_switch_state()) */
	e->state = prev_state | (__u32)prev->exit_state << SV_EXIT_STATE_SHIFT;
	/* prev's wait before this run is already in run_delay: next's will
	 * be added after the tracepoint (prepare_task_switch() ->
	 * sched_info_switch()), so prev's is the settled one */
	set_sched_info(e, prev_traced ? prev : NULL);
	if (prev_traced) {
		/* the kernel's own clock of prev's runs, whatever switches
		 * the tracepoint missed (kernel/sched/fair.c: update_curr()
		 * ran in put_prev_task() before trace_sched_switch()) */
		e->sum_exec_runtime = prev->se.sum_exec_runtime;
		e->nvcsw = (__u32)prev->nvcsw;
		e->nivcsw = (__u32)prev->nivcsw;
		/* a task going to sleep; user space keeps the futex only if
		 * nvcsw moved */
		if (prev_state)
			note_futex(e, prev);
	}
	finish(e, ring_cs);
	return 0;
}

/*
 * Each hot program comes twice: for a launched command (the source a
 * compile-time constant, so none of the other sources' code is there) and,
 * suffixed _ext, for the source in rodata. User space loads one of the two
 * (collector.c: pick_programs()).
 */
SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next, unsigned int prev_state)
{
	return switch_body(preempt, prev, next, prev_state, SV_SRC_LAUNCH);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch_ext, bool preempt, struct task_struct *prev,
	     struct task_struct *next, unsigned int prev_state)
{
	return switch_body(preempt, prev, next, prev_state, source);
}

static __always_inline int on_wake(struct task_struct *p, __u16 kind, __u32 src)
{
	struct sv_cpu_state *cs, *ring_cs = NULL;
	struct task_struct *cur;
	struct sv_kevent *e;
	bool cur_traced;

	if (SV_BENCH_EMPTY || SV_BENCH_NO_WAKE || !is_traced(p, src))
		return 0;
	/* off every CPU (kernel/sched/core.c: try_to_wake_up() may run while
	 * p is still finishing its switch-out elsewhere) */
	if (src != SV_SRC_LAUNCH && !p->on_cpu)
		base_at_rest(p, src);
	cs = this_cpu();
	cur = bpf_get_current_task_btf();
	cur_traced = src == SV_SRC_ALL ? cur->pid != 0 : running_traced(cs, cur);
	/* plain when user space can name the waker: traced, or idle (then
	 * not flagged: idle is never a traced waker) */
	if (unnamed(cur_traced, cur))
		e = reserve_named(kind, 0, p, cur);
	else
		e = plain(cs, &ring_cs, kind, cur_traced ? SV_F_WAKER_TARGET : 0);
	if (!e)
		return 0;
	set_subject(e, p);
	set_second(e, cur);
	/* include/trace/events/sched.h: target_cpu = task_cpu(p) */
	e->target_cpu = p->thread_info.cpu;
	finish(e, ring_cs);
	return 0;
}

SEC("tp_btf/sched_waking")
int BPF_PROG(on_waking, struct task_struct *p)
{
	return on_wake(p, SV_WAKING, SV_SRC_LAUNCH);
}

SEC("tp_btf/sched_waking")
int BPF_PROG(on_waking_ext, struct task_struct *p)
{
	return on_wake(p, SV_WAKING, source);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(on_wakeup, struct task_struct *p)
{
	return on_wake(p, SV_WAKEUP, SV_SRC_LAUNCH);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(on_wakeup_ext, struct task_struct *p)
{
	return on_wake(p, SV_WAKEUP, source);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(on_wakeup_new, struct task_struct *p)
{
	return on_wake(p, SV_WAKEUP_NEW, SV_SRC_LAUNCH);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(on_wakeup_new_ext, struct task_struct *p)
{
	return on_wake(p, SV_WAKEUP_NEW, source);
}

/*
 * Every task creation, threads and io_uring/vhost workers included
 * (kernel/fork.c: copy_process()). current is the creator.
 */
static __always_inline int newtask_body(struct task_struct *task, __u64 clone_flags, __u32 src)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	struct task_mark *m;

	/* --all marks every task; --cgroup one created under the cgroup
	 * (kernel/fork.c: copy_process() runs cgroup_post_fork() before
	 * trace_task_newtask()) */
	if (src != SV_SRC_ALL && !mark_of(cur) &&
	    !(src == SV_SRC_CGROUP && in_cgroup(task))) {
		if (!root_pending || launcher_tid == 0 || cur->pid != launcher_tid)
			return 0;
		root_pending = 0;
	}
	m = bpf_task_storage_get(&marks, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!m) {
		count_drop();	/* a task we cannot follow is lost data */
		return 0;
	}
	m->clone_flags = clone_flags;
	if (src != SV_SRC_LAUNCH)
		m->based = 1;	/* born now: its counters start at 0 */
	return 0;
}

SEC("tp_btf/task_newtask")
int BPF_PROG(on_newtask, struct task_struct *task, __u64 clone_flags)
{
	return newtask_body(task, clone_flags, SV_SRC_LAUNCH);
}

SEC("tp_btf/task_newtask")
int BPF_PROG(on_newtask_ext, struct task_struct *task, __u64 clone_flags)
{
	return newtask_body(task, clone_flags, source);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child)
{
	struct task_mark *m = mark_of(child);
	struct sv_kevent *e;

	if (!m)
		return 0;
	e = reserve_named(SV_FORK, 0, parent, child);
	if (!e)
		return 0;
	set_subject(e, parent);
	set_second(e, child);
	if (e->tgid2 == e->tgid)
		e->flags |= SV_F_THREAD;
	e->clone_flags = (__u32)m->clone_flags;
	bpf_ringbuf_submit(e, SUBMIT_FLAGS);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct sv_kexec *x;
	__u64 ts;

	if (!is_traced(p, source))
		return 0;
	ts = now();
	x = bpf_ringbuf_reserve(&events, sizeof(*x), 0);
	if (!x) {
		count_drop();
		return 0;
	}
	__builtin_memset(&x->n, 0, sizeof(x->n));
	x->n.e.ts = ts;
	x->n.e.kind = SV_EXEC;
	x->n.e.cpu = bpf_get_smp_processor_id();
	x->n.e.flags = SV_F_NAMED;
	set_subject(&x->n.e, p);
	BPF_CORE_READ_STR_INTO(&x->n.comm, p, comm);
	x->n.e.old_pid = old_pid;
	bpf_probe_read_kernel_str(x->filename, sizeof(x->filename),
				  bprm->filename);
	bpf_ringbuf_submit(x, SUBMIT_FLAGS);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *p, bool group_dead)
{
	struct sv_kevent *e;

	if (!is_traced(p, source))
		return 0;
	e = reserve_named(SV_EXIT, 0, p, NULL);
	if (!e)
		return 0;
	set_subject(e, p);
	e->group_dead = group_dead;
	bpf_ringbuf_submit(e, SUBMIT_FLAGS);
	return 0;
}

/* include/trace/events/task.h: fires before the copy, task->comm is the old name. */
SEC("tp_btf/task_rename")
int BPF_PROG(on_rename, struct task_struct *task, const char *comm)
{
	struct sv_kevent_named *n;
	__u64 ts;

	if (!is_traced(task, source))
		return 0;
	ts = now();
	n = bpf_ringbuf_reserve(&events, sizeof(*n), 0);
	if (!n) {
		count_drop();
		return 0;
	}
	bpf_probe_read_kernel_str(n->comm, sizeof(n->comm), comm);
	BPF_CORE_READ_STR_INTO(&n->comm2, task, comm);
	fill_header(&n->e, SV_RENAME, SV_F_NAMED, ts);
	n->tgid = n->tgid2 = 0;
	set_subject(&n->e, task);
	bpf_ringbuf_submit(n, SUBMIT_FLAGS);
	return 0;
}
