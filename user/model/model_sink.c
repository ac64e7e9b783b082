// SPDX-License-Identifier: GPL-2.0-only
/* model_sink.c - a trace model fed as an event sink (see model_sink.h). */
#include "model_sink.h"

#include <errno.h>
#include <inttypes.h>

void model_sink__init(struct model_sink *ms, struct trace_model *m)
{
	ms->model = m;
	ms->refused = 0;
}

static int on_event(void *ctx, const struct sched_event *ev)
{
	struct model_sink *ms = ctx;
	int err = trace_model__add(ms->model, ev);

	if (err == -EINVAL) {
		ms->refused++;
		err = 0;
	}
	return err;
}

static int on_task(void *ctx, int32_t tid, int32_t tgid, int32_t ppid, const char *comm,
		   uint64_t ts_ns)
{
	struct model_sink *ms = ctx;

	return trace_model__add_task(ms->model, tid, tgid, ppid, comm, ts_ns);
}

static int on_lock(void *ctx, int32_t tgid, uint64_t addr, const char *name, uint64_t ts_ns)
{
	struct model_sink *ms = ctx;

	(void)ts_ns;
	return trace_model__add_lock(ms->model, tgid, addr, name);
}

static int on_lost(void *ctx, uint64_t n, uint64_t ts_ns, int32_t cpu)
{
	struct model_sink *ms = ctx;

	return trace_model__add_lost_at(ms->model, n, ts_ns, cpu);
}

static int on_finish(void *ctx, const struct run_info *ri)
{
	struct model_sink *ms = ctx;
	uint64_t seen = trace_model__stats(ms->model)->lost;

	/* a source may not mark every loss in the stream (an old recorder) */
	if (ri->lost > seen)
		trace_model__add_lost(ms->model, ri->lost - seen);
	trace_model__finish(ms->model, ri->end_ns);
	return 0;
}

struct event_sink model_sink__sink(struct model_sink *ms)
{
	return (struct event_sink){
		.ctx = ms, .event = on_event, .task = on_task, .lost = on_lost,
		.lock = on_lock,
		.finish = on_finish,
	};
}

void model_sink__warn(const struct model_sink *ms, FILE *f)
{
	if (ms->refused)
		fprintf(f, "schedviz: %" PRIu64 " events of a type this schedviz does not know "
			   "were left out of the figures; a newer schedviz may read them\n",
			ms->refused);
}
