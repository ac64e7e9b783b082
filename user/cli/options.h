/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * options.h - one way every subcommand parses its arguments (getopt_long):
 * -h/--help prints the usage on stdout (exit 0); a bad option or operand is
 * one line on stderr naming the remedy (exit 2).
 */
#ifndef SCHEDVIZ_CLI_OPTIONS_H
#define SCHEDVIZ_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define OPTIONS_HELP 1	/* options__parse(): the usage was printed */

struct options_spec {
	const char *cmd;		/* "run": messages say "schedviz run: ..." */
	const char *shortopts;		/* getopt_long's, with "h"; a leading '+'
					   stops at the first operand */
	const struct option *longopts;	/* with { "help", no_argument, NULL, 'h' } */
	void (*usage)(FILE *f);
	/*
	 * Take option c (not 'h') with its argument (NULL: none). Returns 0,
	 * or -EINVAL after one line on stderr saying what is wrong.
	 */
	int (*take)(void *ctx, int c, const char *arg);
	void *ctx;
	bool one_file;			/* at most one operand, a trace file */
	const char *need_operand;	/* non-NULL: at least one operand, else
					   "schedviz CMD: <need_operand>" */
};

/*
 * Parse argv[1..argc) (argv[0] is the subcommand) by spec. *first gets the
 * index of the first operand. Returns 0, OPTIONS_HELP (usage printed on
 * stdout), or -EINVAL (one line printed on stderr).
 */
int options__parse(const struct options_spec *spec, int argc, char **argv, int *first);

/*
 * The timeline's memory, --memory-mb (run, record, replay): past
 * it the model folds its oldest detail into summaries
 * (trace_model__set_budget()); counts and totals are unaffected.
 */
#define OPTIONS_MEMORY_MB_DEFAULT 32
#define OPTIONS_MEMORY_MB_HELP \
	"      --memory-mb N   the timeline's memory in MiB (default 32; 0: no bound):\n" \
	"                      older time is then summarized; counts stay exact\n"

/*
 * Parse --memory-mb's argument for subcommand cmd into *bytes (0: no
 * bound). Returns 0, or -EINVAL after one line on stderr.
 */
int options__memory_mb(const char *cmd, const char *arg, size_t *bytes);

/* The exit code for a non-zero options__parse() return: 0 for help, else 2. */
int options__exit_code(int parse_result);

#endif
