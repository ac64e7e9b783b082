// SPDX-License-Identifier: GPL-2.0-only
/* cmd_list.c - `schedviz list`: the bundled scenarios. */
#include <stdbool.h>
#include <stdio.h>

#include "commands.h"
#include "options.h"
#include "registry.h"

void cmd_list__print(FILE *f)
{
	for (size_t i = 0; i < scenario__count(); i++) {
		const struct scenario *s = scenario__at(i);

		fprintf(f, "  %-22s %s\n", s->name, s->summary);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz list [-v]\n"
		   "List the bundled scenarios; -v adds each one's lesson.\n");
}

static int take(void *ctx, int c, const char *arg)
{
	(void)c;	/* 'v' */
	(void)arg;
	*(bool *)ctx = true;
	return 0;
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ 0 },
	};
	bool verbose = false;
	const struct options_spec spec = {
		.cmd = "list", .shortopts = "hv", .longopts = opts, .usage = usage,
		.take = take, .ctx = &verbose,
	};
	int err, first;

	err = options__parse(&spec, argc, argv, &first);
	if (err)
		return options__exit_code(err);
	if (first < argc) {
		fprintf(stderr, "schedviz list: takes no arguments, not '%s'; try 'schedviz list "
				"--help'\n", argv[first]);
		return 2;
	}
	if (!verbose) {
		printf("Scenarios (schedviz run NAME [args]; NAME --help for its options):\n");
		cmd_list__print(stdout);
	}
	for (size_t i = 0; verbose && i < scenario__count(); i++) {
		const struct scenario *s = scenario__at(i);
		char lesson[4096];

		printf("%s\n  %s\n\n  %s\n\n", s->name, s->summary,
		       scenario__lesson(s, 0, lesson, sizeof(lesson)));
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "schedviz list: cannot write to stdout\n");
		return 1;
	}
	return 0;
}
