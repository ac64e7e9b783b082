// SPDX-License-Identifier: GPL-2.0-only
/* trace_codec.c - trace file records <-> bytes (layout in trace_format.h). */
#include "trace_codec.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- primitives ---- */

static size_t put_u(uint8_t *o, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		o[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	o[n++] = (uint8_t)v;
	return n;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t u)
{
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static size_t put_s(uint8_t *o, int64_t v)
{
	return put_u(o, zigzag(v));
}

static size_t put_str(uint8_t *o, const char *s, size_t max)
{
	size_t len = strnlen(s, max);
	size_t n = put_u(o, len);

	memcpy(o + n, s, len);
	return n + len;
}

/* Timestamps are stored as the wrapped difference from the previous one. */
static size_t put_ts(struct trace_codec *c, uint8_t *o, uint64_t ts)
{
	size_t n = put_s(o, (int64_t)(ts - c->prev_ts));

	c->prev_ts = ts;
	return n;
}

/* A bounded read cursor; the first error sticks and later reads return 0. */
struct cursor {
	const uint8_t *p, *end;
	int bad;
};

static uint64_t get_u_long(struct cursor *k)
{
	uint64_t v = 0;

	if (k->end - k->p >= 10) {	/* room for the longest: no bound checks */
		const uint8_t *p = k->p;

		for (unsigned shift = 0; shift < 63; shift += 7) {
			uint8_t b = *p++;

			v |= (uint64_t)(b & 0x7f) << shift;
			if (!(b & 0x80)) {
				k->p = p;
				return v;
			}
		}
		if (*p > 1) {	/* more than 64 bits */
			k->bad = 1;
			return 0;
		}
		k->p = p + 1;
		return v | (uint64_t)*p << 63;
	}
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (k->p >= k->end) {
			k->bad = 1;
			return 0;
		}
		uint8_t b = *k->p++;

		if (shift == 63 && b > 1) {	/* more than 64 bits */
			k->bad = 1;
			return 0;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	k->bad = 1;
	return 0;
}

/* Most fields fit one byte: that case inline, the rest in get_u_long(). */
static inline uint64_t get_u(struct cursor *k)
{
	if (k->p < k->end && *k->p < 0x80)
		return *k->p++;
	return get_u_long(k);
}

static int64_t get_s(struct cursor *k)
{
	return unzigzag(get_u(k));
}

static uint32_t get_u32(struct cursor *k)
{
	uint64_t v = get_u(k);

	if (v > UINT32_MAX)
		k->bad = 1;
	return (uint32_t)v;
}

static int32_t get_s32(struct cursor *k)
{
	int64_t v = get_s(k);

	if (v < INT32_MIN || v > INT32_MAX)
		k->bad = 1;
	return (int32_t)v;
}

/* A string of at most max bytes into buf (max + 1 bytes), NUL-terminated. */
static void get_str(struct cursor *k, char *buf, size_t max)
{
	uint64_t len = get_u(k);

	if (k->bad || len > max || len > (uint64_t)(k->end - k->p)) {
		k->bad = 1;
		buf[0] = '\0';
		return;
	}
	memcpy(buf, k->p, len);
	buf[len] = '\0';
	k->p += len;
}

static uint64_t get_ts(struct trace_codec *c, struct cursor *k)
{
	c->prev_ts += (uint64_t)get_s(k);
	return c->prev_ts;
}

/* ---- the move-to-front task table ---- */

void trace_codec__reset(struct trace_codec *c)
{
	c->prev_ts = 0;
	c->prev_futex = 0;
	c->n_tasks = 0;
}

/* Move the table's i-th entry to the front; returns its slot. */
static unsigned to_front(struct trace_codec *c, unsigned i)
{
	uint8_t slot = c->order[i];

	/* most references are to the first two entries: no call for those */
	if (i == 1)
		c->order[1] = c->order[0];
	else if (i)
		memmove(&c->order[1], &c->order[0], i);
	c->order[0] = slot;
	return slot;
}

/* A new task at the front; past TRACE_TASK_TABLE entries the oldest's slot is reused. */
static void push_front(struct trace_codec *c, const struct codec_task *t)
{
	unsigned slot;

	if (c->n_tasks < TRACE_TASK_TABLE) {
		c->order[c->n_tasks] = (uint8_t)c->n_tasks;
		c->n_tasks++;
	}
	slot = to_front(c, c->n_tasks - 1);
	c->slots[slot] = *t;
}

static size_t put_task_ref(struct trace_codec *c, uint8_t *o, int32_t tid, int32_t tgid,
			   int32_t prio, const char *comm)
{
	struct codec_task t = { .tid = tid, .tgid = tgid, .prio = prio };
	size_t n;

	strncpy(t.comm, comm, SCHED_COMM_LEN - 1);
	for (unsigned i = 0; i < c->n_tasks; i++) {
		if (!memcmp(&c->slots[c->order[i]], &t, sizeof(t))) {
			to_front(c, i);
			return put_u(o, i + 1);
		}
	}
	push_front(c, &t);
	n = put_u(o, 0);
	n += put_s(o + n, tid);
	n += put_s(o + n, (int64_t)tgid - tid);
	n += put_s(o + n, prio);
	return n + put_str(o + n, t.comm, SCHED_COMM_LEN - 1);
}

static void get_task_ref(struct trace_codec *c, struct cursor *k, int32_t *tid, int32_t *tgid,
			 int32_t *prio, char *comm)
{
	uint64_t ref = get_u(k);
	const struct codec_task *t;

	if (k->bad)
		return;
	if (ref) {
		if (ref > c->n_tasks) {
			k->bad = 1;
			return;
		}
		t = &c->slots[to_front(c, (unsigned)ref - 1)];
	} else {
		struct codec_task fresh = { 0 };
		int64_t d;

		fresh.tid = get_s32(k);
		/* tgid as a difference from tid: check its range before adding,
		 * so a hostile file cannot overflow the sum */
		d = get_s(k);
		if (d < (int64_t)INT32_MIN - fresh.tid || d > (int64_t)INT32_MAX - fresh.tid)
			k->bad = 1;
		else
			fresh.tgid = (int32_t)(fresh.tid + d);
		fresh.prio = get_s32(k);
		get_str(k, fresh.comm, SCHED_COMM_LEN - 1);
		if (k->bad)
			return;
		push_front(c, &fresh);
		t = &c->slots[c->order[0]];
	}
	*tid = t->tid;
	*tgid = t->tgid;
	*prio = t->prio;
	memcpy(comm, t->comm, SCHED_COMM_LEN);
}

/* ---- records ---- */

uint64_t trace_codec__event_arg(const struct sched_event *ev)
{
	switch (ev->type) {
	case SE_SWITCH:
		return ev->run_delta_ns;
	case SE_WAKING:
	case SE_WAKEUP:
	case SE_WAKEUP_NEW:
		return ev->target_cpu;
	case SE_FORK:
		return ev->clone_flags;
	case SE_EXEC:
		return (uint32_t)ev->old_pid;
	case SE_EXIT:
		return ev->group_dead;
	default:
		return 0;
	}
}

/*
 * The inverse of trace_codec__event_arg() for ev->type, set in ev (whose
 * union is zero). Returns false when v does not fit the type's field: more
 * than 32 bits for any type but a switch, or anything but 0 for a type
 * without an argument.
 */
static bool set_event_arg(struct sched_event *ev, uint64_t v)
{
	if (ev->type == SE_SWITCH) {
		ev->run_delta_ns = v;
		return true;
	}
	if (v > UINT32_MAX)
		return false;
	switch (ev->type) {
	case SE_WAKING:
	case SE_WAKEUP:
	case SE_WAKEUP_NEW:
		ev->target_cpu = (uint32_t)v;
		return true;
	case SE_FORK:
		ev->clone_flags = (uint32_t)v;
		return true;
	case SE_EXEC:
		ev->old_pid = (int32_t)(uint32_t)v;
		return true;
	case SE_EXIT:
		ev->group_dead = (uint32_t)v;
		return true;
	default:
		return v == 0;
	}
}

size_t trace_codec__put_event(struct trace_codec *c, uint8_t *out, const struct sched_event *ev)
{
	uint8_t head = (uint8_t)(ev->type & 0x0f);
	bool futex = ev->futex_addr || ev->futex_op;
	bool filename = ev->filename[0] != '\0';
	bool runq = ev->type == SE_SWITCH && (ev->flags & SEF_RUNQ);
	uint64_t arg = trace_codec__event_arg(ev);
	uint32_t arg_hi = (uint32_t)(arg >> 32);
	size_t n = 1;

	if (futex)
		head |= TRACE_HEAD_FUTEX;
	if (filename)
		head |= TRACE_HEAD_FILENAME;
	if (arg_hi)
		head |= TRACE_HEAD_ARG_HI;
	if (runq)
		head |= TRACE_HEAD_RUNQ;
	out[0] = head;
	n += put_ts(c, out + n, ev->ts_ns);
	n += put_u(out + n, ev->cpu);
	n += put_u(out + n, ev->flags);
	n += put_task_ref(c, out + n, ev->tid, ev->tgid, ev->prio, ev->comm);
	n += put_task_ref(c, out + n, ev->tid2, ev->tgid2, ev->prio2, ev->comm2);
	n += put_u(out + n, ev->state);
	n += put_u(out + n, (uint32_t)arg);
	if (futex) {
		n += put_s(out + n, (int64_t)(ev->futex_addr - c->prev_futex));
		n += put_u(out + n, ev->futex_op);
		c->prev_futex = ev->futex_addr;
	}
	if (filename)
		n += put_str(out + n, ev->filename, SCHED_PATH_LEN - 1);
	if (arg_hi)
		n += put_u(out + n, arg_hi);
	if (runq) {
		n += put_u(out + n, ev->run_delay_delta_ns);
		n += put_u(out + n, ev->pcount_delta);
	}
	return n;
}

size_t trace_codec__put_lost(struct trace_codec *c, uint8_t *out, uint64_t count, uint64_t ts_ns,
			     int32_t cpu)
{
	size_t n = 1;

	out[0] = TRACE_KIND_LOST | (cpu >= 0 ? TRACE_HEAD_LOST_CPU : 0);
	n += put_ts(c, out + n, ts_ns);
	n += put_u(out + n, count);
	if (cpu >= 0)
		n += put_u(out + n, (uint64_t)cpu);
	return n;
}

size_t trace_codec__put_lock(struct trace_codec *c, uint8_t *out, int32_t tgid, uint64_t addr,
			     const char *name, uint64_t ts_ns)
{
	size_t n = 1;

	out[0] = TRACE_KIND_LOCK;
	n += put_ts(c, out + n, ts_ns);
	n += put_s(out + n, tgid);
	n += put_u(out + n, addr);
	return n + put_str(out + n, name ? name : "", TRACE_LOCK_NAME_LEN - 1);
}

size_t trace_codec__put_task(struct trace_codec *c, uint8_t *out, int32_t tid, int32_t tgid,
			     int32_t ppid, const char *comm, uint64_t ts_ns)
{
	size_t n = 1;

	out[0] = TRACE_KIND_TASK;
	n += put_ts(c, out + n, ts_ns);
	n += put_s(out + n, tid);
	n += put_s(out + n, tgid);
	n += put_s(out + n, ppid);
	return n + put_str(out + n, comm ? comm : "", SCHED_COMM_LEN - 1);
}

static void get_event(struct trace_codec *c, struct cursor *k, uint8_t head,
		      struct sched_event *ev)
{
	uint32_t cpu;
	uint64_t arg;

	ev->type = head & 0x0f;
	ev->ts_ns = get_ts(c, k);
	cpu = get_u32(k);
	if (cpu > UINT16_MAX)
		k->bad = 1;
	ev->cpu = (uint16_t)cpu;
	ev->flags = get_u32(k);
	get_task_ref(c, k, &ev->tid, &ev->tgid, &ev->prio, ev->comm);
	get_task_ref(c, k, &ev->tid2, &ev->tgid2, &ev->prio2, ev->comm2);
	ev->state = get_u32(k);
	arg = get_u32(k);
	if (head & TRACE_HEAD_FUTEX) {
		c->prev_futex += (uint64_t)get_s(k);
		ev->futex_addr = c->prev_futex;
		ev->futex_op = get_u32(k);
	}
	if (head & TRACE_HEAD_FILENAME)
		get_str(k, ev->filename, SCHED_PATH_LEN - 1);
	if (head & TRACE_HEAD_ARG_HI)
		arg |= (uint64_t)get_u32(k) << 32;
	if (!set_event_arg(ev, arg))
		k->bad = 1;
	/* the run-queue figures come with SEF_RUNQ on a switch, never alone */
	if (!(head & TRACE_HEAD_RUNQ) != !(ev->type == SE_SWITCH && (ev->flags & SEF_RUNQ)))
		k->bad = 1;
	if (head & TRACE_HEAD_RUNQ) {
		ev->run_delay_delta_ns = get_u(k);
		ev->pcount_delta = get_u32(k);
	}
}

/*
 * Zero rec but for the bytes after the first of its two long strings (an
 * exec's filename, a lock's name): they are written, NUL-terminated, only
 * by records that carry them. Field by field: as one memset this compiled
 * to a "rep stos", whose start-up cost was a sixth of a report's time.
 */
static void clear_record(struct trace_record *rec)
{
	struct sched_event *ev = &rec->ev;

	rec->kind = 0;
	rec->ts_ns = 0;
	ev->ts_ns = 0;
	ev->type = ev->cpu = 0;
	ev->flags = 0;
	ev->tid = ev->tgid = ev->tid2 = ev->tgid2 = ev->prio = ev->prio2 = 0;
	ev->state = ev->futex_op = 0;
	ev->futex_addr = ev->run_delay_delta_ns = 0;
	ev->pcount_delta = ev->reserved = 0;
	ev->run_delta_ns = 0;	/* the widest member of the argument's union */
	memset(ev->comm, 0, sizeof(ev->comm));
	memset(ev->comm2, 0, sizeof(ev->comm2));
	ev->filename[0] = '\0';
	rec->lost = 0;
	rec->cpu = rec->tid = rec->tgid = rec->ppid = 0;
	memset(rec->comm, 0, sizeof(rec->comm));
	rec->lock_addr = 0;
	rec->lock_name[0] = '\0';
}

int trace_codec__get(struct trace_codec *c, const uint8_t *p, size_t len, size_t *used,
		     struct trace_record *rec)
{
	struct cursor k = { .p = p, .end = p + len };
	uint8_t head, kind;

	clear_record(rec);
	if (!len)
		return -EBADMSG;
	head = *k.p++;
	kind = head & 0x0f;
	if (kind >= SE_SWITCH && kind < SE__MAX) {
		rec->kind = TRACE_REC_EVENT;
		get_event(c, &k, head, &rec->ev);
		rec->ts_ns = rec->ev.ts_ns;
	} else if ((head & ~TRACE_HEAD_LOST_CPU) == TRACE_KIND_LOST) {
		uint32_t cpu;

		rec->kind = TRACE_REC_LOST;
		rec->ts_ns = get_ts(c, &k);
		rec->lost = get_u(&k);
		rec->cpu = -1;
		if (head & TRACE_HEAD_LOST_CPU) {
			cpu = get_u32(&k);
			if (cpu > UINT16_MAX)	/* a CPU number, as sched_event.cpu */
				k.bad = 1;
			rec->cpu = (int32_t)cpu;
		}
	} else if (head == TRACE_KIND_TASK) {
		rec->kind = TRACE_REC_TASK;
		rec->ts_ns = get_ts(c, &k);
		rec->tid = get_s32(&k);
		rec->tgid = get_s32(&k);
		rec->ppid = get_s32(&k);
		get_str(&k, rec->comm, SCHED_COMM_LEN - 1);
	} else if (head == TRACE_KIND_LOCK) {
		rec->kind = TRACE_REC_LOCK;
		rec->ts_ns = get_ts(c, &k);
		rec->tgid = get_s32(&k);
		rec->lock_addr = get_u(&k);
		get_str(&k, rec->lock_name, TRACE_LOCK_NAME_LEN - 1);
	} else {
		return -EBADMSG;
	}
	if (k.bad)
		return -EBADMSG;
	*used = (size_t)(k.p - p);
	return 0;
}

/* ---- run_info ---- */

int trace_codec__put_info(const struct run_info *ri, uint8_t **out, size_t *out_len)
{
	size_t argv_bytes = 0, cap, n = 0;
	int argc = 0;
	uint8_t *o;

	while (argc < ri->argc && argc < TRACE_ARGC_MAX) {
		size_t len = strlen(ri->argv[argc]);

		if (argv_bytes + len > TRACE_ARGV_BYTES_MAX)
			break;
		argv_bytes += len;
		argc++;
	}
	/* 20 varints of <= 10 bytes, 3 + argc string lengths of <= 10 bytes */
	cap = 20 * 10 + (3 + (size_t)argc) * 10 + argv_bytes + sizeof(ri->kernel_release) +
	      sizeof(ri->scenario);
	o = malloc(cap);
	if (!o)
		return -ENOMEM;
	n += put_u(o + n, TRACE_CLOCK_MONOTONIC);
	n += put_u(o + n, ri->ncpus);
	n += put_s(o + n, ri->pid);
	n += put_s(o + n, ri->exit_code);
	n += put_s(o + n, ri->term_signal);
	n += put_u(o + n, ri->ru_nvcsw);
	n += put_u(o + n, ri->ru_nivcsw);
	n += put_u(o + n, ri->ru_utime_ns);
	n += put_u(o + n, ri->ru_stime_ns);
	n += put_u(o + n, ri->start_ns);
	n += put_u(o + n, ri->end_ns);
	n += put_u(o + n, ri->lost);
	n += put_str(o + n, ri->kernel_release, sizeof(ri->kernel_release) - 1);
	n += put_str(o + n, ri->scenario, sizeof(ri->scenario) - 1);
	n += put_u(o + n, (uint64_t)argc);
	for (int i = 0; i < argc; i++)
		n += put_str(o + n, ri->argv[i], TRACE_ARGV_BYTES_MAX);
	/* format 4.0 on */
	n += put_u(o + n, ri->trigger_ns);
	n += put_s(o + n, ri->trigger_tid);
	n += put_u(o + n, ri->trigger_wait_ns);
	n += put_u(o + n, ri->flight ? 1 : 0);
	n += put_u(o + n, ri->final_run_ns);
	n += put_u(o + n, ri->final_run_delay_ns);
	n += put_u(o + n, ri->final_pcount);
	*out = o;
	*out_len = n;
	return 0;
}

int trace_codec__get_info(const uint8_t *p, size_t len, struct run_info *ri)
{
	struct cursor k = { .p = p, .end = p + len };
	uint64_t clock, argc;
	int err = -EBADMSG;

	clock = get_u(&k);
	if (!k.bad && clock != TRACE_CLOCK_MONOTONIC)
		return -ENOTSUP;
	ri->ncpus = get_u32(&k);
	ri->pid = get_s32(&k);
	ri->exit_code = get_s32(&k);
	ri->term_signal = get_s32(&k);
	ri->ru_nvcsw = get_u(&k);
	ri->ru_nivcsw = get_u(&k);
	ri->ru_utime_ns = get_u(&k);
	ri->ru_stime_ns = get_u(&k);
	ri->start_ns = get_u(&k);
	ri->end_ns = get_u(&k);
	ri->lost = get_u(&k);
	get_str(&k, ri->kernel_release, sizeof(ri->kernel_release) - 1);
	get_str(&k, ri->scenario, sizeof(ri->scenario) - 1);
	argc = get_u(&k);
	if (ri->ncpus > TRACE_NCPUS_MAX)
		k.bad = 1;
	/* every argument takes at least its one-byte length */
	if (k.bad || argc > TRACE_ARGC_MAX || argc > (uint64_t)(k.end - k.p))
		goto fail;
	ri->argv = calloc(argc + 1, sizeof(*ri->argv));
	if (!ri->argv) {
		err = -ENOMEM;
		goto fail;
	}
	for (uint64_t i = 0; i < argc; i++) {
		uint64_t alen = get_u(&k);

		if (k.bad || alen > (uint64_t)(k.end - k.p))
			goto fail;
		ri->argv[i] = malloc(alen + 1);
		if (!ri->argv[i]) {
			err = -ENOMEM;
			goto fail;
		}
		ri->argc = (int)i + 1;
		memcpy(ri->argv[i], k.p, alen);
		ri->argv[i][alen] = '\0';
		k.p += alen;
	}
	if (k.p != k.end) {	/* format 4.0 on: the flight recording's facts */
		ri->trigger_ns = get_u(&k);
		ri->trigger_tid = get_s32(&k);
		ri->trigger_wait_ns = get_u(&k);
		ri->flight = get_u(&k) != 0;
		ri->final_run_ns = get_u(&k);
		ri->final_run_delay_ns = get_u(&k);
		ri->final_pcount = get_u(&k);
	}
	if (k.bad || k.p != k.end)
		goto fail;
	return 0;
fail:
	run_info__clear(ri);
	return err;
}
