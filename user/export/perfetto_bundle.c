// SPDX-License-Identifier: GPL-2.0-only
/*
 * perfetto_bundle.c - a CPU's FtraceEventBundle: CompactSched arrays and
 * full FtraceEvent entries (see perfetto_bundle.h).
 */
#include "perfetto_bundle.h"

#include <errno.h>
#include <string.h>

#include "ftrace_text.h"

/* Field numbers, perfetto_trace.proto. */
enum {
	TRACE_PACKET = 1,		/* Trace.packet */
	PKT_FTRACE_EVENTS = 1,		/* TracePacket.ftrace_events */
	PKT_SEQ_ID = 10,		/* TracePacket.trusted_packet_sequence_id */
	BUNDLE_CPU = 1, BUNDLE_EVENT = 2, BUNDLE_LOST = 3, BUNDLE_COMPACT = 4,
	CS_INTERN = 5,			/* CompactSched.intern_table */
	EV_TS = 1, EV_PID = 2,		/* FtraceEvent.timestamp, .pid (common_pid) */
};

/* CompactSched field of each switch and waking array. */
static const uint32_t sw_field[PF_SW__N] = { 1, 2, 3, 4, 6 };
static const uint32_t wk_field[PF_WK__N] = { 7, 8, 9, 10, 11 };

void pf_bundle__init(struct pf_bundle *b, uint32_t cpu)
{
	b->cpu = cpu;
	b->cur = -1;
}

void pf_bundle__free(struct pf_bundle *b)
{
	for (int i = 0; i < PF_SW__N; i++)
		pb_buf__free(&b->sw[i]);
	for (int i = 0; i < PF_WK__N; i++)
		pb_buf__free(&b->wk[i]);
	pb_buf__free(&b->ev);
}

/* The intern_table index of comm, added when new (the caller flushes at PF_INTERN_MAX). */
static uint32_t intern(struct pf_bundle *b, const char *comm)
{
	size_t len = strnlen(comm, SCHED_COMM_LEN - 1);
	uint32_t h = 2166136261u;	/* FNV-1a */
	uint32_t i;

	for (size_t k = 0; k < len; k++)
		h = (h ^ (uint8_t)comm[k]) * 16777619u;
	for (i = h & (PF_INTERN_SLOTS - 1); b->slot[i]; i = (i + 1) & (PF_INTERN_SLOTS - 1)) {
		const char *c = b->comms[b->slot[i] - 1];

		if (!strncmp(c, comm, len) && c[len] == '\0')
			return b->slot[i] - 1u;
	}
	memcpy(b->comms[b->ncomms], comm, len);
	b->comms[b->ncomms][len] = '\0';
	b->slot[i] = (uint16_t)++b->ncomms;
	return b->ncomms - 1;
}

/* A varint field of a full event, left out when 0 (read back as 0: perfetto_bundle.h). */
static void int_nz(struct pb_buf *b, uint32_t field, int64_t v)
{
	if (v)
		pb__int(b, field, v);
}

static void full_switch(struct pf_bundle *b, const struct sched_event *ev, unsigned comms)
{
	size_t m = pf_bundle__event(b, ev->ts_ns, ev->tid);
	size_t s = pb__begin(&b->ev, PF_EV_SCHED_SWITCH);

	if (comms & PF_COMM_PREV)
		pb__strn(&b->ev, 1, ev->comm, SCHED_COMM_LEN);
	int_nz(&b->ev, 2, ev->tid);
	int_nz(&b->ev, 3, ev->prio);
	int_nz(&b->ev, 4, ftrace_text__prev_state_bits(ev));
	if (comms & PF_COMM_NEXT)
		pb__strn(&b->ev, 5, ev->comm2, SCHED_COMM_LEN);
	int_nz(&b->ev, 6, ev->tid2);
	int_nz(&b->ev, 7, ev->prio2);
	pb__end(&b->ev, s);
	pb__end(&b->ev, m);
}

void pf_bundle__switch(struct pf_bundle *b, const struct sched_event *ev, unsigned comms)
{
	if (!pf_bundle__runs(b, ev->tid)) {
		full_switch(b, ev, comms);
	} else {
		pb_buf__varint(&b->sw[PF_SW_TS], ev->ts_ns - b->sw_last);
		pb_buf__varint(&b->sw[PF_SW_STATE], ftrace_text__prev_state_bits(ev));
		pb_buf__varint(&b->sw[PF_SW_PID], (uint64_t)(int64_t)ev->tid2);
		pb_buf__varint(&b->sw[PF_SW_PRIO], (uint64_t)(int64_t)ev->prio2);
		pb_buf__varint(&b->sw[PF_SW_COMM], intern(b, ev->comm2));
		b->sw_last = ev->ts_ns;
		b->n_sw++;
		b->n++;
	}
	b->cur = ev->tid2;
}

void pf_bundle__waking(struct pf_bundle *b, const struct sched_event *ev, bool comm)
{
	size_t m, s;

	if (pf_bundle__runs(b, ev->tid2)) {
		pb_buf__varint(&b->wk[PF_WK_TS], ev->ts_ns - b->wk_last);
		pb_buf__varint(&b->wk[PF_WK_PID], (uint64_t)(int64_t)ev->tid);
		pb_buf__varint(&b->wk[PF_WK_CPU], ev->target_cpu);
		pb_buf__varint(&b->wk[PF_WK_PRIO], (uint64_t)(int64_t)ev->prio);
		pb_buf__varint(&b->wk[PF_WK_COMM], intern(b, ev->comm));
		b->wk_last = ev->ts_ns;
		b->n_wk++;
		b->n++;
		return;
	}
	m = pf_bundle__event(b, ev->ts_ns, ev->tid2);
	s = pb__begin(&b->ev, PF_EV_SCHED_WAKING);
	if (comm)
		pb__strn(&b->ev, 1, ev->comm, SCHED_COMM_LEN);
	pb__int(&b->ev, 2, ev->tid);
	pb__int(&b->ev, 3, ev->prio);
	pb__int(&b->ev, 4, 1);		/* success: always 1 since kernel 4.13 */
	pb__int(&b->ev, 5, ev->target_cpu);
	pb__end(&b->ev, s);
	pb__end(&b->ev, m);
}

size_t pf_bundle__event(struct pf_bundle *b, uint64_t ts, int32_t common_pid)
{
	size_t m = pb__begin(&b->ev, BUNDLE_EVENT);

	pb__uint(&b->ev, EV_TS, ts);
	pb__uint(&b->ev, EV_PID, (uint32_t)common_pid);
	b->n++;
	return m;
}

static void put_compact(struct pf_bundle *b, struct pb_buf *out)
{
	size_t m = pb__begin(out, BUNDLE_COMPACT);

	for (uint32_t i = 0; i < b->ncomms; i++)
		pb__str(out, CS_INTERN, b->comms[i]);
	for (int i = 0; i < PF_SW__N && b->n_sw; i++)
		pb__bytes(out, sw_field[i], b->sw[i].p, b->sw[i].len);
	for (int i = 0; i < PF_WK__N && b->n_wk; i++)
		pb__bytes(out, wk_field[i], b->wk[i].p, b->wk[i].len);
	pb__end(out, m);
}

int pf_bundle__flush(struct pf_bundle *b, struct pb_buf *out, uint32_t seq)
{
	size_t pkt, bundle;
	int err = 0;

	for (int i = 0; i < PF_SW__N; i++)
		err = err ? err : b->sw[i].err;
	for (int i = 0; i < PF_WK__N; i++)
		err = err ? err : b->wk[i].err;
	err = err ? err : b->ev.err;
	if (err)
		return err;
	if (!b->n && !b->lost)
		return 0;
	pkt = pb__begin(out, TRACE_PACKET);
	bundle = pb__begin(out, PKT_FTRACE_EVENTS);
	pb__uint(out, BUNDLE_CPU, b->cpu);
	pb_buf__put(out, b->ev.p, b->ev.len);
	if (b->lost)
		pb__uint(out, BUNDLE_LOST, 1);
	if (b->n_sw || b->n_wk)
		put_compact(b, out);
	pb__end(out, bundle);
	pb__uint(out, PKT_SEQ_ID, seq);
	pb__end(out, pkt);

	for (int i = 0; i < PF_SW__N; i++)
		pb_buf__reset(&b->sw[i]);
	for (int i = 0; i < PF_WK__N; i++)
		pb_buf__reset(&b->wk[i]);
	pb_buf__reset(&b->ev);
	b->n = b->n_sw = b->n_wk = 0;
	b->sw_last = b->wk_last = 0;
	b->ncomms = 0;
	memset(b->slot, 0, sizeof(b->slot));
	b->lost = false;
	return out->err;
}
