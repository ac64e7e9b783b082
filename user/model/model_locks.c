// SPDX-License-Identifier: GPL-2.0-only
/*
 * model_locks.c - the names of futex words (trace_model__add_lock(),
 * trace_model__lock_name()), kept in a lock_table.
 */
#include "trace_model_priv.h"

int trace_model__add_lock(struct trace_model *m, int32_t tgid, uint64_t addr, const char *name)
{
	return lock_table__set(&m->locks, tgid, addr, name);
}

const char *trace_model__lock_name(const struct trace_model *m, int32_t tgid, uint64_t addr)
{
	return lock_table__name(&m->locks, tgid, addr);
}
