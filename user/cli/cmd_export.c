// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_export.c - `schedviz export [FILE] --format=F -o OUT`: a recorded trace
 * for Perfetto, trace-cmd/KernelShark or spreadsheets (export.h). A new or
 * regular OUT is written under a temporary name and renamed when complete,
 * so a failed export never leaves a partial file behind; anything else (a
 * device, a FIFO, a symlink) is written in place; "-o -" writes to stdout.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "export.h"
#include "trace_file.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz export [FILE] --format=FORMAT -o OUT\n\n"
		   "Convert a recorded trace (default %s) for other tools:\n"
		   "  ftrace    the kernel's text trace (Perfetto UI, grep)\n"
		   "  json      Chrome Trace Event JSON with named lanes (Perfetto UI)\n"
		   "  tracedat  trace-cmd's trace.dat v6 (trace-cmd report, KernelShark)\n"
		   "  csv       one row per event (pandas, spreadsheets)\n\n"
		   "  -f, --format FORMAT  one of the above\n"
		   "  -o, --output OUT     the file to write ('-': stdout)\n"
		   "  -h, --help           this text\n", TRACE_FILE_DEFAULT);
}

static int run_export(enum export_format fmt, FILE *out, const char *in, FILE *diag)
{
	switch (fmt) {
	case EXPORT_FTRACE:
		return export_ftrace__write(out, in, diag);
	case EXPORT_JSON:
		return export_json__write(out, in, diag);
	case EXPORT_TRACEDAT:
		return export_tracedat__write(out, in, diag);
	case EXPORT_CSV:
		return export_csv__write(out, in, diag);
	}
	return -EINVAL;
}

/* Same file? Exporting over the trace itself would destroy it. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * Say what went wrong that the exporter has not said (it reports problems
 * with the trace itself): the output failing, or memory. Returns err.
 */
static int finish(int err, FILE *out, const char *out_path, bool in_place)
{
	if (ferror(out)) {
		fprintf(stderr, "schedviz export: writing '%s' failed; %s\n", out_path,
			in_place ? "what it holds is incomplete" : "nothing was written (disk full?)");
		return err ? err : -EIO;
	}
	if (err == -ENOMEM)
		fprintf(stderr, "schedviz export: out of memory\n");
	return err;
}

/* Write straight into out_path (not a regular file: a device, a FIFO, a symlink). */
static int export_in_place(enum export_format fmt, const char *in, const char *out_path)
{
	FILE *out = fopen(out_path, "w");
	int err;

	if (!out) {
		err = -errno;
		fprintf(stderr, "schedviz export: cannot write '%s': %s\n", out_path, strerror(-err));
		return err;
	}
	err = finish(run_export(fmt, out, in, stderr), out, out_path, true);
	if (fclose(out) && !err) {
		err = -errno;
		fprintf(stderr, "schedviz export: writing '%s' failed: %s\n", out_path,
			strerror(-err));
	}
	return err;
}

static int export_to_file(enum export_format fmt, const char *in, const char *out_path)
{
	size_t len = strlen(out_path);
	char *tmp;
	FILE *out = NULL;
	struct stat st;
	int fd, err;

	if (!lstat(out_path, &st) && !S_ISREG(st.st_mode))
		return export_in_place(fmt, in, out_path);
	tmp = malloc(len + sizeof(".XXXXXX"));
	if (!tmp) {
		fprintf(stderr, "schedviz: out of memory\n");
		return -ENOMEM;
	}
	memcpy(tmp, out_path, len);
	memcpy(tmp + len, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkstemp(tmp);
	if (fd < 0 || !(out = fdopen(fd, "w"))) {
		err = -errno;
		fprintf(stderr, "schedviz export: cannot write next to '%s': %s\n", out_path,
			strerror(-err));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return err;
	}
	fchmod(fd, 0644);
	err = finish(run_export(fmt, out, in, stderr), out, out_path, false);
	if (fclose(out) && !err) {
		err = -errno;
		fprintf(stderr, "schedviz export: writing '%s' failed: %s; nothing was written\n",
			out_path, strerror(-err));
	}
	if (!err && rename(tmp, out_path)) {
		err = -errno;
		fprintf(stderr, "schedviz export: cannot create '%s': %s\n", out_path,
			strerror(-err));
	}
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *in = TRACE_FILE_DEFAULT, *out_path = NULL, *format = NULL;
	enum export_format fmt;
	int c, err;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "schedviz export: try 'schedviz export --help'\n");
			return 2;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "schedviz export: one trace file at a time; try "
				"'schedviz export --help'\n");
		return 2;
	}
	if (optind < argc)
		in = argv[optind];
	if (!format || export_format__parse(format, &fmt)) {
		fprintf(stderr, "schedviz export: %s; use --format=ftrace, json, tracedat or csv\n",
			format ? "unknown format" : "no format given");
		return 2;
	}
	if (!out_path) {
		fprintf(stderr, "schedviz export: no output file; add -o OUT (or -o - for "
				"stdout)\n");
		return 2;
	}
	if (same_file(in, out_path)) {
		fprintf(stderr, "schedviz export: '%s' is the trace itself; choose another -o\n",
			out_path);
		return 2;
	}
	if (!strcmp(out_path, "-")) {
		err = run_export(fmt, stdout, in, stderr);
		fflush(stdout);
		err = finish(err, stdout, "stdout", true);
	} else {
		err = export_to_file(fmt, in, out_path);
	}
	return err ? 1 : 0;
}
