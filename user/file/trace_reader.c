// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_reader.c - reads schedviz.data record by record, trusting nothing:
 * every chunk is bounds-checked and CRC-checked before it is inflated, and
 * every record is decoded against the payload's real length. Layout:
 * trace_format.h.
 */
#include "trace_file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libdeflate.h>
#include <zlib.h>

#include "trace_codec.h"
#include "vec.h"

struct trace_reader {
	FILE *f;
	bool own_f;
	char *name;
	FILE *diag;
	struct run_info ri;	/* header's, then footer's */
	uint64_t offset;	/* file offset of the next chunk */
	uint64_t chunk_start;	/* file offset of the chunk being read */
	bool past_header;	/* the header was read: damage past it can be cut off */
	uint8_t *stored;	/* compressed payload of the current chunk */
	size_t stored_cap;
	uint8_t *raw;		/* inflated payload */
	size_t raw_cap, raw_len, raw_pos;
	uint32_t left;		/* records not yet returned from the current chunk */
	struct trace_codec codec;
	struct libdeflate_decompressor *inflater;	/* kept from chunk to chunk */
	uint64_t records;	/* records returned */
	uint64_t records_before; /* records returned before the current chunk */
	uint64_t last_ts, lost;
	bool footer, done;
	int err;		/* sticky */
};

struct chunk {
	char tag[5];
	uint32_t stored_len, raw_len, n_records, crc;
};

static void say(const struct trace_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const struct trace_reader *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->diag)
		return;
	fprintf(r->diag, "schedviz: %s: ", r->name);
	va_start(ap, fmt);
	vfprintf(r->diag, fmt, ap);
	va_end(ap);
	fputc('\n', r->diag);
}

/*
 * Damage at r->offset (the start of the chunk being read): say what, and how
 * to keep the whole chunks before it (a file cut there reads as cut short).
 */
static int damaged(const struct trace_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int damaged(const struct trace_reader *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->diag)
		return -EBADMSG;
	fprintf(r->diag, "schedviz: %s: damaged at byte %" PRIu64 ": ", r->name, r->chunk_start);
	va_start(ap, fmt);
	vfprintf(r->diag, fmt, ap);
	va_end(ap);
	if (r->past_header && r->records_before)
		fprintf(r->diag, "; 'truncate -s %" PRIu64 " %s' keeps the %" PRIu64
			" records before it\n", r->chunk_start, r->name, r->records_before);
	else
		fputs("; nothing before it can be saved, record again\n", r->diag);
	return -EBADMSG;
}

/* Read exactly n bytes; returns the number read (short only at EOF) or -EIO. */
static long long read_n(struct trace_reader *r, void *buf, size_t n)
{
	size_t k = fread(buf, 1, n, r->f);

	if (k < n && ferror(r->f))
		return -EIO;
	return (long long)k;
}

/* Room for need bytes (at least 1, so the buffer exists) at *buf. 0 or -ENOMEM. */
static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	return vec__reserve((void **)buf, cap, need ? need : 1, 1);
}

enum chunk_status {
	CHUNK_OK = 0,
	CHUNK_EOF,		/* no byte left where a chunk would start */
	CHUNK_CUT,		/* the file ends inside the chunk (header or payload) */
};

/*
 * Inflate the zlib stream in r->stored (c->stored_len bytes, CRC-checked)
 * into r->raw: exactly c->raw_len bytes. The stream's 2-byte header is
 * checked and its deflate data inflated whole with libdeflate (with zlib,
 * inflating took 40% of a report's time; with it, a few percent); its
 * Adler-32 trailer is not recomputed, as the chunk's CRC-32 already
 * covered every byte.
 * 0, -ENOMEM, or -EBADMSG after saying why.
 */
static int inflate_chunk(struct trace_reader *r, const struct chunk *c)
{
	const uint8_t *s = r->stored;
	size_t got = 0;

	/* RFC 1950: CM 8 (deflate), no preset dictionary, header check */
	if (c->stored_len < 6 || (s[0] & 0x0f) != 8 || (s[1] & 0x20) ||
	    ((unsigned)s[0] << 8 | s[1]) % 31)
		return damaged(r, "a block passes its CRC-32 but does not inflate to its size");
	if (!r->inflater && !(r->inflater = libdeflate_alloc_decompressor())) {
		say(r, "out of memory");
		return -ENOMEM;
	}
	if (libdeflate_deflate_decompress(r->inflater, s + 2, c->stored_len - 6, r->raw,
					  c->raw_len, &got) != LIBDEFLATE_SUCCESS ||
	    got != c->raw_len)
		return damaged(r, "a block passes its CRC-32 but does not inflate to its size");
	return 0;
}

/*
 * Read, check and inflate the chunk at r->offset into r->raw. Returns a
 * chunk_status, or a negative errno after saying why.
 */
static int read_chunk(struct trace_reader *r, struct chunk *c)
{
	uint8_t h[TRACE_CHUNK_HDR_LEN];
	long long k;
	uLong crc;
	int err;

	r->chunk_start = r->offset;
	r->records_before = r->records;
	k = read_n(r, h, sizeof(h));
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
		return damaged(r, "no block starts there");
	if (c->raw_len > TRACE_CHUNK_RAW_MAX || c->stored_len > compressBound(c->raw_len) ||
	    c->n_records > c->raw_len)
		return damaged(r, "a block with impossible lengths (%" PRIu32 " stored, %" PRIu32
			       " raw, %" PRIu32 " records)", c->stored_len, c->raw_len,
			       c->n_records);
	if (grow(&r->stored, &r->stored_cap, c->stored_len) ||
	    grow(&r->raw, &r->raw_cap, c->raw_len)) {
		say(r, "out of memory");
		return -ENOMEM;
	}
	k = read_n(r, r->stored, c->stored_len);
	if (k < 0)
		goto io;
	if (k < c->stored_len)
		return CHUNK_CUT;
	crc = crc32(0, h, 16);
	crc = crc32(crc, r->stored, c->stored_len);
	if ((uint32_t)crc != c->crc)
		return damaged(r, "a block fails its CRC-32 check");
	err = inflate_chunk(r, c);
	if (err)
		return err;
	r->offset += sizeof(h) + c->stored_len;
	r->raw_len = c->raw_len;
	r->raw_pos = 0;
	return CHUNK_OK;
io:
	say(r, "read error near byte %" PRIu64 "; check the disk (dmesg)", r->offset);
	return -EIO;
}

/* Decode a HEAD or FOOT payload into r->ri (replacing it). */
static int take_info(struct trace_reader *r, const char *what)
{
	struct run_info ri = { 0 };
	int err = trace_codec__get_info(r->raw, r->raw_len, &ri);

	r->raw_pos = r->raw_len;
	if (err == -ENOTSUP) {
		say(r, "recorded on a clock this schedviz does not know; use the schedviz "
		       "that wrote it");
		return err;
	}
	if (err == -ENOMEM) {
		say(r, "out of memory");
		return err;
	}
	if (err)
		return damaged(r, "the %s passes its CRC-32 but is malformed", what);
	run_info__clear(&r->ri);
	r->ri = ri;
	return 0;
}

static int read_header(struct trace_reader *r)
{
	uint8_t pre[TRACE_PREAMBLE_LEN];
	long long k = read_n(r, pre, sizeof(pre));
	struct chunk c;
	int st;

	if (k < 0) {
		say(r, "read error; check the disk (dmesg)");
		return -EIO;
	}
	if (k == 0) {
		say(r, "the file is empty: nothing was recorded; record again");
		return -EBADMSG;
	}
	if (memcmp(pre, TRACE_MAGIC, k < TRACE_MAGIC_LEN ? (size_t)k : TRACE_MAGIC_LEN)) {
		say(r, "not a schedviz trace file (record one with 'schedviz record')");
		return -EINVAL;
	}
	if (k < (long long)sizeof(pre))
		goto cut;
	if (trace_get_le16(pre + 8) > TRACE_FORMAT_MAJOR ||
	    trace_get_le16(pre + 8) < TRACE_FORMAT_MAJOR_OLDEST) {
		say(r, "trace format version %u.%u; this schedviz reads %u.x to %u.x (use the "
		       "schedviz that wrote it)",
		    trace_get_le16(pre + 8), trace_get_le16(pre + 10), TRACE_FORMAT_MAJOR_OLDEST,
		    TRACE_FORMAT_MAJOR);
		return -ENOTSUP;
	}
	if (trace_get_le32(pre + 12) != 0)
		return damaged(r, "unknown flags in the file header");
	r->offset = sizeof(pre);
	st = read_chunk(r, &c);
	if (st < 0)
		return st;
	if (st != CHUNK_OK)
		goto cut;
	if (strcmp(c.tag, TRACE_TAG_HEAD) || c.n_records != 1)
		return damaged(r, "the header block is missing");
	st = take_info(r, "header");
	r->past_header = true;
	return st;
cut:
	say(r, "the file ends inside its header: nothing was recorded; record again");
	return -EBADMSG;
}

int trace_reader__open_stream(struct trace_reader **out, FILE *f, const char *name, FILE *diag)
{
	struct trace_reader *r = calloc(1, sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	r->f = f;
	r->diag = diag;
	r->name = strdup(name ? name : "trace");
	if (!r->name) {
		free(r);
		return -ENOMEM;
	}
	err = read_header(r);
	if (err) {
		trace_reader__close(r);
		return err;
	}
	*out = r;
	return 0;
}

int trace_reader__open(struct trace_reader **out, const char *path, FILE *diag)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	int err;

	if (f && !fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		f = NULL;
		errno = EISDIR;
	}
	if (!f) {
		err = -errno;
		if (diag)
			fprintf(diag, "schedviz: %s: %s%s\n", path, strerror(-err),
				err == -ENOENT ? " (record one with 'schedviz record -o FILE')" : "");
		return err;
	}
	err = trace_reader__open_stream(out, f, path, diag);
	if (err) {
		fclose(f);
		return err;
	}
	(*out)->own_f = true;
	return 0;
}

/* The file ended early: keep what was read and say what is missing. */
static int cut_short(struct trace_reader *r, const struct chunk *c, int st)
{
	const char *what = "it ends inside a block header or the footer";
	char buf[96];

	if (st == CHUNK_EOF) {
		what = "it ends between two blocks, without its footer";
	} else if (c->n_records && !strcmp(c->tag, TRACE_TAG_EVTS)) {
		snprintf(buf, sizeof(buf), "its last block (%" PRIu32 " records) is incomplete "
			 "and the footer is missing", c->n_records);
		what = buf;
	}
	r->ri.end_ns = r->last_ts > r->ri.start_ns ? r->last_ts : r->ri.start_ns;
	r->ri.lost = r->lost;
	r->ri.exit_code = -1;
	r->ri.term_signal = 0;
	r->ri.ru_nvcsw = r->ri.ru_nivcsw = r->ri.ru_utime_ns = r->ri.ru_stime_ns = 0;
	if (r->diag)
		fprintf(r->diag, "schedviz: warning: %s: the recording was cut short at byte %"
			PRIu64 ": %s; read %" PRIu64 " records, %.3f s of the run; its exit "
			"status and rusage are unknown\n",
			r->name, r->chunk_start, what, r->records,
			(double)(r->ri.end_ns - r->ri.start_ns) / 1e9);
	r->done = true;
	return 0;
}

/* Load the next EVTS chunk, or finish at the footer. 1: records ready, 0: end. */
static int next_chunk(struct trace_reader *r)
{
	struct chunk c = { .tag = "" };
	int st = read_chunk(r, &c);

	if (st < 0)
		return st;
	if (st != CHUNK_OK)
		return cut_short(r, &c, st);
	if (!strcmp(c.tag, TRACE_TAG_FOOT)) {
		if (c.n_records != 1)
			return damaged(r, "malformed footer");
		st = take_info(r, "footer");
		if (st)
			return st;
		if (fgetc(r->f) != EOF) {
			r->chunk_start = r->offset;
			r->records_before = r->records;
			return damaged(r, "data follows the footer");
		}
		r->footer = true;
		r->done = true;
		return 0;
	}
	if (strcmp(c.tag, TRACE_TAG_EVTS))
		return damaged(r, "a second header");
	r->left = c.n_records;
	trace_codec__reset(&r->codec);
	return 1;
}

int trace_reader__next(struct trace_reader *r, struct trace_record *rec)
{
	size_t used;
	int err;

	if (r->err)
		return r->err;
	while (!r->left) {
		if (r->done)
			return 0;
		if (r->raw_pos != r->raw_len)
			return r->err = damaged(r, "a block holds more bytes than its records");
		err = next_chunk(r);
		if (err < 0)
			return r->err = err;
		if (err == 0)
			return 0;
	}
	err = trace_codec__get(&r->codec, r->raw + r->raw_pos, r->raw_len - r->raw_pos, &used, rec);
	if (err)
		return r->err = damaged(r, "a block passes its CRC-32 but holds a malformed record");
	r->raw_pos += used;
	r->left--;
	r->records++;
	if (rec->ts_ns > r->last_ts)
		r->last_ts = rec->ts_ns;
	if (rec->kind == TRACE_REC_LOST)
		r->lost += rec->lost;
	return 1;
}

const struct run_info *trace_reader__info(const struct trace_reader *r)
{
	return &r->ri;
}

int trace_reader__copy_info(const struct trace_reader *r, struct run_info *out)
{
	int err;

	*out = r->ri;
	out->argc = 0;
	out->argv = NULL;
	err = run_info__set_argv(out, r->ri.argc, r->ri.argv);
	if (err)
		run_info__clear(out);
	return err;
}

bool trace_reader__complete(const struct trace_reader *r)
{
	return r->footer;
}

void trace_reader__close(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->own_f)
		fclose(r->f);
	run_info__clear(&r->ri);
	if (r->inflater)
		libdeflate_free_decompressor(r->inflater);
	free(r->name);
	free(r->stored);
	free(r->raw);
	free(r);
}

uint64_t trace_reader__offset(const struct trace_reader *r)
{
	return r->offset;
}
