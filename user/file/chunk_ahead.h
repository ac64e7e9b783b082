/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * chunk_ahead.h - a trace file's chunks read ahead on a thread of their
 * own: while the reader decodes one chunk's records, the next chunks are
 * read, CRC-checked and inflated (chunk_in.c) on the other CPU. Inflating
 * was about a quarter of a report's time.
 *
 * Chunks come out in file order, each with what chunk_in__read() returned
 * and said, and the thread stops after the first that is not an EVTS chunk
 * read whole (the footer, the end, a cut or damage). What it said is handed
 * over with its chunk, so messages reach diag in the order and at the point
 * reading chunk by chunk gave them.
 */
#ifndef SCHEDVIZ_CHUNK_AHEAD_H
#define SCHEDVIZ_CHUNK_AHEAD_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk_in.h"

/* One chunk as the thread read it. */
struct chunk_read {
	struct chunk c;
	int status;		/* chunk_in__read()'s */
	uint8_t *raw;		/* the payload, c.raw_len bytes when status is CHUNK_OK */
	size_t raw_cap;
	uint64_t chunk_start;	/* its file offset */
	uint64_t records_before; /* records in the EVTS chunks before it */
	uint64_t offset_after;	/* the file offset after it */
	bool trailing;		/* a footer followed by more bytes */
	char *said;		/* what was said reading it, or NULL; owned */
};

struct chunk_ahead;

/*
 * Start reading ahead from *at (its f, name, diag, offset and
 * records_before; the position is taken over: the caller must not read f
 * again). Returns 0, -ENOMEM, or the negative errno of pthread_create().
 */
int chunk_ahead__start(struct chunk_ahead **out, const struct chunk_in *at);

/*
 * The next chunk: its payload buffer is swapped with *raw and *raw_cap (the
 * caller's old buffer goes back for reuse), the rest copied into *out;
 * out->said becomes the caller's. Blocks until the thread has read it.
 */
void chunk_ahead__take(struct chunk_ahead *ca, struct chunk_read *out, uint8_t **raw,
		       size_t *raw_cap);

/* Stop the thread and free ca. NULL-safe. */
void chunk_ahead__stop(struct chunk_ahead *ca);

#endif
