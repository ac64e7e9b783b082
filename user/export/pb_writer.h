/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pb_writer.h - the protocol buffers wire format, written by hand: varints,
 * zigzag, length-delimited fields and nested messages, packed repeated
 * fields. Enough for the Perfetto export (export_perfetto.c); nothing reads
 * it back here (the tests decode with protoc and python3-protobuf).
 *
 * Our own rather than Debian's protobuf-c: protobuf-c builds a struct per
 * message and then serializes the tree, which for millions of sched events
 * means allocating and walking millions of small structs, and it would add a
 * code generator and a runtime library to the build. The export only ever
 * appends, so a byte buffer with a few appenders is all it needs.
 *
 * Wire format facts (protobuf's "Encoding" document): a field is a key
 * varint (field_number << 3 | wire type) then its value; wire type 0 is a
 * varint, 2 a length varint then that many bytes (strings, bytes, nested
 * messages, packed repeated scalars). int32/int64 negatives take ten bytes
 * (sign-extended to 64 bits); sint32/sint64 are zigzag-coded.
 *
 * A buffer's errors are sticky: after a failed allocation every appender does
 * nothing and b->err stays -ENOMEM, so a caller checks once at the end.
 *
 *   struct pb_buf b = { 0 };
 *   size_t m = pb__begin(&b, 1);	// nested message in field 1
 *   pb__uint(&b, 2, 42);
 *   pb__end(&b, m);
 *   if (b.err) ...; fwrite(b.p, 1, b.len, f); pb_buf__free(&b);
 */
#ifndef SCHEDVIZ_PB_WRITER_H
#define SCHEDVIZ_PB_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum pb_wire { PB_VARINT = 0, PB_LEN = 2 };

struct pb_buf {
	uint8_t *p;	/* len bytes written, cap allocated; owned */
	size_t len, cap;
	int err;	/* 0 or -ENOMEM (sticky) */
};

/* Make room for n more bytes. Returns 0 or -ENOMEM (also left in b->err). */
int pb_buf__grow(struct pb_buf *b, size_t n);

/* Forget the contents, keep the memory. */
static inline void pb_buf__reset(struct pb_buf *b)
{
	b->len = 0;
}

/* Free the memory; b is empty (and error-free) again. */
void pb_buf__free(struct pb_buf *b);

/* Raw bytes, no key. */
static inline void pb_buf__put(struct pb_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n && pb_buf__grow(b, n))
		return;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* A raw varint, no key (1..10 bytes): an element of a packed field. */
static inline void pb_buf__varint(struct pb_buf *b, uint64_t v)
{
	uint8_t *q;

	if (b->cap - b->len < 10 && pb_buf__grow(b, 10))
		return;
	q = b->p + b->len;
	while (v >= 0x80) {
		*q++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*q++ = (uint8_t)v;
	b->len = (size_t)(q - b->p);
}

/* Zigzag: 0, -1, 1, -2 ... -> 0, 1, 2, 3 ... (sint32/sint64). */
static inline uint64_t pb__zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

/* Bytes a varint of v takes (1..10). */
static inline size_t pb__varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static inline void pb__key(struct pb_buf *b, uint32_t field, enum pb_wire wt)
{
	pb_buf__varint(b, (uint64_t)field << 3 | wt);
}

/* uint32, uint64, bool and enum fields; and int32/int64 of values >= 0. */
static inline void pb__uint(struct pb_buf *b, uint32_t field, uint64_t v)
{
	pb__key(b, field, PB_VARINT);
	pb_buf__varint(b, v);
}

/* int32 and int64 fields: negatives sign-extended (ten bytes). */
static inline void pb__int(struct pb_buf *b, uint32_t field, int64_t v)
{
	pb__uint(b, field, (uint64_t)v);
}

/* sint32 and sint64 fields: zigzag. */
static inline void pb__sint(struct pb_buf *b, uint32_t field, int64_t v)
{
	pb__uint(b, field, pb__zigzag(v));
}

/* bytes, string, and packed fields already encoded: key, length, bytes. */
static inline void pb__bytes(struct pb_buf *b, uint32_t field, const void *p, size_t n)
{
	pb__key(b, field, PB_LEN);
	pb_buf__varint(b, n);
	pb_buf__put(b, p, n);
}

/* A string field of the NUL-terminated s. */
static inline void pb__str(struct pb_buf *b, uint32_t field, const char *s)
{
	pb__bytes(b, field, s, strlen(s));
}

/* A string field of s, at most max bytes (stops at a NUL): a comm array. */
static inline void pb__strn(struct pb_buf *b, uint32_t field, const char *s, size_t max)
{
	pb__bytes(b, field, s, strnlen(s, max));
}

/*
 * Open a nested message (or a packed field written element by element) in
 * field: writes the key and a one-byte length placeholder. Returns the mark
 * to give pb__end().
 */
size_t pb__begin(struct pb_buf *b, uint32_t field);

/*
 * Close what pb__begin() opened at mark: the length becomes the bytes
 * written since, as a minimal varint (the body moves up when it needs more
 * than one byte). Nested begin/end pairs must close innermost first.
 */
void pb__end(struct pb_buf *b, size_t mark);

#endif
