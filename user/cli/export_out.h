/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * export_out.h - where `schedviz export` writes (export.h does the
 * converting). A new or regular OUT is written under a temporary name and
 * renamed when complete, so a failed export never leaves a partial file
 * behind; anything else (a device, a FIFO, a symlink) is written in place;
 * "-" is stdout. Problems are one line on stderr.
 */
#ifndef SCHEDVIZ_EXPORT_OUT_H
#define SCHEDVIZ_EXPORT_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "export.h"

/* Export the trace file `in` as fmt to out (borrowed); problems with the trace go to diag. */
int export_out__stream(enum export_format fmt, FILE *out, const char *in, FILE *diag);

/* Same file? Exporting over the trace itself would destroy it. */
bool export_out__same_file(const char *a, const char *b);

/*
 * Export `in` as fmt to out_path ("-": stdout), as said above. Returns 0
 * or a negative errno, after one line on stderr (the exporter says what is
 * wrong with the trace itself).
 */
int export_out__write(enum export_format fmt, const char *in, const char *out_path);

#endif
