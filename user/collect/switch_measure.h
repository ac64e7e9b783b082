/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * switch_measure.h - measure what a context switch costs on this machine
 * (the figures are model/switch_cost.h), before the view takes the screen.
 */
#ifndef SCHEDVIZ_COLLECT_SWITCH_MEASURE_H
#define SCHEDVIZ_COLLECT_SWITCH_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

#include "switch_cost.h"

/*
 * Measure both placements with round_trips round trips each (after a short
 * warm-up). Blocks for the measurement (tens of ms); the caller's own CPU
 * affinity is not changed (the work runs in forked children). Gives up after
 * 2 s. Returns 0 and fills *out (out->measured), or a negative errno:
 * -EAGAIN/-ENOMEM (fork), -EMFILE (pipes), -ETIMEDOUT, -EIO (a child failed).
 */
int switch_cost__measure(struct switch_cost *out, uint32_t round_trips);

/*
 * SCHEDVIZ_SWITCH_COST="SAME_NS[,CROSS_NS]" in the environment: the figures
 * given instead of measured (reproducible screens, or a figure measured
 * elsewhere). Returns true and fills *out (out->preset) when the variable
 * is set and well formed; false otherwise, *out untouched.
 */
bool switch_cost__from_env(struct switch_cost *out);

/*
 * The figures for the view: switch_cost__from_env() when the variable is
 * set, else switch_cost__measure() with SWITCH_COST_ROUND_TRIPS (a failure
 * leaves out->err set and the figures unknown). Blocks tens of ms.
 */
void switch_cost__for_view(struct switch_cost *out);

#endif
