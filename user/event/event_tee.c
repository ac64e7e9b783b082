// SPDX-License-Identifier: GPL-2.0-only
/* event_tee.c - one sink feeding several, in one order (see event_tee.h). */
#include "event_tee.h"

#include <errno.h>

void event_tee__init(struct event_tee *t)
{
	t->n = 0;
}

int event_tee__add(struct event_tee *t, const struct event_sink *s)
{
	if (t->n == EVENT_TEE_MAX)
		return -E2BIG;
	t->sinks[t->n++] = *s;
	return 0;
}

static int tee_event(void *ctx, const struct sched_event *ev)
{
	struct event_tee *t = ctx;
	int err = 0;

	for (size_t i = 0; i < t->n && !err; i++)
		err = event_sink__event(&t->sinks[i], ev);
	return err;
}

static int tee_task(void *ctx, int32_t tid, int32_t tgid, int32_t ppid, const char *comm,
		    uint64_t ts_ns)
{
	struct event_tee *t = ctx;
	int err = 0;

	for (size_t i = 0; i < t->n && !err; i++)
		err = event_sink__task(&t->sinks[i], tid, tgid, ppid, comm, ts_ns);
	return err;
}

static int tee_lock(void *ctx, int32_t tgid, uint64_t addr, const char *name, uint64_t ts_ns)
{
	struct event_tee *t = ctx;
	int err = 0;

	for (size_t i = 0; i < t->n && !err; i++)
		err = event_sink__lock(&t->sinks[i], tgid, addr, name, ts_ns);
	return err;
}

static int tee_lost(void *ctx, uint64_t n, uint64_t ts_ns, int32_t cpu)
{
	struct event_tee *t = ctx;
	int err = 0;

	for (size_t i = 0; i < t->n && !err; i++)
		err = event_sink__lost(&t->sinks[i], n, ts_ns, cpu);
	return err;
}

static int tee_flush(void *ctx)
{
	struct event_tee *t = ctx;
	int err = 0;

	for (size_t i = 0; i < t->n && !err; i++)
		err = event_sink__flush(&t->sinks[i]);
	return err;
}

static int tee_finish(void *ctx, const struct run_info *ri)
{
	struct event_tee *t = ctx;
	int first = 0;

	for (size_t i = 0; i < t->n; i++) {
		int err = event_sink__finish(&t->sinks[i], ri);

		if (err && !first)
			first = err;
	}
	return first;
}

struct event_sink event_tee__sink(struct event_tee *t)
{
	return (struct event_sink){
		.ctx = t, .event = tee_event, .task = tee_task, .lost = tee_lost,
		.lock = tee_lock,
		.flush = tee_flush, .finish = tee_finish,
	};
}
