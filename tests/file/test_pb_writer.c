// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_pb_writer.c - the protobuf wire format of pb_writer against the
 * byte sequences of protobuf's "Encoding" document (150 in field 1 is
 * 08 96 01, "testing" in field 2 is 12 07 74 65 73 74 69 6e 67, a nested
 * message with it in field 3 is 1a 03 08 96 01, packed [3, 270, 86942] in
 * field 4 is 22 06 03 8e 02 9e a7 05) and the limits: ten-byte varints,
 * zigzag at the extremes, nested lengths that need more than one byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pb_writer.h"

static void expect_bytes(const struct pb_buf *b, const uint8_t *want, size_t n)
{
	assert_int_equal(b->err, 0);
	assert_int_equal(b->len, n);
	assert_memory_equal(b->p, want, n);
}

static void test_varints(void **state)
{
	static const uint8_t one[] = { 0x01 }, v150[] = { 0x96, 0x01 }, v300[] = { 0xac, 0x02 };
	static const uint8_t max[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
	struct pb_buf b = { 0 };

	(void)state;
	pb_buf__varint(&b, 1);
	expect_bytes(&b, one, sizeof(one));
	pb_buf__reset(&b);
	pb_buf__varint(&b, 150);
	expect_bytes(&b, v150, sizeof(v150));
	pb_buf__reset(&b);
	pb_buf__varint(&b, 300);
	expect_bytes(&b, v300, sizeof(v300));
	pb_buf__reset(&b);
	pb_buf__varint(&b, UINT64_MAX);
	expect_bytes(&b, max, sizeof(max));
	assert_int_equal(pb__varint_len(UINT64_MAX), 10);
	assert_int_equal(pb__varint_len(127), 1);
	assert_int_equal(pb__varint_len(128), 2);
	pb_buf__reset(&b);
	pb__int(&b, 1, -1);		/* int32 -1: sign-extended, ten bytes */
	assert_int_equal(b.len, 11);
	assert_int_equal(b.p[0], 0x08);
	assert_memory_equal(b.p + 1, max, sizeof(max));
	pb_buf__free(&b);
	assert_null(b.p);
}

static void test_zigzag(void **state)
{
	(void)state;
	assert_int_equal(pb__zigzag(0), 0);
	assert_int_equal(pb__zigzag(-1), 1);
	assert_int_equal(pb__zigzag(1), 2);
	assert_int_equal(pb__zigzag(-2), 3);
	assert_true(pb__zigzag(INT64_MAX) == UINT64_MAX - 1);
	assert_true(pb__zigzag(INT64_MIN) == UINT64_MAX);
}

static void test_fields(void **state)
{
	static const uint8_t want[] = {
		0x08, 0x96, 0x01,					/* 1: 150 */
		0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g',		/* 2: "testing" */
		0x1a, 0x03, 0x08, 0x96, 0x01,				/* 3: { 1: 150 } */
		0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05,		/* 4: packed */
		0x28, 0x03,						/* 5: sint -2 */
		0x32, 0x03, 'a', 'b', 'c',				/* 6: comm "abc" */
	};
	struct pb_buf b = { 0 }, packed = { 0 };
	char comm[16] = "abc";
	size_t m;

	(void)state;
	pb__uint(&b, 1, 150);
	pb__str(&b, 2, "testing");
	m = pb__begin(&b, 3);
	pb__uint(&b, 1, 150);
	pb__end(&b, m);
	pb_buf__varint(&packed, 3);
	pb_buf__varint(&packed, 270);
	pb_buf__varint(&packed, 86942);
	pb__bytes(&b, 4, packed.p, packed.len);
	pb__sint(&b, 5, -2);
	pb__strn(&b, 6, comm, sizeof(comm));
	expect_bytes(&b, want, sizeof(want));
	pb_buf__free(&b);
	pb_buf__free(&packed);
}

/* Nested bodies of 127, 128 and 20000 bytes, one inside another. */
static void test_long_nested(void **state)
{
	struct pb_buf b = { 0 };
	uint8_t body[20000];
	size_t outer, inner;

	(void)state;
	for (size_t i = 0; i < sizeof(body); i++)
		body[i] = (uint8_t)i;
	outer = pb__begin(&b, 1);
	pb_buf__put(&b, body, 127);
	inner = pb__begin(&b, 2);
	pb_buf__put(&b, body, 20000);
	pb__end(&b, inner);		/* 20000 = 0xa0 0x9c 0x01 */
	pb__end(&b, outer);		/* 127 + 1 + 3 + 20000 = 20131 = 0xa3 0x9d 0x01 */
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, 1 + 3 + 20131);
	assert_int_equal(b.p[0], 0x0a);
	assert_int_equal(b.p[1], 0xa3);
	assert_int_equal(b.p[2], 0x9d);
	assert_int_equal(b.p[3], 0x01);
	assert_memory_equal(b.p + 4, body, 127);
	assert_int_equal(b.p[4 + 127], 0x12);
	assert_int_equal(b.p[4 + 128], 0xa0);
	assert_int_equal(b.p[4 + 129], 0x9c);
	assert_int_equal(b.p[4 + 130], 0x01);
	assert_memory_equal(b.p + 4 + 131, body, 20000);

	pb_buf__reset(&b);
	outer = pb__begin(&b, 1);
	pb_buf__put(&b, body, 128);
	pb__end(&b, outer);
	assert_int_equal(b.len, 3 + 128);
	assert_int_equal(b.p[1], 0x80);
	assert_int_equal(b.p[2], 0x01);
	assert_memory_equal(b.p + 3, body, 128);

	pb_buf__reset(&b);
	outer = pb__begin(&b, 1);
	pb__end(&b, outer);		/* empty message: key, length 0 */
	assert_int_equal(b.len, 2);
	assert_int_equal(b.p[1], 0);
	pb_buf__free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_varints),
		cmocka_unit_test(test_zigzag),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_long_nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
