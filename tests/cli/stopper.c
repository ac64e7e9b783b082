// SPDX-License-Identifier: GPL-2.0-only
/*
 * stopper.c - a target for test_proc_counts.py: three named threads that
 * spin, sleep and contend on a mutex until stdin closes or says anything.
 * Prints "stopper pid N" on stdout at start.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static atomic_int stop;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long sink;

static void *spinner(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "spinner");
	while (!atomic_load(&stop))
		sink++;
	return NULL;
}

static void *sleeper(void *arg)
{
	struct timespec ts = { 0, 200 * 1000 };

	(void)arg;
	prctl(PR_SET_NAME, "sleeper");
	while (!atomic_load(&stop))
		nanosleep(&ts, NULL);
	return NULL;
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
	return NULL;
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
	return 0;
}
