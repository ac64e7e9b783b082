// SPDX-License-Identifier: GPL-2.0-only
/*
 * export_out.c - an export written where -o says, never half (see
 * export_out.h).
 */
#include "export_out.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int export_out__stream(enum export_format fmt, FILE *out, const char *in, FILE *diag)
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
	case EXPORT_PERFETTO:
		return export_perfetto__write(out, in, diag);
	}
	return -EINVAL;
}

/* Same file? Exporting over the trace itself would destroy it. */
bool export_out__same_file(const char *a, const char *b)
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
	err = finish(export_out__stream(fmt, out, in, stderr), out, out_path, true);
	if (fclose(out) && !err) {
		err = -errno;
		fprintf(stderr, "schedviz export: writing '%s' failed: %s\n", out_path,
			strerror(-err));
	}
	return err;
}

static int to_file(enum export_format fmt, const char *in, const char *out_path)
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
	err = finish(export_out__stream(fmt, out, in, stderr), out, out_path, false);
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

int export_out__write(enum export_format fmt, const char *in, const char *out_path)
{
	int err;

	if (strcmp(out_path, "-"))
		return to_file(fmt, in, out_path);
	err = export_out__stream(fmt, stdout, in, stderr);
	fflush(stdout);
	return finish(err, stdout, "stdout", true);
}
