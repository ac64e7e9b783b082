/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * target_group.h - the launched target's process group, as `run` and
 * `record` handle it: made by the guardian (guardian.h, which kills it if
 * schedviz dies), lent the terminal's foreground when there is no view
 * (fg_handoff.h), and told of stop signals exactly once:
 *
 *  - one schedviz catches (kill(1) of schedviz, or a terminal whose
 *    foreground schedviz kept: the view's) is passed on to the group;
 *  - one the group got itself (the terminal's Ctrl-C while the group has
 *    the foreground, a kill(1) of the group) is only noted: the guardian,
 *    a member, reports it.
 *
 * The first stop asks the target to end; a second one, later, means "end
 * now".
 */
#ifndef SCHEDVIZ_TARGET_GROUP_H
#define SCHEDVIZ_TARGET_GROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "fg_handoff.h"
#include "guardian.h"

struct target_group {
	struct guardian guard;
	struct fg_handoff fg;
	int stop_sig;		/* the first stop signal, 0: none yet */
	bool stop_own;		/* ... caught by us (else the group's own) */
	uint64_t stop_ns;	/* ... CLOCK_MONOTONIC */
};

enum target_stop {
	TARGET_STOP_FIRST = 1,	/* asked to end: trace on until it has */
	TARGET_STOP_SAME,	/* the first one again, by its other route */
	TARGET_STOP_AGAIN,	/* a second stop: end now */
};

/* No group yet: what target_group__close() may be given before open. */
void target_group__init(struct target_group *tg);

/*
 * Start the guardian (its group is the one the target joins: pass
 * target_group__id() as launch_opts.pgrp) and, with lend_terminal, lend it
 * stdin's terminal when ours. Call before the collector is armed. Returns 0
 * or -errno (guardian__start()); tg is then ready for target_group__close().
 */
int target_group__open(struct target_group *tg, bool lend_terminal);

/* The group's id (the guardian's pid); -1 when not open. */
pid_t target_group__id(const struct target_group *tg);

/* The fd to poll for a stop the group got itself (POLLIN); -1: none. */
int target_group__notify_fd(const struct target_group *tg);

/* sig to the whole group, while the guardian is unreaped (its pid is the id). */
void target_group__signal(const struct target_group *tg, int sig);

/*
 * A stop signal: sig caught by us (own: passed on to the group when it is
 * the first), or, with sig 0, whatever the guardian reports. Returns 0
 * (none), or enum target_stop. A stop by the other route within 100 ms of
 * the first is the same one (a terminal's hang-up reaches the shell, which
 * signals our job, and the foreground group).
 */
int target_group__stop(struct target_group *tg, int sig, bool own);

/* The terminal back to our group (before printing to it). Idempotent. */
void target_group__take_terminal(struct target_group *tg);

/*
 * The terminal back, and the guardian stood down: what is left in the group
 * runs on. Idempotent.
 */
void target_group__close(struct target_group *tg);

#endif
