// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_run.c - `schedviz run` and `schedviz record`: the live source (a
 * launched scenario or command) into the model and, with -o or for record,
 * the trace file (run_session.h); then the summary, and the target's
 * status as ours.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "privileges.h"
#include "run_session.h"
#include "run_target.h"
#include "summary.h"
#include "trace_file.h"

static void exit_status(FILE *f)
{
	fprintf(f, "\nExit status: the target's; 125 if schedviz fails, 126/127 if the\n"
		   "command cannot be run / found.\n");
}

static void usage_run(FILE *f)
{
	fprintf(f, "usage: schedviz run [options] SCENARIO [args]\n"
		   "       schedviz run [options] -- COMMAND [args]\n\n"
		   "Trace every task the target creates and show one lane per task.\n\n"
		   "  -o, --output FILE   also record the trace to FILE\n"
		   "      --no-tui        no live view: print a table per task at the end\n"
		   "      --json          print the summary as JSON on stdout (the target's\n"
		   "                      stdout goes to stderr)\n"
		   "      --ring-mb N     each CPU's record ring, in MiB (power of two, default 4)\n"
		   "      --snapshot FILE on SIGUSR1, write the JSON summary so far to FILE\n"
		   "  -v, --verbose       libbpf's own log\n"
		   "  -h, --help          this text\n\n"
		   "Scenarios ('schedviz list -v' for their lessons):\n");
	cmd_list__print(f);
	exit_status(f);
}

static void usage_record(FILE *f)
{
	fprintf(f, "usage: schedviz record [-o FILE] [-v] SCENARIO [args]\n"
		   "       schedviz record [-o FILE] [-v] -- COMMAND [args]\n\n"
		   "Trace a scenario or command to FILE (default %s; an existing\n"
		   "file is kept as FILE.old), with no view.\n", TRACE_FILE_DEFAULT);
	exit_status(f);
}

static int take(void *ctx, int c, const char *arg)
{
	struct run_opts *o = ctx;
	unsigned long mb;
	char *end;

	switch (c) {
	case 'o':
		o->output = arg;
		break;
	case 'n':
		o->no_tui = true;
		break;
	case 'j':
		o->json = true;
		break;
	case 'r':
		mb = strtoul(arg, &end, 10);
		if (*end || !mb || (mb & (mb - 1)) || mb > 1024) {
			fprintf(stderr, "schedviz %s: --ring-mb wants a power of two from 1 "
					"to 1024, not '%s'\n", o->record ? "record" : "run", arg);
			return -EINVAL;
		}
		o->ring_bytes = (size_t)mb << 20;
		break;
	case 's':
		o->snapshot = arg;
		break;
	case 'v':
		o->verbose = true;
		break;
	}
	return 0;
}

/* What is printed once the view is gone: the summary, or record's one line. */
static void print_summary(const struct run_session *rs, const struct run_opts *o)
{
	const struct trace_model *m = run_session__model(rs);
	const struct run_info *ri = run_session__info(rs);

	if (o->json)
		summary_json__write(stdout, ri, m);
	else if (o->record)
		fprintf(stderr, "schedviz record: %llu events (%llu lost) from %zu tasks written "
				"to %s\n",
			(unsigned long long)trace_model__stats(m)->events,
			(unsigned long long)ri->lost, trace_model__task_count(m), o->output);
	else if (!run_session__viewed(rs))
		summary_text__write(stdout, ri, m, SUMMARY_SORT_CREATION);
	fflush(stdout);
}

static int run(struct run_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "no-tui", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "ring-mb", required_argument, NULL, 'r' },
		{ "snapshot", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct options_spec spec = {
		.cmd = o->record ? "record" : "run", .shortopts = "+o:vh", .longopts = opts,
		.usage = o->record ? usage_record : usage_run, .take = take, .ctx = o,
		.need_operand = "name a scenario or '-- COMMAND' to trace "
				"(schedviz list shows the scenarios)",
	};
	const struct scenario *scn;
	struct run_session *rs = NULL;
	const char *why = NULL;
	char **targv;
	bool dashdash;
	int ret, first;

	ret = options__parse(&spec, argc, argv, &first);
	if (ret)
		return options__exit_code(ret);
	if (o->record && !o->output)
		o->output = TRACE_FILE_DEFAULT;
	dashdash = !strcmp(argv[first - 1], "--");
	if (run_target__argv(argc - first, argv + first, dashdash, &targv, &scn))
		return dashdash ? EXIT_SCHEDVIZ_FAILED : 2;
	if (privileges__check(&why)) {
		fprintf(stderr, "schedviz: %s\n", why);
		ret = EXIT_SCHEDVIZ_FAILED;
		goto out;
	}
	ret = run_session__run(&rs, o, argc - first, targv, scn);
	if (!ret) {
		print_summary(rs, o);
		ret = run_session__info(rs)->exit_code;
	}
out:
	run_session__free(rs);
	if (scn)
		free(targv);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { 0 };

	return run(&o, argc, argv);
}

int cmd_record(int argc, char **argv)
{
	struct run_opts o = { .record = true, .no_tui = true };

	return run(&o, argc, argv);
}
