/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace_codec.h - records of a trace file chunk <-> bytes (the layout is in
 * trace_format.h). Pure functions over memory: no I/O, no compression, so
 * the writer, the reader and the tests share one definition of the bytes.
 */
#ifndef SCHEDVIZ_TRACE_CODEC_H
#define SCHEDVIZ_TRACE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "run_info.h"
#include "trace_file.h"
#include "trace_format.h"

struct codec_task {
	int32_t tid, tgid, prio;
	char comm[SCHED_COMM_LEN];	/* NUL-padded */
};

/* Delta state of one EVTS chunk; both sides reset it at each chunk start. */
struct trace_codec {
	uint64_t prev_ts;
	uint64_t prev_futex;		/* futex_addr of the last record that had one */
	unsigned n_tasks;
	/* the move-to-front table: order[0] is the slot of the task named
	 * last; moving a task to the front moves bytes, not tasks */
	uint8_t order[TRACE_TASK_TABLE];
	struct codec_task slots[TRACE_TASK_TABLE];
};

void trace_codec__reset(struct trace_codec *c);

/*
 * Encode one record at out, which must have room for TRACE_RECORD_MAX
 * bytes. Returns the number of bytes written (never more than that bound).
 * Strings longer than their field (comm 15, filename 127 bytes) are cut.
 */
size_t trace_codec__put_event(struct trace_codec *c, uint8_t *out, const struct sched_event *ev);
size_t trace_codec__put_lost(struct trace_codec *c, uint8_t *out, uint64_t n, uint64_t ts_ns,
			     int32_t cpu);
size_t trace_codec__put_lock(struct trace_codec *c, uint8_t *out, int32_t tgid, uint64_t addr,
			     const char *name, uint64_t ts_ns);
size_t trace_codec__put_task(struct trace_codec *c, uint8_t *out, int32_t tid, int32_t tgid,
			     int32_t ppid, const char *comm, uint64_t ts_ns);

/*
 * The argument ev's type carries, as the file stores it (trace_format.h: arg,
 * and arg_hi above 32 bits): switch: run_delta_ns; waking, wakeup,
 * wakeup_new: target_cpu; fork: clone_flags; exec: old_pid as u32; exit:
 * group_dead; 0 for other types. Exporters that print the file's number
 * (CSV's aux column) use it too.
 */
uint64_t trace_codec__event_arg(const struct sched_event *ev);

/*
 * Decode the record at p (len bytes available) into *rec (fully
 * overwritten) and set *used to its length. Returns 0, or -EBADMSG when the
 * bytes are not a well-formed record (unknown kind, a field out of range
 * (an argument wider than its type's field, or one for a type without),
 * a reference to a task not in the table, a string too long, or the record
 * runs past len).
 */
int trace_codec__get(struct trace_codec *c, const uint8_t *p, size_t len, size_t *used,
		     struct trace_record *rec);

/*
 * Encode ri into a malloc'd buffer (*out, *out_len; the caller frees it).
 * argv is kept up to TRACE_ARGC_MAX arguments and TRACE_ARGV_BYTES_MAX bytes.
 * Returns 0 or -ENOMEM.
 */
int trace_codec__put_info(const struct run_info *ri, uint8_t **out, size_t *out_len);

/*
 * Decode a run_info from exactly len bytes at p into *ri, which must be
 * empty (zeroed); on success ri owns a fresh argv. Returns 0, -EBADMSG
 * (malformed, or bytes left over), -ENOTSUP (a clock other than
 * CLOCK_MONOTONIC), -ENOMEM. On error *ri is left empty.
 */
int trace_codec__get_info(const uint8_t *p, size_t len, struct run_info *ri);

#endif
