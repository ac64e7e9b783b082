/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli_view.h - what run and replay share around the view (tui/): opening
 * it with the switch cost measured here, and the picture of a run named by
 * its run_info (scenario title, lesson and live figures from the registry).
 */
#ifndef SCHEDVIZ_CLI_VIEW_H
#define SCHEDVIZ_CLI_VIEW_H

#include <stdbool.h>

#include "run_info.h"
#include "trace_model.h"
#include "tui.h"
#include "window_detail.h"

/*
 * Measure what a context switch costs (switch_cost__for_view(): before the
 * screen is taken, its processes are not the target's), then tui__open();
 * whole_system: the machine is traced (-a), the view opens on the CPU
 * lanes with the busiest tasks first. Errors as tui__open(); no message.
 */
int cli_view__open(struct tui **out, bool whole_system);

/*
 * The view's source for m and ri (both borrowed: they must outlive the
 * value): titled by ri's scenario (scenario__find(ri->scenario): its name,
 * lesson and figures) or else its command (ri->argv[0], "trace" without
 * one); not live, target exited, now = ri->end_ns. A live run sets live,
 * target_exited and now_ns itself.
 */
struct tui_source cli_view__source(const struct trace_model *m, const struct run_info *ri);

/*
 * The view's handle on wd (borrowed: it must outlive the value): reading
 * back from the trace file the time the model summarized.
 */
struct tui_detail cli_view__detail(struct window_detail *wd);

#endif
