// SPDX-License-Identifier: GPL-2.0-only
/* file_source.c - a trace file's records given to a sink (see file_source.h). */
#include "file_source.h"

#include <errno.h>
#include <string.h>

int file_source__record(const struct trace_record *rec, const struct event_sink *sink)
{
	switch (rec->kind) {
	case TRACE_REC_EVENT:
		return event_sink__event(sink, &rec->ev);
	case TRACE_REC_TASK:
		return event_sink__task(sink, rec->tid, rec->tgid, rec->ppid, rec->comm,
					rec->ts_ns);
	case TRACE_REC_LOST:
		return event_sink__lost(sink, rec->lost, rec->ts_ns, rec->cpu);
	case TRACE_REC_LOCK:
		return event_sink__lock(sink, rec->tgid, rec->lock_addr, rec->lock_name,
					rec->ts_ns);
	}
	return 0;
}

static int feed(struct trace_reader *r, const struct event_sink *sink, struct run_info *ri,
		FILE *warn)
{
	struct trace_record rec;
	int err;

	while ((err = trace_reader__next(r, &rec)) > 0) {
		err = file_source__record(&rec, sink);
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
	return event_sink__finish(sink, ri);
}

int file_source__run_stream(FILE *f, const char *name, const struct event_sink *sink,
			    struct run_info *ri, FILE *warn)
{
	struct trace_reader *r;
	int err = trace_reader__open_stream(&r, f, name, warn);

	if (err)
		return err;
	err = feed(r, sink, ri, warn);
	trace_reader__close(r);
	return err;
}

int file_source__run(const char *path, const struct event_sink *sink, struct run_info *ri,
		     FILE *warn)
{
	struct trace_reader *r;
	int err = trace_reader__open(&r, path, warn);

	if (err)
		return err;
	err = feed(r, sink, ri, warn);
	trace_reader__close(r);
	return err;
}
