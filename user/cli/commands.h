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

int cmd_list(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* Print the scenario table (name + summary) to f. */
void cmd_list__print(FILE *f);

#endif
