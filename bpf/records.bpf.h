/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * records.bpf.h - writing records (bpf/schedviz.h): a slot in this CPU's
 * record ring or a reservation in the shared ring buffer, the header, the
 * tasks' fields, losses counted. Part of bpf/schedviz.bpf.c, included once
 * after its maps.
 */
#ifndef SCHEDVIZ_RECORDS_BPF_H
#define SCHEDVIZ_RECORDS_BPF_H

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&drops, &zero);

	if (n)
		*n += 1;
}

/*
 * Records never wake the consumer: it reads on a timer (user/collect/collector.c:
 * collector__read_period_ns()), as a wakeup per record would be a context
 * switch the tracer adds to the machine (Documentation/bpf/ringbuf.rst: the
 * default notifies on every record).
 */
#define SUBMIT_FLAGS BPF_RB_NO_WAKEUP

/*
 * The header, and a zero body for the caller to fill in (a ring slot holds
 * an older record).
 */
static __always_inline __u64 now(void)
{
	return SV_BENCH_NO_CLOCK ? 0 : bpf_ktime_get_ns();
}

static __always_inline void fill_header(struct sv_kevent *e, __u16 kind, __u32 flags, __u64 ts)
{
	e->ts = ts;
	e->kind = kind;
	e->cpu = bpf_get_smp_processor_id();
	e->flags = flags;
	e->pid2 = 0;
	e->run_delay = 0;	/* both TGIDs */
	e->pcount = 0;
	e->prio2 = 0;
	e->state = 0;
	e->sum_exec_runtime = 0;	/* the whole argument union */
	e->nvcsw = e->nivcsw = 0;
	e->futex_addr = 0;
}

/*
 * A record with names, in the shared ring buffer: t's comm, and t2's (or ""
 * without t2). The names are copied right after the reservation, in the
 * branch that knows its size: the verifier checks every access against the
 * size reserved on that path.
 */
static __always_inline struct sv_kevent *reserve_named(__u16 kind, __u32 flags,
						       struct task_struct *t,
						       struct task_struct *t2)
{
	/* the event's time, read before the reservation: that takes the ring
	 * buffer's lock, which the other CPUs' programs take too, and a lock
	 * holder whose vCPU the host preempts held it for 10-17 us here
	 * (kernel/bpf/ringbuf.c: __bpf_ringbuf_reserve()) */
	__u64 ts = now();
	struct sv_kevent_named *n = bpf_ringbuf_reserve(&events, sizeof(*n), 0);

	if (!n) {
		count_drop();
		return NULL;
	}
	BPF_CORE_READ_STR_INTO(&n->comm, t, comm);
	if (t2)
		BPF_CORE_READ_STR_INTO(&n->comm2, t2, comm);
	else
		n->comm2[0] = '\0';
	n->tgid = n->tgid2 = 0;
	fill_header(&n->e, kind, flags | SV_F_NAMED, ts);
	return &n->e;
}

/* A plain record in the shared ring buffer (finish() submits it). */
static __always_inline struct sv_kevent *shared(__u16 kind, __u32 flags)
{
	__u64 ts = now();	/* before the ring buffer's lock (reserve_named()) */
	struct sv_kevent *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e) {
		count_drop();
		return NULL;
	}
	fill_header(e, kind, flags, ts);
	return e;
}

/*
 * A plain record's slot: in this CPU's ring (*ring_cs set: publish with
 * ring_publish()), or in the shared ring buffer (*ring_cs NULL: submit)
 * when a program is already writing there or the ring is full. The ring is
 * small so that its slots are still in this CPU's cache when written again
 * (user/collect/collector.c: CPU_RING_MAX); the shared buffer, as large as
 * --ring-mb, takes a burst the collector has not yet read. NULL when
 * neither has room; the loss is counted.
 */
static __always_inline struct sv_kevent *plain(struct sv_cpu_state *cs,
					       struct sv_cpu_state **ring_cs,
					       __u16 kind, __u32 flags)
{
	struct sv_kevent *e;
	__u64 head;
	__u32 i;

	*ring_cs = NULL;
	if (!cs || cs->busy)
		return shared(kind, flags);
	cs->busy = 1;
	barrier();
	head = cs->head;
	if (head - cs->tail >= (1ull << ring_shift)) {
		/* the collector is behind by a whole ring */
		barrier();
		cs->busy = 0;
		return shared(kind, flags);
	}
	i = (bpf_get_smp_processor_id() << ring_shift) |
	    ((__u32)head & ((1u << ring_shift) - 1));
	e = bpf_map_lookup_elem(&rings, &i); /* NULL cannot happen: user space sized the map */
	if (!e) {
		barrier();
		cs->busy = 0;
		return NULL;
	}
	*ring_cs = cs;
	fill_header(e, kind, flags, now());
	return e;
}

/*
 * Make the slot visible to the collector: the record's stores come before
 * head's. x86-64 keeps stores in order (TSO), so a compiler barrier is
 * enough there; elsewhere a fetching atomic, which BPF orders fully.
 */
static __always_inline void ring_publish(struct sv_cpu_state *cs)
{
	barrier();
#if defined(__TARGET_ARCH_x86)
	cs->head++;
#else
	__u64 old = __sync_fetch_and_add(&cs->head, 1);

	asm volatile("" : : "r"(old));	/* keep the fetching form */
#endif
	barrier();
	cs->busy = 0;
}

static __always_inline void finish(struct sv_kevent *e, struct sv_cpu_state *ring_cs)
{
	if (ring_cs)
		ring_publish(ring_cs);
	else
		bpf_ringbuf_submit(e, SUBMIT_FLAGS);
}

/* prio as the record holds it: 0..139, or SV_PRIO_NONE for -1 */
static __always_inline __u8 prio_byte(struct task_struct *t)
{
	return t->prio < 0 ? SV_PRIO_NONE : (__u8)t->prio;
}

static __always_inline void set_subject(struct sv_kevent *e, struct task_struct *t)
{
	e->pid = t->pid;
	e->tgid = t->tgid;
	e->prio = prio_byte(t);
}

static __always_inline void set_second(struct sv_kevent *e, struct task_struct *t)
{
	e->pid2 = t->pid;
	e->tgid2 = t->tgid;
	e->prio2 = prio_byte(t);
}

/*
 * A switch or an attach: the TGIDs set_subject() and set_second() wrote
 * move to a named record's tail (a plain record's are known to user space),
 * and their place holds t's run-queue accounting (kernel/sched/stats.h:
 * sched_info_arrive() adds each wait to run_delay and counts pcount when
 * the task gets a CPU; sched_info_dequeue() adds a wait cut short by a
 * migration). NULL t: none (an untraced prev).
 */
static __always_inline void set_sched_info(struct sv_kevent *e, struct task_struct *t)
{
	if (e->flags & SV_F_NAMED) {
		struct sv_kevent_named *n = (struct sv_kevent_named *)e;

		n->tgid = e->tgid;
		n->tgid2 = e->tgid2;
	}
	e->run_delay = t && !SV_BENCH_NO_RUNQ ? t->sched_info.run_delay : 0;
	e->pcount = t && !SV_BENCH_NO_RUNQ ? (__u32)t->sched_info.pcount : 0;
}

#endif
