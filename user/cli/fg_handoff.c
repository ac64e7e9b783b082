// SPDX-License-Identifier: GPL-2.0-only
/* fg_handoff.c - the terminal's foreground, lent and taken back (see fg_handoff.h). */
#include "fg_handoff.h"

#include <signal.h>
#include <unistd.h>

void fg_handoff__give(struct fg_handoff *h, int fd, pid_t pgrp)
{
	h->fd = -1;
	if (!isatty(fd) || tcgetpgrp(fd) != getpgrp())
		return;
	if (tcsetpgrp(fd, pgrp) == 0)
		h->fd = fd;
}

void fg_handoff__take_back(struct fg_handoff *h)
{
	sigset_t ttou, old;

	if (h->fd < 0)
		return;
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	if (tcsetpgrp(h->fd, getpgrp()) < 0)
		(void)0;	/* the terminal is gone: nothing to give back */
	sigprocmask(SIG_SETMASK, &old, NULL);
	h->fd = -1;
}
