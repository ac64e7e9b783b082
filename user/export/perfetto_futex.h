/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * perfetto_futex.h - the futex-wait slices of the Perfetto export
 * (export_perfetto.c): a TrackEvent slice on the waiting thread's track from
 * its switch out to its switch back in, named "futex <the lock's name>" where
 * the file names the futex word (GIL _PyRuntime+0x1b0 (python3.11), lock
 * (prog), heap, ...) and "futex 0x<its address>" elsewhere, with the futex op
 * as a debug annotation "futex_op".
 *
 * A mutex's waits repeat a few addresses, so each name is written once, in
 * the InternedData of the first packet that uses it (TracePacket field 12:
 * event_names, debug_annotation_names), and named by its iid after
 * (TrackEvent.name_iid, DebugAnnotation.name_iid); those packets say
 * SEQ_NEEDS_INCREMENTAL_STATE. The importer reads a packet's interned_data
 * before its track_event (proto_trace_reader.cc, ProtoTraceReader::
 * ParseInternedData).
 *
 * Timestamps are deltas: the slices have a packet sequence of their own
 * (PF_FUTEX_SEQ), whose first packet clears its incremental state, sets
 * TracePacketDefaults.timestamp_clock_id to a sequence-scoped incremental
 * clock (PF_FUTEX_CLOCK) and ties that clock to BOOTTIME in a ClockSnapshot
 * (both read the first wait's time). Each packet's timestamp then counts
 * from the previous one's (clock_synchronizer.h: ClockDomain::ToNs adds it
 * to the clock's last value). A wait that comes before the previous packet
 * in the file gives its time absolutely, timestamp_clock_id BOOTTIME, and
 * leaves the incremental clock where it was.
 */
#ifndef SCHEDVIZ_PERFETTO_FUTEX_H
#define SCHEDVIZ_PERFETTO_FUTEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lock_table.h"
#include "pb_writer.h"

#define PF_FUTEX_SEQ 2			/* trusted_packet_sequence_id */
#define PF_FUTEX_CLOCK 64		/* the sequence's incremental clock (64..127) */

/* A futex word whose slice name is interned. */
struct pf_futex_slot {
	uint64_t addr;
	int32_t tgid;
	uint32_t iid;			/* 0: the slot is empty */
	bool named;			/* interned with its lock's name */
};

/* The sequence's state; the futex words named so far (open addressing). */
struct pf_futex {
	struct pf_futex_slot *slot;
	size_t n, cap;			/* names, slots (a power of two) */
	int started;			/* the sequence's first packet written */
	uint64_t last;			/* the incremental clock's value (ns) */
};

/*
 * Append (to b, as Trace.packet fields) a slice begin at ts (ns, the
 * trace's clock) on the track uuid: the wait on the futex word at addr in
 * process tgid with op, named "futex LOCK" (lock: the word's name, borrowed
 * for the call) or "futex 0x<addr>" (lock NULL). When out of memory for the
 * table, the name goes as a string (no error); b's own errors stay in
 * b->err.
 */
void pf_futex__begin(struct pf_futex *f, struct pb_buf *b, uint64_t ts, uint64_t uuid,
		     int32_t tgid, uint64_t addr, int64_t op, const char *lock);

/* Append the end, at ts (ns), of the slice open on track uuid. */
void pf_futex__end(struct pf_futex *f, struct pb_buf *b, uint64_t ts, uint64_t uuid);

/* Free the table (f zeroed after). */
void pf_futex__release(struct pf_futex *f);

#endif
