// SPDX-License-Identifier: GPL-2.0-only
/* run_options.c - the options of run and record (see run_options.h). */
#include "run_options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

/*
 * arg as a time of unit_ns ns units (1e9: seconds, 1e6: ms), above lo (or
 * from lo, lo_incl) up to hi, into *ns; else one line saying what opt wants.
 */
static int time_arg(const char *cmd, const char *opt, const char *arg, double lo, bool lo_incl,
		    double hi, double unit_ns, const char *wants, uint64_t *ns)
{
	char *end;
	double v = strtod(arg, &end);

	if (*end || end == arg || !isfinite(v) || v > hi || v < lo || (!lo_incl && v == lo)) {
		fprintf(stderr, "schedviz %s: %s wants %s, not '%s'\n", cmd, opt, wants, arg);
		return -EINVAL;
	}
	*ns = (uint64_t)(v * unit_ns);
	return 0;
}

static int take(void *ctx, int c, const char *arg)
{
	struct run_cli *r = ctx;
	struct run_opts *o = &r->o;
	const char *cmd = o->record ? "record" : "run";
	unsigned long mb;
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
		return time_arg(cmd, "--duration", arg, 0, false, 1e9, 1e9, "seconds above 0",
				&o->duration_ns);
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
	case 'F':
		return time_arg(cmd, "--flight-recorder", arg, 0.01, true, 86400, 1e9,
				"seconds from 0.01 to 86400", &o->flight_ns);
	case 'T':
		return time_arg(cmd, "--trigger-latency", arg, 0, false, 1e6, 1e6,
				"milliseconds above 0", &o->trigger_wait_ns);
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
		{ "flight-recorder", required_argument, NULL, 'F' },
		{ "trigger-latency", required_argument, NULL, 'T' },
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

	int err;

	r->o.memory_bytes = (size_t)OPTIONS_MEMORY_MB_DEFAULT << 20;
	err = options__parse(&spec, argc, argv, first);
	if (err)
		return err;
	if (r->o.trigger_wait_ns && !r->o.flight_ns) {
		fprintf(stderr, "schedviz %s: --trigger-latency is a flight recording's: add "
				"--flight-recorder SECONDS (how much of the run to keep)\n", spec.cmd);
		return -EINVAL;
	}
	if (r->o.flight_ns && !r->o.record && !r->o.output) {
		fprintf(stderr, "schedviz run: --flight-recorder needs -o FILE to write to (or "
				"use schedviz record)\n");
		return -EINVAL;
	}
	return 0;
}
