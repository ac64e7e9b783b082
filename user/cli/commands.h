/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * commands.h - the subcommands. Each parses its own arguments with
 * options__parse() (options.h; argv[0] is the subcommand name), wires a
 * source to its sinks, and returns the process exit code.
 */
#ifndef SCHEDVIZ_COMMANDS_H
#define SCHEDVIZ_COMMANDS_H

#include <stdio.h>

/* Exit code when schedviz itself fails (as env(1) and timeout(1) use it). */
#define EXIT_SCHEDVIZ_FAILED 125
/* Exit code when -p names no running process (as kill(1) and pgrep(1) fail). */
#define EXIT_NO_PROCESS 1
/*
 * Exit codes of run and record when tracing cannot start, one per cause
 * (load_exit.h), just below env(1)'s 125-127. A target may exit with these
 * values too; as with 125-127, the line on stderr tells them apart.
 */
#define EXIT_NO_PRIVILEGE 120	/* not root, no CAP_BPF and CAP_PERFMON */
#define EXIT_NO_BTF 121		/* the kernel has no BTF */
#define EXIT_KERNEL_REFUSED 122	/* kernel lockdown or a security module refused */
#define EXIT_KERNEL_FEATURE 123	/* the kernel lacks a feature (too old) */

int cmd_list(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* Print the scenario table (name + summary) to f. */
void cmd_list__print(FILE *f);

#endif
