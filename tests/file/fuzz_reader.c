// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_reader.c - libFuzzer harness over everything that reads a trace file:
 * the reader and loader (into a trace model and its JSON summary), and the
 * ftrace formatter over whatever records come out. The first input byte
 * picks what the rest is: a whole file (even), or (odd) the inflated payload
 * of one chunk - events, or the header's run_info - that the harness wraps
 * in a valid file, so mutations reach the record decoder past the CRC-32
 * and zlib layers that would refuse nearly all of them. An events payload is
 * also decoded record by record and every event encoded again: it must
 * decode to the same event (the codec maps each type's named argument to
 * the file's arg/arg_hi and back without loss). Built only with the
 * meson option fuzz=true and clang (-fsanitize=fuzzer,address,undefined);
 * run by run_fuzz.sh for a bounded time, seeded by synth_trace.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "chunk_index.h"
#include "ftrace_text.h"
#include "summary.h"
#include "synth.h"
#include "task_names.h"
#include "trace_codec.h"
#include "trace_file.h"
#include "trace_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load(FILE *f, FILE *sink)
{
	struct trace_model *m;
	struct run_info ri = { 0 };

	if (trace_model__new(&m))
		return;
	if (!trace_file__load_stream(f, "fuzz", m, &ri, sink))
		summary_json__write(sink, &ri, m);
	run_info__clear(&ri);
	trace_model__free(m);
}

static void format(FILE *f, FILE *sink)
{
	struct trace_reader *r;
	struct task_names *names;
	struct trace_record rec;
	struct chunk_index ix = CHUNK_INDEX_INIT;
	uint64_t from, to, n;
	char line[FTRACE_LINE_MAX];

	if (task_names__new(&names))
		return;
	if (!trace_reader__open_stream(&r, f, "fuzz", sink)) {
		/* the blocks indexed as they are read, as replay does */
		trace_reader__index(r, &ix);
		while (trace_reader__next(r, &rec) > 0) {
			task_names__note(names, &rec);
			if (rec.kind == TRACE_REC_EVENT &&
			    ftrace_text__line(line, sizeof(line), &rec.ev, names) > 0)
				fputs(line, sink);
		}
		trace_reader__close(r);
		if (!chunk_index__find(&ix, 0, UINT64_MAX, &from, &to, &n) &&
		    (from > to || n > ix.records))
			abort();	/* an index that claims bytes or records not read */
		chunk_index__release(&ix);
	}
	task_names__free(names);
}

/* Bytes after a string's NUL are not part of it (the encoder stops there). */
static void canon(struct sched_event *e)
{
	size_t n = strnlen(e->comm, sizeof(e->comm));

	memset(e->comm + n, 0, sizeof(e->comm) - n);
	n = strnlen(e->comm2, sizeof(e->comm2));
	memset(e->comm2 + n, 0, sizeof(e->comm2) - n);
	n = strnlen(e->filename, sizeof(e->filename));
	memset(e->filename + n, 0, sizeof(e->filename) - n);
}

/* Every event decoded from payload p encodes again to itself; abort if not. */
static void recode(const uint8_t *p, size_t n)
{
	struct trace_codec in, out, back;
	struct trace_record rec, again;
	uint8_t buf[TRACE_RECORD_MAX];
	size_t used, len;

	trace_codec__reset(&in);
	trace_codec__reset(&out);
	trace_codec__reset(&back);
	while (n && !trace_codec__get(&in, p, n, &used, &rec)) {
		p += used;
		n -= used;
		if (rec.kind != TRACE_REC_EVENT)
			continue;
		canon(&rec.ev);
		len = trace_codec__put_event(&out, buf, &rec.ev);
		if (trace_codec__get(&back, buf, len, &used, &again) || used != len)
			abort();
		canon(&again.ev);
		if (memcmp(&rec.ev, &again.ev, sizeof(rec.ev)))
			abort();
	}
}

/*
 * A file around payload p: as the header's run_info (mode bit 1), or as an
 * EVTS chunk of n records after a minimal header. Returns a malloc'd file.
 */
static uint8_t *wrap(const uint8_t *p, size_t n, unsigned mode, uint32_t records, size_t *len)
{
	static const uint8_t empty_info[16] = { 1 };	/* CLOCK_MONOTONIC, all else 0 */
	uint8_t *buf = malloc(3 * TRACE_CHUNK_HDR_LEN + TRACE_PREAMBLE_LEN + 2 * compressBound(n) +
			      compressBound(sizeof(empty_info)));

	if (!buf)
		return NULL;
	memset(buf, 0, TRACE_PREAMBLE_LEN);
	memcpy(buf, TRACE_MAGIC, TRACE_MAGIC_LEN);
	trace_put_le16(buf + 8, TRACE_FORMAT_MAJOR);
	*len = TRACE_PREAMBLE_LEN;
	if (mode & 2) {
		*len += synth__chunk(buf + *len, TRACE_TAG_HEAD, p, n, 1, (uint32_t)n);
	} else {
		*len += synth__chunk(buf + *len, TRACE_TAG_HEAD, empty_info, sizeof(empty_info), 1,
				     sizeof(empty_info));
		*len += synth__chunk(buf + *len, TRACE_TAG_EVTS, p, n, records, (uint32_t)n);
	}
	return buf;
}

static void run(const uint8_t *data, size_t size, FILE *sink)
{
	FILE *f = fmemopen((void *)data, size, "rb");

	if (!f)
		return;
	load(f, sink);
	rewind(f);
	format(f, sink);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	uint8_t *file;
	size_t len;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (size < 2 || !sink)
		return 0;
	if (!(data[0] & 1)) {
		run(data + 1, size - 1, sink);
		return 0;
	}
	if (!(data[0] & 2))
		recode(data + 2, size - 2);
	file = wrap(data + 2, size - 2, data[0], data[1], &len);
	if (file)
		run(file, len, sink);
	free(file);
	return 0;
}
