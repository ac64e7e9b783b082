// SPDX-License-Identifier: GPL-2.0-only
/* run_target.c - a scenario name or a command, as the argv to launch. */
#include "run_target.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

int run_target__argv(int argc, char **argv, bool dashdash, char ***out,
		     const struct scenario **scn)
{
	static char path[4096];
	const struct scenario *s;
	char **v;

	*scn = NULL;
	if (dashdash) {
		*out = argv;
		return 0;
	}
	s = scenario__find(argv[0]);
	if (!s) {
		fprintf(stderr, "schedviz: unknown scenario '%s' (use '-- %s' to trace a "
				"command); scenarios:\n", argv[0], argv[0]);
		cmd_list__print(stderr);
		return -ENOENT;
	}
	if (scenario__path(s, path, sizeof(path))) {
		fprintf(stderr, "schedviz: the '%s' scenario program is missing next to "
				"schedviz or in %s: rebuild or reinstall schedviz\n",
			s->name, path);
		return -ENOENT;
	}
	v = calloc((size_t)argc + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[0] = path;
	for (int i = 1; i < argc; i++)
		v[i] = argv[i];
	*out = v;
	*scn = s;
	return 0;
}
