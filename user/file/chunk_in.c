// SPDX-License-Identifier: GPL-2.0-only
/*
 * chunk_in.c - a trace file's chunk read, trusting nothing (see
 * chunk_in.h): its lengths are checked against TRACE_CHUNK_RAW_MAX and
 * compressBound() before anything is allocated, its CRC-32 before it is
 * inflated, and it must inflate to exactly its stated size.
 */
#include "chunk_in.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include <zlib.h>

#include "trace_format.h"
#include "vec.h"

void chunk_in__say(const struct chunk_in *in, const char *fmt, ...)
{
	va_list ap;

	if (!in->diag)
		return;
	fprintf(in->diag, "schedviz: %s: ", in->name);
	va_start(ap, fmt);
	vfprintf(in->diag, fmt, ap);
	va_end(ap);
	fputc('\n', in->diag);
}

int chunk_in__damaged(const struct chunk_in *in, const char *fmt, ...)
{
	va_list ap;

	if (!in->diag)
		return -EBADMSG;
	fprintf(in->diag, "schedviz: %s: damaged at byte %" PRIu64 ": ", in->name,
		in->chunk_start);
	va_start(ap, fmt);
	vfprintf(in->diag, fmt, ap);
	va_end(ap);
	if (in->past_header && in->records_before)
		fprintf(in->diag, "; 'truncate -s %" PRIu64 " %s' keeps the %" PRIu64
			" records before it\n", in->chunk_start, in->name, in->records_before);
	else
		fputs("; nothing before it can be saved, record again\n", in->diag);
	return -EBADMSG;
}

long long chunk_in__read_n(struct chunk_in *in, void *buf, size_t n)
{
	size_t k = fread(buf, 1, n, in->f);

	if (k < n && ferror(in->f))
		return -EIO;
	return (long long)k;
}

/* Room for need bytes (at least 1, so the buffer exists) at *buf. 0 or -ENOMEM. */
static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	return vec__reserve((void **)buf, cap, need ? need : 1, 1);
}

/*
 * Inflate the zlib stream in in->stored (c->stored_len bytes, CRC-checked)
 * into raw: exactly c->raw_len bytes. The stream's 2-byte header is
 * checked and its deflate data inflated whole with libdeflate (with zlib,
 * inflating took 40% of a report's time); its Adler-32 trailer is not
 * recomputed, as the chunk's CRC-32 already covered every byte.
 * 0, -ENOMEM, or -EBADMSG after saying why.
 */
static int inflate_chunk(struct chunk_in *in, const struct chunk *c, uint8_t *raw)
{
	const uint8_t *s = in->stored;
	size_t got = 0;

	/* RFC 1950: CM 8 (deflate), no preset dictionary, header check */
	if (c->stored_len < 6 || (s[0] & 0x0f) != 8 || (s[1] & 0x20) ||
	    ((unsigned)s[0] << 8 | s[1]) % 31)
		return chunk_in__damaged(in, "a block passes its CRC-32 but does not inflate "
					 "to its size");
	if (!in->inflater && !(in->inflater = libdeflate_alloc_decompressor())) {
		chunk_in__say(in, "out of memory");
		return -ENOMEM;
	}
	if (libdeflate_deflate_decompress(in->inflater, s + 2, c->stored_len - 6, raw,
					  c->raw_len, &got) != LIBDEFLATE_SUCCESS ||
	    got != c->raw_len)
		return chunk_in__damaged(in, "a block passes its CRC-32 but does not inflate "
					 "to its size");
	return 0;
}

int chunk_in__read(struct chunk_in *in, struct chunk *c, uint8_t **raw, size_t *raw_cap)
{
	uint8_t h[TRACE_CHUNK_HDR_LEN];
	long long k;
	uLong crc;
	int err;

	in->chunk_start = in->offset;
	k = chunk_in__read_n(in, h, sizeof(h));
	if (k < 0)
		goto io;
	if (k == 0)
		return CHUNK_EOF;
	if (k < (long long)sizeof(h))
		return CHUNK_CUT;
	memcpy(c->tag, h, 4);
	c->tag[4] = '\0';
	c->stored_len = trace_get_le32(h + 4);
	c->raw_len = trace_get_le32(h + 8);
	c->n_records = trace_get_le32(h + 12);
	c->crc = trace_get_le32(h + 16);
	if (strcmp(c->tag, TRACE_TAG_HEAD) && strcmp(c->tag, TRACE_TAG_EVTS) &&
	    strcmp(c->tag, TRACE_TAG_FOOT))
		return chunk_in__damaged(in, "no block starts there");
	if (c->raw_len > TRACE_CHUNK_RAW_MAX || c->stored_len > compressBound(c->raw_len) ||
	    c->n_records > c->raw_len)
		return chunk_in__damaged(in, "a block with impossible lengths (%" PRIu32
					 " stored, %" PRIu32 " raw, %" PRIu32 " records)",
					 c->stored_len, c->raw_len, c->n_records);
	if (grow(&in->stored, &in->stored_cap, c->stored_len) ||
	    grow(raw, raw_cap, c->raw_len)) {
		chunk_in__say(in, "out of memory");
		return -ENOMEM;
	}
	k = chunk_in__read_n(in, in->stored, c->stored_len);
	if (k < 0)
		goto io;
	if (k < c->stored_len)
		return CHUNK_CUT;
	crc = crc32(0, h, 16);
	crc = crc32(crc, in->stored, c->stored_len);
	if ((uint32_t)crc != c->crc)
		return chunk_in__damaged(in, "a block fails its CRC-32 check");
	err = inflate_chunk(in, c, *raw);
	if (err)
		return err;
	in->offset += sizeof(h) + c->stored_len;
	return CHUNK_OK;
io:
	chunk_in__say(in, "read error near byte %" PRIu64 "; check the disk (dmesg)", in->offset);
	return -EIO;
}

void chunk_in__release(struct chunk_in *in)
{
	if (in->inflater)
		libdeflate_free_decompressor(in->inflater);
	in->inflater = NULL;
	free(in->stored);
	in->stored = NULL;
	in->stored_cap = 0;
}
