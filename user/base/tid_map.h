/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tid_map.h - the one TID -> slot map of schedviz: a TID (any int32_t) names
 * a slot (a uint32_t index into the caller's own array of what it keeps per
 * task). Open addressing with linear probing over 8-byte entries.
 *
 * Defined once, here, for every user:
 *  - TID reuse: the kernel hands a freed TID to a new task
 *    (kernel/pid.c: alloc_pid()). tid_map__set() of a TID already present
 *    makes it name the new slot: the latest task with a TID wins.
 *  - Deletion: tid_map__del() leaves a tombstone so later probes still
 *    find TIDs stored past it; tombstones are reused by inserts and
 *    dropped when the table is rebuilt (it rebuilds at the same size when
 *    they, not live TIDs, fill it).
 *
 *   struct tid_map map = { 0 };	// empty, nothing allocated yet
 *   if (tid_map__set(&map, tid, slot)) return -ENOMEM;
 *   uint32_t slot = tid_map__find(&map, tid);	// TID_MAP_NONE if absent
 *   tid_map__release(&map);
 */
#ifndef SCHEDVIZ_BASE_TID_MAP_H
#define SCHEDVIZ_BASE_TID_MAP_H

#include <stddef.h>
#include <stdint.h>

#define TID_MAP_NONE UINT32_MAX		/* "no slot" from find and del */
#define TID_MAP_SLOT_MAX (UINT32_MAX - 2) /* the largest slot a TID may name */

struct tid_map_entry {
	int32_t tid;
	uint32_t v;		/* 0: empty; UINT32_MAX: deleted; else slot + 1 */
};

struct tid_map {
	struct tid_map_entry *e;	/* cap entries, owned */
	size_t cap;			/* 0 or a power of two */
	size_t live;			/* TIDs present */
	size_t used;			/* live + tombstones */
};

/*
 * Where tid's probe starts in a table of cap entries (a power of two):
 * multiplicative hashing by Knuth's odd 2654435761, low bits: a bijection
 * on tid mod cap, so a run of consecutive TIDs (as the kernel hands them
 * out) never shares a home entry.
 */
static inline size_t tid_map__hash(int32_t tid, size_t cap)
{
	return ((uint32_t)tid * 2654435761u) & (cap - 1);
}

/* Where tid's probe starts in m (m->cap > 0). */
static inline size_t tid_map__home(const struct tid_map *m, int32_t tid)
{
	return tid_map__hash(tid, m->cap);
}

/*
 * The slot tid names, or TID_MAP_NONE. Inline: the collector looks TIDs up
 * for every event.
 */
static inline uint32_t tid_map__find(const struct tid_map *m, int32_t tid)
{
	size_t i;

	if (!m->cap)
		return TID_MAP_NONE;
	for (i = tid_map__home(m, tid); m->e[i].v; i = (i + 1) & (m->cap - 1))
		if (m->e[i].tid == tid && m->e[i].v != UINT32_MAX)
			return m->e[i].v - 1;
	return TID_MAP_NONE;
}

/*
 * Make tid name slot (<= TID_MAP_SLOT_MAX), replacing what it named before
 * (a reused TID). May grow or rebuild the table. Returns 0, -ENOMEM (the map
 * unchanged) or -EINVAL (slot too large).
 */
int tid_map__set(struct tid_map *m, int32_t tid, uint32_t slot);

/* Forget tid. Returns the slot it named, or TID_MAP_NONE if absent. */
uint32_t tid_map__del(struct tid_map *m, int32_t tid);

/* TIDs present. */
static inline size_t tid_map__count(const struct tid_map *m)
{
	return m->live;
}

/* Free the table; *m is empty again (and may be used again). NULL-safe. */
void tid_map__release(struct tid_map *m);

#endif
