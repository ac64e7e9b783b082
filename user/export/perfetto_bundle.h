/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * perfetto_bundle.h - one CPU's FtraceEventBundle of a Perfetto trace, as it
 * fills (field numbers: perfetto_trace.proto, messages FtraceEventBundle,
 * CompactSched, FtraceEvent).
 *
 * sched_switch and sched_waking go into CompactSched, Perfetto's
 * structure-of-arrays form: parallel packed arrays, timestamps as deltas
 * from the previous one of the same kind in the bundle (the first from 0,
 * i.e. absolute), comms as indexes into the bundle's intern_table. That form
 * has no prev_pid and no waker: Perfetto's importer takes the task a switch
 * leaves, and the task that wakes, to be the one the CPU's previous
 * sched_switch switched to. Our trace records only switches and wakings
 * that touch the traced tasks, so that chain can break (another task ran in
 * between, unrecorded); such a switch or waking, and the first of each CPU,
 * goes as a full FtraceEvent with prev_pid / common_pid given, and the chain
 * the importer follows stays right. Such a switch cannot go compact: the
 * importer would close the slice of the task the CPU last switched to and
 * give that task the leaving one's prev_state (ftrace_sched_event_tracker.cc,
 * FtraceSchedEventTracker::PushSchedSwitchCompact), a switch out that did
 * not happen.
 *
 * Only what the importer reads is written, so that the full events stay
 * small (about 28 B rather than 50):
 *  - a full sched_switch carries prev_comm / next_comm only when the caller
 *    asks (export_perfetto.c: when the name differs from the one Perfetto
 *    already holds). ftrace_parser.cc, FtraceParser::ParseSchedSwitch passes
 *    an absent comm on as a null string view; StringPool::InternString makes
 *    it the null StringId, and ProcessTracker::UpdateThreadName returns on a
 *    null name: the thread keeps its name. Its row in the raw ftrace_event
 *    table then shows no comm; the sched, thread_state and thread tables are
 *    as with the comms. The same holds for a full sched_waking's comm
 *    (FtraceParser::ParseSchedWaking).
 *  - varint fields of a full sched_switch that are 0 are left out: protozero
 *    decodes an absent field as 0 (TypedProtoDecoder::at() returns a zeroed
 *    Field), and ParseSchedSwitch does not ask which fields are present.
 *    FtraceEvent.pid stays even when 0: ParseFtraceEvent rejects an event
 *    without it ("Pid field not found").
 *  - no waking_common_flags array (we do not record the flags): the
 *    tokenizer (ftrace_tokenizer.cc, TokenizeFtraceCompactSchedWaking) reads
 *    that array only while it has entries and leaves the flags 0 otherwise,
 *    which is what the zeros we wrote said.
 *
 * Times are ns on CLOCK_MONOTONIC, written as they are (export_perfetto.c
 * writes the clock snapshot that says so).
 */
#ifndef SCHEDVIZ_PERFETTO_BUNDLE_H
#define SCHEDVIZ_PERFETTO_BUNDLE_H

#include <stdbool.h>
#include <stdint.h>

#include "pb_writer.h"
#include "sched_event.h"

#define PF_BUNDLE_MAX_EVENTS 16384	/* entries before a bundle is written */
#define PF_INTERN_MAX 512		/* comms a bundle interns at most */
#define PF_INTERN_SLOTS 1024		/* hash slots (power of two, 2x the above) */

/* FtraceEvent payload fields (perfetto_trace.proto, message FtraceEvent). */
enum pf_ftrace_field {
	PF_EV_SCHED_SWITCH = 4,
	PF_EV_SCHED_WAKING = 20,
	PF_EV_SCHED_WAKEUP_NEW = 114,
	PF_EV_TASK_NEWTASK = 235,
	PF_EV_TASK_RENAME = 236,
	PF_EV_SCHED_PROCESS_EXIT = 238,
};

enum { PF_SW_TS, PF_SW_STATE, PF_SW_PID, PF_SW_PRIO, PF_SW_COMM, PF_SW__N };
enum { PF_WK_TS, PF_WK_PID, PF_WK_CPU, PF_WK_PRIO, PF_WK_COMM, PF_WK__N };

/* Which comms a full sched_switch carries (pf_bundle__switch). */
enum pf_comms { PF_COMM_PREV = 1, PF_COMM_NEXT = 2 };

struct pf_bundle {
	uint32_t cpu;
	int32_t cur;			/* TID the CPU last switched to; -1: not known */
	bool lost;			/* events were lost before this bundle's first */
	uint32_t n;			/* entries (compact and full) in the bundle */
	uint32_t n_sw, n_wk;		/* compact switches and wakings */
	uint64_t sw_last, wk_last;	/* their last timestamps (delta bases) */
	struct pb_buf sw[PF_SW__N];	/* packed arrays, raw varints */
	struct pb_buf wk[PF_WK__N];
	struct pb_buf ev;		/* FtraceEvent entries, keyed (bundle field 2) */
	uint32_t ncomms;
	char comms[PF_INTERN_MAX][SCHED_COMM_LEN];	/* intern_table */
	uint16_t slot[PF_INTERN_SLOTS];			/* comm index + 1; 0 empty */
};

/* An empty bundle for cpu (b zeroed by the caller, e.g. calloc). */
void pf_bundle__init(struct pf_bundle *b, uint32_t cpu);
void pf_bundle__free(struct pf_bundle *b);

/*
 * True when the CPU's last switch went to tid: a switch from tid, or a
 * waking by tid, then goes compact (else as a full FtraceEvent).
 */
static inline bool pf_bundle__runs(const struct pf_bundle *b, int32_t tid)
{
	return b->cur == tid;
}

/*
 * A sched_switch (ev->type SE_SWITCH), compact when pf_bundle__runs(b,
 * ev->tid) (it then names the next task, whatever comms says). comms (enum
 * pf_comms bits): which of prev_comm / next_comm a full one carries.
 */
void pf_bundle__switch(struct pf_bundle *b, const struct sched_event *ev, unsigned comms);

/*
 * A sched_waking (SE_WAKING): ev->tid woken by ev->tid2 on ev->cpu, compact
 * when pf_bundle__runs(b, ev->tid2). The compact form names no one; a full
 * one carries the wakee's comm when comm is true.
 */
void pf_bundle__waking(struct pf_bundle *b, const struct sched_event *ev, bool comm);

/*
 * Open a full FtraceEvent at ts (ns) in the context of task common_pid;
 * the caller writes the payload into &b->ev (one pf_ftrace_field nested
 * message) and closes with pb__end(&b->ev, mark). Returns the mark.
 */
size_t pf_bundle__event(struct pf_bundle *b, uint64_t ts, int32_t common_pid);

/* True when the bundle should be written before more goes in. */
static inline bool pf_bundle__full(const struct pf_bundle *b)
{
	return b->n >= PF_BUNDLE_MAX_EVENTS || b->ncomms >= PF_INTERN_MAX;
}

/*
 * Append the bundle as a Trace.packet (a TracePacket with ftrace_events and
 * trusted_packet_sequence_id seq) to out and empty it; nothing when empty
 * (and not lost). Returns 0 or -ENOMEM (from b's or out's buffers).
 */
int pf_bundle__flush(struct pf_bundle *b, struct pb_buf *out, uint32_t seq);

#endif
