// SPDX-License-Identifier: GPL-2.0-only
/*
 * task_detail.c - children and histogram labels of one task.
 */
#include "task_detail.h"

#include <stdio.h>

size_t task_detail__children(const struct trace_task *const *tasks, size_t n,
			     const struct trace_task *t, uint32_t *out, size_t cap)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		if (tasks[i] == t || tasks[i]->parent_tid != t->tid ||
		    tasks[i]->index <= t->index)
			continue;
		if (count < cap)
			out[count] = (uint32_t)i;
		count++;
	}
	return count;
}

static void unit(char *buf, size_t len, uint64_t us, bool utf8)
{
	if (us >= 1000000)
		snprintf(buf, len, "%llus", (unsigned long long)(us / 1000000));
	else if (us >= 1000)
		snprintf(buf, len, "%llums", (unsigned long long)(us / 1000));
	else
		snprintf(buf, len, "%llu%s", (unsigned long long)us, utf8 ? "\u00b5s" : "us");
}

char *task_detail__hist_label(char *buf, size_t len, unsigned int i, bool utf8)
{
	char lo[16], hi[16];

	if (i == 0) {
		snprintf(buf, len, "<2%s", utf8 ? "\u00b5s" : "us");
		return buf;
	}
	if (i >= WAKEUP_HIST_BUCKETS - 1) {
		unit(lo, sizeof(lo), 1ull << i, utf8);
		snprintf(buf, len, ">=%s", lo);
		return buf;
	}
	unit(lo, sizeof(lo), 1ull << i, utf8);
	unit(hi, sizeof(hi), 1ull << (i + 1), utf8);
	/* buckets are powers of two of us: 1024 us reads as 1ms (the label rounds) */
	snprintf(buf, len, "%s-%s", lo, hi);
	return buf;
}
