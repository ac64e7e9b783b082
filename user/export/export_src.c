// SPDX-License-Identifier: GPL-2.0-only
/* export_src.c - passes over a trace file for the exporters (see export.h). */
#include "export.h"

#include <errno.h>
#include <string.h>

#include "ftrace_text.h"

int export_format__parse(const char *s, enum export_format *out)
{
	static const char *const names[] = {
		[EXPORT_FTRACE] = "ftrace", [EXPORT_JSON] = "json",
		[EXPORT_TRACEDAT] = "tracedat", [EXPORT_CSV] = "csv",
		[EXPORT_PERFETTO] = "perfetto",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int first_pass(struct export_src *s, struct trace_reader *r)
{
	struct trace_record rec;
	unsigned max_cpu = 0;
	int err;

	while ((err = trace_reader__next(r, &rec)) > 0) {
		s->records++;
		err = task_names__note(s->names, &rec);
		if (err)
			return err;
		if (rec.kind == TRACE_REC_LOCK) {
			err = lock_table__set(&s->locks, rec.tgid, rec.lock_addr, rec.lock_name);
			if (err)
				return err;
		}
		if (rec.kind != TRACE_REC_EVENT)
			continue;
		if (ftrace_text__event_name(rec.ev.type))
			s->lines++;
		if (rec.ev.cpu > max_cpu)
			max_cpu = rec.ev.cpu;
	}
	if (err)
		return err;
	err = trace_reader__copy_info(r, &s->ri);
	if (err)
		return err;
	s->ncpus = s->ri.ncpus > max_cpu + 1 ? s->ri.ncpus : max_cpu + 1;
	return 0;
}

int export_src__open(struct export_src *s, const char *path, FILE *diag)
{
	struct trace_reader *r = NULL;
	int err;

	memset(s, 0, sizeof(*s));
	s->name = path;
	s->diag = diag;
	err = task_names__new(&s->names);
	if (!err)
		err = trace_reader__open(&r, path, diag);
	if (!err)
		err = first_pass(s, r);
	trace_reader__close(r);
	if (err)
		export_src__close(s);
	return err;
}

int export_src__scan(struct export_src *s, int (*fn)(void *ctx, const struct trace_record *rec),
		     void *ctx)
{
	struct trace_reader *r = NULL;
	struct trace_record rec;
	int err = trace_reader__open(&r, s->name, NULL);
	bool changed = err && err != -ENOMEM;

	for (uint64_t n = 0; !err && n < s->records; n++) {
		err = trace_reader__next(r, &rec);
		if (err > 0) {
			err = fn(ctx, &rec);
		} else if (err != -ENOMEM) {	/* it read whole in the first pass */
			changed = true;
			err = -EIO;
		}
	}
	if (changed) {
		err = -EIO;
		if (s->diag)
			fprintf(s->diag, "schedviz: %s: the file changed while being exported; "
				"export it again once it is complete\n", s->name);
	}
	trace_reader__close(r);
	return err;
}

const char *export_src__lock_name(const struct export_src *s, int32_t tgid, uint64_t addr)
{
	return lock_table__name(&s->locks, tgid, addr);
}

void export_src__close(struct export_src *s)
{
	lock_table__free(&s->locks);
	task_names__free(s->names);
	s->names = NULL;
	run_info__clear(&s->ri);
}
