// SPDX-License-Identifier: GPL-2.0-only
/* writer_sink.c - the trace writer fed as an event sink (see writer_sink.h). */
#include "writer_sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mono_clock.h"
#include "trace_file.h"

#define FLUSH_EVERY_NS (500ull * 1000 * 1000)

struct writer_sink {
	struct trace_writer *w;		/* owned; NULL once finished */
	const char *path;		/* borrowed */
	FILE *diag;
	int err;			/* first write error */
	uint64_t last_flush_ns;		/* CLOCK_MONOTONIC */
};

int writer_sink__open(struct writer_sink **out, const char *path, const struct run_info *ri,
		      FILE *diag)
{
	struct writer_sink *ws = calloc(1, sizeof(*ws));
	int err = ws ? trace_writer__keep_old(path) : -ENOMEM;

	if (err && err != -ENOMEM) {	/* path itself is fine: its .old is not */
		if (diag)
			fprintf(diag, "schedviz: cannot keep the previous trace '%s' as '%s.old': "
				      "%s; move one of them away or choose another -o\n", path, path,
				strerror(-err));
		free(ws);
		return err;
	}
	if (!err)
		err = trace_writer__open(&ws->w, path, ri);
	if (err) {
		if (diag)
			fprintf(diag, "schedviz: cannot write the trace file '%s': %s\n", path,
				strerror(-err));
		free(ws);
		return err;
	}
	ws->path = path;
	ws->diag = diag;
	*out = ws;
	return 0;
}

static int on_event(void *ctx, const struct sched_event *ev)
{
	struct writer_sink *ws = ctx;

	if (!ws->err)
		ws->err = trace_writer__add(ws->w, ev);
	return 0;
}

static int on_task(void *ctx, int32_t tid, int32_t tgid, int32_t ppid, const char *comm,
		   uint64_t ts_ns)
{
	struct writer_sink *ws = ctx;

	if (!ws->err)
		ws->err = trace_writer__add_task(ws->w, tid, tgid, ppid, comm, ts_ns);
	return 0;
}

static int on_lock(void *ctx, int32_t tgid, uint64_t addr, const char *name, uint64_t ts_ns)
{
	struct writer_sink *ws = ctx;

	if (!ws->err)
		ws->err = trace_writer__add_lock(ws->w, tgid, addr, name, ts_ns);
	return 0;
}

static int on_lost(void *ctx, uint64_t n, uint64_t ts_ns, int32_t cpu)
{
	struct writer_sink *ws = ctx;

	if (!ws->err)
		ws->err = trace_writer__add_lost(ws->w, n, ts_ns, cpu);
	return 0;
}

static int on_flush(void *ctx)
{
	struct writer_sink *ws = ctx;
	uint64_t now = mono_ns();

	if (now - ws->last_flush_ns > FLUSH_EVERY_NS) {
		if (!ws->err)
			ws->err = trace_writer__flush(ws->w);
		ws->last_flush_ns = now;
	}
	return 0;
}

static int on_finish(void *ctx, const struct run_info *ri)
{
	struct writer_sink *ws = ctx;
	uint64_t kept = trace_writer__kept(ws->w);
	/* close in any case: it flushes, fsyncs and reports the first error */
	int err = trace_writer__close(ws->w, ri);

	ws->w = NULL;
	if (err && ws->diag)
		fprintf(ws->diag, "schedviz: writing '%s' failed: %s; it keeps the first %llu "
				  "records, without a footer (free some space, or record "
				  "elsewhere with -o)\n",
			ws->path, strerror(-err), (unsigned long long)kept);
	return err;
}

struct event_sink writer_sink__sink(struct writer_sink *ws)
{
	return (struct event_sink){
		.ctx = ws, .event = on_event, .task = on_task, .lost = on_lost,
		.lock = on_lock,
		.flush = on_flush, .finish = on_finish,
	};
}

void writer_sink__close(struct writer_sink *ws, const struct run_info *ri)
{
	if (!ws)
		return;
	if (ws->w)
		trace_writer__close(ws->w, ri);
	free(ws);
}

void writer_sink__index(struct writer_sink *ws, struct chunk_index *ix)
{
	if (ws->w)
		trace_writer__index(ws->w, ix);
}
