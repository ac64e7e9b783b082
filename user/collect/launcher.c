// SPDX-License-Identifier: GPL-2.0-only
/* launcher.c - fork + exec of the target with exec-failure reporting. */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void child(const struct launch_opts *o, int report_fd, pid_t parent)
{
	int e;

	/* who the target is comes first: a change of uid clears the
	 * parent-death signal set below (kernel/cred.c: commit_creds()) */
	if (o->invoker && (e = identity__enter(o->invoker, o->as_root)) < 0) {
		errno = -e;
		goto fail;
	}
	/* schedviz killed (even by SIGKILL, which it cannot catch) must not
	 * leave its target running untraced: the kernel sends SIGKILL to this
	 * child when the thread that forked it exits (kernel/exit.c:
	 * forget_original_parent() sends each child its pdeath_signal). A
	 * parent that died before prctl() ran left us reparented already:
	 * then getppid() no longer names it, so go now. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		goto fail;
	if (getppid() != parent)
		_exit(125);
	if (o->pgrp >= 0)
		setpgid(0, o->pgrp);
	if (o->stdin_fd >= 0 && dup2(o->stdin_fd, 0) < 0)
		goto fail;
	if (o->stdout_fd >= 0 && dup2(o->stdout_fd, 1) < 0)
		goto fail;
	if (o->stderr_fd >= 0 && dup2(o->stderr_fd, 2) < 0)
		goto fail;
	/* the parent ignores some signals; the target starts with defaults */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	execvp(o->argv[0], o->argv);
fail:
	e = errno;
	if (write(report_fd, &e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(127);
	_exit(e == ENOENT ? 127 : 126);
}

int launcher__start(struct collector *c, const struct launch_opts *o, pid_t *pid,
		    int *exec_errno)
{
	int p[2], e = 0;
	pid_t k, self = getpid();
	ssize_t n;

	*exec_errno = 0;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	collector__arm(c);
	k = fork();
	if (k < 0) {
		int err = -errno;

		close(p[0]);
		close(p[1]);
		return err;
	}
	if (k == 0) {
		close(p[0]);
		child(o, p[1], self);
	}
	close(p[1]);
	/* also here, so the child is in its group before anyone signals it;
	 * after its exec this fails (EACCES, kernel/sys.c: setpgid()), and
	 * the child's own call has done it */
	if (o->pgrp >= 0)
		setpgid(k, o->pgrp ? o->pgrp : k);
	/* EOF on exec (the pipe is close-on-exec), 4 bytes on failure */
	do
		n = read(p[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(p[0]);
	*pid = k;
	if (n == (ssize_t)sizeof(e)) {
		*exec_errno = -e;
		while (waitpid(k, NULL, 0) < 0 && errno == EINTR)
			;
		return -ECHILD;
	}
	return 0;
}

int launcher__exited(pid_t pid)
{
	siginfo_t si = { 0 };

	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		if (errno != EINTR)
			return -errno;
	return si.si_pid == pid;
}

int launcher__reap(pid_t pid, int *exit_code, int *term_signal, struct rusage *ru)
{
	int status;
	pid_t r;

	do
		r = wait4(pid, &status, WNOHANG, ru);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r == 0)
		return 0;
	if (WIFSIGNALED(status)) {
		*term_signal = WTERMSIG(status);
		*exit_code = 128 + *term_signal;
	} else {
		*term_signal = 0;
		*exit_code = WEXITSTATUS(status);
	}
	return 1;
}
