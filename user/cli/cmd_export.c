// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_export.c - `schedviz export [FILE] --format=F -o OUT`: a recorded trace
 * for Perfetto, trace-cmd/KernelShark or spreadsheets. The exporters read
 * the file in passes themselves (export.h); where OUT is written and how a
 * failure leaves it: export_out.h.
 */
#include <errno.h>
#include <stdio.h>

#include "commands.h"
#include "export_out.h"
#include "options.h"
#include "trace_file.h"

struct export_opts {
	const char *format, *out_path;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz export [FILE] --format=FORMAT -o OUT\n\n"
		   "Convert a recorded trace (default %s) for other tools:\n"
		   "  perfetto  Perfetto's own protobuf trace, compact and fast (Perfetto UI)\n"
		   "  ftrace    the kernel's text trace (Perfetto UI, grep)\n"
		   "  json      Chrome Trace Event JSON with named lanes (Perfetto UI)\n"
		   "  tracedat  trace-cmd's trace.dat v6 (trace-cmd report, KernelShark)\n"
		   "  csv       one row per event (pandas, spreadsheets)\n\n"
		   "  -f, --format FORMAT  one of the above\n"
		   "  -o, --output OUT     the file to write ('-': stdout)\n"
		   "  -h, --help           this text\n", TRACE_FILE_DEFAULT);
}

static int take(void *ctx, int c, const char *arg)
{
	struct export_opts *o = ctx;

	if (c == 'f')
		o->format = arg;
	else	/* 'o' */
		o->out_path = arg;
	return 0;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct export_opts o = { 0 };
	const struct options_spec spec = {
		.cmd = "export", .shortopts = "f:o:h", .longopts = opts, .usage = usage,
		.take = take, .ctx = &o, .one_file = true,
	};
	const char *in;
	enum export_format fmt;
	int err, first;

	err = options__parse(&spec, argc, argv, &first);
	if (err)
		return options__exit_code(err);
	in = first < argc ? argv[first] : TRACE_FILE_DEFAULT;
	if (!o.format) {
		fprintf(stderr, "schedviz export: no format given; use --format=perfetto, ftrace, "
				"json, tracedat or csv\n");
		return 2;
	}
	if (export_format__parse(o.format, &fmt)) {
		fprintf(stderr, "schedviz export: unknown format '%s'; use --format=perfetto, "
				"ftrace, json, tracedat or csv\n", o.format);
		return 2;
	}
	if (!o.out_path) {
		fprintf(stderr, "schedviz export: no output file; add -o OUT (or -o - for "
				"stdout)\n");
		return 2;
	}
	if (export_out__same_file(in, o.out_path)) {
		fprintf(stderr, "schedviz export: '%s' is the trace itself; choose another -o\n",
			o.out_path);
		return 2;
	}
	return export_out__write(fmt, in, o.out_path) ? 1 : 0;
}
