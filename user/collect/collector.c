// SPDX-License-Identifier: GPL-2.0-only
/*
 * collector.c - skeleton lifecycle in one place (open -> size maps -> load ->
 * attach -> ring buffer), record conversion, and the reorder window.
 */
#include "collector.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel_abi.h"
#include "load_error.h"
#include "mono_clock.h"
#include "schedviz.skel.h"
#include "task_cache.h"
#include "vec.h"

/* Events newer than (now - REORDER_NS) wait for stragglers from other CPUs. */
#define REORDER_NS (4ull * 1000 * 1000)
/*
 * Bytes of the shared ring buffer by default: room for 262,144 plain
 * records, more than two CPUs' 4 MiB rings and the 4 MiB shared buffer held
 * together before the CPU rings shrank (a collector held up for 0.5 s at
 * 480 k records/s loses nothing).
 */
#define RING_DEFAULT (16u << 20)
/*
 * Bytes of each CPU's record ring, at most: small enough that its slots are
 * still in the CPU's cache when the programs write them again (a 4 MiB
 * ring's were not: BENCHMARKS.md, "the record rings"); a burst beyond it
 * goes to the shared ring buffer (bpf/records.bpf.h: plain()).
 */
#define CPU_RING_MAX (256u << 10)
#define READ_PERIOD_NS (10ull * 1000 * 1000)	/* see collector__read_period_ns() */
#define READ_RATE_MAX 4000000ull		/* records/s the period allows for */

struct pending {
	struct sched_event ev;	/* resolve() turns k into the event's deltas */
	struct task_counters k;	/* switch with SEF_RUNTIME: prev's counters;
				   attach: the task's */
	int32_t tgid, tgid2;	/* a named switch's or attach's TGIDs */
	uint64_t seq;		/* ring order, to keep equal timestamps stable */
};

struct collector {
	struct schedviz_bpf *skel;
	struct ring_buffer *rb;
	collector_event_fn fn;
	collector_task_fn task_fn;
	void *ctx;
	enum collect_source source;
	struct task_cache *tasks;	/* names and counters of traced tasks */
	struct pending *buf;
	size_t n, cap;
	uint64_t seq;
	int err;		/* conversion error inside the ring callback */
	int ncpus;
	uint64_t read_period_ns;
	uint64_t drain_ns;		/* when the current drain began */
	unsigned ring_shift;		/* each CPU's ring: 1 << ring_shift records */
	struct sv_cpu_state *cpu_map;	/* map `cpus`, mmapped: ncpus values */
	size_t cpu_map_len;
	const struct sv_kevent *ring_map; /* map `rings`, mmapped read-only */
	size_t ring_map_len;
};

static bool verbose_log;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	/* libbpf's own log only with -v: its hints (e.g. about ulimit -l) mislead
	 * on this kernel, and our one-line errors say what to do. */
	return verbose_log ? vfprintf(stderr, fmt, ap) : 0;
}

/*
 * What a record leaves to user space, resolved at delivery, in timestamp
 * order (plain records come from per-CPU rings and named ones from the
 * shared ring buffer, so read order is not time order: a rename can be read
 * before an older wakeup):
 *  - names of both sides: a named record teaches the cache, a plain one is
 *    filled from it;
 *  - TGIDs of a plain switch's tasks (both traced, or idle);
 *  - for a traced prev at a switch, which of its counters moved since its
 *    previous switch-out (kernel/sched/core.c: __schedule() increments
 *    nvcsw for a voluntary switch, nivcsw otherwise), its run time and its
 *    run-queue delay since then. A futex wait stands only for a voluntary
 *    switch.
 *  - a task traced from outside: its baseline (SV_ATTACH, not delivered:
 *    returns 1), or, when its first record is a switch-out (SV_F_FIRST, or
 *    no baseline came), that switch's counters as the baseline and the
 *    switch delivered without its prev side.
 */
static int resolve(struct collector *c, struct pending *p)
{
	struct sched_event *e = &p->ev;
	bool side1 = true, side2;	/* is tid / tid2 a traced task */
	int err = 0;

	if (e->type == SV_ATTACH) {
		e->tgid = p->tgid;
		err = task_cache__set_comm(c->tasks, e->tid, e->comm);
		if (!err)
			err = task_cache__set_tgid(c->tasks, e->tid, e->tgid);
		if (!err)
			err = task_cache__baseline(c->tasks, e->tid, &p->k);
		if (!err && c->task_fn)
			err = c->task_fn(c->ctx, e->tid, e->tgid, e->tid2, e->comm, e->ts_ns);
		return err ? err : 1;
	}
	switch (e->type) {
	case SE_SWITCH:
		side1 = e->flags & SEF_PREV_TARGET;
		side2 = e->flags & SEF_NEXT_TARGET;
		break;
	case SE_WAKING:
	case SE_WAKEUP:
	case SE_WAKEUP_NEW:
		side2 = e->flags & SEF_WAKER_TARGET;
		break;
	case SE_FORK:
		side1 = false;	/* the launcher, or a traced parent: named anyway */
		side2 = true;
		err = task_cache__born(c->tasks, e->tid2, e->tgid2);
		break;
	default:
		side2 = false;
		break;
	}
	if (err)
		return err;
	if (e->type == SE_SWITCH && (e->flags & SV_F_NAMED)) {
		e->tgid = p->tgid;
		e->tgid2 = p->tgid2;
		if (side1)
			err = task_cache__set_tgid(c->tasks, e->tid, e->tgid);
		if (!err && side2)
			err = task_cache__set_tgid(c->tasks, e->tid2, e->tgid2);
	} else if (e->type == SE_SWITCH) {
		e->tgid = task_cache__tgid(c->tasks, e->tid);
		e->tgid2 = task_cache__tgid(c->tasks, e->tid2);
	}
	if (err)
		return err;
	if (e->flags & SV_F_NAMED) {
		if (side1)
			err = task_cache__set_comm(c->tasks, e->tid, e->comm);
		if (!err && side2)
			err = task_cache__set_comm(c->tasks, e->tid2, e->comm2);
	} else {
		task_cache__get_comm(c->tasks, e->tid, e->cpu, e->comm);
		/* a plain switch's or wakeup's other side is traced, or idle
		 * (swapper/<cpu>; a wakeup then is not flagged) */
		if (e->type == SE_SWITCH || side2 || (e->type != SE_FORK && e->tid2 == 0))
			task_cache__get_comm(c->tasks, e->tid2, e->cpu, e->comm2);
	}
	if (!err && e->type == SE_SWITCH && (e->flags & SEF_RUNTIME) &&
	    c->source != COLLECT_LAUNCH &&
	    ((e->flags & SV_F_FIRST) || !task_cache__based(c->tasks, e->tid))) {
		/* tracing of prev begins now: this switch is not counted */
		err = task_cache__baseline(c->tasks, e->tid, &p->k);
		e->flags &= ~(uint32_t)(SEF_PREV_TARGET | SEF_RUNTIME | SEF_VOLUNTARY |
					SEF_FUTEX | SEF_RELEASED | SEF_REAPING);
	}
	e->flags &= ~(uint32_t)(SV_F_NAMED | SV_F_FIRST);
	if (!err && e->type == SE_SWITCH && (e->flags & SEF_RUNTIME)) {
		struct task_delta d;

		err = task_cache__switch_out(c->tasks, e->tid, &p->k, &d);
		e->run_delta_ns = d.run_ns;
		e->run_delay_delta_ns = d.run_delay_ns;
		e->pcount_delta = d.pcount;
		e->flags |= SEF_RUNQ;
		if (d.nvcsw)
			e->flags |= SEF_VOLUNTARY;
		else
			e->flags &= ~(uint32_t)SEF_FUTEX;
	}
	if (e->type == SE_SWITCH && side1 && (e->state & SE_TASK_DEAD))
		task_cache__drop(c->tasks, e->tid);
	return err;
}

/* Convert one ring record (plain, named or exec) and queue it. */
static int take(struct collector *c, const void *data, size_t size)
{
	const struct sv_kevent *k = data;
	struct pending *p;
	struct sched_event *e;

	if (size < sizeof(*k))
		return 0;
	if (vec__reserve((void **)&c->buf, &c->cap, c->n + 1, sizeof(*c->buf)))
		return -ENOMEM;
	p = &c->buf[c->n];
	memset(p, 0, sizeof(*p));
	e = &p->ev;
	e->ts_ns = k->ts;
	e->type = k->kind;	/* enum sv_kind matches enum sched_event_type (kernel_abi.h) */
	e->cpu = k->cpu;
	e->flags = k->flags;	/* SV_F_* match SEF_* (kernel_abi.h) */
	e->tid = k->pid;
	e->tid2 = k->pid2;
	e->prio = k->prio == SV_PRIO_NONE ? -1 : k->prio;
	e->prio2 = k->prio2 == SV_PRIO_NONE ? -1 : k->prio2;
	e->state = k->state;
	e->futex_addr = k->futex_addr & SV_FUTEX_ADDR_MASK;
	e->futex_op = (uint32_t)(k->futex_addr >> SV_FUTEX_OP_SHIFT);
	switch (k->kind) {	/* the kind's argument, e's union zeroed above */
	case SV_SWITCH:
	case SV_ATTACH:		/* TGIDs: the named tail, or resolve() */
		p->k = (struct task_counters){
			.nvcsw = k->nvcsw, .nivcsw = k->nivcsw, .pcount = k->pcount,
			.runtime_ns = k->sum_exec_runtime, .run_delay_ns = k->run_delay,
		};
		break;
	case SV_WAKING:
	case SV_WAKEUP:
	case SV_WAKEUP_NEW:
		e->target_cpu = k->target_cpu;
		break;
	case SV_FORK:
		e->clone_flags = k->clone_flags;
		break;
	case SV_EXEC:
		e->old_pid = k->old_pid;
		break;
	case SV_EXIT:
		e->group_dead = k->group_dead;
		break;
	}
	if (k->kind != SV_SWITCH && k->kind != SV_ATTACH) {
		e->tgid = k->tgid;
		e->tgid2 = k->tgid2;
	}
	if (k->flags & SV_F_NAMED) {
		const struct sv_kevent_named *n = data;

		if (size < sizeof(*n))
			return -EINVAL;
		p->tgid = n->tgid;
		p->tgid2 = n->tgid2;
		memcpy(e->comm, n->comm, SCHED_COMM_LEN);
		memcpy(e->comm2, n->comm2, SCHED_COMM_LEN);
		e->comm[SCHED_COMM_LEN - 1] = e->comm2[SCHED_COMM_LEN - 1] = '\0';
	}
	if (k->kind == SV_EXEC && size >= sizeof(struct sv_kexec)) {
		memcpy(e->filename, ((const struct sv_kexec *)data)->filename, SCHED_PATH_LEN);
		e->filename[SCHED_PATH_LEN - 1] = '\0';
	}
	p->seq = c->seq++;
	c->n++;
	return 0;
}

/*
 * A record from the shared ring buffer. One made after the drain began
 * (c->drain_ns) is kept and ends this drain's read (-EAGAIN, which
 * collector__drain() takes as "enough"): with CPU rings full, the shared
 * buffer takes every record, and a reader slower than the programs for a
 * while would otherwise never leave ring_buffer__consume() (libbpf reads
 * on while there is new data), nor pass a stop signal on to the target.
 */
static int on_record(void *ctx, void *data, size_t size)
{
	struct collector *c = ctx;
	int err = take(c, data, size);

	if (err) {
		c->err = err;
		return err;
	}
	if (size >= sizeof(struct sv_kevent) && ((const struct sv_kevent *)data)->ts > c->drain_ns)
		return -EAGAIN;
	return 0;
}

/*
 * Take every record the CPUs' rings hold (bpf/schedviz.h: a program fills a
 * slot, then stores head; we read head, the slots below it, then store
 * tail, which frees them). A record being written as we look is younger
 * than the reorder horizon and is read next time.
 */
static int read_rings(struct collector *c)
{
	uint64_t mask = (1ull << c->ring_shift) - 1;
	int err = 0;

	for (int cpu = 0; cpu < c->ncpus && !err; cpu++) {
		struct sv_cpu_state *st = &c->cpu_map[cpu];
		const struct sv_kevent *ring = c->ring_map + ((size_t)cpu << c->ring_shift);
		uint64_t head = __atomic_load_n(&st->head, __ATOMIC_ACQUIRE);
		uint64_t tail = st->tail;

		if (head - tail > mask + 1)
			tail = head - (mask + 1);	/* cannot happen: programs never pass tail */
		for (; tail != head && !err; tail++)
			err = take(c, &ring[tail & mask], sizeof(ring[0]));
		__atomic_store_n(&st->tail, tail, __ATOMIC_RELEASE);
	}
	return err;
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->ev.ts_ns != y->ev.ts_ns)
		return x->ev.ts_ns < y->ev.ts_ns ? -1 : 1;
	/* a baseline comes before the switch-in that sent it */
	if ((x->ev.type == SV_ATTACH) != (y->ev.type == SV_ATTACH))
		return x->ev.type == SV_ATTACH ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * mmap a BPF_F_MMAPABLE array whole (kernel/bpf/arraymap.c: array_map_mmap()
 * maps whole pages of values); *len gets the length to munmap. NULL with
 * errno set on failure.
 */
static void *map_array(const struct bpf_map *m, int prot, size_t *len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t bytes = (size_t)bpf_map__value_size(m) * bpf_map__max_entries(m);
	void *p;

	*len = (bytes + page - 1) & ~(page - 1);
	p = mmap(NULL, *len, prot, MAP_SHARED, bpf_map__fd(m), 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Map the per-CPU state (read-write: we own tail) and the rings (read-only). */
static int map_rings(struct collector *c)
{
	c->cpu_map = map_array(c->skel->maps.cpus, PROT_READ | PROT_WRITE, &c->cpu_map_len);
	if (!c->cpu_map)
		return -errno;
	c->ring_map = map_array(c->skel->maps.rings, PROT_READ, &c->ring_map_len);
	return c->ring_map ? 0 : -errno;
}

/*
 * The hot programs come in two builds (bpf/schedviz.bpf.c): a launched
 * command's, with no code for other sources, and the _ext one. Load one;
 * sched_wakeup only when asked for.
 */
static int pick_programs(struct schedviz_bpf *sk, const struct collector_opts *o)
{
	bool ext = o->source != COLLECT_LAUNCH;
	struct bpf_program *launch[] = { sk->progs.on_switch, sk->progs.on_waking,
					 sk->progs.on_wakeup, sk->progs.on_wakeup_new,
					 sk->progs.on_newtask };
	struct bpf_program *other[] = { sk->progs.on_switch_ext, sk->progs.on_waking_ext,
					sk->progs.on_wakeup_ext, sk->progs.on_wakeup_new_ext,
					sk->progs.on_newtask_ext };
	int err = 0;

	for (size_t i = 0; i < sizeof(launch) / sizeof(launch[0]) && !err; i++) {
		bool wakeup = launch[i] == sk->progs.on_wakeup;

		err = bpf_program__set_autoload(launch[i], !ext && (!wakeup || o->wakeup_events));
		if (!err)
			err = bpf_program__set_autoload(other[i],
							ext && (!wakeup || o->wakeup_events));
	}
	return err;
}

int collector__open(struct collector **out, const struct collector_opts *o,
		    const char **why)
{
	struct collector *c;
	struct load_facts facts;
	size_t ring = o->ring_bytes ? o->ring_bytes : RING_DEFAULT;
	/* each CPU's ring and the shared one are `ring` bytes */
	uint64_t fill_ns = ring / sizeof(struct sv_kevent) * 1000000000ull / READ_RATE_MAX;
	int err;

	*why = NULL;
	verbose_log = o->verbose;
	libbpf_set_print(libbpf_print);
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fn = o->fn;
	c->task_fn = o->task_fn;
	c->ctx = o->ctx;
	c->source = o->source;
	c->read_period_ns = fill_ns < READ_PERIOD_NS ? fill_ns : READ_PERIOD_NS;
	err = task_cache__new(&c->tasks);
	if (err)
		goto fail;
	c->ncpus = libbpf_num_possible_cpus();
	if (c->ncpus < 1) {
		err = c->ncpus ? c->ncpus : -EINVAL;
		goto fail;
	}
	while ((sizeof(struct sv_kevent) << (c->ring_shift + 1)) <= CPU_RING_MAX)
		c->ring_shift++;
	if (((uint64_t)c->ncpus << c->ring_shift) > UINT32_MAX / 2) {
		err = -E2BIG;
		goto fail;
	}

	c->skel = schedviz_bpf__open();
	if (!c->skel) {
		err = -errno;
		goto fail;
	}
	c->skel->rodata->launcher_tid = gettid();
	c->skel->rodata->ring_shift = c->ring_shift;
	c->skel->rodata->source = o->source;
	c->skel->rodata->cgroup_id = o->cgroup_id;
	err = bpf_map__set_max_entries(c->skel->maps.events, (__u32)ring);
	if (!err)
		err = bpf_map__set_max_entries(c->skel->maps.cpus, (__u32)c->ncpus);
	if (!err)
		err = bpf_map__set_max_entries(c->skel->maps.rings,
					       (__u32)c->ncpus << c->ring_shift);
	if (!err)
		err = pick_programs(c->skel, o);
	if (err)
		goto fail;
	err = schedviz_bpf__load(c->skel);
	if (err)
		goto fail;
	err = map_rings(c);
	if (err)
		goto fail;
	err = schedviz_bpf__attach(c->skel);
	if (err)
		goto fail;
	c->rb = ring_buffer__new(bpf_map__fd(c->skel->maps.events), on_record, c, NULL);
	if (!c->rb) {
		err = -errno;
		goto fail;
	}
	*out = c;
	return 0;
fail:
	if (err > 0)
		err = -err;
	collector__close(c);	/* before the probes: our programs and maps are gone */
	load_error__facts(&facts);
	return load_error__explain(err ? err : -EINVAL, &facts, why);
}

void collector__arm(struct collector *c)
{
	c->skel->bss->root_pending = 1;
}

int collector__mark(struct collector *c, int pidfd)
{
	struct { uint64_t clone_flags; uint32_t based, pad; } mark = { 0 };	/* task_mark */
	int err;

	/* BPF_NOEXIST: a task a traced one created keeps its mark (born: based) */
	err = bpf_map_update_elem(bpf_map__fd(c->skel->maps.marks), &pidfd, &mark, BPF_NOEXIST);
	return err ? -errno : 0;
}

int collector__declare(struct collector *c, int32_t tid, int32_t tgid, int32_t ppid,
		       const char *comm, uint64_t ts_ns)
{
	char name[SCHED_COMM_LEN] = "";
	int err;

	snprintf(name, sizeof(name), "%s", comm);
	err = task_cache__set_comm(c->tasks, tid, name);
	if (!err)
		err = task_cache__set_tgid(c->tasks, tid, tgid);
	if (!err && c->task_fn)
		err = c->task_fn(c->ctx, tid, tgid, ppid, name, ts_ns);
	return err;
}

int collector__drain(struct collector *c, bool final)
{
	uint64_t now = mono_ns();
	size_t ready = 0;
	int err;

	c->drain_ns = final ? UINT64_MAX : now;
	err = read_rings(c);
	if (err)
		return err;
	err = ring_buffer__consume(c->rb);
	if (c->err) {
		err = c->err;
		c->err = 0;
		return err;
	}
	if (err < 0 && err != -EINTR && err != -EAGAIN)
		return err;
	if (!c->n)
		return 0;
	qsort(c->buf, c->n, sizeof(*c->buf), cmp_pending);
	if (final) {
		ready = c->n;
	} else {
		/* the rings were read after `now`: a record not yet read was
		 * made after it, less a little skew (bpf_ktime_get_ns() and
		 * CLOCK_MONOTONIC are one clock) */
		uint64_t horizon = now > REORDER_NS ? now - REORDER_NS : 0;

		while (ready < c->n && c->buf[ready].ev.ts_ns <= horizon)
			ready++;
	}
	for (size_t i = 0; i < ready; i++) {
		err = resolve(c, &c->buf[i]);
		if (!err)
			err = c->fn(c->ctx, &c->buf[i].ev);
		else if (err == 1)
			err = 0;	/* the collector's own record */
		if (err < 0) {
			memmove(c->buf, c->buf + i + 1, (c->n - i - 1) * sizeof(*c->buf));
			c->n -= i + 1;
			return err;
		}
	}
	memmove(c->buf, c->buf + ready, (c->n - ready) * sizeof(*c->buf));
	c->n -= ready;
	return (int)ready;
}

uint64_t collector__read_period_ns(const struct collector *c)
{
	return c->read_period_ns;
}

int collector__ncpus(const struct collector *c)
{
	return c->ncpus;
}

int collector__lost_by_cpu(const struct collector *c, uint64_t *per_cpu, uint64_t *unknown)
{
	struct bpf_program *p;
	__u32 zero = 0;
	uint64_t misses = 0;

	/* a per-CPU array's value is one __u64 per possible CPU */
	if (bpf_map_lookup_elem(bpf_map__fd(c->skel->maps.drops), &zero, per_cpu))
		return -errno;
	bpf_object__for_each_program(p, c->skel->obj) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(p);

		memset(&info, 0, sizeof(info));
		if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
			misses += info.recursion_misses;
	}
	*unknown = misses;
	return 0;
}

uint64_t collector__lost(const struct collector *c)
{
	uint64_t *vals = calloc((size_t)c->ncpus, sizeof(*vals)), unknown = 0, sum = 0;

	if (vals && !collector__lost_by_cpu(c, vals, &unknown))
		for (int i = 0; i < c->ncpus; i++)
			sum += vals[i];
	free(vals);
	return sum + unknown;
}

void collector__close(struct collector *c)
{
	if (!c)
		return;
	ring_buffer__free(c->rb);
	schedviz_bpf__destroy(c->skel);
	task_cache__free(c->tasks);
	if (c->cpu_map)
		munmap(c->cpu_map, c->cpu_map_len);
	if (c->ring_map)
		munmap((void *)c->ring_map, c->ring_map_len);
	free(c->buf);
	free(c);
}
