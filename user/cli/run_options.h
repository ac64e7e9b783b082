/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run_options.h - the options `run` and `record` share: what to trace
 * (-p, -a, --cgroup; else a scenario or -- COMMAND), --duration, -o,
 * --no-tui, --json, --ring-mb, --snapshot, --as-root, -v, parsed the one shared way
 * (options.h).
 */
#ifndef SCHEDVIZ_CLI_RUN_OPTIONS_H
#define SCHEDVIZ_CLI_RUN_OPTIONS_H

#include <stdio.h>

#include "attach_opts.h"
#include "options.h"
#include "run_session.h"

/* A run's or a recording's command line. */
struct run_cli {
	struct run_opts o;		/* o.record set by the caller for record */
	struct attach_opts attach;	/* what -p, -a, --cgroup asked */
};

/*
 * Parse argv into r (argv borrowed: r keeps pointers into it); usage
 * prints --help's text. Returns as options__parse(): 0 with *first the
 * first operand, OPTIONS_HELP, or -EINVAL after one line on stderr.
 */
int run_options__parse(struct run_cli *r, int argc, char **argv, void (*usage)(FILE *f),
		       int *first);

#endif
