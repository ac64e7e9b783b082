/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lock_table.h - names of futex words, by process and address: the model's
 * (model_locks.c) and the exporters' (export_src.c). Few per run (one per
 * lock a traced task slept on, user/collect/lock_names.h caps them), so
 * kept in arrival order and searched from the newest.
 */
#ifndef SCHEDVIZ_MODEL_LOCK_TABLE_H
#define SCHEDVIZ_MODEL_LOCK_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define LOCK_TABLE_NAME_LEN 96	/* a lock's name with its NUL */
#define LOCK_TABLE_GIL "GIL "	/* prefix of a name that is CPython's GIL
				   (user/collect/lock_names.c gives it) */

struct lock_entry {
	int32_t tgid;
	uint64_t addr;		/* the futex word, a user virtual address in tgid */
	char name[LOCK_TABLE_NAME_LEN];
};

/* Zero-initialise; release with lock_table__free(). */
struct lock_table {
	struct lock_entry *e;
	size_t n, cap;
};

/*
 * The futex word at addr in process tgid is called name (copied, cut to
 * LOCK_TABLE_NAME_LEN - 1 bytes; a later name for the pair replaces the
 * earlier). Returns 0 or -ENOMEM.
 */
int lock_table__set(struct lock_table *t, int32_t tgid, uint64_t addr, const char *name);

/* The name of the word at addr in tgid (borrowed, valid until the next set), or NULL. */
const char *lock_table__name(const struct lock_table *t, int32_t tgid, uint64_t addr);

void lock_table__free(struct lock_table *t);

#endif
