// SPDX-License-Identifier: GPL-2.0-only
/* signals.c - stop and snapshot signals as flags (see signals.h). */
#include "signals.h"

static volatile sig_atomic_t got_stop, got_usr1;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_stop = sig;
}

void signals__catch(bool live)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!live)
		return;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

const volatile sig_atomic_t *signals__stop_flag(void)
{
	return &got_stop;
}

int signals__take(void)
{
	int sig = got_stop;

	got_stop = 0;
	return sig;
}

bool signals__take_usr1(void)
{
	bool got = got_usr1;

	got_usr1 = 0;
	return got;
}
