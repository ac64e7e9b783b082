// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_report.c - `schedviz report [FILE] [--sort KEY] [--json]`: the file
 * source into the model, then the summary `schedviz run` prints live
 * (summary.h): the same table or JSON document.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "options.h"
#include "summary.h"
#include "trace_file.h"
#include "trace_model.h"

struct report_opts {
	enum summary_sort sort;
	bool json;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz report [FILE] [--sort KEY] [--json]\n\n"
		   "Summarize a recorded trace (default %s): per task its voluntary and\n"
		   "involuntary switches, run and runnable time, wakeup latency, futex waits.\n\n"
		   "  -s, --sort KEY  row order: creation (default), run, switches, runnable,\n"
		   "                  latency, futex\n"
		   "      --json      the JSON summary, as 'schedviz run --json' prints it\n"
		   "  -h, --help      this text\n", TRACE_FILE_DEFAULT);
}

static int take(void *ctx, int c, const char *arg)
{
	struct report_opts *o = ctx;

	if (c == 'j') {
		o->json = true;
	} else if (summary_sort__parse(arg, &o->sort)) {	/* 's' */
		fprintf(stderr, "schedviz report: unknown sort key '%s'; use creation, "
				"run, switches, runnable, latency or futex\n", arg);
		return -EINVAL;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sort", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct report_opts o = { .sort = SUMMARY_SORT_CREATION };
	const struct options_spec spec = {
		.cmd = "report", .shortopts = "s:h", .longopts = opts, .usage = usage,
		.take = take, .ctx = &o, .one_file = true,
	};
	struct trace_model *m = NULL;
	struct run_info ri = { 0 };
	int err, first, ret = 1;

	err = options__parse(&spec, argc, argv, &first);
	if (err)
		return options__exit_code(err);
	/* a summary needs no timeline: the model keeps none, in memory that
	 * grows with the tasks, not the events */
	if (trace_model__new(&m)) {
		fprintf(stderr, "schedviz: out of memory\n");
		return 1;
	}
	trace_model__totals_only(m);
	if (!trace_file__load(first < argc ? argv[first] : TRACE_FILE_DEFAULT, m, &ri, stderr)) {
		err = o.json ? summary_json__write(stdout, &ri, m)
			     : summary_text__write(stdout, &ri, m, o.sort);
		if (!err && fflush(stdout) == 0)
			ret = 0;
		else
			fprintf(stderr, "schedviz report: cannot write the summary to stdout\n");
	}
	run_info__clear(&ri);
	trace_model__free(m);
	return ret;
}
