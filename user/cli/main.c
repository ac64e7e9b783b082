// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - schedviz's entry point: a table of subcommands sharing one trace
 * model and differing in their source (BPF, file) and sink (view, summary,
 * file, export).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "config.h"
#include "identity.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *summary;
} commands[] = {
	{ "list", cmd_list, "list [-v]", "the bundled scenarios" },
	{ "run", cmd_run, "run [options] SCENARIO [args] | -- COMMAND [args]",
	  "trace a scenario or any command, live view (or summary without a terminal)" },
	{ "record", cmd_record, "record [-o FILE] SCENARIO [args] | -- COMMAND [args]",
	  "trace to a file, no view" },
	{ "replay", cmd_replay, "replay FILE", "the live view over a recorded trace" },
	{ "report", cmd_report, "report FILE [--sort KEY] [--json]", "per-task summary of a trace" },
	{ "export", cmd_export, "export FILE --format=perfetto|ftrace|json|tracedat|csv -o OUT",
	  "convert for Perfetto, trace-cmd, KernelShark, spreadsheets" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz [--help] [--version] COMMAND [ARGS]\n\n"
		   "Watch the Linux scheduler run a program: one lane per thread and\n"
		   "process, exact voluntary and involuntary context switches.\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  schedviz %-50s %s\n", commands[i].usage, commands[i].summary);
	fprintf(f, "\nScenarios:\n");
	cmd_list__print(f);
	fprintf(f, "\nExample: sudo schedviz run race_counter --mode=mutex --threads 8\n"
		   "'schedviz COMMAND --help' for a command's options.\n");
}

/*
 * Under sudo, every file schedviz creates (-o, record's default file,
 * export's output, --snapshot) belongs to the user who ran sudo and goes
 * only where that user may write: our file-system identity becomes that
 * user's from the start, whatever the command (identity.h). The target's
 * identity is the launcher's business (run, record). 0 or -errno after one
 * line on stderr.
 */
static int files_as_invoker(void)
{
	int err = identity__init();

	if (!err && identity__invoker())
		err = identity__files(identity__invoker());
	if (err)
		fprintf(stderr, "schedviz: cannot take on the identity of the user who ran "
				"sudo (SUDO_UID, SUDO_GID): %s\n", strerror(-err));
	return err;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("schedviz %s\n", SCHEDVIZ_VERSION);
		return 0;
	}
	if (strcmp(SCHEDVIZ_BENCH_VARIANT, "none"))
		fprintf(stderr, "schedviz: bench build (bench_variant=%s): its traces are wrong; "
			"rebuild with -Dbench_variant=none\n", SCHEDVIZ_BENCH_VARIANT);
	/*
	 * A reader gone from our stdout (a closed pipe) is a write error each
	 * command reports in one line, not a death by SIGPIPE. The target of
	 * run and record gets the default back (launcher.c).
	 */
	signal(SIGPIPE, SIG_IGN);
	if (files_as_invoker())
		return EXIT_SCHEDVIZ_FAILED;
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "schedviz: unknown command '%s'; commands: list, run, record, replay, "
			"report, export (schedviz --help)\n", argv[1]);
	return 2;
}
