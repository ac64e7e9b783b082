/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * target_exit.h - has the traced target ended? What the model has seen (each
 * task's exit) and, for what the trace missed, what the kernel says
 * (task_gone.h: /proc/<tid>/syscall once a task's last switch is made).
 * Used by run_session to decide when capture is over.
 */
#ifndef SCHEDVIZ_CLI_TARGET_EXIT_H
#define SCHEDVIZ_CLI_TARGET_EXIT_H

#include <stdbool.h>
#include <sys/types.h>

#include "trace_model.h"

/* Every task in m has exited (the model saw its final switch); false for no tasks. */
bool target_exit__all(const struct trace_model *m);

/* The task pid is in m and has exited. */
bool target_exit__root(const struct trace_model *m, pid_t pid);

/*
 * Every task in m the model has not seen exit has made its last switch by
 * the kernel's account (task_gone__switched_out()): what is missing from the
 * trace was lost, not still to come.
 */
bool target_exit__rest_switched_out(const struct trace_model *m);

#endif
