// SPDX-License-Identifier: GPL-2.0-only
/* view_loop.c - frame, wait, tick: the loop every view runs (see view_loop.h). */
#include "view_loop.h"

#include <errno.h>

int view_loop__run(struct tui *t, struct tui_source *src, const struct view_loop_live *live,
		   const volatile sig_atomic_t *stop)
{
	bool quit = false, hung_up = false;

	for (;;) {
		struct pollfd pfd[1 + VIEW_LOOP_FDS] = {
			{ .fd = hung_up ? -1 : tui__input_fd(t), .events = POLLIN },
		};
		int timeout = VIEW_LOOP_WAIT_MS, n = 0, r;

		if (stop && *stop)
			return VIEW_LOOP_STOPPED;
		if (tui__step(t, src) == TUI_QUIT && !quit) {
			if (!live)
				return VIEW_LOOP_QUIT;
			quit = true;
		}
		if (live)
			n = live->watch(live->ctx, pfd + 1, VIEW_LOOP_FDS, &timeout);
		if (poll(pfd, (nfds_t)(1 + n), timeout) < 0 && errno != EINTR)
			return -errno;
		/* The terminal is gone (a hang-up no SIGHUP told us of: a shell
		 * between us and the terminal takes the signal): nobody can press
		 * q now, so leave as if they had, and stop polling its fd. */
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			hung_up = true;
			if (!live)
				return VIEW_LOOP_QUIT;
			quit = true;
		}
		if (!live)
			continue;
		r = live->tick(live->ctx, pfd + 1, n, quit, src);
		if (r < 0)
			return r;
		if (r > 0)
			return quit ? VIEW_LOOP_QUIT : VIEW_LOOP_OVER;
	}
}
