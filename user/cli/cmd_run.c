// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_run.c - `schedviz run` and `schedviz record`: the live source (a
 * launched scenario or command, or what already runs: -p, --all,
 * --cgroup) into the model and, with -o or for record, the trace file
 * (run_session.h); then the summary, and the target's status as ours.
 */
#include <errno.h>
#include <math.h>
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
	fprintf(f, "\nExit status: the target's (0 when attached); 125 if schedviz fails,\n"
		   "126/127 if the command cannot be run / found, 1 if a -p PID is no\n"
		   "running process.\n");
}

static void usage_run(FILE *f)
{
	fprintf(f, "usage: schedviz run [options] SCENARIO [args]\n"
		   "       schedviz run [options] -- COMMAND [args]\n"
		   "       schedviz run [options] -p PID[,PID...] | -a | --cgroup PATH\n\n"
		   "Trace every task the target creates and show one lane per task.\n\n"
		   "  -p, --pid PID,...   attach to running processes: their threads and all\n"
		   "                      they create; Ctrl-C detaches, they run on\n"
		   "  -a, --all           every task on every CPU (the idle task not counted)\n"
		   "      --cgroup PATH   every task in that cgroup v2 and below, joiners too\n"
		   "      --duration SECS stop after SECS seconds (a launched target gets\n"
		   "                      SIGINT, as on Ctrl-C)\n"
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
	fprintf(f, "usage: schedviz record [-o FILE] [-v] [--duration SECS] SCENARIO [args]\n"
		   "       schedviz record [-o FILE] [-v] [--duration SECS] -- COMMAND [args]\n"
		   "       schedviz record [-o FILE] [-v] [--duration SECS] -p PID[,PID...] | -a |\n"
		   "                       --cgroup PATH\n\n"
		   "Trace a scenario or command, or attach to what runs (as for run), to\n"
		   "FILE (default %s; an existing file is kept as FILE.old), with no\n"
		   "view.\n", TRACE_FILE_DEFAULT);
	exit_status(f);
}

#define MAX_PIDS 64

/* The options, and what -p, -a, --cgroup ask to attach to. */
struct cli_run {
	struct run_opts o;
	int32_t pids[MAX_PIDS];
	size_t npids;
	bool all;
	const char *cgroup;
	struct attach_spec spec;
	char title[128];	/* what the run is called when attached */
};

/* -p's list: PID[,PID...], each > 0. */
static int take_pids(struct cli_run *r, const char *cmd, const char *arg)
{
	const char *p = arg;
	char *end;

	do {
		long v = strtol(p, &end, 10);

		if (end == p || v <= 0 || v > INT32_MAX || (*end && *end != ',') ||
		    r->npids >= MAX_PIDS) {
			fprintf(stderr, "schedviz %s: -p wants process IDs separated by commas "
					"(at most %d), not '%s'\n", cmd, MAX_PIDS, arg);
			return -EINVAL;
		}
		r->pids[r->npids++] = (int32_t)v;
		p = end + 1;
	} while (*end);
	return 0;
}

static int take(void *ctx, int c, const char *arg)
{
	struct cli_run *r = ctx;
	struct run_opts *o = &r->o;
	const char *cmd = o->record ? "record" : "run";
	unsigned long mb;
	double secs;
	char *end;

	switch (c) {
	case 'p':
		return take_pids(r, cmd, arg);
	case 'a':
		r->all = true;
		break;
	case 'C':
		r->cgroup = arg;
		break;
	case 'd':
		secs = strtod(arg, &end);
		if (*end || !(secs > 0) || !isfinite(secs) || secs > 1e9) {
			fprintf(stderr, "schedviz %s: --duration wants seconds above 0, not "
					"'%s'\n", cmd, arg);
			return -EINVAL;
		}
		o->duration_ns = (uint64_t)(secs * 1e9);
		break;
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
					"to 1024, not '%s'\n", cmd, arg);
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

/*
 * -p, -a and --cgroup: at most one, and no target then; r->spec and the
 * title (the file's argv, the view's header) from it. Returns 1 when
 * attaching, 0 when launching, -EINVAL after one line on stderr.
 */
static int attach_choice(struct cli_run *r, bool operands)
{
	const char *cmd = r->o.record ? "record" : "run";
	int n = (r->npids > 0) + r->all + (r->cgroup != NULL);
	size_t len;

	if (n > 1 || (n && operands)) {
		fprintf(stderr, "schedviz %s: trace one thing: a command, -p PID, -a or "
				"--cgroup PATH\n", cmd);
		return -EINVAL;
	}
	if (!n)
		return 0;
	if (r->npids) {
		r->spec.source = COLLECT_PIDS;
		r->spec.pids = r->pids;
		r->spec.npids = r->npids;
		/* one PID: the header adds "pid N" (run_info.pid) */
		len = (size_t)snprintf(r->title, sizeof(r->title), "attached%s",
				       r->npids > 1 ? " to pids" : "");
		for (size_t i = 0; r->npids > 1 && i < r->npids && len < sizeof(r->title); i++)
			len += (size_t)snprintf(r->title + len, sizeof(r->title) - len, "%s%d",
						i ? "," : " ", r->pids[i]);
	} else if (r->all) {
		r->spec.source = COLLECT_ALL;
		snprintf(r->title, sizeof(r->title), "whole system");
	} else {
		uint64_t id;
		int err = attach__cgroup_id(r->cgroup, &id);

		if (err) {
			fprintf(stderr, "schedviz %s: --cgroup %s: %s; name a directory under the "
					"cgroup2 mount ('mount -t cgroup2' shows it)\n", cmd,
				r->cgroup, err == -EMEDIUMTYPE ? "not a cgroup v2" : strerror(-err));
			return -EINVAL;
		}
		r->spec.source = COLLECT_CGROUP;
		r->spec.cgroup = r->cgroup;
		snprintf(r->title, sizeof(r->title), "cgroup %s", r->cgroup);
	}
	r->o.attach = &r->spec;
	return 1;
}

static int run(struct cli_run *r, int argc, char **argv)
{
	struct run_opts *o = &r->o;
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "cgroup", required_argument, NULL, 'C' },
		{ "duration", required_argument, NULL, 'd' },
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
		.cmd = o->record ? "record" : "run", .shortopts = "+o:vhp:a", .longopts = opts,
		.usage = o->record ? usage_record : usage_run, .take = take, .ctx = r,
	};
	const struct scenario *scn = NULL;
	char *title_argv[2] = { r->title, NULL };
	struct run_session *rs = NULL;
	const char *why = NULL;
	char **targv;
	bool dashdash;
	int ret, first, targc;

	ret = options__parse(&spec, argc, argv, &first);
	if (ret)
		return options__exit_code(ret);
	dashdash = first > 1 && !strcmp(argv[first - 1], "--");
	ret = attach_choice(r, first < argc || dashdash);
	if (ret < 0)
		return 2;
	if (!ret && first >= argc) {
		fprintf(stderr, "schedviz %s: name a scenario or '-- COMMAND' to trace "
				"(schedviz list shows the scenarios)\n", spec.cmd);
		return 2;
	}
	if (o->record && !o->output)
		o->output = TRACE_FILE_DEFAULT;
	targc = argc - first;
	if (ret) {
		targv = title_argv;	/* one name: the title */
		targc = 1;
	} else if (run_target__argv(argc - first, argv + first, dashdash, &targv, &scn)) {
		return dashdash ? EXIT_SCHEDVIZ_FAILED : 2;
	}
	if (privileges__check(&why)) {
		fprintf(stderr, "schedviz: %s\n", why);
		ret = EXIT_SCHEDVIZ_FAILED;
		goto out;
	}
	ret = run_session__run(&rs, o, targc, targv, scn);
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
	struct cli_run r = { 0 };

	return run(&r, argc, argv);
}

int cmd_record(int argc, char **argv)
{
	struct cli_run r = { .o = { .record = true, .no_tui = true } };

	return run(&r, argc, argv);
}
