/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guardian.h - a small process that kills the launched target's whole
 * process group if schedviz dies without saying goodbye (SIGKILL, a crash).
 *
 * The guardian leads a new process group; the target joins it
 * (launch_opts.pgrp), so "the target's process group" is the guardian's
 * and its id is the guardian's pid, known before the target is forked. The
 * guardian holds the read end of a pipe whose only write end is
 * schedviz's; it ignores the stop signals sent to that group. When the
 * write end closes without a byte written first, schedviz is gone: the
 * guardian sends SIGKILL to the group, itself included.
 *
 * Signals the group gets from elsewhere than schedviz (a terminal's Ctrl-C
 * when the group is the terminal's foreground, a kill(1) of the group)
 * reach the guardian as well as the target: it tells schedviz of each stop
 * signal (SIGINT, SIGTERM, SIGHUP) through a second pipe, so schedviz knows
 * the target was asked to stop without asking it a second time.
 *
 * What it cannot catch: a descendant that left the group (setsid() or
 * setpgid(), as a daemon does) before schedviz died.
 */
#ifndef SCHEDVIZ_GUARDIAN_H
#define SCHEDVIZ_GUARDIAN_H

#include <sys/types.h>

struct guardian {
	pid_t pid;	/* the guardian, and the target's process group; -1: none */
	int fd;		/* our write end of its lifeline (close-on-exec); -1: closed */
	int notify_fd;	/* the stop signals it saw, a byte each (non-blocking,
			   close-on-exec); -1: closed */
};

/*
 * Fork the guardian (from the thread that will launch the target, before
 * the collector is armed, so the guardian is not traced). On success g->pid
 * is its pid and its process group's id. Returns 0 or -errno (pipe, fork).
 */
int guardian__start(struct guardian *g);

/*
 * The next stop signal the group got from elsewhere than this process, as
 * the guardian saw it (poll g->notify_fd for POLLIN); 0: none yet. Once
 * the guardian is gone (EOF) g->notify_fd is closed and -1.
 */
int guardian__take_signal(struct guardian *g);

/*
 * schedviz ends normally: tell the guardian to leave the group alone, and
 * reap it. What is left in the group runs on. Idempotent; a guardian never
 * started (pid -1) is fine.
 */
void guardian__stand_down(struct guardian *g);

#endif
