// SPDX-License-Identifier: GPL-2.0-only
/*
 * process_start - what starting a worker costs: a thread, a forked process,
 * a new program (posix_spawn + exec).
 *
 * --count times each, one after another, the main thread starts a worker
 * and waits for it to end:
 *   thread  pthread_create(): a task in this process (clone with
 *           CLONE_VM | CLONE_THREAD ...), named thread-w, which returns at
 *           once;
 *   fork    fork(): a copy of this process (page tables copied, memory
 *           shared copy-on-write), named fork-w, which exits at once;
 *   spawn   posix_spawn() of /bin/true: glibc clones with CLONE_VM |
 *           CLONE_VFORK (no page tables copied) and the child execs a new
 *           program, which the dynamic loader then sets up.
 * Prints the mean microseconds from the start call to the worker's end
 * being seen (pthread_join, waitpid) for each, the least of them (the start
 * least disturbed by other programs), and how many each made. The
 * thread is cheapest; a fork and a new program cost far more (where page
 * tables are dear to copy, as on this project's VM, a fork nearly as much
 * as a new program): what Python's threading, multiprocessing's fork and
 * its spawn start method pay.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

extern char **environ;

static void *nothing(void *arg)
{
	return arg;
}

/* Each: start one worker, wait for it to end. */
static void one_thread(void)
{
	pthread_t t;

	common__thread_start(&t, nothing, NULL, "thread-w");
	common__thread_join(t);
}

static void one_fork(void)
{
	pid_t pid = common__fork("fork-w");
	int status;

	if (pid == 0)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid || status)
		common__die("a forked worker failed (status %d)", status);
}

static const char *true_path = "/bin/true";

static void one_spawn(void)
{
	char *argv[] = { (char *)"true", NULL };
	pid_t pid;
	int status, err;

	err = posix_spawn(&pid, true_path, NULL, NULL, argv, environ);
	if (err)
		common__die("posix_spawn %s: %s", true_path, strerror(err));
	if (waitpid(pid, &status, 0) != pid || status)
		common__die("%s failed (status %d)", true_path, status);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*one)(void);
	} kinds[] = { { "thread", one_thread }, { "fork", one_fork }, { "spawn", one_spawn } };
	long count = 200;
	const struct common_opt opts[] = {
		{ "count", COMMON_OPT_LONG, &count, 1, 100000, NULL, "workers of each kind" },
		{ NULL },
	};
	const struct common_prog prog = {
		"process_start",
		"What starting a worker costs: a thread, a forked process, a new program.",
		opts, 60,
	};

	common__parse_args(&prog, argc, argv);
	if (access(true_path, X_OK))
		common__die("%s is not executable: %s (install coreutils)", true_path, strerror(errno));
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		uint64_t t0 = common__now_ns(), least = UINT64_MAX;
		char key[32];

		for (long i = 0; i < count; i++) {
			uint64_t s0 = common__now_ns(), took;

			kinds[k].one();
			took = common__now_ns() - s0;
			if (took < least)
				least = took;
		}
		snprintf(key, sizeof(key), "%s_min_us", kinds[k].name);
		common__result(key, "%.1f", least / 1e3);
		snprintf(key, sizeof(key), "%s_us", kinds[k].name);
		common__result(key, "%.1f", (common__now_ns() - t0) / 1e3 / (double)count);
		snprintf(key, sizeof(key), "%s_count", kinds[k].name);
		common__result(key, "%ld", count);
	}
	common__result_rusage("self_", RUSAGE_SELF);
	common__result_rusage("children_", RUSAGE_CHILDREN);
	return 0;
}
