/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * signals.h - the signals a command catches: SIGINT, SIGTERM, SIGHUP (the
 * user or the system asking us to stop) and, for run, SIGUSR1 (a
 * snapshot). Handlers only set flags; no SA_RESTART, so a wait returns.
 */
#ifndef SCHEDVIZ_CLI_SIGNALS_H
#define SCHEDVIZ_CLI_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

/*
 * Catch SIGINT, SIGTERM and SIGHUP; with live also SIGUSR1, and ignore
 * SIGPIPE (the target's output pipe may close before we write).
 */
void signals__catch(bool live);

/* The flag a stop signal sets (its number; 0: none), for view_loop__run(). */
const volatile sig_atomic_t *signals__stop_flag(void);

/* The stop signal caught and not yet taken (0: none); takes it. */
int signals__take(void);

/* Was SIGUSR1 caught since the last call? Takes it. */
bool signals__take_usr1(void);

#endif
