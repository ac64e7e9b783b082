// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_writer.c - writes schedviz.data while events arrive: the header at
 * open, a compressed chunk whenever ~64 KiB of records have gathered (or on
 * flush), the footer at close. Layout: trace_format.h. A ring writer keeps
 * its chunks in memory instead, the last window_ns of them, for a file
 * writer to copy out (a flight recording).
 */
#include "trace_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "chunk_index.h"
#include "trace_codec.h"
#include "vec.h"

struct trace_writer {
	int fd;
	int err;		/* first failure; sticky */
	uint8_t *raw;		/* encoded records of the open chunk */
	size_t raw_len;
	uint32_t n_records;
	uint8_t *out;		/* chunk header + compressed payload */
	size_t out_cap;
	off_t good_end;		/* bytes in whole chunks: where a torn write is cut back to */
	uint64_t kept;		/* records (events, tasks, losses) in whole chunks */
	struct trace_codec codec;
	/* ring writers (fd -1): whole chunks in memory, oldest first */
	bool ring;
	uint64_t window_ns;
	struct ring_chunk *rc;
	size_t n_rc, cap_rc, ring_bytes;
	uint64_t open_first_ts, open_last_ts;	/* of the records in raw; 0: none */
	uint64_t open_min_ts;			/* likewise: the earliest */
	uint64_t newest_ts;
	struct chunk_index *ix;	/* file writers: chunks written, or NULL; borrowed */
};

struct ring_chunk {
	uint8_t *bytes;		/* header and payload, as a file holds them */
	size_t len;
	uint32_t n_records;
	uint64_t first_ts, last_ts;
};

#define RAW_CAP (TRACE_EVTS_TARGET + TRACE_RECORD_MAX)

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* A ring writer: drop the chunks wholly older than the window. */
static void evict(struct trace_writer *w)
{
	size_t k = 0;

	while (k < w->n_rc && w->rc[k].last_ts + w->window_ns < w->newest_ts) {
		w->ring_bytes -= w->rc[k].len;
		w->kept -= w->rc[k].n_records;
		free(w->rc[k].bytes);
		k++;
	}
	memmove(w->rc, w->rc + k, (w->n_rc - k) * sizeof(*w->rc));
	w->n_rc -= k;
}

/* A ring writer: keep the chunk just built (len bytes at h). */
static int keep_chunk(struct trace_writer *w, const uint8_t *h, size_t len, uint32_t n_records)
{
	struct ring_chunk c = { .len = len, .n_records = n_records,
				.first_ts = w->open_first_ts, .last_ts = w->open_last_ts };

	c.bytes = malloc(len);
	if (!c.bytes || vec__reserve((void **)&w->rc, &w->cap_rc, w->n_rc + 1, sizeof(*w->rc))) {
		free(c.bytes);
		return w->err = -ENOMEM;
	}
	memcpy(c.bytes, h, len);
	w->rc[w->n_rc++] = c;
	w->ring_bytes += len;
	w->kept += n_records;
	w->open_first_ts = w->open_last_ts = 0;
	evict(w);
	return 0;
}

/* Compress raw into one chunk with its header and CRC, and write it (or keep it). */
static int put_chunk(struct trace_writer *w, const char *tag, const uint8_t *raw,
		     size_t raw_len, uint32_t n_records)
{
	uLongf zlen = compressBound(raw_len);
	size_t need = TRACE_CHUNK_HDR_LEN + zlen;
	uint8_t *h;
	uLong crc;

	if (w->err)
		return w->err;
	if (vec__reserve((void **)&w->out, &w->out_cap, need, 1))
		return w->err = -ENOMEM;
	h = w->out;
	if (compress2(h + TRACE_CHUNK_HDR_LEN, &zlen, raw, raw_len, Z_DEFAULT_COMPRESSION) != Z_OK)
		return w->err = -ENOMEM;	/* the only failure left with a big enough buffer */
	memcpy(h, tag, 4);
	trace_put_le32(h + 4, (uint32_t)zlen);
	trace_put_le32(h + 8, (uint32_t)raw_len);
	trace_put_le32(h + 12, n_records);
	crc = crc32(0, h, 16);
	crc = crc32(crc, h + TRACE_CHUNK_HDR_LEN, (uInt)zlen);
	trace_put_le32(h + 16, (uint32_t)crc);
	if (w->ring)
		return keep_chunk(w, h, TRACE_CHUNK_HDR_LEN + zlen, n_records);
	w->err = write_all(w->fd, h, TRACE_CHUNK_HDR_LEN + zlen);
	if (w->err) {
		/* a full disk (ENOSPC, EDQUOT, EFBIG) leaves part of this chunk:
		 * cut it off, so the file ends cleanly after its last whole
		 * block and the reader keeps everything before; a special file
		 * refuses ftruncate() and keeps what it got */
		if (ftruncate(w->fd, w->good_end) == 0)
			lseek(w->fd, w->good_end, SEEK_SET);
		return w->err;
	}
	w->good_end += (off_t)(TRACE_CHUNK_HDR_LEN + zlen);
	if (!strcmp(tag, TRACE_TAG_EVTS))
		w->kept += n_records;
	return 0;
}

static int put_info_chunk(struct trace_writer *w, const char *tag, const struct run_info *ri)
{
	struct run_info full = *ri;	/* shallow: argv stays borrowed */
	uint8_t *buf;
	size_t len;
	int err;

	run_info__fill_host(&full);
	err = trace_codec__put_info(&full, &buf, &len);

	if (err)
		return w->err ? w->err : (w->err = err);
	err = put_chunk(w, tag, buf, len, 1);
	free(buf);
	return err;
}

int trace_writer__flush(struct trace_writer *w)
{
	uint64_t at = (uint64_t)w->good_end;
	int err;

	if (w->err || !w->n_records)
		return w->err;
	err = put_chunk(w, TRACE_TAG_EVTS, w->raw, w->raw_len, w->n_records);
	if (!err && !w->ring && w->ix &&
	    chunk_index__add(w->ix, at, (uint64_t)w->good_end, w->open_min_ts, w->open_last_ts,
			     w->n_records))
		w->ix = NULL;	/* out of memory: an index with a gap is no index */
	w->open_min_ts = 0;
	if (!w->ring)
		w->open_last_ts = 0;
	w->raw_len = 0;
	w->n_records = 0;
	trace_codec__reset(&w->codec);
	return err;
}

/*
 * Account for the record at ts_ns just encoded at raw + raw_len; close the
 * chunk when full.
 */
static int added(struct trace_writer *w, size_t n, uint64_t ts_ns)
{
	if (!w->open_first_ts)
		w->open_first_ts = ts_ns;
	if (!w->open_min_ts || ts_ns < w->open_min_ts)
		w->open_min_ts = ts_ns;
	if (ts_ns > w->open_last_ts)
		w->open_last_ts = ts_ns;
	if (ts_ns > w->newest_ts)
		w->newest_ts = ts_ns;
	w->raw_len += n;
	w->n_records++;
	return w->raw_len >= TRACE_EVTS_TARGET ? trace_writer__flush(w) : 0;
}

int trace_writer__add(struct trace_writer *w, const struct sched_event *ev)
{
	if (w->err)
		return w->err;
	return added(w, trace_codec__put_event(&w->codec, w->raw + w->raw_len, ev), ev->ts_ns);
}

int trace_writer__add_lost(struct trace_writer *w, uint64_t n, uint64_t ts_ns, int32_t cpu)
{
	if (w->err)
		return w->err;
	return added(w, trace_codec__put_lost(&w->codec, w->raw + w->raw_len, n, ts_ns, cpu),
		     ts_ns);
}

int trace_writer__add_task(struct trace_writer *w, int32_t tid, int32_t tgid, int32_t ppid,
			   const char *comm, uint64_t ts_ns)
{
	if (w->err)
		return w->err;
	return added(w, trace_codec__put_task(&w->codec, w->raw + w->raw_len, tid, tgid, ppid,
					      comm, ts_ns), ts_ns);
}

int trace_writer__add_lock(struct trace_writer *w, int32_t tgid, uint64_t addr, const char *name,
			   uint64_t ts_ns)
{
	if (w->err)
		return w->err;
	return added(w, trace_codec__put_lock(&w->codec, w->raw + w->raw_len, tgid, addr, name,
					      ts_ns), ts_ns);
}

/* perf.data's rule (see trace_file.h). */
int trace_writer__keep_old(const char *path)
{
	struct stat st;
	size_t len = strlen(path);
	char *old;
	int err = 0;

	if (stat(path, &st) < 0)
		return 0;	/* nothing there to keep; open(2) says why if it is unusable */
	if (!S_ISREG(st.st_mode))
		return 0;	/* /dev/null, a FIFO: write into it as it is */
	old = malloc(len + sizeof(".old"));
	if (!old)
		return -ENOMEM;
	memcpy(old, path, len);
	memcpy(old + len, ".old", sizeof(".old"));
	if (rename(path, old) < 0)
		err = -errno;
	free(old);
	return err;
}

int trace_writer__open(struct trace_writer **out, const char *path, const struct run_info *ri)
{
	struct trace_writer *w = calloc(1, sizeof(*w));
	uint8_t pre[TRACE_PREAMBLE_LEN] = { 0 };
	int err;

	if (!w)
		return -ENOMEM;
	w->fd = -1;
	w->raw = malloc(RAW_CAP);
	if (!w->raw) {
		err = -ENOMEM;
		goto fail;
	}
	err = trace_writer__keep_old(path);
	if (err)
		goto fail;
	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd < 0) {
		err = -errno;
		goto fail;
	}
	memcpy(pre, TRACE_MAGIC, TRACE_MAGIC_LEN);
	trace_put_le16(pre + 8, TRACE_FORMAT_MAJOR);
	trace_put_le16(pre + 10, TRACE_FORMAT_MINOR);
	err = write_all(w->fd, pre, sizeof(pre));
	w->good_end = sizeof(pre);
	if (!err)
		err = put_info_chunk(w, TRACE_TAG_HEAD, ri);
	if (err)
		goto fail;
	*out = w;
	return 0;
fail:
	if (w->fd >= 0)
		close(w->fd);
	free(w->raw);
	free(w->out);
	free(w);
	return err;
}

void trace_writer__index(struct trace_writer *w, struct chunk_index *ix)
{
	w->ix = ix;
}

uint64_t trace_writer__kept(const struct trace_writer *w)
{
	return w->kept;
}

int trace_writer__close(struct trace_writer *w, const struct run_info *ri_final)
{
	int err;

	if (!w)
		return 0;
	trace_writer__flush(w);
	if (ri_final)
		put_info_chunk(w, TRACE_TAG_FOOT, ri_final);
	err = w->err;
	/* EINVAL/EROFS: a special file (/dev/null, a pipe) that cannot be synced */
	if (w->fd >= 0 && fsync(w->fd) < 0 && !err && errno != EINVAL && errno != EROFS)
		err = -errno;
	if (w->fd >= 0 && close(w->fd) < 0 && !err && errno != EINTR)
		err = -errno;
	for (size_t i = 0; i < w->n_rc; i++)
		free(w->rc[i].bytes);
	free(w->rc);
	free(w->raw);
	free(w->out);
	free(w);
	return err;
}

int trace_writer__open_ring(struct trace_writer **out, uint64_t window_ns)
{
	struct trace_writer *w = calloc(1, sizeof(*w));

	if (!w || !(w->raw = malloc(RAW_CAP))) {
		free(w);
		return -ENOMEM;
	}
	w->fd = -1;
	w->ring = true;
	w->window_ns = window_ns;
	*out = w;
	return 0;
}

int trace_writer__ring_span(struct trace_writer *ring, uint64_t *first_ns, uint64_t *last_ns)
{
	int err = trace_writer__flush(ring);

	if (err)
		return err;
	evict(ring);
	*first_ns = ring->n_rc ? ring->rc[0].first_ts : 0;
	*last_ns = ring->newest_ts;
	return 0;
}

int trace_writer__copy_ring(struct trace_writer *w, struct trace_writer *ring)
{
	int err = trace_writer__flush(w);

	if (!err)
		err = trace_writer__flush(ring);
	for (size_t i = 0; !err && i < ring->n_rc; i++) {
		err = write_all(w->fd, ring->rc[i].bytes, ring->rc[i].len);
		if (err) {
			if (ftruncate(w->fd, w->good_end) == 0)
				lseek(w->fd, w->good_end, SEEK_SET);
			w->err = err;
			break;
		}
		w->good_end += (off_t)ring->rc[i].len;
		w->kept += ring->rc[i].n_records;
	}
	return err;
}

size_t trace_writer__ring_bytes(const struct trace_writer *ring)
{
	return ring->ring_bytes;
}
