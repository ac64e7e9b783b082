// SPDX-License-Identifier: GPL-2.0-only
#include "run_info.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int run_info__set_argv(struct run_info *ri, int argc, char *const argv[])
{
	char **v = calloc((size_t)argc + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (int i = 0; i < argc; i++) {
		v[i] = strdup(argv[i]);
		if (!v[i]) {
			while (i--)
				free(v[i]);
			free(v);
			return -ENOMEM;
		}
	}
	for (int i = 0; i < ri->argc; i++)
		free(ri->argv[i]);
	free(ri->argv);
	ri->argv = v;
	ri->argc = argc;
	return 0;
}

void run_info__clear(struct run_info *ri)
{
	if (!ri)
		return;
	for (int i = 0; i < ri->argc; i++)
		free(ri->argv[i]);
	free(ri->argv);
	memset(ri, 0, sizeof(*ri));
}
