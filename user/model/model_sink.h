/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * model_sink.h - a trace model as an event sink (event_sink.h): what run,
 * replay and report build their summary and view from.
 */
#ifndef SCHEDVIZ_MODEL_SINK_H
#define SCHEDVIZ_MODEL_SINK_H

#include <stdint.h>
#include <stdio.h>

#include "event_sink.h"
#include "trace_model.h"

struct model_sink {
	struct trace_model *model;	/* borrowed */
	uint64_t refused;		/* events trace_model__add() refused (-EINVAL) */
};

/* Feed m through ms (no allocation: nothing to free). */
void model_sink__init(struct model_sink *ms, struct trace_model *m);

/*
 * ms as a sink (borrowed: ms must outlive it). event -> trace_model__add()
 * (a malformed event, -EINVAL, is counted in ms->refused and skipped; only
 * -ENOMEM is returned), task -> trace_model__add_task(), lost ->
 * trace_model__add_lost(), finish(ri) -> the lost count topped up to
 * ri->lost (the run's total is the final word), then
 * trace_model__finish(m, ri->end_ns).
 */
struct event_sink model_sink__sink(struct model_sink *ms);

/*
 * One line on f when events were refused, saying how many and what the
 * figures lack; nothing otherwise.
 */
void model_sink__warn(const struct model_sink *ms, FILE *f);

#endif
