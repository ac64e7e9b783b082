// SPDX-License-Identifier: GPL-2.0-only
/* snapshot.c - the summary so far, for `kill -USR1` (see snapshot.h). */
#include "snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "summary.h"

void snapshot__write(const char *path, const struct run_info *ri, const struct trace_model *m)
{
	char tmp[4096];
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return;
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "schedviz: cannot write snapshot '%s': %s\n", tmp, strerror(errno));
		return;
	}
	summary_json__write(f, ri, m);
	if (fclose(f) || rename(tmp, path))
		fprintf(stderr, "schedviz: cannot write snapshot '%s': %s\n", path, strerror(errno));
}
