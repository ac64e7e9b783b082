/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sources.bpf.h - what is traced besides a launched tree (enum sv_source,
 * rodata `source`): membership for --all and --cgroup, and the baseline of
 * a task traced from outside (see bpf/schedviz.bpf.c's opening comment).
 * Part of bpf/schedviz.bpf.c, included once after records.bpf.h. Every
 * helper takes the source as an argument, so a program built for the
 * launched tree (a constant SV_SRC_LAUNCH) compiles none of it in.
 */
#ifndef SCHEDVIZ_SOURCES_BPF_H
#define SCHEDVIZ_SOURCES_BPF_H

/* kernel/bpf/helpers.c, kernel/bpf/cgroup.c: cgroup v2 membership (SV_SRC_CGROUP only) */
extern struct cgroup *bpf_cgroup_from_id(u64 cgid) __ksym __weak;
extern long bpf_task_under_cgroup(struct task_struct *task, struct cgroup *ancestor) __ksym __weak;
extern void bpf_cgroup_release(struct cgroup *cgrp) __ksym __weak;

/* SV_SRC_CGROUP: is t in cgroup_id or below (kernel/bpf/helpers.c: bpf_task_under_cgroup())? */
static __always_inline bool in_cgroup(struct task_struct *t)
{
	struct cgroup *cg = bpf_cgroup_from_id(cgroup_id);
	bool in;

	if (!cg)
		return false;	/* the cgroup is gone */
	in = bpf_task_under_cgroup(t, cg);
	bpf_cgroup_release(cg);
	return in;
}

/*
 * Is t traced (t not running here: about to, or woken, or named by an
 * event)? --all: any task but idle. --cgroup: a task under the cgroup not
 * yet marked is marked now. Otherwise its mark.
 */
static __always_inline bool is_traced(struct task_struct *t, __u32 src)
{
	if (src == SV_SRC_ALL)
		return t->pid != 0;
	if (mark_of(t))
		return true;
	if (src == SV_SRC_CGROUP && in_cgroup(t))
		return bpf_task_storage_get(&marks, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE) != NULL;
	return false;
}

/* Its mark, made here with --all (where tasks are traced unmarked). */
static __always_inline struct task_mark *mark_for_base(struct task_struct *t, __u32 src)
{
	return bpf_task_storage_get(&marks, t, 0,
				    src == SV_SRC_ALL ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

/*
 * t, traced from outside, is at rest (switching in, or asleep and being
 * woken): its counters are those of its last switch-out and cannot move
 * now. The first time, send them as its baseline (SV_ATTACH, with its name
 * and parent's TGID). Not with the default source.
 */
static __always_inline void base_at_rest(struct task_struct *t, __u32 src)
{
	struct task_mark *m = mark_for_base(t, src);
	struct sv_kevent *e;

	if (!m || m->based)
		return;
	m->based = 1;
	e = reserve_named(SV_ATTACH, 0, t, NULL);
	if (!e)
		return;
	set_subject(e, t);
	e->pid2 = BPF_CORE_READ(t, real_parent, tgid);
	set_sched_info(e, t);
	e->sum_exec_runtime = t->se.sum_exec_runtime;
	e->nvcsw = (__u32)t->nvcsw;
	e->nivcsw = (__u32)t->nivcsw;
	bpf_ringbuf_submit(e, SUBMIT_FLAGS);
}

/*
 * prev, traced, switches out: true if no baseline was taken (it ran when it
 * was marked); this switch's counters become it (SV_F_FIRST).
 */
static __always_inline bool first_out(struct task_struct *t, __u32 src)
{
	struct task_mark *m = mark_for_base(t, src);

	if (!m || m->based)
		return false;
	m->based = 1;
	return true;
}

#endif
