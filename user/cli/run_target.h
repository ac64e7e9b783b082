/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run_target.h - what `run` and `record` launch: a bundled scenario by name
 * (its program found next to schedviz) or, after "--", any command.
 */
#ifndef SCHEDVIZ_RUN_TARGET_H
#define SCHEDVIZ_RUN_TARGET_H

#include <stdbool.h>

#include "registry.h"

/*
 * The target's argv from the operands argv[0..argc): with dashdash, argv
 * itself; else argv[0] names a scenario, replaced by its program's path
 * (static storage). *scn gets the scenario or NULL. *out is argv, or when
 * *scn an array the caller free()s. Problems go to stderr with the remedy
 * (the scenario list for an unknown name). Returns 0, -ENOENT (unknown
 * scenario or its program missing), -ENOMEM.
 */
int run_target__argv(int argc, char **argv, bool dashdash, char ***out,
		     const struct scenario **scn);

#endif
