// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_damage.c - a trace file cut at every byte, and with every single byte
 * flipped, is read or refused cleanly: never a crash, never a record that
 * differs from what was written. Hostile chunks (valid CRC, lying lengths or
 * contents) are refused. Run under ASan/UBSan in the fuzz build.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "synth.h"
#include "trace_file.h"
#include "trace_format.h"

/* The reference file, its records, and where its chunks end. */
static uint8_t *file;
static size_t file_len;
static struct trace_record *recs;
static size_t n_recs;
static size_t chunk_end[256], chunk_records[256], n_chunks;	/* records up to chunk end */

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(1 << 20);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

struct outcome {
	int open_err;		/* trace_reader__open_stream */
	int end;		/* last trace_reader__next: 0 or negative */
	size_t n;		/* records read */
	bool same;		/* every record read equals the reference's */
	bool complete;
	struct run_info ri;	/* trace_reader__info at the end (copied) */
	char diag[1024];	/* what was said */
};

static bool same_record(const struct trace_record *a, const struct trace_record *b)
{
	/* the event up to its filename byte for byte, the filename as a string */
	return a->kind == b->kind && a->ts_ns == b->ts_ns && a->lost == b->lost &&
	       a->tid == b->tid && !memcmp(&a->ev, &b->ev, offsetof(struct sched_event, filename)) &&
	       !strcmp(a->ev.filename, b->ev.filename) && !strcmp(a->comm, b->comm);
}

static void read_buf(const uint8_t *buf, size_t len, struct outcome *o)
{
	FILE *diag = fmemopen(o->diag, sizeof(o->diag), "w");
	/* fmemopen refuses a zero size; an empty file is a one-byte buffer read as EOF */
	FILE *f = fmemopen((void *)(len ? buf : (const uint8_t *)""), len ? len : 1, "rb");
	struct trace_reader *r = NULL;
	struct trace_record rec;

	memset(o, 0, sizeof(*o));
	assert_non_null(diag);
	assert_non_null(f);
	if (!len)
		fgetc(f);
	setvbuf(diag, NULL, _IONBF, 0);
	o->same = true;
	o->open_err = trace_reader__open_stream(&r, f, "t.data", diag);
	if (!o->open_err) {
		while ((o->end = trace_reader__next(r, &rec)) > 0) {
			if (o->n >= n_recs || !same_record(&rec, &recs[o->n]))
				o->same = false;
			o->n++;
		}
		o->complete = trace_reader__complete(r);
		assert_int_equal(trace_reader__copy_info(r, &o->ri), 0);
	}
	trace_reader__close(r);
	fclose(diag);
	fclose(f);
}

/* Exactly one line of text, starting "schedviz: ". */
static void assert_one_line(const char *msg)
{
	size_t len = strlen(msg);

	assert_true(len > 12);
	assert_int_equal(strncmp(msg, "schedviz: ", 10), 0);
	assert_true(msg[len - 1] == '\n');
	assert_ptr_equal(strchr(msg, '\n'), msg + len - 1);
}

static int setup(void **state)
{
	char path[] = "/tmp/schedviz-test-damage.XXXXXX";
	int fd = mkstemp(path);
	struct synth s;
	struct outcome o;
	size_t off = TRACE_PREAMBLE_LEN;

	(void)state;
	if (fd < 0)
		return -1;
	close(fd);
	unlink(path);	/* the writer would keep it as .old */
	if (synth__make(&s, 3, 60, 2) || synth__write(&s, path, 16))
		return -1;
	file = slurp(path, &file_len);
	unlink(path);
	synth__free(&s);
	/* the records, as an undamaged read gives them */
	recs = calloc(4096, sizeof(*recs));
	{
		FILE *f = fmemopen(file, file_len, "rb");
		struct trace_reader *r;

		if (trace_reader__open_stream(&r, f, "ref", stderr))
			return -1;
		while (n_recs < 4096 && trace_reader__next(r, &recs[n_recs]) > 0)
			n_recs++;
		trace_reader__close(r);
		fclose(f);
	}
	/* chunk boundaries, from the layout */
	while (off + TRACE_CHUNK_HDR_LEN <= file_len && n_chunks < 256) {
		size_t recs_here = memcmp(file + off, TRACE_TAG_EVTS, 4) ? 0 :
				   trace_get_le32(file + off + 12);

		off += TRACE_CHUNK_HDR_LEN + trace_get_le32(file + off + 4);
		chunk_end[n_chunks] = off;
		chunk_records[n_chunks] = (n_chunks ? chunk_records[n_chunks - 1] : 0) + recs_here;
		n_chunks++;
	}
	read_buf(file, file_len, &o);
	run_info__clear(&o.ri);
	return o.open_err || o.end || !o.complete || o.n != n_recs || off != file_len ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	free(file);
	free(recs);
	return 0;
}

static void test_reference_is_sound(void **state)
{
	(void)state;
	printf("reference: %zu bytes, %zu chunks, %zu records\n", file_len, n_chunks, n_recs);
	assert_true(n_chunks >= 4);	/* header, several event chunks, footer */
	assert_true(n_recs > 60);
	assert_int_equal(chunk_records[n_chunks - 1], n_recs);
}

static void test_cut_at_every_byte(void **state)
{
	(void)state;
	for (size_t len = 0; len < file_len; len++) {
		struct outcome o;
		size_t whole = 0;

		read_buf(file, len, &o);
		assert_one_line(o.diag);
		if (len < chunk_end[0]) {	/* inside the preamble or the header */
			assert_int_equal(o.open_err, -EBADMSG);
			assert_non_null(strstr(o.diag, len ? "ends inside its header" : "empty"));
			continue;
		}
		for (size_t c = 0; c < n_chunks && chunk_end[c] <= len; c++)
			whole = chunk_records[c];
		assert_int_equal(o.open_err, 0);
		assert_int_equal(o.end, 0);
		assert_false(o.complete);
		assert_true(o.same);
		assert_int_equal(o.n, whole);	/* up to the last whole chunk, no further */
		assert_non_null(strstr(o.diag, "warning: t.data: the recording was cut short"));
		assert_int_equal(o.ri.exit_code, -1);
		run_info__clear(&o.ri);
	}
}

static void test_flip_every_byte(void **state)
{
	static const uint8_t masks[] = { 0x01, 0x80, 0xff };
	uint8_t *buf = malloc(file_len);

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < file_len; i++) {
		for (size_t k = 0; k < sizeof(masks); k++) {
			struct outcome o;

			memcpy(buf, file, file_len);
			buf[i] ^= masks[k];
			read_buf(buf, file_len, &o);
			/* nothing wrong is ever passed on as data */
			assert_true(o.same);
			if (o.open_err || o.end) {
				assert_true(o.open_err == -EBADMSG || o.open_err == -EINVAL ||
					    o.open_err == -ENOTSUP || o.end == -EBADMSG);
				assert_one_line(o.diag);
			} else if (o.complete) {
				/* only the minor version is free to change, and
				 * the major within the ones this reader reads
				 * (it decodes every one alike) */
				assert_true(i == 10 || i == 11 ||
					    (i == 8 && buf[8] >= TRACE_FORMAT_MAJOR_OLDEST &&
					     buf[8] <= TRACE_FORMAT_MAJOR));
				assert_int_equal(o.n, n_recs);
			} else {
				/* a length now pointing past the end reads as a cut */
				assert_non_null(strstr(o.diag, "cut short"));
			}
			run_info__clear(&o.ri);
		}
	}
	free(buf);
}

/*
 * A file from a newer schedviz (the next major format version): refused at
 * open with one line naming both versions, the file's and the one read here.
 */
static void test_newer_version(void **state)
{
	uint8_t *buf = malloc(file_len);
	char want_file[32], want_ours[48];
	struct outcome o;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, file, file_len);
	trace_put_le16(buf + 8, TRACE_FORMAT_MAJOR + 1);
	trace_put_le16(buf + 10, 7);
	read_buf(buf, file_len, &o);
	assert_int_equal(o.open_err, -ENOTSUP);
	assert_one_line(o.diag);
	snprintf(want_file, sizeof(want_file), "version %u.7", TRACE_FORMAT_MAJOR + 1);
	snprintf(want_ours, sizeof(want_ours), "reads %u.x to %u.x", TRACE_FORMAT_MAJOR_OLDEST,
		 TRACE_FORMAT_MAJOR);
	assert_non_null(strstr(o.diag, want_file));
	assert_non_null(strstr(o.diag, want_ours));
	free(buf);
}

/* The reference's preamble and header chunk, then one forged chunk. */
static void read_forged(const char *tag, const uint8_t *raw, size_t raw_len, uint32_t n,
			uint32_t claimed_raw, struct outcome *o)
{
	uint8_t *buf = malloc(chunk_end[0] + TRACE_CHUNK_HDR_LEN + compressBound(raw_len));
	size_t len;

	assert_non_null(buf);
	memcpy(buf, file, chunk_end[0]);
	len = chunk_end[0] + synth__chunk(buf + chunk_end[0], tag, raw, raw_len, n, claimed_raw);
	read_buf(buf, len, o);
	run_info__clear(&o->ri);
	free(buf);
}

static void test_hostile_chunks(void **state)
{
	static const uint8_t garbage[] = { 0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
					   0x80, 0x80, 0x80, 0x02 };	/* varint > 64 bits */
	static const uint8_t bad_kind[] = { 0x0c, 0x00 };
	static const uint8_t bad_ref[] = { 0x01, 0x00, 0x00, 0x00, 0x05 };	/* task #5 of 0 */
	static const uint8_t long_comm[] = { 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
					     0x10 };	/* a 16-byte comm */
	uint8_t big[64] = { 0 };
	struct outcome o;

	(void)state;
	read_forged(TRACE_TAG_EVTS, garbage, sizeof(garbage), 1, sizeof(garbage), &o);
	assert_int_equal(o.end, -EBADMSG);
	assert_non_null(strstr(o.diag, "malformed record"));
	read_forged(TRACE_TAG_EVTS, bad_kind, sizeof(bad_kind), 1, sizeof(bad_kind), &o);
	assert_int_equal(o.end, -EBADMSG);
	read_forged(TRACE_TAG_EVTS, bad_ref, sizeof(bad_ref), 1, sizeof(bad_ref), &o);
	assert_int_equal(o.end, -EBADMSG);
	read_forged(TRACE_TAG_EVTS, long_comm, sizeof(long_comm), 1, sizeof(long_comm), &o);
	assert_int_equal(o.end, -EBADMSG);
	/* more records claimed than the payload holds, and fewer */
	read_forged(TRACE_TAG_EVTS, bad_kind, 1, 2, 1, &o);
	assert_int_equal(o.end, -EBADMSG);
	/* a size beyond the limit is refused before anything is allocated */
	read_forged(TRACE_TAG_EVTS, big, sizeof(big), 1, TRACE_CHUNK_RAW_MAX + 1, &o);
	assert_int_equal(o.end, -EBADMSG);
	assert_non_null(strstr(o.diag, "impossible lengths"));
	/* a payload that inflates to something else than it claims */
	read_forged(TRACE_TAG_EVTS, big, sizeof(big), 1, sizeof(big) - 1, &o);
	assert_int_equal(o.end, -EBADMSG);
	/* a second header, an unknown tag */
	read_forged(TRACE_TAG_HEAD, big, sizeof(big), 1, sizeof(big), &o);
	assert_int_equal(o.end, -EBADMSG);
	read_forged("EVT5", big, sizeof(big), 1, sizeof(big), &o);
	assert_int_equal(o.end, -EBADMSG);
	/* a footer claiming 2^40 arguments */
	{
		uint8_t foot[32] = { 1, 2 };	/* clock, ncpus; then zeros ... */
		size_t n = 14;

		foot[n++] = 0x80;	/* argc = 2^40 as a varint */
		foot[n++] = 0x80;
		foot[n++] = 0x80;
		foot[n++] = 0x80;
		foot[n++] = 0x80;
		foot[n++] = 0x20;
		read_forged(TRACE_TAG_FOOT, foot, n, 1, (uint32_t)n, &o);
		assert_int_equal(o.end, -EBADMSG);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_is_sound),
		cmocka_unit_test(test_cut_at_every_byte),
		cmocka_unit_test(test_flip_every_byte),
		cmocka_unit_test(test_hostile_chunks),
		cmocka_unit_test(test_newer_version),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
