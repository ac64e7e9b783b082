/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * view_loop.h - the one loop that shows a view: a frame, a wait for a key
 * (and the live source's fds or timer), again. `schedviz run` (live, then
 * the final picture), `schedviz replay` and the golden-screen driver all
 * use it. Built on tui.h's public calls only.
 */
#ifndef SCHEDVIZ_VIEW_LOOP_H
#define SCHEDVIZ_VIEW_LOOP_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>

#include "tui.h"

#define VIEW_LOOP_FDS 8		/* fds a live source may add to the wait */
#define VIEW_LOOP_WAIT_MS 250	/* longest wait between frames without a key */

/* The live source's side of the loop: its fds and timers. */
struct view_loop_live {
	void *ctx;
	/*
	 * Before each wait: fill pfd[0..max) with the fds to watch (events
	 * set) and return how many (0..max); lower *timeout_ms (starts at
	 * VIEW_LOOP_WAIT_MS) to the next timer due, 0: do not wait.
	 */
	int (*watch)(void *ctx, struct pollfd *pfd, int max, int *timeout_ms);
	/*
	 * After each wait, pfd as watch filled them with revents set: read,
	 * deliver, update *src (now_ns, live, target_exited) for the next
	 * frame. quit is true from the turn the user asked to leave on.
	 * Returns 0 to go on, 1 when the source is over, or -errno.
	 */
	int (*tick)(void *ctx, const struct pollfd *pfd, int n, bool quit, struct tui_source *src);
};

enum view_loop_end {
	VIEW_LOOP_QUIT = 1,	/* the user quit (with live: the source is over since) */
	VIEW_LOOP_OVER,		/* live: the source is over, the user did not quit */
	VIEW_LOOP_STOPPED,	/* *stop was set (a signal) */
};

/*
 * Show src on t (both borrowed; live may update *src) until the user quits
 * (q, or the terminal hangs up: POLLHUP on its input, taken as q) or *stop is set (stop NULL: never) or, with live, the source is
 * over. Each turn: *stop checked, a frame (tui__step()), a wait of up to
 * VIEW_LOOP_WAIT_MS for a key or live's fds (a signal cuts it short), then
 * live->tick(). With live, quitting does not end the loop: tick is told and
 * the loop goes on until it reports the source over. Returns enum
 * view_loop_end, the -errno of poll() (not EINTR), or live->tick's -errno.
 */
int view_loop__run(struct tui *t, struct tui_source *src, const struct view_loop_live *live,
		   const volatile sig_atomic_t *stop);

#endif
