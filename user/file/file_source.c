// SPDX-License-Identifier: GPL-2.0-only
/* file_source.c - a trace file's records given to a sink (see file_source.h). */
#include "file_source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/*
 * Up to max records (0: all) of r to sink; then, at the end, *ri and
 * finish. 1 while records remain, 0 at the end, or -errno.
 */
static int feed_some(struct trace_reader *r, const struct event_sink *sink, size_t max,
		     struct run_info *ri, FILE *warn)
{
	struct trace_record rec;
	size_t n = 0;
	int err = 0;

	while ((!max || n++ < max) && (err = trace_reader__next(r, &rec)) > 0) {
		err = file_source__record(&rec, sink);
		if (err) {
			if (warn)
				fprintf(warn, "schedviz: cannot load the trace: %s\n", strerror(-err));
			return err;
		}
	}
	if (max && n > max)
		return 1;
	if (err)
		return err;
	err = trace_reader__copy_info(r, ri);
	if (err)
		return err;
	return event_sink__finish(sink, ri);
}

static int feed(struct trace_reader *r, const struct event_sink *sink, struct run_info *ri,
		FILE *warn)
{
	return feed_some(r, sink, 0, ri, warn);
}

struct file_source {
	struct trace_reader *r;
	FILE *warn;
	uint64_t size;		/* the file's bytes, 0: unknown */
};

int file_source__open(struct file_source **out, const char *path, FILE *warn)
{
	struct file_source *fs = calloc(1, sizeof(*fs));
	struct stat st;
	int err;

	if (!fs)
		return -ENOMEM;
	err = trace_reader__open(&fs->r, path, warn);
	if (err) {
		free(fs);
		return err;
	}
	if (!stat(path, &st) && S_ISREG(st.st_mode))
		fs->size = (uint64_t)st.st_size;
	fs->warn = warn;
	*out = fs;
	return 0;
}

int file_source__step(struct file_source *fs, const struct event_sink *sink, size_t max,
		      struct run_info *ri)
{
	return feed_some(fs->r, sink, max ? max : 1, ri, fs->warn);
}

void file_source__index(struct file_source *fs, struct chunk_index *ix)
{
	trace_reader__index(fs->r, ix);
}

double file_source__progress(const struct file_source *fs)
{
	uint64_t at = trace_reader__offset(fs->r);

	return fs->size && at < fs->size ? (double)at / (double)fs->size : 1.0;
}

const struct run_info *file_source__header(const struct file_source *fs)
{
	return trace_reader__info(fs->r);
}

void file_source__close(struct file_source *fs)
{
	if (!fs)
		return;
	trace_reader__close(fs->r);
	free(fs);
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
