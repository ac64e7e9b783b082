// SPDX-License-Identifier: GPL-2.0-only
/*
 * guardian.c - kill the target's process group when schedviz dies (see
 * guardian.h). The kernel facts it stands on:
 *  - Every exit, SIGKILL included, closes the dying process's files
 *    (kernel/exit.c: do_exit() -> exit_files()); a pipe's reader then gets
 *    0 from read() once no writer is left (fs/pipe.c: pipe_read()).
 *  - The write end is close-on-exec, so the target, forked after it was
 *    made, drops it at its exec (fs/exec.c: begin_new_exec() ->
 *    do_close_on_exec()); before that exec the target holds a copy for a
 *    moment, and its own death (PR_SET_PDEATHSIG) closes that copy too.
 *  - A signal to a process group reaches every member
 *    (kernel/signal.c: __kill_pgrp_info()), and a fork racing with it
 *    cannot leave a child outside: copy_process() (kernel/fork.c) backs
 *    out and restarts a fork that a group signal arrived during, so the
 *    child is either made before the signal (and gets it) or after.
 *  - A process group may only be joined within the session
 *    (kernel/sys.c: setpgid()); the guardian stays in schedviz's session.
 */
#include "guardian.h"
#include "privileges.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define STAND_DOWN 'g'	/* the byte schedviz writes when it ends normally */
#define LIFELINE_FD 0	/* in the guardian: the lifeline's read end */
#define NOTIFY_FD 1	/* in the guardian: the notify pipe's write end */

static pid_t owner;	/* in the guardian: schedviz */

/* Close every fd above NOTIFY_FD. */
static void close_others(void)
{
	if (close_range(NOTIFY_FD + 1, ~0u, 0) == 0)
		return;
	for (int fd = NOTIFY_FD + 1; fd < 1024; fd++)
		close(fd);
}

/*
 * A stop signal to the group. One schedviz sent (kill(2): si_code <= 0,
 * kernel/signal.c: prepare_kill_siginfo()) it knows of; any other, from
 * the terminal (SI_KERNEL) or another process, it is told of.
 */
static void on_stop(int sig, siginfo_t *si, void *uc)
{
	unsigned char b = (unsigned char)sig;

	(void)uc;
	if (si->si_code <= 0 && si->si_pid == owner)
		return;
	if (write(NOTIFY_FD, &b, 1) < 0)
		(void)0;	/* schedviz gone or not reading: nothing to do */
}

/* Move fd to want (both open); the old number is closed. -1 on failure. */
static int move_fd(int fd, int want)
{
	if (fd == want)
		return 0;
	if (dup2(fd, want) < 0)
		return -1;
	close(fd);
	return 0;
}

static void guard(int rfd, int nfd)
{
	static const int quiet[] = { SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE,
				     SIGTSTP, SIGTTIN, SIGTTOU };
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_sigaction = on_stop, .sa_flags = SA_SIGINFO };
	char b = 0;
	ssize_t n;

	owner = getppid();
	/* the group's signals are the target's to act on, not ours */
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		signal(quiet[i], SIG_IGN);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		sigaction(stops[i], &sa, NULL);
	prctl(PR_SET_NAME, "schedviz-guard");
	/* rfd, nfd > 2 unless stdio was closed: make room first */
	if (nfd == LIFELINE_FD) {
		int t = dup(nfd);

		if (t < 0)
			_exit(1);
		close(nfd);
		nfd = t;
	}
	if (move_fd(rfd, LIFELINE_FD) < 0 || move_fd(nfd, NOTIFY_FD) < 0)
		_exit(1);
	close_others();	/* BPF objects, the trace file, the terminal */
	/* all it may still do is kill the group, which may run as the user
	 * who ran sudo: CAP_KILL, nothing else (privileges.h) */
	privileges__drop(privileges__needed(true, false));
	do
		n = read(LIFELINE_FD, &b, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && b == STAND_DOWN)
		_exit(0);
	/* EOF (or a read error): schedviz is gone; so is the group, with us */
	kill(-getpid(), SIGKILL);
	_exit(0);
}

int guardian__start(struct guardian *g)
{
	int life[2], note[2], err;
	pid_t k;

	g->pid = -1;
	g->fd = g->notify_fd = -1;
	if (pipe2(life, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(note, O_CLOEXEC | O_NONBLOCK) < 0) {
		err = -errno;
		goto close_life;
	}
	k = fork();
	if (k < 0) {
		err = -errno;
		close(note[0]);
		close(note[1]);
		goto close_life;
	}
	if (k == 0) {
		close(life[1]);
		close(note[0]);
		setpgid(0, 0);
		guard(life[0], note[1]);
	}
	close(life[0]);
	close(note[1]);
	/* also here, so the group exists before the target asks to join it
	 * (whichever of the two calls runs first makes it) */
	setpgid(k, k);
	g->pid = k;
	g->fd = life[1];
	g->notify_fd = note[0];
	return 0;
close_life:
	close(life[0]);
	close(life[1]);
	return err;
}

int guardian__take_signal(struct guardian *g)
{
	unsigned char b;
	ssize_t n;

	if (g->notify_fd < 0)
		return 0;
	n = read(g->notify_fd, &b, 1);
	if (n == 0) {	/* the guardian is gone (the group was killed): no more */
		close(g->notify_fd);
		g->notify_fd = -1;
	}
	return n == 1 ? b : 0;
}

void guardian__stand_down(struct guardian *g)
{
	char b = STAND_DOWN;

	if (g->pid <= 0)
		return;
	if (g->fd >= 0) {
		/* EPIPE when a SIGKILL to the group took it already */
		if (write(g->fd, &b, 1) < 0)
			(void)0;
		close(g->fd);
		g->fd = -1;
	}
	while (waitpid(g->pid, NULL, 0) < 0 && errno == EINTR)
		;
	g->pid = -1;
	if (g->notify_fd >= 0)
		close(g->notify_fd);
	g->notify_fd = -1;
}
