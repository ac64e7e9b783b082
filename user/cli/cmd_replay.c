// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_replay.c - `schedviz replay [FILE]`: the file source into the model,
 * then the live view over the whole run at once; without a terminal, the
 * summary table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_view.h"
#include "commands.h"
#include "options.h"
#include "signals.h"
#include "summary.h"
#include "trace_file.h"
#include "view_loop.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz replay [FILE]\n\n"
		   "Show a recorded trace (default %s) in the same view as 'schedviz run':\n"
		   "one lane per task over the whole run ('q' quits, '?' for keys). Without a\n"
		   "terminal, print the summary table instead.\n\n"
		   OPTIONS_MEMORY_MB_HELP
		   "  -h, --help          this text\n", TRACE_FILE_DEFAULT);
}

/* The view until the user quits or a signal arrives. Returns 0 or -errno of tui__open. */
static int show(const struct trace_model *m, const struct run_info *ri)
{
	struct tui_source src = cli_view__source(m, ri);
	struct tui *t;
	int err = cli_view__open(&t);

	if (err)
		return err;
	signals__catch(false);
	view_loop__run(t, &src, NULL, signals__stop_flag());
	tui__close(t);
	return 0;
}

static int take(void *ctx, int c, const char *arg)
{
	(void)c;	/* 'M' */
	return options__memory_mb("replay", arg, ctx);
}

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "memory-mb", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	size_t budget = (size_t)OPTIONS_MEMORY_MB_DEFAULT << 20;
	const struct options_spec spec = {
		.cmd = "replay", .shortopts = "h", .longopts = opts, .usage = usage,
		.take = take, .ctx = &budget, .one_file = true,
	};
	struct trace_model *m = NULL;
	struct run_info ri = { 0 };
	int err, first, ret = 1, sig;

	err = options__parse(&spec, argc, argv, &first);
	if (err)
		return options__exit_code(err);
	if (trace_file__load_new(first < argc ? argv[first] : TRACE_FILE_DEFAULT, budget, &m,
				 &ri, stderr))
		goto out;
	err = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ? show(m, &ri) : -ENOTTY;
	if (!err) {
		sig = signals__take();
		ret = sig ? 128 + sig : 0;
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
