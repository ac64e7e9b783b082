// SPDX-License-Identifier: GPL-2.0-only
/* lock_table.c - names of futex words (see lock_table.h). */
#include "lock_table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "vec.h"

static struct lock_entry *find(const struct lock_table *t, int32_t tgid, uint64_t addr)
{
	for (size_t i = t->n; i-- > 0;)
		if (t->e[i].tgid == tgid && t->e[i].addr == addr)
			return &t->e[i];
	return NULL;
}

int lock_table__set(struct lock_table *t, int32_t tgid, uint64_t addr, const char *name)
{
	struct lock_entry *e = find(t, tgid, addr);

	if (!e) {
		if (vec__reserve((void **)&t->e, &t->cap, t->n + 1, sizeof(*t->e)))
			return -ENOMEM;
		e = &t->e[t->n++];
		e->tgid = tgid;
		e->addr = addr;
	}
	snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
	return 0;
}

const char *lock_table__name(const struct lock_table *t, int32_t tgid, uint64_t addr)
{
	const struct lock_entry *e = find(t, tgid, addr);

	return e && e->name[0] ? e->name : NULL;
}

void lock_table__free(struct lock_table *t)
{
	free(t->e);
	t->e = NULL;
	t->n = t->cap = 0;
}
