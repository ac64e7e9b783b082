// SPDX-License-Identifier: GPL-2.0-only
#include "run_info.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

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

void run_info__fill_host(struct run_info *ri)
{
	if (!ri->kernel_release[0]) {
		struct utsname u;

		if (!uname(&u))
			snprintf(ri->kernel_release, sizeof(ri->kernel_release), "%s", u.release);
	}
	if (!ri->ncpus) {
		long n = sysconf(_SC_NPROCESSORS_CONF);

		ri->ncpus = n > 0 ? (uint32_t)n : 0;
	}
}
