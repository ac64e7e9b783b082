/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * attach_opts.h - what `run` and `record` attach to, from their options:
 * -p PID[,PID...], -a/--all or --cgroup PATH (at most one, and then no
 * launched target). Turns them into the collector's attach_spec and the
 * run's title (the file's argv[0] and the view's header).
 */
#ifndef SCHEDVIZ_CLI_ATTACH_OPTS_H
#define SCHEDVIZ_CLI_ATTACH_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attach.h"

#define ATTACH_OPTS_MAX_PIDS 64

struct attach_opts {
	int32_t pids[ATTACH_OPTS_MAX_PIDS];	/* -p, in the order given */
	size_t npids;
	bool all;				/* -a */
	const char *cgroup;			/* --cgroup (borrowed from argv) */
	struct attach_spec spec;		/* filled by attach_opts__choose() */
	char title[128];			/* likewise */
};

/*
 * -p's argument: PID[,PID...], each above 0, at most ATTACH_OPTS_MAX_PIDS
 * in all; appended to a->pids. Returns 0, or -EINVAL after one line on
 * stderr naming `schedviz CMD` (cmd borrowed).
 */
int attach_opts__pids(struct attach_opts *a, const char *cmd, const char *arg);

/*
 * After the options: did they ask to attach? operands: a scenario or
 * `-- COMMAND` was given too. Returns 1 and fills a->spec and a->title
 * (one PID: "attached", the header adds "pid N"; several: "attached to
 * pids A,B"; "whole system"; "cgroup PATH"), 0 when nothing is asked (a
 * launched target), or -EINVAL after one line on stderr: two of them, one
 * with a target, or a --cgroup that is no cgroup v2 directory.
 */
int attach_opts__choose(struct attach_opts *a, const char *cmd, bool operands);

#endif
