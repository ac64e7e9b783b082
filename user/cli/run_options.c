// SPDX-License-Identifier: GPL-2.0-only
/* run_options.c - the options of run and record (see run_options.h). */
#include "run_options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

static int take(void *ctx, int c, const char *arg)
{
	struct run_cli *r = ctx;
	struct run_opts *o = &r->o;
	const char *cmd = o->record ? "record" : "run";
	unsigned long mb;
	double secs;
	char *end;

	switch (c) {
	case 'p':
		return attach_opts__pids(&r->attach, cmd, arg);
	case 'a':
		r->attach.all = true;
		break;
	case 'C':
		r->attach.cgroup = arg;
		break;
	case 'd':
		secs = strtod(arg, &end);
		if (*end || !(secs > 0) || !isfinite(secs) || secs > 1e9) {
			fprintf(stderr, "schedviz %s: --duration wants seconds above 0, not "
					"'%s'\n", cmd, arg);
			return -EINVAL;
		}
		o->duration_ns = (uint64_t)(secs * 1e9);
		break;
	case 'o':
		o->output = arg;
		break;
	case 'n':
		o->no_tui = true;
		break;
	case 'j':
		o->json = true;
		break;
	case 'r':
		mb = strtoul(arg, &end, 10);
		if (*end || !mb || (mb & (mb - 1)) || mb > 1024) {
			fprintf(stderr, "schedviz %s: --ring-mb wants a power of two from 1 "
					"to 1024, not '%s'\n", cmd, arg);
			return -EINVAL;
		}
		o->ring_bytes = (size_t)mb << 20;
		break;
	case 'M':
		return options__memory_mb(cmd, arg, &o->memory_bytes);
	case 's':
		o->snapshot = arg;
		break;
	case 'v':
		o->verbose = true;
		break;
	case 'R':
		o->as_root = true;
		break;
	}
	return 0;
}

int run_options__parse(struct run_cli *r, int argc, char **argv, void (*usage)(FILE *f),
		       int *first)
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "cgroup", required_argument, NULL, 'C' },
		{ "duration", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-tui", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "ring-mb", required_argument, NULL, 'r' },
		{ "memory-mb", required_argument, NULL, 'M' },
		{ "snapshot", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "as-root", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct options_spec spec = {
		.cmd = r->o.record ? "record" : "run", .shortopts = "+o:vhp:a", .longopts = opts,
		.usage = usage, .take = take, .ctx = r,
	};

	r->o.memory_bytes = (size_t)OPTIONS_MEMORY_MB_DEFAULT << 20;
	return options__parse(&spec, argc, argv, first);
}
