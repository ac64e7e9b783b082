// SPDX-License-Identifier: GPL-2.0-only
/*
 * export_ftrace.c - a trace as the kernel's text trace (tracefs "trace" with
 * record-tgid on): its header block, then one line per event in file
 * (timestamp) order, formatted by ftrace_text.
 */
#include "export.h"

#include <errno.h>

#include "ftrace_text.h"

struct ftrace_out {
	FILE *out;
	const struct task_names *names;
};

static int put_line(void *ctx, const struct trace_record *rec)
{
	struct ftrace_out *o = ctx;
	char line[FTRACE_LINE_MAX];
	int n;

	if (rec->kind != TRACE_REC_EVENT)
		return 0;
	n = ftrace_text__line(line, sizeof(line), &rec->ev, o->names);
	if (n < 0)
		return n;
	return fwrite(line, 1, (size_t)n, o->out) == (size_t)n ? 0 : -EIO;
}

int export_ftrace__write(FILE *out, const char *in_path, FILE *diag)
{
	struct export_src s;
	struct ftrace_out o = { .out = out };
	char head[1024];
	int err = export_src__open(&s, in_path, diag);

	if (err)
		return err;
	o.names = s.names;
	err = ftrace_text__header(head, sizeof(head), s.lines, s.ncpus);
	if (err >= 0)
		err = fputs(head, out) < 0 ? -EIO : 0;
	if (!err)
		err = export_src__scan(&s, put_line, &o);
	export_src__close(&s);
	return err;
}
