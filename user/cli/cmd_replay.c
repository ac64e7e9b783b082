// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_replay.c - `schedviz replay [FILE]`: the live view over a recorded
 * trace, the whole run at once; without a terminal, the summary table.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "registry.h"
#include "summary.h"
#include "trace_file.h"
#include "switch_measure.h"
#include "tui.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz replay [FILE]\n\n"
		   "Show a recorded trace (default %s) in the same view as 'schedviz run':\n"
		   "one lane per task over the whole run ('q' quits, '?' for keys). Without a\n"
		   "terminal, print the summary table instead.\n\n"
		   "  -h, --help  this text\n", TRACE_FILE_DEFAULT);
}

/* The view until the user quits or a signal arrives. Returns 0 or -errno of tui__open. */
static int show(const struct trace_model *m, const struct run_info *ri)
{
	const struct scenario *scn = ri->scenario[0] ? scenario__find(ri->scenario) : NULL;
	struct tui_source src = {
		.model = m, .info = ri,
		.title = scn ? scn->name : ri->argc ? ri->argv[0] : "trace",
		.lesson = scn ? scn->lesson : NULL,
		.figures = scn ? scn->figures : NULL,
		.live = false, .target_exited = true, .now_ns = ri->end_ns,
	};
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: poll returns */
	struct tui *t;
	struct tui_options topts = { 0 };
	int err;

	switch_cost__for_view(&topts.cost);
	err = tui__open(&t, &topts);
	if (err)
		return err;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	while (!got_signal && tui__step(t, &src) != TUI_QUIT) {
		struct pollfd p = { .fd = tui__input_fd(t), .events = POLLIN };

		poll(&p, 1, 250);
	}
	tui__close(t);
	return 0;
}

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *path = TRACE_FILE_DEFAULT;
	struct trace_model *m = NULL;
	struct run_info ri = { 0 };
	int c, err, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		fprintf(stderr, "schedviz replay: try 'schedviz replay --help'\n");
		return 2;
	}
	if (argc - optind > 1) {
		fprintf(stderr, "schedviz replay: one trace file at a time; try "
				"'schedviz replay --help'\n");
		return 2;
	}
	if (optind < argc)
		path = argv[optind];
	if (trace_model__new(&m)) {
		fprintf(stderr, "schedviz: out of memory\n");
		return 1;
	}
	if (trace_file__load(path, m, &ri, stderr))
		goto out;
	err = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ? show(m, &ri) : -ENOTTY;
	if (!err) {
		ret = got_signal ? 128 + got_signal : 0;
		goto out;
	}
	if (err != -ENOTTY)
		fprintf(stderr, "schedviz replay: this terminal cannot show the view (%s); set "
				"TERM, or read the table below\n", strerror(-err));
	if (summary_text__write(stdout, &ri, m, SUMMARY_SORT_CREATION) || fflush(stdout))
		fprintf(stderr, "schedviz replay: cannot write the table to stdout\n");
	else
		ret = 0;
out:
	run_info__clear(&ri);
	trace_model__free(m);
	return ret;
}
