// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_reader.c - libFuzzer harness over everything that reads a trace file:
 * the reader and loader (into a trace model and its JSON summary), and the
 * ftrace formatter over whatever records come out. The first input byte
 * picks what the rest is: a whole file (even), or (odd) the inflated payload
 * of one chunk - events, or the header's run_info - that the harness wraps
 * in a valid file, so mutations reach the record decoder past the CRC-32
 * and zlib layers that would refuse nearly all of them. Built only with the
 * meson option fuzz=true and clang (-fsanitize=fuzzer,address,undefined);
 * run by run_fuzz.sh for a bounded time, seeded by synth_trace.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ftrace_text.h"
#include "summary.h"
#include "synth.h"
#include "task_names.h"
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
	char line[FTRACE_LINE_MAX];

	if (task_names__new(&names))
		return;
	if (!trace_reader__open_stream(&r, f, "fuzz", sink)) {
		while (trace_reader__next(r, &rec) > 0) {
			task_names__note(names, &rec);
			if (rec.kind == TRACE_REC_EVENT &&
			    ftrace_text__line(line, sizeof(line), &rec.ev, names) > 0)
				fputs(line, sink);
		}
		trace_reader__close(r);
	}
	task_names__free(names);
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
	file = wrap(data + 2, size - 2, data[0], data[1], &len);
	if (file)
		run(file, len, sink);
	free(file);
	return 0;
}
