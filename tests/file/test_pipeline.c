// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_pipeline.c - the event pipeline: a tee gives every sink the same
 * calls in the same order (lost marks included); a model fed live through
 * the tee and a model loaded back from the writer's file through the file
 * source hold the same figures; the model sink counts the events
 * it refuses instead of dropping them silently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "event_tee.h"
#include "file_source.h"
#include "model_sink.h"
#include "synth.h"
#include "writer_sink.h"

/* A sink that logs what it is given, one letter and a number per call. */
struct log_sink {
	char text[4096];
};

static void logf_(struct log_sink *l, const char *fmt, ...)
{
	size_t len = strlen(l->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->text + len, sizeof(l->text) - len, fmt, ap);
	va_end(ap);
}

static int log_event(void *ctx, const struct sched_event *ev)
{
	logf_(ctx, "e%llu ", (unsigned long long)ev->ts_ns);
	return 0;
}

static int log_task(void *ctx, int32_t tid, int32_t tgid, int32_t ppid, const char *comm,
		    uint64_t ts_ns)
{
	logf_(ctx, "t%d ", tid);
	return 0;
}

static int log_lost(void *ctx, uint64_t n, uint64_t ts_ns, int32_t cpu)
{
	logf_(ctx, "l%llu@%llu/%d ", (unsigned long long)n, (unsigned long long)ts_ns, cpu);
	return 0;
}

static int log_finish(void *ctx, const struct run_info *ri)
{
	logf_(ctx, "f%llu", (unsigned long long)ri->end_ns);
	return 0;
}

static struct event_sink log_sink(struct log_sink *l)
{
	return (struct event_sink){ .ctx = l, .event = log_event, .task = log_task,
				    .lost = log_lost, .finish = log_finish };
}

static void tee_same_order(void **state)
{
	struct log_sink a = { { 0 } }, b = { { 0 } };
	struct event_sink sa = log_sink(&a), sb = log_sink(&b), tee;
	struct sched_event ev = { .type = SE_WAKING, .ts_ns = 10 };
	struct run_info ri = { .end_ns = 99 };
	struct event_tee t;

	(void)state;
	event_tee__init(&t);
	assert_int_equal(event_tee__add(&t, &sa), 0);
	assert_int_equal(event_tee__add(&t, &sb), 0);
	tee = event_tee__sink(&t);
	assert_int_equal(event_sink__task(&tee, 7, 7, 1, "x", 5), 0);
	assert_int_equal(event_sink__event(&tee, &ev), 0);
	assert_int_equal(event_sink__lost(&tee, 3, 10, 1), 0);
	ev.ts_ns = 20;
	assert_int_equal(event_sink__event(&tee, &ev), 0);
	assert_int_equal(event_sink__flush(&tee), 0);	/* optional: none here */
	assert_int_equal(event_sink__finish(&tee, &ri), 0);
	assert_string_equal(a.text, "t7 e10 l3@10/1 e20 f99");
	assert_string_equal(b.text, a.text);
}

/* The same figures: stats, and per task its counters and time per state. */
static void assert_same_model(const struct trace_model *a, const struct trace_model *b)
{
	size_t n = trace_model__task_count(a);

	assert_memory_equal(trace_model__stats(a), trace_model__stats(b),
			    sizeof(struct trace_model_stats));
	assert_int_equal(trace_model__task_count(b), n);
	for (size_t i = 0; i < n; i++) {
		const struct trace_task *x = trace_model__task(a, i), *y = trace_model__task(b, i);

		assert_int_equal(x->tid, y->tid);
		assert_int_equal(x->nvcsw, y->nvcsw);
		assert_int_equal(x->nivcsw, y->nivcsw);
		assert_memory_equal(x->time_ns, y->time_ns, sizeof(x->time_ns));
	}
}

/* Live: a tee of a model and the writer; back: the file source into a model. */
static void file_holds_what_the_model_got(void **state)
{
	char path[] = "/tmp/svtest-pipeline-XXXXXX";
	struct trace_model *live = NULL, *back = NULL;
	struct model_sink ms_live, ms_back;
	struct event_sink s, tee;
	struct writer_sink *ws = NULL;
	struct run_info ri = { 0 };
	struct event_tee t;
	struct synth syn;
	bool lost_done;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(synth__make(&syn, 7, 400, 2), 0);
	assert_int_equal(trace_model__new(&live), 0);
	assert_int_equal(trace_model__new(&back), 0);
	model_sink__init(&ms_live, live);
	event_tee__init(&t);
	s = model_sink__sink(&ms_live);
	event_tee__add(&t, &s);
	assert_int_equal(writer_sink__open(&ws, path, &syn.ri, stderr), 0);
	s = writer_sink__sink(ws);
	event_tee__add(&t, &s);
	tee = event_tee__sink(&t);
	lost_done = !syn.lost;
	for (size_t i = 0; i < syn.n; i++) {
		if (!lost_done && syn.ev[i].ts_ns > syn.lost_at_ns) {
			assert_int_equal(event_sink__lost(&tee, syn.lost, syn.lost_at_ns,
							  syn.lost_cpu), 0);
			lost_done = true;
		}
		assert_int_equal(event_sink__event(&tee, &syn.ev[i]), 0);
		assert_int_equal(event_sink__flush(&tee), 0);
	}
	assert_int_equal(event_sink__finish(&tee, &syn.ri), 0);
	writer_sink__close(ws, NULL);

	model_sink__init(&ms_back, back);
	s = model_sink__sink(&ms_back);
	assert_int_equal(file_source__run(path, &s, &ri, stderr), 0);
	assert_true(trace_model__stats(live)->lost > 0);
	assert_same_model(live, back);
	assert_int_equal(ms_live.refused, 0);
	assert_int_equal(ms_back.refused, 0);
	unlink(path);
	run_info__clear(&ri);
	trace_model__free(live);
	trace_model__free(back);
	synth__free(&syn);
}

static void refused_events_are_counted(void **state)
{
	struct sched_event bad = { .type = SE__MAX, .ts_ns = 1 };
	struct trace_model *m = NULL;
	struct model_sink ms;
	struct event_sink s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_int_equal(trace_model__new(&m), 0);
	model_sink__init(&ms, m);
	s = model_sink__sink(&ms);
	assert_int_equal(event_sink__event(&s, &bad), 0);
	bad.type = 0;
	assert_int_equal(event_sink__event(&s, &bad), 0);
	assert_int_equal(ms.refused, 2);
	f = open_memstream(&buf, &len);
	model_sink__warn(&ms, f);
	fclose(f);
	assert_non_null(strstr(buf, "schedviz: 2 events"));
	assert_non_null(strchr(buf, '\n'));
	assert_ptr_equal(strchr(buf, '\n'), buf + len - 1);	/* one line */
	free(buf);
	trace_model__free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tee_same_order),
		cmocka_unit_test(file_holds_what_the_model_got),
		cmocka_unit_test(refused_events_are_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
