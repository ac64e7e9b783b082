/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fg_handoff.h - lend the terminal's foreground to the target's process
 * group while it runs without the view, and take it back.
 *
 * The target runs in a process group of its own (guardian.h). Left in the
 * background, it would be stopped by SIGTTIN on its first read of the
 * terminal (drivers/tty/tty_jobctrl.c: __tty_check_change()). In the
 * foreground it reads and writes the terminal as it would without
 * schedviz, and the terminal's Ctrl-C (SIGINT), Ctrl-\ and Ctrl-Z go to its
 * whole group, once, from the kernel (drivers/tty/n_tty.c: isig()); the
 * guardian in that group tells schedviz of the stop signals.
 */
#ifndef SCHEDVIZ_FG_HANDOFF_H
#define SCHEDVIZ_FG_HANDOFF_H

#include <stdbool.h>
#include <sys/types.h>

struct fg_handoff {
	int fd;		/* the terminal lent, -1: none */
};

/*
 * When fd is a terminal whose foreground group is ours, make pgrp (a group
 * in our session) its foreground. Otherwise (no terminal, we run in the
 * background) nothing changes. h->fd says which; never fails.
 */
void fg_handoff__give(struct fg_handoff *h, int fd, pid_t pgrp);

/*
 * Make our group the terminal's foreground again (SIGTTOU blocked meanwhile:
 * tcsetpgrp() from a background group raises it, kernel as above). Idempotent.
 */
void fg_handoff__take_back(struct fg_handoff *h);

#endif
