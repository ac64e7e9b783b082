/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snapshot.h - `run --snapshot FILE`: the JSON summary so far, written on
 * SIGUSR1 while the target runs.
 */
#ifndef SCHEDVIZ_SNAPSHOT_H
#define SCHEDVIZ_SNAPSHOT_H

#include "run_info.h"
#include "trace_model.h"

/*
 * Write summary_json__write(ri, m) to path ".tmp", then rename it to path,
 * so a reader never sees half a file. The model holds what the source has
 * delivered so far (open states are not closed). A failure is one line on
 * stderr; the run goes on.
 */
void snapshot__write(const char *path, const struct run_info *ri, const struct trace_model *m);

#endif
