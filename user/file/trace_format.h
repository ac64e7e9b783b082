/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace_format.h - the on-disk layout of a schedviz trace file
 * ("schedviz.data"), shared by the writer, the reader and the record codec.
 *
 * Every number is little-endian and written byte by byte; no struct is ever
 * dumped to disk, so the layout does not depend on the compiler or the host.
 *
 *   file     := preamble  chunk("HEAD")  chunk("EVTS")*  chunk("FOOT")
 *
 *   preamble (16 bytes)
 *     0  u8[8]  magic "SCHEDVIZ"
 *     8  u16    format major version (TRACE_FORMAT_MAJOR; a reader refuses
 *               any other major)
 *    10  u16    format minor version (additions a v1 reader may ignore)
 *    12  u32    flags, 0
 *
 *   chunk (20-byte header, then the payload)
 *     0  u8[4]  tag: "HEAD", "EVTS" or "FOOT"
 *     4  u32    stored_len: bytes of payload that follow (zlib stream)
 *     8  u32    raw_len: bytes once inflated (<= TRACE_CHUNK_RAW_MAX)
 *    12  u32    n_records: records in the inflated payload
 *    16  u32    CRC-32 (zlib crc32()) of header bytes 0..15 then the
 *               stored payload: a flipped bit anywhere in the chunk, its
 *               lengths included, fails the check before anything is
 *               inflated.
 *
 *   HEAD and FOOT payload: one run_info (TRACE_REC_INFO layout below), n_records = 1.
 *     HEAD holds what is known at launch (argv, kernel release, CPU count,
 *     clock, start time); FOOT the final one (exit code, rusage, end time,
 *     lost events). A file without FOOT was cut short: it is read up to its
 *     last whole EVTS chunk and the reader says what is missing.
 *
 *   run_info layout (all varints are LEB128, unsigned; "s" = zigzag signed)
 *     varint clock id (CLOCK_MONOTONIC = 1), varint ncpus, s pid,
 *     s exit_code, s term_signal, varint ru_nvcsw, ru_nivcsw,
 *     ru_utime_ns, ru_stime_ns, start_ns, end_ns, lost,
 *     str kernel_release, str scenario, varint argc, argc x str,
 *     then (format 4.0 on) varint trigger_ns, s trigger_tid,
 *     varint trigger_wait_ns, varint flight (1: a flight recording, the
 *     run's last part from start_ns, rusage 0), varint final_run_ns,
 *     final_run_delay_ns, final_pcount (the target's schedstat at its final
 *     switch; 0: unknown)
 *     where str := varint length, bytes (no NUL).
 *
 *   EVTS payload: n_records records, each starting with one head byte
 *   (low nibble = kind). Delta state (previous timestamp, previous futex
 *   address, task table) is reset at the start of every chunk, so each
 *   chunk decodes on its own.
 *     kind 1..8  one sched_event of that enum sched_event_type:
 *         head bit 4: futex_addr, futex_op follow; bit 5: filename
 *         follows; bit 6: arg_hi follows; bit 7 (format 3.0 on): the
 *         run-queue figures follow, set exactly on a switch whose flags
 *         have SEF_RUNQ (before 3.0 it must be 0).
 *         s    ts_ns - previous record's ts_ns
 *         varint cpu, varint flags
 *         task (tid, tgid, prio, comm), task (tid2, tgid2, prio2, comm2)
 *         varint state, varint arg (low 32 bits of the type's argument)
 *         [bit 4] s futex_addr - previous futex_addr, varint futex_op
 *         [bit 5] str filename (<= SCHED_PATH_LEN - 1 bytes)
 *         [bit 6] varint arg_hi (its high 32 bits; switch only)
 *         [bit 7] varint run_delay_delta_ns, varint pcount_delta
       the argument, by kind (struct sched_event's union): switch:
         run_delta_ns; waking, wakeup, wakeup_new: target_cpu; fork:
         clone_flags; exec: old_pid (two's complement u32); exit:
         group_dead; rename: none, arg is 0. A nonzero arg_hi on any kind
         but a switch, or a nonzero arg on a rename, is a malformed record.
 *     kind 13  (format 3.0 on) a futex word's name, resolved while its
 *         process lived (user/collect/lock_names.h):
 *         s ts delta, s tgid, varint addr, str name (<= TRACE_LOCK_NAME_LEN - 1)
 *     kind 14  a task known before tracing (trace_model__add_task):
 *         s ts delta, s tid, s tgid, s ppid, str comm
 *     kind 15  events lost upstream (trace_model__add_lost):
 *         s ts delta, varint count
 *         [head bit 4, format 2.0 on] varint cpu: the CPU that lost them;
 *         without the bit the CPU is unknown (every 1.x file; a BPF
 *         program skipped for recursion, counted per program)
 *   task := varint ref. ref = k >= 1: the k-th entry of the chunk's
 *     move-to-front table of recently named tasks (1 = most recent); the
 *     entry moves to the front. ref = 0: a new entry follows, pushed to
 *     the front (the oldest falls off past TRACE_TASK_TABLE entries):
 *         s tid, s tgid - tid, s prio, str comm (<= SCHED_COMM_LEN - 1)
 *   A switch between two tasks seen recently costs two one-byte refs.
 *
 * Limits the reader checks before it allocates or copies anything: chunk
 * lengths against TRACE_CHUNK_RAW_MAX and compressBound(), every record
 * field against its C type, every string against its buffer, argc against
 * TRACE_ARGC_MAX, ncpus against TRACE_NCPUS_MAX, and n_records against
 * what the payload really holds.
 */
#ifndef SCHEDVIZ_TRACE_FORMAT_H
#define SCHEDVIZ_TRACE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define TRACE_MAGIC "SCHEDVIZ"
#define TRACE_MAGIC_LEN 8
/*
 * 2.0: lost records may name their CPU (kind 15, head bit 4). A 1.x reader
 * would take that record for damage, so the major moved; this reader reads
 * both (1.x files have no such record).
 * 3.0: switches carry the kernel's run-queue figures (head bit 7), which a
 * 2.x reader takes for damage; 1.x and 2.x files are read as before.
 * 4.0: run_info ends with a flight recording's facts (trigger, flight) and
 * the target's final schedstat, which a 3.x reader takes for damage; older
 * files have none.
 */
#define TRACE_FORMAT_MAJOR 4
#define TRACE_FORMAT_MINOR 0
#define TRACE_FORMAT_MAJOR_OLDEST 1	/* the oldest major this reader reads */
#define TRACE_PREAMBLE_LEN 16

#define TRACE_CHUNK_HDR_LEN 20
#define TRACE_TAG_HEAD "HEAD"
#define TRACE_TAG_EVTS "EVTS"
#define TRACE_TAG_FOOT "FOOT"

/* Largest inflated chunk payload a reader accepts (and a writer produces). */
#define TRACE_CHUNK_RAW_MAX (1u << 20)
/* Inflated EVTS payload at which the writer closes a chunk. */
#define TRACE_EVTS_TARGET (64u * 1024)
/* Upper bound of one encoded record, so a chunk never overflows. */
#define TRACE_RECORD_MAX 512
/* argv kept in HEAD/FOOT: at most this many arguments ... */
#define TRACE_ARGC_MAX 4096
/* ... and this many bytes in all; the rest is dropped when writing. */
#define TRACE_ARGV_BYTES_MAX (256u * 1024)
/* CPU count a header may claim (event CPUs are u16 anyway). */
#define TRACE_NCPUS_MAX 65536
/* Move-to-front task table of the EVTS codec. */
#define TRACE_TASK_TABLE 64

/* Record kinds (low nibble of the head byte). 1..8: enum sched_event_type. */
#define TRACE_KIND_LOCK 13
#define TRACE_KIND_TASK 14
#define TRACE_KIND_LOST 15
#define TRACE_HEAD_FUTEX 0x10u
#define TRACE_HEAD_FILENAME 0x20u
#define TRACE_HEAD_ARG_HI 0x40u
#define TRACE_HEAD_RUNQ 0x80u	/* switch with SEF_RUNQ: run-queue figures follow */
#define TRACE_HEAD_LOST_CPU 0x10u	/* kind 15 only: the CPU follows */

/* Clock ids as clock_gettime(2) numbers them; only this one is written. */
#define TRACE_CLOCK_MONOTONIC 1

static inline void trace_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void trace_put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint16_t trace_get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t trace_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

#endif
