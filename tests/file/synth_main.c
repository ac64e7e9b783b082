// SPDX-License-Identifier: GPL-2.0-only
/*
 * synth_main.c - `synth_trace DIR`: write a few small synthetic trace files
 * into DIR, the seed corpus of the fuzz harness: whole files (first byte 0,
 * see fuzz_reader.c) and the inflated payloads of their chunks (odd first
 * byte), so the fuzzer starts from well-formed records in both modes.
 *
 * `synth_trace --trace PATH`: one synthetic trace (4 CPUs, 400 steps, 5
 * events lost on CPU 1 after the first third: synth.h) at PATH, for the
 * exporters' tests.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "synth.h"
#include "trace_format.h"

static int put_seed(const char *dir, const char *name, size_t i, uint8_t mode, uint8_t n,
		    const uint8_t *p, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s-%zu", dir, name, i);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	fputc(mode, f);
	if (mode & 1)
		fputc(n, f);
	fwrite(p, 1, len, f);
	return fclose(f);
}

/* One seed for the file, one per chunk payload. */
static int put_seeds(const char *dir, size_t i, const uint8_t *file, size_t len)
{
	static uint8_t raw[TRACE_CHUNK_RAW_MAX];
	size_t off = TRACE_PREAMBLE_LEN, k = 0;

	if (put_seed(dir, "file", i, 0, 0, file, len))
		return -1;
	while (off + TRACE_CHUNK_HDR_LEN <= len) {
		uLongf raw_len = sizeof(raw);
		uint32_t stored = trace_get_le32(file + off + 4);
		bool head = !memcmp(file + off, TRACE_TAG_HEAD, 4);

		if (uncompress(raw, &raw_len, file + off + TRACE_CHUNK_HDR_LEN, stored) != Z_OK)
			return -1;
		if ((head || !memcmp(file + off, TRACE_TAG_EVTS, 4)) &&
		    put_seed(dir, "chunk", i * 100 + k++, head ? 3 : 1,
			     (uint8_t)trace_get_le32(file + off + 12), raw, raw_len))
			return -1;
		off += TRACE_CHUNK_HDR_LEN + stored;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		unsigned seed, steps, ncpus, flush;
	} seeds[] = { { 1, 0, 1, 0 }, { 2, 12, 2, 5 }, { 3, 60, 2, 16 }, { 4, 400, 4, 0 } };
	char path[4096];

	if (argc == 3 && !strcmp(argv[1], "--trace")) {
		struct synth s;
		int err = synth__make(&s, 4, 400, 4);

		if (!err)
			err = synth__write(&s, argv[2], 0);
		if (err)
			fprintf(stderr, "synth_trace: cannot write %s\n", argv[2]);
		synth__free(&s);
		return err ? 1 : 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: synth_trace DIR | synth_trace --trace PATH\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		struct synth s;
		uint8_t *buf = malloc(1 << 20);
		size_t len = 0;
		FILE *f;

		snprintf(path, sizeof(path), "%s/tmp.data", argv[1]);
		if (!buf || synth__make(&s, seeds[i].seed, seeds[i].steps, seeds[i].ncpus) ||
		    synth__write(&s, path, seeds[i].flush) || !(f = fopen(path, "rb"))) {
			fprintf(stderr, "synth_trace: cannot write %s\n", path);
			return 1;
		}
		len = fread(buf, 1, 1 << 20, f);
		fclose(f);
		remove(path);
		if (put_seeds(argv[1], i, buf, len)) {
			fprintf(stderr, "synth_trace: cannot write the seeds into %s\n", argv[1]);
			return 1;
		}
		synth__free(&s);
		free(buf);
	}
	return 0;
}
