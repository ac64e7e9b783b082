// SPDX-License-Identifier: GPL-2.0-only
/*
 * chunk_index.c - runs of a trace file's chunks by time (chunk_index.h).
 */
#include "chunk_index.h"

#include <errno.h>
#include <stdlib.h>

#include "vec.h"

/* Merge entries two by two: the index keeps the same bytes, half as finely. */
static void halve(struct chunk_index *ix)
{
	size_t k = 0;

	for (size_t i = 0; i < ix->n; i += 2, k++) {
		struct chunk_span s = ix->e[i];

		if (i + 1 < ix->n) {
			const struct chunk_span *b = &ix->e[i + 1];

			s.end = b->end;
			s.min_ts = b->min_ts < s.min_ts ? b->min_ts : s.min_ts;
			s.max_ts = b->max_ts > s.max_ts ? b->max_ts : s.max_ts;
			s.records += b->records;
		}
		ix->e[k] = s;
	}
	ix->n = k;
}

int chunk_index__add(struct chunk_index *ix, uint64_t offset, uint64_t end, uint64_t min_ts,
		     uint64_t max_ts, uint64_t records)
{
	if (!records || end <= offset || (ix->n && ix->e[ix->n - 1].end != offset))
		return 0;
	if (ix->n == CHUNK_INDEX_MAX)
		halve(ix);
	if (vec__reserve((void **)&ix->e, &ix->cap, ix->n + 1, sizeof(*ix->e)))
		return -ENOMEM;
	ix->e[ix->n++] = (struct chunk_span){ .offset = offset, .end = end, .min_ts = min_ts,
					     .max_ts = max_ts, .records = records };
	ix->records += records;
	return 0;
}

int chunk_index__find(const struct chunk_index *ix, uint64_t lo, uint64_t hi, uint64_t *from,
		      uint64_t *to, uint64_t *records)
{
	size_t a = 0, b;
	uint64_t n = 0;

	while (a < ix->n && ix->e[a].max_ts < lo)
		a++;
	if (a == ix->n || ix->e[a].min_ts >= hi)
		return -ENOENT;
	for (b = a; b < ix->n && ix->e[b].min_ts < hi; b++)
		n += ix->e[b].records;
	*from = ix->e[a].offset;
	*to = ix->e[b - 1].end;
	*records = n;
	return 0;
}

void chunk_index__release(struct chunk_index *ix)
{
	if (!ix)
		return;
	free(ix->e);
	*ix = (struct chunk_index)CHUNK_INDEX_INIT;
}
