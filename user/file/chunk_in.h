/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * chunk_in.h - one chunk of a trace file read, bounds-checked, CRC-checked
 * and inflated (layout in trace_format.h), and the messages that cite where
 * in the file something went wrong. trace_reader.c reads the header with
 * it and chunk_ahead.c the chunks after it, on a thread of its own.
 */
#ifndef SCHEDVIZ_CHUNK_IN_H
#define SCHEDVIZ_CHUNK_IN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct libdeflate_decompressor;

/* A chunk's header, as read. */
struct chunk {
	char tag[5];
	uint32_t stored_len, raw_len, n_records, crc;
};

enum chunk_status {
	CHUNK_OK = 0,
	CHUNK_EOF,		/* no byte left where a chunk would start */
	CHUNK_CUT,		/* the file ends inside the chunk (header or payload) */
};

/* A position in a trace file, and what messages about it say. */
struct chunk_in {
	FILE *f;		/* borrowed */
	const char *name;	/* borrowed, for messages */
	FILE *diag;		/* borrowed; NULL: say nothing */
	uint64_t offset;	/* file offset of the next chunk */
	uint64_t chunk_start;	/* file offset of the chunk being read */
	uint64_t records_before; /* records in the chunks before it (the caller keeps it) */
	bool past_header;	/* damage past the header can be cut off */
	uint8_t *stored;	/* compressed payload of the chunk, owned */
	size_t stored_cap;
	struct libdeflate_decompressor *inflater;	/* owned, kept from chunk to chunk */
};

/* "schedviz: NAME: " and the message, a line on in->diag. */
void chunk_in__say(const struct chunk_in *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Damage at in->chunk_start: say what, and how to keep the records before
 * it (a file cut there reads as cut short). Returns -EBADMSG.
 */
int chunk_in__damaged(const struct chunk_in *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Read exactly n bytes; returns the number read (short only at EOF) or -EIO. */
long long chunk_in__read_n(struct chunk_in *in, void *buf, size_t n);

/*
 * Read the chunk at in->offset: its header into *c and its payload, CRC-32
 * checked and inflated, into *raw (c->raw_len bytes; *raw grows as needed,
 * *raw_cap its size). Advances in->offset past it. Returns a chunk_status,
 * or -EIO, -ENOMEM, -EBADMSG after saying why.
 */
int chunk_in__read(struct chunk_in *in, struct chunk *c, uint8_t **raw, size_t *raw_cap);

/* Free what in owns (not f, name or diag). */
void chunk_in__release(struct chunk_in *in);

#endif
