// SPDX-License-Identifier: GPL-2.0-only
/* target_group.c - the target's process group, its guardian, its stops (see target_group.h). */
#include "target_group.h"

#include <signal.h>

#include "mono_clock.h"

#define SAME_STOP_NS (100ull * 1000 * 1000)

void target_group__init(struct target_group *tg)
{
	*tg = (struct target_group){ .guard = { .pid = -1, .fd = -1, .notify_fd = -1 },
				     .fg = { .fd = -1 } };
}

int target_group__open(struct target_group *tg, bool lend_terminal)
{
	int err;

	target_group__init(tg);
	err = guardian__start(&tg->guard);
	if (err)
		return err;
	if (lend_terminal)
		fg_handoff__give(&tg->fg, 0, tg->guard.pid);
	return 0;
}

pid_t target_group__id(const struct target_group *tg)
{
	return tg->guard.pid;
}

int target_group__notify_fd(const struct target_group *tg)
{
	return tg->guard.notify_fd;
}

void target_group__signal(const struct target_group *tg, int sig)
{
	if (tg->guard.pid > 0)
		kill(-tg->guard.pid, sig);
}

int target_group__stop(struct target_group *tg, int sig, bool own)
{
	uint64_t now = mono_ns();

	if (!own)
		sig = guardian__take_signal(&tg->guard);
	if (!sig)
		return 0;
	if (!tg->stop_sig) {
		tg->stop_sig = sig;
		tg->stop_own = own;
		tg->stop_ns = now;
		if (own)
			target_group__signal(tg, sig);
		return TARGET_STOP_FIRST;
	}
	if (own != tg->stop_own && now - tg->stop_ns < SAME_STOP_NS)
		return TARGET_STOP_SAME;
	return TARGET_STOP_AGAIN;
}

void target_group__take_terminal(struct target_group *tg)
{
	fg_handoff__take_back(&tg->fg);
}

void target_group__close(struct target_group *tg)
{
	fg_handoff__take_back(&tg->fg);
	guardian__stand_down(&tg->guard);
}
