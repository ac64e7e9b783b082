// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_reader.c - reads schedviz.data record by record, trusting nothing:
 * every chunk is bounds-checked and CRC-checked before it is inflated
 * (chunk_in.c; after the header, on a thread of its own: chunk_ahead.c),
 * and every record is decoded against the payload's real length. Layout:
 * trace_format.h.
 */
#include "trace_file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chunk_ahead.h"
#include "chunk_in.h"
#include "chunk_index.h"
#include "trace_codec.h"

struct trace_reader {
	FILE *f;
	bool own_f;
	char *name;
	FILE *diag;
	struct run_info ri;	/* header's, then footer's */
	struct chunk_in in;	/* where reading is: the header's, then the chunk's
				   being decoded (its offset: past that chunk) */
	struct chunk_ahead *ahead; /* the chunks after the header, or NULL: read here */
	uint8_t *raw;		/* inflated payload */
	size_t raw_cap, raw_len, raw_pos;
	uint32_t left;		/* records not yet returned from the current chunk */
	struct trace_codec codec;
	uint64_t records;	/* records returned */
	uint64_t last_ts, lost;
	bool footer, done;
	bool no_ahead;		/* read every chunk here (a reader that seeks) */
	uint64_t stop_at;	/* with no_ahead: the end, at this offset (0: the file's) */
	int err;		/* sticky */
	struct chunk_index *ix;	/* borrowed, or NULL: EVTS chunks indexed as they are read */
	uint64_t c_start, c_end; /* the EVTS chunk being decoded: its offset and end */
	uint64_t c_min, c_max, c_records; /* its records' times and count */
};

/* Messages about r: where it is (chunk_in.c). */
#define say(r, ...) chunk_in__say(&(r)->in, __VA_ARGS__)
#define damaged(r, ...) chunk_in__damaged(&(r)->in, __VA_ARGS__)

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
	long long k = chunk_in__read_n(&r->in, pre, sizeof(pre));
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
	r->in.offset = sizeof(pre);
	st = chunk_in__read(&r->in, &c, &r->raw, &r->raw_cap);
	if (st < 0)
		return st;
	if (st != CHUNK_OK)
		goto cut;
	r->raw_len = c.raw_len;
	r->raw_pos = 0;
	if (strcmp(c.tag, TRACE_TAG_HEAD) || c.n_records != 1)
		return damaged(r, "the header block is missing");
	st = take_info(r, "header");
	r->in.past_header = true;
	/* the chunks after it on a second CPU; here, if no thread can be had */
	if (!st && !r->no_ahead)
		chunk_ahead__start(&r->ahead, &r->in);
	return st;
cut:
	say(r, "the file ends inside its header: nothing was recorded; record again");
	return -EBADMSG;
}

static int open_stream(struct trace_reader **out, FILE *f, const char *name, FILE *diag,
		       bool ahead)
{
	struct trace_reader *r = calloc(1, sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	r->no_ahead = !ahead;
	r->f = f;
	r->diag = diag;
	r->name = strdup(name ? name : "trace");
	if (!r->name) {
		free(r);
		return -ENOMEM;
	}
	r->in = (struct chunk_in){ .f = f, .name = r->name, .diag = diag };
	err = read_header(r);
	if (err) {
		trace_reader__close(r);
		return err;
	}
	*out = r;
	return 0;
}

int trace_reader__open_stream(struct trace_reader **out, FILE *f, const char *name, FILE *diag)
{
	return open_stream(out, f, name, diag, true);
}

static int open_path(struct trace_reader **out, const char *path, FILE *diag, bool ahead)
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
	err = open_stream(out, f, path, diag, ahead);
	if (err) {
		fclose(f);
		return err;
	}
	(*out)->own_f = true;
	return 0;
}

int trace_reader__open(struct trace_reader **out, const char *path, FILE *diag)
{
	return open_path(out, path, diag, true);
}

int trace_reader__open_at(struct trace_reader **out, const char *path, uint64_t offset,
			  uint64_t end, FILE *diag)
{
	struct trace_reader *r;
	int err = open_path(&r, path, diag, false);

	if (err)
		return err;
	if (offset < r->in.offset || fseeko(r->f, (off_t)offset, SEEK_SET)) {
		say(r, "no block starts at byte %llu; replay the file again",
		    (unsigned long long)offset);
		trace_reader__close(r);
		return -EINVAL;
	}
	r->in.offset = offset;
	r->stop_at = end;
	*out = r;
	return 0;
}

void trace_reader__index(struct trace_reader *r, struct chunk_index *ix)
{
	r->ix = ix;
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
			r->name, r->in.chunk_start, what, r->records,
			(double)(r->ri.end_ns - r->ri.start_ns) / 1e9);
	r->done = true;
	return 0;
}

/* Load the next EVTS chunk, or finish at the footer. 1: records ready, 0: end. */
static int next_chunk(struct trace_reader *r)
{
	struct chunk c = { .tag = "" };
	bool trailing = false;
	int st;

	if (r->ahead) {
		struct chunk_read got;

		chunk_ahead__take(r->ahead, &got, &r->raw, &r->raw_cap);
		if (got.said && r->diag)
			fputs(got.said, r->diag);
		free(got.said);
		c = got.c;
		st = got.status;
		r->in.chunk_start = got.chunk_start;
		r->in.records_before = got.records_before;
		r->in.offset = got.offset_after;
		trailing = got.trailing;
	} else {
		if (r->stop_at && r->in.offset >= r->stop_at) {
			r->done = true;
			return 0;
		}
		r->in.records_before = r->records;
		st = chunk_in__read(&r->in, &c, &r->raw, &r->raw_cap);
		if (st == CHUNK_OK && !strcmp(c.tag, TRACE_TAG_FOOT))
			trailing = fgetc(r->f) != EOF;
	}
	if (st < 0)
		return st;
	if (st != CHUNK_OK)
		return cut_short(r, &c, st);
	r->raw_len = c.raw_len;
	r->raw_pos = 0;
	if (!strcmp(c.tag, TRACE_TAG_FOOT)) {
		if (c.n_records != 1)
			return damaged(r, "malformed footer");
		st = take_info(r, "footer");
		if (st)
			return st;
		if (trailing) {
			r->in.chunk_start = r->in.offset;
			r->in.records_before = r->records;
			return damaged(r, "data follows the footer");
		}
		r->footer = true;
		r->done = true;
		return 0;
	}
	if (strcmp(c.tag, TRACE_TAG_EVTS))
		return damaged(r, "a second header");
	r->left = c.n_records;
	r->c_start = r->in.chunk_start;
	r->c_end = r->in.offset;
	r->c_min = UINT64_MAX;
	r->c_max = 0;
	r->c_records = c.n_records;
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
	if (r->ix) {
		if (rec->ts_ns < r->c_min)
			r->c_min = rec->ts_ns;
		if (rec->ts_ns > r->c_max)
			r->c_max = rec->ts_ns;
		/* the chunk's last record is out: the chunk is indexed */
		if (!r->left && chunk_index__add(r->ix, r->c_start, r->c_end, r->c_min, r->c_max,
						 r->c_records))
			r->ix = NULL;	/* out of memory: an index with a gap is no index */
	}
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
	chunk_ahead__stop(r->ahead);	/* before f closes: the thread reads it */
	if (r->own_f)
		fclose(r->f);
	run_info__clear(&r->ri);
	chunk_in__release(&r->in);
	free(r->name);
	free(r->raw);
	free(r);
}

uint64_t trace_reader__offset(const struct trace_reader *r)
{
	return r->in.offset;
}
