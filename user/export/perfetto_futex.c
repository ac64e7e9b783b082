// SPDX-License-Identifier: GPL-2.0-only
/* perfetto_futex.c - futex-wait slices with interned names (see perfetto_futex.h). */
#include "perfetto_futex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Field numbers, perfetto_trace.proto. */
enum {
	TRACE_PACKET = 1,
	PKT_TIMESTAMP = 8, PKT_SEQ_ID = 10, PKT_TRACK_EVENT = 11, PKT_INTERNED_DATA = 12,
	PKT_SEQ_FLAGS = 13, SEQ_NEEDS_INCREMENTAL_STATE = 2,
	ID_EVENT_NAMES = 2, ID_ANNOTATION_NAMES = 3,	/* InternedData */
	IN_IID = 1, IN_NAME = 2,			/* EventName, DebugAnnotationName */
	TE_ANNOTATION = 4, TE_TYPE = 9, TE_NAME_IID = 10, TE_TRACK = 11, TE_NAME = 23,
	TE_SLICE_BEGIN = 1, TE_SLICE_END = 2,
	DA_NAME_IID = 1, DA_INT = 4,
	OP_IID = 1,				/* "futex_op", the one annotation name */
	MIN_SLOTS = 64,
};

static size_t slot_of(uint64_t addr, size_t cap)
{
	return (size_t)((addr * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

static int grow(struct pf_futex *f)
{
	size_t cap = f->cap ? f->cap * 2 : MIN_SLOTS;
	uint64_t *addr = calloc(cap, sizeof(*addr));
	uint32_t *iid = calloc(cap, sizeof(*iid));

	if (!addr || !iid) {
		free(addr);
		free(iid);
		return -1;
	}
	for (size_t i = 0; i < f->cap; i++) {
		size_t j;

		if (!f->iid[i])
			continue;
		for (j = slot_of(f->addr[i], cap); iid[j]; j = (j + 1) & (cap - 1))
			;
		addr[j] = f->addr[i];
		iid[j] = f->iid[i];
	}
	free(f->addr);
	free(f->iid);
	f->addr = addr;
	f->iid = iid;
	f->cap = cap;
	return 0;
}

/* addr's iid (1, 2, ...), *fresh when made now; 0 when out of memory. */
static uint32_t name_iid(struct pf_futex *f, uint64_t addr, int *fresh)
{
	size_t i;

	*fresh = 0;
	if (2 * (f->n + 1) > f->cap && grow(f))
		return 0;
	for (i = slot_of(addr, f->cap); f->iid[i]; i = (i + 1) & (f->cap - 1))
		if (f->addr[i] == addr)
			return f->iid[i];
	f->addr[i] = addr;
	f->iid[i] = (uint32_t)++f->n;
	*fresh = 1;
	return f->iid[i];
}

/* An InternedData entry (EventName or DebugAnnotationName) of iid and name. */
static void interned(struct pb_buf *b, uint32_t field, uint64_t iid, const char *name)
{
	size_t m = pb__begin(b, field);

	pb__uint(b, IN_IID, iid);
	pb__str(b, IN_NAME, name);
	pb__end(b, m);
}

void pf_futex__begin(struct pf_futex *f, struct pb_buf *b, uint32_t seq, uint64_t ts,
		     uint64_t uuid, uint64_t addr, int64_t op)
{
	char name[32];
	int fresh;
	uint32_t iid = name_iid(f, addr, &fresh);
	size_t p = pb__begin(b, TRACE_PACKET), m;

	snprintf(name, sizeof(name), "futex 0x%llx", (unsigned long long)addr);
	pb__uint(b, PKT_TIMESTAMP, ts);
	if (fresh || !f->op_named) {
		m = pb__begin(b, PKT_INTERNED_DATA);
		if (fresh)
			interned(b, ID_EVENT_NAMES, iid, name);
		if (!f->op_named)
			interned(b, ID_ANNOTATION_NAMES, OP_IID, "futex_op");
		pb__end(b, m);
		f->op_named = 1;
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
	pb__uint(b, PKT_SEQ_ID, seq);
	pb__end(b, p);
}

void pf_futex__end(struct pb_buf *b, uint32_t seq, uint64_t ts, uint64_t uuid)
{
	size_t p = pb__begin(b, TRACE_PACKET), m;

	pb__uint(b, PKT_TIMESTAMP, ts);
	m = pb__begin(b, PKT_TRACK_EVENT);
	pb__uint(b, TE_TYPE, TE_SLICE_END);
	pb__uint(b, TE_TRACK, uuid);
	pb__end(b, m);
	pb__uint(b, PKT_SEQ_ID, seq);
	pb__end(b, p);
}

void pf_futex__release(struct pf_futex *f)
{
	free(f->addr);
	free(f->iid);
	memset(f, 0, sizeof(*f));
}
