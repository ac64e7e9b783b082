// SPDX-License-Identifier: GPL-2.0-only
/*
 * tui_driver.c - runs the real view (tui__open, view_loop__run, tui__close) on
 * a fixed trace, not live, so the screen depends only on the terminal's size
 * and the keys typed: what the golden-screen tests drive under tmux.
 *
 *   tui_driver [--trace FILE] [--scenario NAME] [--no-lesson]
 *   tui_driver --write FILE      (write the demo trace as a trace file, no view)
 *
 * Without --trace it shows the demo trace (demo_model.h). The switch cost
 * is given (2 us per switch, 5 us per cross-CPU hand-off), not measured.
 * Exit: 0 after q; 2 when the terminal cannot be used (one line on stderr).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_model.h"
#include "registry.h"
#include "trace_file.h"
#include "tui.h"
#include "view_loop.h"

static const char demo_lesson[] =
	"Two worker threads share a lock. worker-2 runs on CPU 0 and waits on "
	"the futex when worker-1 holds the lock; worker-1 runs on CPU 1 and is "
	"preempted by the child process it forked. Watch the futex waits end "
	"when worker-1 wakes worker-2.";

static const char demo_output[] =
	"demo: starting 2 workers\n"
	"worker-1: done after 1000 rounds\n"
	"worker-2: done after 1000 rounds\n"
	"demo: expected 2000, counted 1873\n";

static void usage(FILE *f)
{
	fprintf(f, "usage: tui_driver [--trace FILE] [--scenario NAME] [--no-lesson]\n"
		   "       tui_driver --write FILE\n");
}

/* The demo as a trace file, given to the writer exactly as to the model. */
static int write_demo(const char *path)
{
	const struct sched_event *ev;
	struct trace_writer *w = NULL;
	struct run_info ri;
	size_t n;
	int err = demo_model__info(&ri);

	if (!err)
		err = trace_writer__open(&w, path, &ri);
	if (!err)
		err = trace_writer__add_task(w, DEMO_MAIN, DEMO_MAIN, 1, "demo", DEMO_BASE_NS);
	demo_model__events(&ev, &n);
	for (size_t i = 0; !err && i < n; i++)
		err = trace_writer__add(w, &ev[i]);
	if (w) {
		int cerr = trace_writer__close(w, err ? NULL : &ri);

		if (!err)
			err = cerr;
	}
	run_info__clear(&ri);
	if (err)
		fprintf(stderr, "tui_driver: cannot write %s: %s\n", path, strerror(-err));
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trace", required_argument, NULL, 't' },
		{ "scenario", required_argument, NULL, 's' },
		{ "no-lesson", no_argument, NULL, 'n' },
		{ "write", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tui_options topts = { .cost = { .preset = true, .same_cpu_ns = 2000,
					       .cross_cpu_ns = 5000, .cpu_a = 0, .cpu_b = 1 } };
	const char *trace = NULL, *scenario = NULL;
	bool no_lesson = false;
	struct trace_model *m = NULL;
	struct run_info ri;
	struct tui_source src;
	const struct scenario *scn;
	struct tui *t = NULL;
	char title[256];
	int c, err, rc = 0;

	memset(&ri, 0, sizeof(ri));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			trace = optarg;
			break;
		case 's':
			scenario = optarg;
			break;
		case 'n':
			no_lesson = true;
			break;
		case 'w':
			return write_demo(optarg);
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	err = trace_model__new(&m);
	if (!err)
		err = trace ? trace_file__load(trace, m, &ri, stderr) : demo_model__build(m);
	if (!err && !trace)
		err = demo_model__info(&ri);
	if (err) {
		fprintf(stderr, "tui_driver: cannot build the trace: %s\n", strerror(-err));
		trace_model__free(m);
		return 2;
	}
	if (!scenario && ri.scenario[0])
		scenario = ri.scenario;
	title[0] = '\0';
	for (int i = 0; i < ri.argc; i++) {
		size_t len = strlen(title);

		snprintf(title + len, sizeof(title) - len, "%s%s", i ? " " : "", ri.argv[i]);
	}
	memset(&src, 0, sizeof(src));
	src.model = m;
	src.info = &ri;
	src.title = scenario ? scenario : title;
	scn = scenario ? scenario__find(scenario) : NULL;
	if (!no_lesson)
		src.lesson = scn ? scn->lesson : (trace ? NULL : demo_lesson);
	src.figures = scn ? scn->figures : NULL;
	src.live = false;
	src.target_exited = true;
	src.now_ns = ri.end_ns;

	err = tui__open(&t, &topts);
	if (err) {
		fprintf(stderr, "tui_driver: cannot use this terminal: %s; run it in one\n",
			strerror(-err));
		trace_model__free(m);
		run_info__clear(&ri);
		return 2;
	}
	if (!trace)
		tui__append_output(t, demo_output, strlen(demo_output));
	if (view_loop__run(t, &src, NULL, NULL) < 0)
		rc = 1;
	tui__close(t);
	trace_model__free(m);
	run_info__clear(&ri);
	return rc;
}
