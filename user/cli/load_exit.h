/* SPDX-License-Identifier: GPL-2.0-only */
/* load_exit.h - the exit code for a cause of failure to start tracing. */
#ifndef SCHEDVIZ_CLI_LOAD_EXIT_H
#define SCHEDVIZ_CLI_LOAD_EXIT_H

/*
 * The exit code (commands.h) for err, an error of privileges__check() or
 * collector__open() (one errno per cause, load_error.h): -EPERM
 * EXIT_NO_PRIVILEGE, -ENOENT EXIT_NO_BTF, -EACCES EXIT_KERNEL_REFUSED,
 * -EOPNOTSUPP EXIT_KERNEL_FEATURE, anything else EXIT_SCHEDVIZ_FAILED.
 */
int load_exit__code(int err);

#endif
