// SPDX-License-Identifier: GPL-2.0-only
/* cmd_list.c - `schedviz list`: the bundled scenarios. */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "registry.h"

void cmd_list__print(FILE *f)
{
	for (size_t i = 0; i < scenario__count(); i++) {
		const struct scenario *s = scenario__at(i);

		fprintf(f, "  %-22s %s\n", s->name, s->summary);
	}
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ 0 },
	};
	int c, verbose = 0;

	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("usage: schedviz list [-v]\n"
			       "List the bundled scenarios; -v adds each one's lesson.\n");
			return 0;
		case 'v':
			verbose = 1;
			break;
		default:
			fprintf(stderr, "schedviz list: try 'schedviz list --help'\n");
			return 2;
		}
	}
	if (!verbose) {
		printf("Scenarios (schedviz run NAME [args]; NAME --help for its options):\n");
		cmd_list__print(stdout);
		return 0;
	}
	for (size_t i = 0; i < scenario__count(); i++) {
		const struct scenario *s = scenario__at(i);

		printf("%s\n  %s\n\n  %s\n\n", s->name, s->summary, s->lesson);
	}
	return 0;
}
