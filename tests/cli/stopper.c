// SPDX-License-Identifier: GPL-2.0-only
/*
 * stopper.c - a target for test_proc_counts.py: three named threads that
 * spin, sleep and contend on a mutex until stdin closes or says anything.
 * Prints "stopper pid N" on stdout at start, and as each task ends, its own
 * CPU clock as its last act: "cputime TID NS" (CLOCK_THREAD_CPUTIME_ID, the
 * kernel's se.sum_exec_runtime at the read: kernel/sched/core.c:
 * task_sched_runtime()).
 *
 * With the argument "--child" it also forks a child process, "stopchild", that spins, sleeps and yields
 * a fixed number of times and exits. Before its own end the stopper awaits
 * the child's last context switch and prints the zombie's final
 * /proc/<pid>/schedstat: "final PID RUN_NS RUN_DELAY_NS PCOUNT" (after that
 * switch nothing moves them: kernel/sched/stats.h: sched_info_depart()
 * re-queues only a task still runnable), then reaps it.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static atomic_int stop;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long sink;

/* Print this thread's CPU time, ns, in one write (stdout is a pipe). */
static void *report_cputime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	dprintf(1, "cputime %ld %lld\n", (long)syscall(SYS_gettid),
		(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	return NULL;
}

static void *spinner(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "spinner");
	while (!atomic_load(&stop))
		sink++;
	return report_cputime();
}

static void *sleeper(void *arg)
{
	struct timespec ts = { 0, 200 * 1000 };

	(void)arg;
	prctl(PR_SET_NAME, "sleeper");
	while (!atomic_load(&stop))
		nanosleep(&ts, NULL);
	return report_cputime();
}

static void *locker(void *arg)
{
	prctl(PR_SET_NAME, (const char *)arg);
	while (!atomic_load(&stop)) {
		pthread_mutex_lock(&lock);
		for (int i = 0; i < 20000; i++)
			sink++;
		pthread_mutex_unlock(&lock);
	}
	return report_cputime();
}

/* The child: 300 rounds of a short spin, a sleep and a yield. */
static void child_work(void)
{
	struct timespec ts = { 0, 100 * 1000 };

	prctl(PR_SET_NAME, "stopchild");
	for (int r = 0; r < 300; r++) {
		for (int i = 0; i < 20000; i++)
			sink++;
		nanosleep(&ts, NULL);
		sched_yield();
	}
	_exit(0);
}

/*
 * Await child's last switch (it drops its stack in that switch's
 * finish_task_switch(), kernel/sched/core.c; /proc/<pid>/syscall then
 * reads "-1 0x0 0x0", lib/syscall.c: collect_syscall()), print its final
 * schedstat, reap it. A failure prints "final PID error ...".
 */
static void report_child(pid_t pid)
{
	unsigned long long run, delay, pcount;
	char path[48], buf[128];
	struct timespec pause = { 0, 20 * 1000 };
	siginfo_t info;
	FILE *f;
	int ok = 0;

	while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0 && errno == EINTR)
		;
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	for (int i = 0; i < 250000 && !ok; i++) {	/* 5 s */
		f = fopen(path, "r");
		if (!f)
			break;
		ok = fgets(buf, sizeof(buf), f) && !strncmp(buf, "-1 0x0 0x0", 10);
		fclose(f);
		if (!ok)
			nanosleep(&pause, NULL);
	}
	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	f = fopen(path, "r");
	if (ok && f && fscanf(f, "%llu %llu %llu", &run, &delay, &pcount) == 3)
		dprintf(1, "final %d %llu %llu %llu\n", (int)pid, run, delay, pcount);
	else
		dprintf(1, "final %d error: no last switch or schedstat\n", (int)pid);
	if (f)
		fclose(f);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	pthread_t t[4];
	pid_t child;
	char c;

	printf("stopper pid %d\n", (int)getpid());
	fflush(stdout);
	child = argc > 1 && !strcmp(argv[1], "--child") ? fork() : -1;
	if (child == 0)
		child_work();
	pthread_create(&t[0], NULL, spinner, NULL);
	pthread_create(&t[1], NULL, sleeper, NULL);
	pthread_create(&t[2], NULL, locker, "locker-1");
	pthread_create(&t[3], NULL, locker, "locker-2");
	while (read(0, &c, 1) < 0)
		;
	atomic_store(&stop, 1);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	if (child > 0)
		report_child(child);
	report_cputime();
	return 0;
}
