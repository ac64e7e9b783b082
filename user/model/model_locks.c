// SPDX-License-Identifier: GPL-2.0-only
/*
 * model_locks.c - the names of futex words (trace_model__add_lock(),
 * trace_model__lock_name()): few per run (one per lock a traced task slept
 * on), kept in arrival order and searched from the newest.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>

#include "trace_model_priv.h"
#include "vec.h"

struct lock_entry {
	int32_t tgid;
	uint64_t addr;
	char name[TRACE_MODEL_LOCK_NAME_LEN];
};

static struct lock_entry *find(const struct trace_model *m, int32_t tgid, uint64_t addr)
{
	for (size_t i = m->n_locks; i-- > 0;)
		if (m->locks[i].tgid == tgid && m->locks[i].addr == addr)
			return &m->locks[i];
	return NULL;
}

int trace_model__add_lock(struct trace_model *m, int32_t tgid, uint64_t addr, const char *name)
{
	struct lock_entry *e = find(m, tgid, addr);

	if (!e) {
		if (vec__reserve((void **)&m->locks, &m->cap_locks, m->n_locks + 1,
				 sizeof(*m->locks)))
			return -ENOMEM;
		e = &m->locks[m->n_locks++];
		e->tgid = tgid;
		e->addr = addr;
	}
	snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
	return 0;
}

const char *trace_model__lock_name(const struct trace_model *m, int32_t tgid, uint64_t addr)
{
	const struct lock_entry *e = find(m, tgid, addr);

	return e && e->name[0] ? e->name : NULL;
}
