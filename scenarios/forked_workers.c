// SPDX-License-Identifier: GPL-2.0-only
/*
 * forked_workers - a multiprocessing-style pool of forked worker processes.
 *
 * The parent forks --workers processes (mp-worker-N), then hands out --tasks
 * tasks over one pipe and collects the results over another, keeping at
 * most two tasks per worker in flight. Each task is --task-ms of CPU work.
 * After each task a worker adds 1 to a counter in shared memory
 * (MAP_SHARED), under a process-shared pthread mutex. At the end the parent
 * sends one stop record per worker and reaps them.
 *
 * Prints tasks handed out, results received, the shared counter, tasks per
 * worker, the parent's time blocked in pipe reads and waitpid, and the
 * children's rusage.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

/* Records smaller than PIPE_BUF: each write and read is atomic. */
struct task_msg {
	int32_t id;		/* -1: stop */
	int32_t pad;
};

struct result_msg {
	int32_t id;
	int32_t worker;		/* 1-based */
	uint64_t value;
};

struct shared_counter {
	pthread_mutex_t lock;	/* PTHREAD_PROCESS_SHARED */
	long done;
};

static void worker_loop(int worker, int task_fd, int result_fd,
			struct shared_counter *shared, uint64_t rounds)
{
	struct task_msg t;

	for (;;) {
		ssize_t n = read(task_fd, &t, sizeof(t));

		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(t) || t.id < 0)
			return;
		struct result_msg r = { .id = t.id, .worker = worker,
					.value = common__burn((uint64_t)t.id, rounds) };
		pthread_mutex_lock(&shared->lock);
		shared->done++;
		pthread_mutex_unlock(&shared->lock);
		if (write(result_fd, &r, sizeof(r)) != sizeof(r))
			_exit(COMMON_EXIT_FAIL);
	}
}

/*
 * Read one result. While waiting, check every 100 ms that no worker died: a
 * dead worker's task would never come back, and the survivors keep the pipe
 * open, so read() alone would wait forever.
 */
static ssize_t read_result(int fd, struct result_msg *r, const pid_t *pids, long workers)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, 100) == 0) {
		for (long i = 0; i < workers; i++) {
			int status;

			if (waitpid(pids[i], &status, WNOHANG) == pids[i])
				common__die("mp-worker-%ld died before the work was done", i + 1);
		}
	}
	return read(fd, r, sizeof(*r));
}

static void send_task(int fd, int32_t id)
{
	struct task_msg t = { .id = id };

	if (write(fd, &t, sizeof(t)) != sizeof(t))
		common__die("writing to the task pipe failed: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	long workers = 4, tasks = 250, task_ms = 8;
	const struct common_opt opts[] = {
		{ "workers", COMMON_OPT_LONG, &workers, 1, 256, NULL, "worker processes" },
		{ "tasks", COMMON_OPT_LONG, &tasks, 1, 1000000, NULL, "tasks to hand out" },
		{ "task-ms", COMMON_OPT_LONG, &task_ms, 0, 10000, NULL,
		  "CPU time of one task, ms" },
		{ NULL },
	};
	const struct common_prog prog = {
		"forked_workers",
		"A parent hands tasks over a pipe to forked worker processes.",
		opts, 120,
	};
	int task_pipe[2], result_pipe[2];
	struct shared_counter *shared;
	pthread_mutexattr_t attr;
	pid_t *pids;
	long *per_worker;
	unsigned char *seen;
	long sent = 0, received = 0;
	uint64_t rounds, t0, wall, blocked = 0, t;
	int failed = 0;

	common__parse_args(&prog, argc, argv);
	rounds = common__burn_calibrate((uint64_t)task_ms * 1000000ull);
	pids = calloc((size_t)workers, sizeof(*pids));
	per_worker = calloc((size_t)workers + 1, sizeof(*per_worker));
	seen = calloc((size_t)tasks, 1);
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!pids || !per_worker || !seen || shared == MAP_FAILED)
		common__die("out of memory");
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&shared->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	shared->done = 0;
	if (pipe(task_pipe) || pipe(result_pipe))
		common__die("pipe: %s (raise ulimit -n)", strerror(errno));

	t0 = common__now_ns();
	for (long i = 0; i < workers; i++) {
		pids[i] = common__fork("mp-worker-%ld", i + 1);
		if (pids[i] == 0) {
			close(task_pipe[1]);
			close(result_pipe[0]);
			worker_loop((int)i + 1, task_pipe[0], result_pipe[1], shared, rounds);
			_exit(0);
		}
	}
	close(task_pipe[0]);
	close(result_pipe[1]);

	while (received < tasks) {
		struct result_msg r;
		ssize_t n;

		while (sent < tasks && sent - received < 2 * workers)
			send_task(task_pipe[1], (int32_t)sent++);
		t = common__now_ns();
		n = read_result(result_pipe[0], &r, pids, workers);
		blocked += common__now_ns() - t;
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(r))
			common__die("a worker died: the result pipe closed after %ld of %ld results",
				    received, tasks);
		if (r.id < 0 || r.id >= tasks || seen[r.id] || r.worker < 1 || r.worker > workers)
			common__die("bad result record (task %d from worker %d)", r.id, r.worker);
		seen[r.id] = 1;
		per_worker[r.worker]++;
		received++;
	}
	for (long i = 0; i < workers; i++)
		send_task(task_pipe[1], -1);
	for (long i = 0; i < workers; i++) {
		int status;

		t = common__now_ns();
		status = common__wait_child(pids[i]);
		blocked += common__now_ns() - t;
		if (status) {
			common__error("mp-worker-%ld exited with status %d", i + 1, status);
			failed = 1;
		}
	}
	wall = common__now_ns() - t0;

	common__result("workers", "%ld", workers);
	common__result("tasks_sent", "%ld", sent);
	common__result("results_received", "%ld", received);
	common__result("shared_counter", "%ld", shared->done);
	for (long i = 1; i <= workers; i++)
		common__result_nth("mp-worker", i, "tasks", "%ld", per_worker[i]);
	common__result("parent_blocked_ms", "%.3f", blocked / 1e6);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result_rusage("self_", RUSAGE_SELF);
	common__result_rusage("children_", RUSAGE_CHILDREN);
	if (shared->done != tasks) {
		common__error("the shared counter is %ld, expected %ld", shared->done, tasks);
		failed = 1;
	}
	close(task_pipe[1]);
	close(result_pipe[0]);
	pthread_mutex_destroy(&shared->lock);
	munmap(shared, sizeof(*shared));
	free(seen);
	free(per_worker);
	free(pids);
	return failed ? COMMON_EXIT_FAIL : 0;
}
