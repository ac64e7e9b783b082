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

struct report_opts {
	enum summary_sort sort;
	bool json;
	size_t budget;		/* the model's history budget (--memory-mb) */
};

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz report [FILE] [--sort KEY] [--json]\n\n"
		   "Summarize a recorded trace (default %s): per task its voluntary and\n"
		   "involuntary switches, run and runnable time, wakeup latency, futex waits.\n\n"
		   "  -s, --sort KEY  row order: creation (default), run, switches, runnable,\n"
		   "                  latency, futex\n"
		   "      --json      the JSON summary, as 'schedviz run --json' prints it\n"
		   OPTIONS_MEMORY_MB_HELP
		   "  -h, --help      this text\n", TRACE_FILE_DEFAULT);
}

static int take(void *ctx, int c, const char *arg)
{
	struct report_opts *o = ctx;

	if (c == 'j') {
		o->json = true;
	} else if (c == 'M') {
		return options__memory_mb("report", arg, &o->budget);
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
		{ "memory-mb", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct report_opts o = { .sort = SUMMARY_SORT_CREATION,
				 .budget = (size_t)OPTIONS_MEMORY_MB_DEFAULT << 20 };
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
	if (!trace_file__load_new(first < argc ? argv[first] : TRACE_FILE_DEFAULT, o.budget, &m,
				  &ri, stderr)) {
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
