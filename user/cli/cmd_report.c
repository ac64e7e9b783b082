// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_report.c - `schedviz report [FILE] [--sort KEY] [--json]`: the summary
 * of a recorded trace, the same table or JSON document `schedviz run`
 * prints live (summary.h), rebuilt from the file.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "summary.h"
#include "trace_file.h"

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

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sort", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum summary_sort sort = SUMMARY_SORT_CREATION;
	struct trace_model *m = NULL;
	struct run_info ri = { 0 };
	const char *path = TRACE_FILE_DEFAULT;
	bool json = false;
	int c, err, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (summary_sort__parse(optarg, &sort)) {
				fprintf(stderr, "schedviz report: unknown sort key '%s'; use creation, "
						"run, switches, runnable, latency or futex\n", optarg);
				return 2;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "schedviz report: try 'schedviz report --help'\n");
			return 2;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "schedviz report: one trace file at a time; try "
				"'schedviz report --help'\n");
		return 2;
	}
	if (optind < argc)
		path = argv[optind];
	err = trace_model__new(&m);
	if (err) {
		fprintf(stderr, "schedviz: out of memory\n");
		return 1;
	}
	if (!trace_file__load(path, m, &ri, stderr)) {
		err = json ? summary_json__write(stdout, &ri, m)
			   : summary_text__write(stdout, &ri, m, sort);
		if (!err && fflush(stdout) == 0)
			ret = 0;
		else
			fprintf(stderr, "schedviz report: cannot write the summary to stdout\n");
	}
	run_info__clear(&ri);
	trace_model__free(m);
	return ret;
}
