// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_tid_map.c - the one TID -> slot map (user/base/tid_map.h): insert,
 * find, delete, a reused TID, growth, and many deletes then inserts
 * (tombstones reused and cleared without the table growing without end).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tid_map.h"

static void test_empty_map_finds_nothing(void **state)
{
	struct tid_map m = { 0 };

	(void)state;
	assert_int_equal(tid_map__find(&m, 1), TID_MAP_NONE);
	assert_int_equal(tid_map__del(&m, 1), TID_MAP_NONE);
	assert_int_equal(tid_map__count(&m), 0);
	tid_map__release(&m);
	tid_map__release(NULL);
}

static void test_insert_find_delete(void **state)
{
	struct tid_map m = { 0 };

	(void)state;
	assert_int_equal(tid_map__set(&m, 100, 0), 0);
	assert_int_equal(tid_map__set(&m, 0, 1), 0);	/* the idle task's TID is a key too */
	assert_int_equal(tid_map__set(&m, -5, 2), 0);
	assert_int_equal(tid_map__count(&m), 3);
	assert_int_equal(tid_map__find(&m, 100), 0);
	assert_int_equal(tid_map__find(&m, 0), 1);
	assert_int_equal(tid_map__find(&m, -5), 2);
	assert_int_equal(tid_map__find(&m, 101), TID_MAP_NONE);
	assert_int_equal(tid_map__del(&m, 100), 0);
	assert_int_equal(tid_map__find(&m, 100), TID_MAP_NONE);
	assert_int_equal(tid_map__del(&m, 100), TID_MAP_NONE);
	assert_int_equal(tid_map__count(&m), 2);
	assert_int_equal(tid_map__set(&m, 7, TID_MAP_SLOT_MAX + 1), -EINVAL);
	assert_int_equal(tid_map__set(&m, 7, TID_MAP_SLOT_MAX), 0);
	assert_int_equal(tid_map__find(&m, 7), TID_MAP_SLOT_MAX);
	tid_map__release(&m);
	assert_int_equal(tid_map__find(&m, 0), TID_MAP_NONE);
}

/* Colliding TIDs (same home slot): deleting the first must not hide the second. */
static void test_delete_keeps_later_probes(void **state)
{
	struct tid_map m = { 0 };
	int32_t a = 64, b = 128, c = 192;	/* 64 * 2654435761 ≡ 0 mod 64 */

	(void)state;
	assert_int_equal(tid_map__set(&m, a, 1), 0);
	assert_int_equal(tid_map__home(&m, a), tid_map__home(&m, b));
	assert_int_equal(tid_map__set(&m, b, 2), 0);
	assert_int_equal(tid_map__set(&m, c, 3), 0);
	assert_int_equal(tid_map__del(&m, a), 1);
	assert_int_equal(tid_map__find(&m, b), 2);
	assert_int_equal(tid_map__find(&m, c), 3);
	/* the tombstone is reused, and b is still found once, not twice */
	assert_int_equal(tid_map__set(&m, b, 4), 0);
	assert_int_equal(tid_map__find(&m, b), 4);
	assert_int_equal(tid_map__del(&m, b), 4);
	assert_int_equal(tid_map__find(&m, b), TID_MAP_NONE);
	assert_int_equal(tid_map__count(&m), 1);
	tid_map__release(&m);
}

static void test_reused_tid_names_latest_slot(void **state)
{
	struct tid_map m = { 0 };

	(void)state;
	assert_int_equal(tid_map__set(&m, 300, 1), 0);
	assert_int_equal(tid_map__set(&m, 300, 2), 0);	/* a new task took TID 300 */
	assert_int_equal(tid_map__find(&m, 300), 2);
	assert_int_equal(tid_map__count(&m), 1);
	/* reuse after deletion: a fresh entry */
	assert_int_equal(tid_map__del(&m, 300), 2);
	assert_int_equal(tid_map__set(&m, 300, 3), 0);
	assert_int_equal(tid_map__find(&m, 300), 3);
	assert_int_equal(tid_map__count(&m), 1);
	tid_map__release(&m);
}

static void test_growth(void **state)
{
	struct tid_map m = { 0 };

	(void)state;
	for (int32_t i = 0; i < 100000; i++)
		assert_int_equal(tid_map__set(&m, 1000 + i * 3, (uint32_t)i), 0);
	assert_int_equal(tid_map__count(&m), 100000);
	assert_true(m.cap >= 2 * 100000);
	for (int32_t i = 0; i < 100000; i++)
		assert_int_equal(tid_map__find(&m, 1000 + i * 3), (uint32_t)i);
	assert_int_equal(tid_map__find(&m, 1001), TID_MAP_NONE);
	tid_map__release(&m);
}

/* TIDs churn as tasks come and go: tombstones must not fill the table. */
static void test_many_deletes_then_inserts(void **state)
{
	struct tid_map m = { 0 };
	size_t cap;

	(void)state;
	for (int32_t i = 0; i < 32; i++)
		assert_int_equal(tid_map__set(&m, i + 1, (uint32_t)i), 0);
	cap = m.cap;
	for (int32_t round = 0; round < 1000; round++) {
		int32_t base = 1 + round * 32;

		for (int32_t i = 0; i < 32; i++)
			assert_int_equal(tid_map__del(&m, base + i), (uint32_t)i);
		for (int32_t i = 0; i < 32; i++)
			assert_int_equal(tid_map__set(&m, base + 32 + i, (uint32_t)i), 0);
		assert_int_equal(tid_map__count(&m), 32);
		assert_true(m.used * 2 <= m.cap);
	}
	assert_int_equal(m.cap, cap);	/* rebuilt in place, never grown */
	for (int32_t i = 0; i < 32; i++)
		assert_int_equal(tid_map__find(&m, 1 + 1000 * 32 + i), (uint32_t)i);
	assert_int_equal(tid_map__find(&m, 1), TID_MAP_NONE);
	tid_map__release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_map_finds_nothing),
		cmocka_unit_test(test_insert_find_delete),
		cmocka_unit_test(test_delete_keeps_later_probes),
		cmocka_unit_test(test_reused_tid_names_latest_slot),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_many_deletes_then_inserts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
