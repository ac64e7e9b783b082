// SPDX-License-Identifier: GPL-2.0-only
/* target_exit.c - has the traced target ended? (see target_exit.h) */
#include "target_exit.h"

#include "task_gone.h"

bool target_exit__all(const struct trace_model *m)
{
	size_t n = trace_model__task_count(m);

	for (size_t i = 0; i < n; i++)
		if (!trace_model__task(m, i)->exited)
			return false;
	return n > 0;
}

bool target_exit__root(const struct trace_model *m, pid_t pid)
{
	const struct trace_task *t = trace_model__find(m, pid);

	return t && t->exited;
}

bool target_exit__rest_switched_out(const struct trace_model *m)
{
	size_t n = trace_model__task_count(m);

	for (size_t i = 0; i < n; i++) {
		const struct trace_task *t = trace_model__task(m, i);

		if (!t->exited && !task_gone__switched_out(t->tid))
			return false;
	}
	return true;
}
