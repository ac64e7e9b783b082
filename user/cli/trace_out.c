// SPDX-License-Identifier: GPL-2.0-only
/* trace_out.c - the trace file a run writes (see trace_out.h). */
#include "trace_out.h"

#include <stdio.h>

#include "cli_view.h"
#include "commands.h"

int trace_out__open(struct trace_out *to, const struct run_opts *o, const struct run_info *ri,
		    struct event_tee *tee, bool view)
{
	struct event_sink s;

	if (!o->output)
		return 0;
	if (o->flight_ns) {
		if (flight_sink__open(&to->flight, o->output, o->flight_ns, o->trigger_wait_ns,
				      stderr)) {
			fprintf(stderr, "schedviz: out of memory\n");
			return EXIT_SCHEDVIZ_FAILED;
		}
		s = flight_sink__sink(to->flight);
	} else {
		if (writer_sink__open(&to->writer, o->output, ri, stderr))
			return EXIT_SCHEDVIZ_FAILED;
		s = writer_sink__sink(to->writer);
		/* no reading back (out of memory): the view says "summarized";
		 * a read that fails is said in the view's header, not on its screen;
		 * without a view, nothing reads back and nothing is indexed */
		if (view && !window_detail__new(&to->back, o->output, &to->ix, o->memory_bytes, NULL)) {
			writer_sink__index(to->writer, &to->ix);
			to->detail = cli_view__detail(to->back);
		}
	}
	event_tee__add(tee, &s);
	return 0;
}

const struct tui_detail *trace_out__detail(const struct trace_out *to)
{
	return to->back ? &to->detail : NULL;
}

bool trace_out__poll(struct trace_out *to, bool usr1, const struct run_info *ri)
{
	if (!to->flight)
		return false;
	if (usr1)
		flight_sink__write(to->flight, ri);
	return flight_sink__fired(to->flight);
}

void trace_out__say(const struct trace_out *to, const struct run_opts *o,
		    const struct run_info *ri, unsigned long long events, size_t tasks)
{
	if (!to->flight) {
		fprintf(stderr, "schedviz record: %llu events (%llu lost) from %zu tasks written "
				"to %s\n", events, (unsigned long long)ri->lost, tasks, o->output);
		return;
	}
	fprintf(stderr, "schedviz record: the last %.3g s of %llu events (%llu lost) from %zu "
			"tasks written to %s", (double)o->flight_ns / 1e9, events,
		(unsigned long long)ri->lost, tasks, o->output);
	if (flight_sink__fired(to->flight))
		fprintf(stderr, "; the trigger fired: a task waited over %.3g ms on a run queue",
			(double)o->trigger_wait_ns / 1e6);
	fputc('\n', stderr);
}

void trace_out__close(struct trace_out *to, const struct run_info *ri)
{
	writer_sink__close(to->writer, ri);
	flight_sink__close(to->flight);
	window_detail__free(to->back);
	chunk_index__release(&to->ix);
	to->writer = NULL;
	to->flight = NULL;
	to->back = NULL;
}
