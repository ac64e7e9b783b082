// SPDX-License-Identifier: GPL-2.0-only
/*
 * export_ftrace.c - a trace as the kernel's text trace (tracefs "trace" with
 * record-tgid on): its header block, then one line per event in file
 * (timestamp) order, formatted by ftrace_text. The same text goes into the
 * Chrome JSON export's systemTraceEvents.
 */
#include "export.h"

#include <errno.h>

#include "ftrace_text.h"

struct text_pass {
	const struct task_names *names;
	int (*put)(void *ctx, const char *text, size_t len);
	void *ctx;
};

static int put_line(void *ctx, const struct trace_record *rec)
{
	struct text_pass *p = ctx;
	char line[FTRACE_LINE_MAX];
	int n;

	if (rec->kind != TRACE_REC_EVENT)
		return 0;
	n = ftrace_text__line(line, sizeof(line), &rec->ev, p->names);
	return n <= 0 ? n : p->put(p->ctx, line, (size_t)n);
}

int export_ftrace__text(struct export_src *s, int (*put)(void *ctx, const char *text, size_t len),
			void *ctx)
{
	struct text_pass p = { .names = s->names, .put = put, .ctx = ctx };
	char head[1024];
	int n = ftrace_text__header(head, sizeof(head), s->lines, s->ncpus);
	int err = n < 0 ? n : put(ctx, head, (size_t)n);

	return err ? err : export_src__scan(s, put_line, &p);
}

static int put_raw(void *ctx, const char *text, size_t len)
{
	return fwrite(text, 1, len, ctx) == len ? 0 : -EIO;
}

int export_ftrace__write(FILE *out, const char *in_path, FILE *diag)
{
	struct export_src s;
	int err = export_src__open(&s, in_path, diag);

	if (err)
		return err;
	err = export_ftrace__text(&s, put_raw, out);
	export_src__close(&s);
	return err;
}
