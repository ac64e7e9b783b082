/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * output_tail.h - the target's output while the view holds the terminal:
 * its stdout and stderr go to a pipe, shown in the view's output pane, and
 * their last 64 KiB are printed once the view has closed.
 */
#ifndef SCHEDVIZ_OUTPUT_TAIL_H
#define SCHEDVIZ_OUTPUT_TAIL_H

#include <stddef.h>
#include <stdio.h>

#include "tui.h"

#define OUTPUT_TAIL_BYTES (64 * 1024)

struct output_tail {
	int pipe[2];		/* the target's stdout+stderr; -1 when closed */
	int null_fd;		/* /dev/null: the target's stdin */
	char buf[OUTPUT_TAIL_BYTES];	/* the last bytes read */
	size_t len;
};

/* Closed (no fds). Call before anything that may run output_tail__close(). */
void output_tail__init(struct output_tail *o);

/*
 * Open the pipe (non-blocking read end) and /dev/null, all close-on-exec.
 * Returns 0 or -errno.
 */
int output_tail__open(struct output_tail *o);

/* After the launch: close our copy of the write end (EOF once the target's closes). */
void output_tail__launched(struct output_tail *o);

/* Read what the pipe holds: into t's output pane (t may be NULL) and the tail. */
void output_tail__read(struct output_tail *o, struct tui *t);

/* Write the tail kept to f. */
void output_tail__print(const struct output_tail *o, FILE *f);

/* Close every fd. Idempotent. */
void output_tail__close(struct output_tail *o);

#endif
