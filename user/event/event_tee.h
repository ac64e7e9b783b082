/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_tee.h - one sink that feeds several: every sink gets the same
 * events, tasks and lost marks in the same order, so a trace file holds
 * exactly what the model was given (trace_file.h).
 */
#ifndef SCHEDVIZ_EVENT_TEE_H
#define SCHEDVIZ_EVENT_TEE_H

#include <stddef.h>

#include "event_sink.h"

#define EVENT_TEE_MAX 4	/* sinks one tee feeds */

struct event_tee {
	struct event_sink sinks[EVENT_TEE_MAX];	/* copies, in the order fed */
	size_t n;
};

/* Empty tee (no allocation: nothing to free). */
void event_tee__init(struct event_tee *t);

/* Feed s too, after the sinks added before. Returns 0 or -E2BIG (full). */
int event_tee__add(struct event_tee *t, const struct event_sink *s);

/*
 * The tee as one sink (t borrowed: it must outlive the returned value).
 * event/task/lost/flush go to each sink in turn and stop at the first
 * negative return, which is passed back (that error ends the stream).
 * finish goes to every sink whatever they return (each closes what it
 * holds) and passes back the first error.
 */
struct event_sink event_tee__sink(struct event_tee *t);

#endif
