/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * launcher.h - start the traced command as a child of the calling thread
 * (the collector's launcher), and reap it with its rusage.
 */
#ifndef SCHEDVIZ_LAUNCHER_H
#define SCHEDVIZ_LAUNCHER_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "collector.h"
#include "identity.h"

struct launch_opts {
	char *const *argv;	/* argv[0] looked up in PATH (execvp) */
	int stdin_fd;		/* -1: inherit */
	int stdout_fd;		/* -1: inherit */
	int stderr_fd;		/* -1: inherit */
	pid_t pgrp;		/* the process group the child joins: > 0 that one
				   (the guardian's, guardian.h), 0 one it leads,
				   < 0 stays in ours */
	const struct identity *invoker;	/* under sudo (identity.h): whom the
					   target runs as; NULL: as schedviz */
	bool as_root;		/* with invoker: the target stays root (--as-root) */
};

/*
 * Arm c, fork, and exec o->argv in the child. On success *pid is the child
 * and 0 is returned. When the exec fails the child is reaped here and
 * *exec_errno holds its errno (-ENOENT or -EACCES...), return value -ECHILD
 * (the caller exits 127 for ENOENT, 126 otherwise, as env(1) does).
 * Other errors: -errno of pipe/fork. The child dies with the calling
 * thread (PR_SET_PDEATHSIG, SIGKILL): schedviz killed, even by SIGKILL,
 * takes its target's first process with it; call it from the thread that
 * lives as long as the trace (the main thread). With o->invoker the child
 * takes its identity first (identity__enter()); its failure is reported
 * as an exec failure (*exec_errno, -ECHILD).
 */
int launcher__start(struct collector *c, const struct launch_opts *o, pid_t *pid,
		    int *exec_errno);

/*
 * Has pid exited? Checked without reaping it (waitid WNOWAIT), so its
 * counters stay unread until the caller has seen its final switch: a parent
 * that reaps between exit_notify() and the child's last __schedule()
 * collects counters that lack that switch (kernel/exit.c:
 * wait_task_zombie()). Returns 1 exited, 0 running, -errno.
 */
int launcher__exited(pid_t pid);

/*
 * Reap pid without blocking. Returns 1 and fills *exit_code (0..255; 128+sig
 * when killed), *term_signal and *ru (wait4: the child's threads plus its
 * waited-for descendants, kernel/exit.c: wait_task_zombie()) once it has
 * exited; 0 while it runs; -errno on failure.
 */
int launcher__reap(pid_t pid, int *exit_code, int *term_signal, struct rusage *ru);

#endif
