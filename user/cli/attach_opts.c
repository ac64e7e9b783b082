// SPDX-License-Identifier: GPL-2.0-only
/* attach_opts.c - -p, -a and --cgroup into an attach_spec (see attach_opts.h). */
#include "attach_opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int attach_opts__pids(struct attach_opts *a, const char *cmd, const char *arg)
{
	const char *p = arg;
	char *end;

	do {
		long v = strtol(p, &end, 10);

		if (end == p || v <= 0 || v > INT32_MAX || (*end && *end != ',') ||
		    a->npids >= ATTACH_OPTS_MAX_PIDS) {
			fprintf(stderr, "schedviz %s: -p wants process IDs separated by commas "
					"(at most %d), not '%s'\n", cmd, ATTACH_OPTS_MAX_PIDS, arg);
			return -EINVAL;
		}
		a->pids[a->npids++] = (int32_t)v;
		p = end + 1;
	} while (*end);
	return 0;
}

/* "attached" (one PID: the header adds "pid N") or "attached to pids A,B". */
static void pids_title(struct attach_opts *a)
{
	size_t len = (size_t)snprintf(a->title, sizeof(a->title), "attached%s",
				      a->npids > 1 ? " to pids" : "");

	for (size_t i = 0; a->npids > 1 && i < a->npids && len < sizeof(a->title); i++)
		len += (size_t)snprintf(a->title + len, sizeof(a->title) - len, "%s%d",
					i ? "," : " ", a->pids[i]);
}

int attach_opts__choose(struct attach_opts *a, const char *cmd, bool operands)
{
	int n = (a->npids > 0) + a->all + (a->cgroup != NULL);

	if (n > 1 || (n && operands)) {
		fprintf(stderr, "schedviz %s: trace one thing: a command, -p PID, -a or "
				"--cgroup PATH\n", cmd);
		return -EINVAL;
	}
	if (!n)
		return 0;
	if (a->npids) {
		a->spec.source = COLLECT_PIDS;
		a->spec.pids = a->pids;
		a->spec.npids = a->npids;
		pids_title(a);
	} else if (a->all) {
		a->spec.source = COLLECT_ALL;
		snprintf(a->title, sizeof(a->title), "whole system");
	} else {
		uint64_t id;
		int err = attach__cgroup_id(a->cgroup, &id);

		if (err) {
			fprintf(stderr, "schedviz %s: --cgroup %s: %s; name a directory under the "
					"cgroup2 mount ('mount -t cgroup2' shows it)\n", cmd,
				a->cgroup, err == -EMEDIUMTYPE ? "not a cgroup v2" : strerror(-err));
			return -EINVAL;
		}
		a->spec.source = COLLECT_CGROUP;
		a->spec.cgroup = a->cgroup;
		a->spec.cgroup_id = id;
		snprintf(a->title, sizeof(a->title), "cgroup %s", a->cgroup);
	}
	return 1;
}
