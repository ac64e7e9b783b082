/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * chunk_index.h - where a trace file's time lies: for runs of its EVTS
 * chunks (trace_format.h), their file offset, the times their records span
 * and how many they hold. The writer fills it as it writes chunks, the
 * reader as it reads them; the view asks it which bytes to read back for
 * a window of time the model summarized (window_load.h).
 *
 * Bounded: past CHUNK_INDEX_MAX entries, neighbouring entries merge two by
 * two (an entry then stands for 2, 4, ... chunks), so the index of any
 * file fits in CHUNK_INDEX_MAX * sizeof(struct chunk_span) bytes (2.5 MiB).
 * Not thread-safe: one thread fills and reads it.
 */
#ifndef SCHEDVIZ_CHUNK_INDEX_H
#define SCHEDVIZ_CHUNK_INDEX_H

#include <stddef.h>
#include <stdint.h>

#define CHUNK_INDEX_MAX 65536

/* A run of whole chunks, back to back in the file. */
struct chunk_span {
	uint64_t offset;	/* file offset of its first chunk's header */
	uint64_t end;		/* file offset just past its last chunk */
	uint64_t min_ts, max_ts; /* the earliest and latest record time in it, ns */
	uint64_t records;	/* records it holds */
};

struct chunk_index {
	struct chunk_span *e;	/* n entries in file order; owned */
	size_t n, cap;
	uint64_t records;	/* records in every chunk indexed */
};

/* An empty index: zero it (or use this). */
#define CHUNK_INDEX_INIT { 0 }

/*
 * Index one chunk: its header at offset, its end (offset + 20 + stored
 * bytes), its records' earliest and latest times (ns) and their count. A
 * chunk must start where the last one indexed ended; one that does not (a
 * reader that skipped or went back) is ignored, so the index never claims
 * a gap. Chunks without records are not indexed. Returns 0 or -ENOMEM
 * (the index is unchanged).
 */
int chunk_index__add(struct chunk_index *ix, uint64_t offset, uint64_t end, uint64_t min_ts,
		     uint64_t max_ts, uint64_t records);

/*
 * The bytes to read for records in [lo, hi) (ns): *from, the offset of the
 * first entry whose latest time is >= lo, and *to, the end of the last
 * entry from there whose earliest time is < hi; *records, the records in
 * between. Records may come slightly out of time order in a file (the
 * collector's per-CPU rings), so the run is taken whole. Returns 0, or
 * -ENOENT when no indexed record falls in [lo, hi).
 */
int chunk_index__find(const struct chunk_index *ix, uint64_t lo, uint64_t hi, uint64_t *from,
		      uint64_t *to, uint64_t *records);

/* Free the entries; the index is empty after. NULL-safe. */
void chunk_index__release(struct chunk_index *ix);

#endif
