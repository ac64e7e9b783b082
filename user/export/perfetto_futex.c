// SPDX-License-Identifier: GPL-2.0-only
/* perfetto_futex.c - futex-wait slices with interned names (see perfetto_futex.h). */
#include "perfetto_futex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Field numbers, perfetto_trace.proto. */
enum {
	TRACE_PACKET = 1,
	PKT_CLOCK_SNAPSHOT = 6, PKT_TIMESTAMP = 8, PKT_SEQ_ID = 10, PKT_TRACK_EVENT = 11,
	PKT_INTERNED_DATA = 12, PKT_SEQ_FLAGS = 13, PKT_CLOCK_ID = 58, PKT_DEFAULTS = 59,
	SEQ_INCREMENTAL_STATE_CLEARED = 1, SEQ_NEEDS_INCREMENTAL_STATE = 2,
	CS_CLOCK = 1, CLK_ID = 1, CLK_TS = 2, CLK_INCREMENTAL = 3,	/* ClockSnapshot */
	CLOCK_BOOTTIME = 6,
	ID_EVENT_NAMES = 2, ID_ANNOTATION_NAMES = 3,	/* InternedData */
	IN_IID = 1, IN_NAME = 2,			/* EventName, DebugAnnotationName */
	TE_ANNOTATION = 4, TE_TYPE = 9, TE_NAME_IID = 10, TE_TRACK = 11, TE_NAME = 23,
	TE_SLICE_BEGIN = 1, TE_SLICE_END = 2,
	DA_NAME_IID = 1, DA_INT = 4,
	OP_IID = 1,				/* "futex_op", the one annotation name */
	MIN_SLOTS = 64,
};

static void clock(struct pb_buf *b, uint32_t id, uint64_t ts, int incremental)
{
	size_t m = pb__begin(b, CS_CLOCK);

	pb__uint(b, CLK_ID, id);
	pb__uint(b, CLK_TS, ts);
	if (incremental)
		pb__uint(b, CLK_INCREMENTAL, 1);
	pb__end(b, m);
}

/*
 * Open a packet of the sequence at ts: its first packet before it when
 * none yet, then the timestamp as a delta (or absolute, on BOOTTIME, when
 * ts is before the clock's value). Returns the packet's mark.
 */
static size_t packet(struct pf_futex *f, struct pb_buf *b, uint64_t ts)
{
	size_t p, m;

	if (!f->started) {
		p = pb__begin(b, TRACE_PACKET);
		m = pb__begin(b, PKT_CLOCK_SNAPSHOT);
		clock(b, PF_FUTEX_CLOCK, ts, 1);
		clock(b, CLOCK_BOOTTIME, ts, 0);
		pb__end(b, m);
		m = pb__begin(b, PKT_DEFAULTS);
		pb__uint(b, PKT_CLOCK_ID, PF_FUTEX_CLOCK);
		pb__end(b, m);
		pb__uint(b, PKT_SEQ_FLAGS, SEQ_INCREMENTAL_STATE_CLEARED);
		pb__uint(b, PKT_SEQ_ID, PF_FUTEX_SEQ);
		pb__end(b, p);
		f->started = 1;
		f->last = ts;
	}
	p = pb__begin(b, TRACE_PACKET);
	if (ts >= f->last) {
		pb__uint(b, PKT_TIMESTAMP, ts - f->last);
		f->last = ts;
	} else {
		pb__uint(b, PKT_TIMESTAMP, ts);
		pb__uint(b, PKT_CLOCK_ID, CLOCK_BOOTTIME);
	}
	return p;
}

static size_t slot_of(int32_t tgid, uint64_t addr, size_t cap)
{
	return (size_t)(((addr ^ (uint64_t)(uint32_t)tgid << 40) * 0x9e3779b97f4a7c15ull) >> 32) &
	       (cap - 1);
}

static int grow(struct pf_futex *f)
{
	size_t cap = f->cap ? f->cap * 2 : MIN_SLOTS;
	struct pf_futex_slot *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return -1;
	for (size_t i = 0; i < f->cap; i++) {
		size_t j;

		if (!f->slot[i].iid)
			continue;
		for (j = slot_of(f->slot[i].tgid, f->slot[i].addr, cap); slot[j].iid;
		     j = (j + 1) & (cap - 1))
			;
		slot[j] = f->slot[i];
	}
	free(f->slot);
	f->slot = slot;
	f->cap = cap;
	return 0;
}

/*
 * The iid of the word at addr in tgid (1, 2, ...), *fresh when made now;
 * 0 when out of memory. A word first met unnamed and named since gets a
 * fresh iid for its name.
 */
static uint32_t name_iid(struct pf_futex *f, int32_t tgid, uint64_t addr, bool named, int *fresh)
{
	size_t i;

	*fresh = 0;
	if (2 * (f->n + 1) > f->cap && grow(f))
		return 0;
	for (i = slot_of(tgid, addr, f->cap); f->slot[i].iid; i = (i + 1) & (f->cap - 1))
		if (f->slot[i].addr == addr && f->slot[i].tgid == tgid)
			break;
	if (f->slot[i].iid && (f->slot[i].named || !named))
		return f->slot[i].iid;
	f->slot[i] = (struct pf_futex_slot){
		.addr = addr, .tgid = tgid, .iid = (uint32_t)++f->n, .named = named,
	};
	*fresh = 1;
	return f->slot[i].iid;
}

/* An InternedData entry (EventName or DebugAnnotationName) of iid and name. */
static void interned(struct pb_buf *b, uint32_t field, uint64_t iid, const char *name)
{
	size_t m = pb__begin(b, field);

	pb__uint(b, IN_IID, iid);
	pb__str(b, IN_NAME, name);
	pb__end(b, m);
}

void pf_futex__begin(struct pf_futex *f, struct pb_buf *b, uint64_t ts, uint64_t uuid,
		     int32_t tgid, uint64_t addr, int64_t op, const char *lock)
{
	char name[16 + LOCK_TABLE_NAME_LEN];
	int first = !f->started, fresh;
	uint32_t iid = name_iid(f, tgid, addr, lock != NULL, &fresh);
	size_t p = packet(f, b, ts), m;

	if (lock)
		snprintf(name, sizeof(name), "futex %s", lock);
	else
		snprintf(name, sizeof(name), "futex 0x%llx", (unsigned long long)addr);
	if (fresh || first) {
		m = pb__begin(b, PKT_INTERNED_DATA);
		if (fresh)
			interned(b, ID_EVENT_NAMES, iid, name);
		if (first)
			interned(b, ID_ANNOTATION_NAMES, OP_IID, "futex_op");
		pb__end(b, m);
	}
	m = pb__begin(b, PKT_TRACK_EVENT);
	pb__uint(b, TE_TYPE, TE_SLICE_BEGIN);
	pb__uint(b, TE_TRACK, uuid);
	if (iid)
		pb__uint(b, TE_NAME_IID, iid);
	else
		pb__str(b, TE_NAME, name);
	{
		size_t a = pb__begin(b, TE_ANNOTATION);

		pb__uint(b, DA_NAME_IID, OP_IID);
		pb__int(b, DA_INT, op);
		pb__end(b, a);
	}
	pb__end(b, m);
	pb__uint(b, PKT_SEQ_FLAGS, SEQ_NEEDS_INCREMENTAL_STATE);
	pb__uint(b, PKT_SEQ_ID, PF_FUTEX_SEQ);
	pb__end(b, p);
}

void pf_futex__end(struct pf_futex *f, struct pb_buf *b, uint64_t ts, uint64_t uuid)
{
	size_t p = packet(f, b, ts), m;

	m = pb__begin(b, PKT_TRACK_EVENT);
	pb__uint(b, TE_TYPE, TE_SLICE_END);
	pb__uint(b, TE_TRACK, uuid);
	pb__end(b, m);
	pb__uint(b, PKT_SEQ_FLAGS, SEQ_NEEDS_INCREMENTAL_STATE);
	pb__uint(b, PKT_SEQ_ID, PF_FUTEX_SEQ);
	pb__end(b, p);
}

void pf_futex__release(struct pf_futex *f)
{
	free(f->slot);
	memset(f, 0, sizeof(*f));
}
