// SPDX-License-Identifier: GPL-2.0-only
/* trace_load.c - a trace file into a trace model, as the live run fed it. */
#include "trace_file.h"

#include <errno.h>
#include <string.h>

int trace_file__apply(struct trace_model *m, const struct trace_record *rec)
{
	int err = 0;

	switch (rec->kind) {
	case TRACE_REC_EVENT:
		err = trace_model__add(m, &rec->ev);
		if (err == -EINVAL)
			err = 0;
		break;
	case TRACE_REC_TASK:
		err = trace_model__add_task(m, rec->tid, rec->tgid, rec->ppid, rec->comm,
					    rec->ts_ns);
		break;
	case TRACE_REC_LOST:
		trace_model__add_lost(m, rec->lost);
		break;
	}
	return err;
}

void trace_file__finish(struct trace_model *m, const struct run_info *ri)
{
	uint64_t seen = trace_model__stats(m)->lost;

	/* the footer's count is the final word (a recorder may not log every loss in stream) */
	if (ri->lost > seen)
		trace_model__add_lost(m, ri->lost - seen);
	trace_model__finish(m, ri->end_ns);
}

static int load(struct trace_reader *r, struct trace_model *m, struct run_info *ri, FILE *warn)
{
	struct trace_record rec;
	int err;

	while ((err = trace_reader__next(r, &rec)) > 0) {
		err = trace_file__apply(m, &rec);
		if (err) {
			if (warn)
				fprintf(warn, "schedviz: cannot load the trace: %s\n", strerror(-err));
			return err;
		}
	}
	if (err)
		return err;
	err = trace_reader__copy_info(r, ri);
	if (err)
		return err;
	trace_file__finish(m, ri);
	return 0;
}

int trace_file__load_stream(FILE *f, const char *name, struct trace_model *m,
			    struct run_info *ri, FILE *warn)
{
	struct trace_reader *r;
	int err = trace_reader__open_stream(&r, f, name, warn);

	if (err)
		return err;
	err = load(r, m, ri, warn);
	trace_reader__close(r);
	return err;
}

int trace_file__load(const char *path, struct trace_model *m, struct run_info *ri, FILE *warn)
{
	struct trace_reader *r;
	int err = trace_reader__open(&r, path, warn);

	if (err)
		return err;
	err = load(r, m, ri, warn);
	trace_reader__close(r);
	return err;
}
