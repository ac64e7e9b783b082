// SPDX-License-Identifier: GPL-2.0-only
/* tid_map.c - the TID -> slot map (see tid_map.h). */
#include "tid_map.h"

#include <errno.h>
#include <stdlib.h>

#define TID_MAP_MIN_CAP 64
#define TOMB UINT32_MAX

/* Rebuild into a table of cap entries (a power of two), dropping tombstones. */
static int rebuild(struct tid_map *m, size_t cap)
{
	struct tid_map_entry *e = calloc(cap, sizeof(*e));

	if (!e)
		return -ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->e[i].v || m->e[i].v == TOMB)
			continue;
		j = tid_map__hash(m->e[i].tid, cap);
		while (e[j].v)
			j = (j + 1) & (cap - 1);
		e[j] = m->e[i];
	}
	free(m->e);
	m->e = e;
	m->cap = cap;
	m->used = m->live;
	return 0;
}

/* Room for one more entry, keeping the table at most half used. */
static int make_room(struct tid_map *m)
{
	size_t cap = m->cap ? m->cap : TID_MAP_MIN_CAP;

	if (m->cap && (m->used + 1) * 2 <= m->cap)
		return 0;
	/* mostly tombstones: rebuild at the same size; else double */
	while ((m->live + 1) * 4 > cap) {
		if (cap > SIZE_MAX / 2 / sizeof(struct tid_map_entry))
			return -ENOMEM;
		cap *= 2;
	}
	return rebuild(m, cap);
}

int tid_map__set(struct tid_map *m, int32_t tid, uint32_t slot)
{
	size_t i, tomb = SIZE_MAX;
	int err;

	if (slot > TID_MAP_SLOT_MAX)
		return -EINVAL;
	err = make_room(m);
	if (err)
		return err;
	for (i = tid_map__home(m, tid); m->e[i].v; i = (i + 1) & (m->cap - 1)) {
		if (m->e[i].v == TOMB) {
			if (tomb == SIZE_MAX)
				tomb = i;
		} else if (m->e[i].tid == tid) {
			m->e[i].v = slot + 1;	/* a reused TID: the latest wins */
			return 0;
		}
	}
	if (tomb != SIZE_MAX) {
		i = tomb;
	} else {
		m->used++;
	}
	m->e[i].tid = tid;
	m->e[i].v = slot + 1;
	m->live++;
	return 0;
}

uint32_t tid_map__del(struct tid_map *m, int32_t tid)
{
	size_t i;

	if (!m->cap)
		return TID_MAP_NONE;
	for (i = tid_map__home(m, tid); m->e[i].v; i = (i + 1) & (m->cap - 1)) {
		if (m->e[i].tid == tid && m->e[i].v != TOMB) {
			uint32_t slot = m->e[i].v - 1;

			m->e[i].v = TOMB;
			m->live--;
			return slot;
		}
	}
	return TID_MAP_NONE;
}

void tid_map__release(struct tid_map *m)
{
	if (!m)
		return;
	free(m->e);
	m->e = NULL;
	m->cap = m->live = m->used = 0;
}
