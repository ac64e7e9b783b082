// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_run.c - `schedviz run` and `schedviz record`: the live source (a
 * launched scenario or command, or what already runs: -p, --all,
 * --cgroup) into the model and, with -o or for record, the trace file
 * (run_session.h); then the summary, and the target's status as ours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "load_exit.h"
#include "privileges.h"
#include "run_options.h"
#include "run_session.h"
#include "run_target.h"
#include "trace_file.h"

static void privileges_and_status(FILE *f)
{
	fprintf(f, "\nUnder sudo the target runs as the user who ran sudo (uid, groups, HOME),\n"
		   "and the files written belong to that user; schedviz keeps no capability\n"
		   "once tracing runs but CAP_KILL for that user's target.\n"
		   "\nExit status: the target's (0 when attached); 125 if schedviz fails,\n"
		   "126/127 if the command cannot be run / found, 1 if a -p PID is no\n"
		   "running process. Tracing cannot start: %d not root (no CAP_BPF and\n"
		   "CAP_PERFMON), %d no kernel BTF, %d kernel lockdown or a security module\n"
		   "refused, %d the kernel lacks a feature (Linux 5.15 or later needed).\n",
		EXIT_NO_PRIVILEGE, EXIT_NO_BTF, EXIT_KERNEL_REFUSED, EXIT_KERNEL_FEATURE);
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
		   "  -o, --output FILE   also record the trace to FILE (with --flight-recorder\n"
		   "                      SECS its last SECS only; see schedviz record -h)\n"
		   "      --no-tui        no live view: print a table per task at the end\n"
		   "      --json          print the summary as JSON on stdout (the target's\n"
		   "                      stdout goes to stderr)\n"
		   "      --ring-mb N     the ring buffer for bursts, in MiB (power of two, default 16)\n"
		   OPTIONS_MEMORY_MB_HELP
		   "      --snapshot FILE on SIGUSR1, write the JSON summary so far to FILE\n"
		   "      --as-root       under sudo, run the target as root, not as the user\n"
		   "                      who ran sudo\n"
		   "  -v, --verbose       libbpf's own log\n"
		   "  -h, --help          this text\n\n"
		   "Scenarios ('schedviz list -v' for their lessons):\n");
	cmd_list__print(f);
	privileges_and_status(f);
}

static void usage_record(FILE *f)
{
	fprintf(f, "usage: schedviz record [-o FILE] [-v] [--duration SECS] SCENARIO [args]\n"
		   "       schedviz record [-o FILE] [-v] [--duration SECS] -- COMMAND [args]\n"
		   "       schedviz record [-o FILE] [-v] [--duration SECS] -p PID[,PID...] | -a |\n"
		   "                       --cgroup PATH\n\n"
		   "Trace a scenario or command, or attach to what runs (as for run), to\n"
		   "FILE (default %s; an existing file is kept as FILE.old), with no\n"
		   "view. --as-root: under sudo, the target runs as root, not as the user\n"
		   "who ran sudo.\n\n"
		   "      --flight-recorder SECS  keep only the last SECS seconds, in memory;\n"
		   "                      write them on SIGUSR1 (and go on), at the end, or\n"
		   "                      when the trigger fires (the run then ends)\n"
		   "      --trigger-latency MS    the trigger: a traced task waited over MS\n"
		   "                      ms on a run queue (the kernel's run_delay)\n",
		TRACE_FILE_DEFAULT);
	privileges_and_status(f);
}

static int run(struct run_cli *r, int argc, char **argv)
{
	struct run_opts *o = &r->o;
	const char *cmd = o->record ? "record" : "run";
	const struct scenario *scn = NULL;
	char *title_argv[2] = { r->attach.title, NULL };
	struct run_session *rs = NULL;
	const char *why = NULL;
	char **targv;
	bool dashdash;
	int ret, first, targc;

	ret = run_options__parse(r, argc, argv, o->record ? usage_record : usage_run, &first);
	if (ret)
		return options__exit_code(ret);
	dashdash = first > 1 && !strcmp(argv[first - 1], "--");
	ret = attach_opts__choose(&r->attach, cmd, first < argc || dashdash);
	if (ret < 0)
		return 2;
	if (ret)
		o->attach = &r->attach.spec;
	if (!ret && first >= argc) {
		fprintf(stderr, "schedviz %s: name a scenario or '-- COMMAND' to trace "
				"(schedviz list shows the scenarios)\n", cmd);
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
	ret = privileges__check(&why);
	if (ret) {
		fprintf(stderr, "schedviz: %s\n", why);
		ret = load_exit__code(ret);
		goto out;
	}
	ret = run_session__run(&rs, o, targc, targv, scn);
	if (!ret) {
		run_session__print(rs);
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
	struct run_cli r = { 0 };

	return run(&r, argc, argv);
}

int cmd_record(int argc, char **argv)
{
	struct run_cli r = { .o = { .record = true, .no_tui = true } };

	return run(&r, argc, argv);
}
