// SPDX-License-Identifier: GPL-2.0-only
/*
 * stopper.c - a target for test_proc_counts.py: three named threads that
 * spin, sleep and contend on a mutex until stdin closes or says anything.
 * Prints "stopper pid N" on stdout at start, and as each task ends, its own
 * CPU clock as its last act: "cputime TID NS" (CLOCK_THREAD_CPUTIME_ID, the
 * kernel's se.sum_exec_runtime at the read: kernel/sched/core.c:
 * task_sched_runtime()).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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

int main(void)
{
	pthread_t t[4];
	char c;

	printf("stopper pid %d\n", (int)getpid());
	fflush(stdout);
	pthread_create(&t[0], NULL, spinner, NULL);
	pthread_create(&t[1], NULL, sleeper, NULL);
	pthread_create(&t[2], NULL, locker, "locker-1");
	pthread_create(&t[3], NULL, locker, "locker-2");
	while (read(0, &c, 1) < 0)
		;
	atomic_store(&stop, 1);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	report_cputime();
	return 0;
}
