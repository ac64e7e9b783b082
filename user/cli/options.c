// SPDX-License-Identifier: GPL-2.0-only
/* options.c - getopt_long with our one-line errors (see options.h). */
#include "options.h"

#include <errno.h>
#include <stdlib.h>

int options__parse(const struct options_spec *spec, int argc, char **argv, int *first)
{
	int c, err;

	optind = 0;	/* a full rescan: glibc resets its state */
	opterr = 0;	/* one line of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, spec->shortopts, spec->longopts, NULL)) != -1) {
		if (c == 'h') {
			spec->usage(stdout);
			return OPTIONS_HELP;
		}
		if (c == '?' || c == ':' || !spec->take) {
			fprintf(stderr, "schedviz %s: bad option '%s'; try 'schedviz %s --help'\n",
				spec->cmd, argv[optind - 1], spec->cmd);
			return -EINVAL;
		}
		err = spec->take(spec->ctx, c, optarg);
		if (err)
			return err;
	}
	if (spec->need_operand && optind >= argc) {
		fprintf(stderr, "schedviz %s: %s\n", spec->cmd, spec->need_operand);
		return -EINVAL;
	}
	if (spec->one_file && argc - optind > 1) {
		fprintf(stderr, "schedviz %s: one trace file at a time; try 'schedviz %s --help'\n",
			spec->cmd, spec->cmd);
		return -EINVAL;
	}
	*first = optind;
	return 0;
}

int options__exit_code(int parse_result)
{
	return parse_result == OPTIONS_HELP ? 0 : 2;
}

int options__memory_mb(const char *cmd, const char *arg, size_t *bytes)
{
	char *end;
	unsigned long mb;

	errno = 0;
	mb = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || mb > (1ul << 20)) {
		fprintf(stderr, "schedviz %s: --memory-mb wants MiB from 0 (no bound) to "
				"1048576, not '%s'\n", cmd, arg);
		return -EINVAL;
	}
	*bytes = (size_t)mb << 20;
	return 0;
}
