// SPDX-License-Identifier: GPL-2.0-only
/* task_gone.c - a task's final switch, as /proc tells it (see task_gone.h). */
#include "task_gone.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool task_gone__switched_out(pid_t tid)
{
	static const char gone[] = "-1 0x0 0x0";
	char path[48], buf[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ESRCH;	/* reaped */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return !strncmp(buf, gone, sizeof(gone) - 1);
}

int task_gone__schedstat(pid_t tid, uint64_t *run_ns, uint64_t *run_delay_ns, uint64_t *pcount)
{
	char path[48];
	unsigned long long a, b, c;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fscanf(f, "%llu %llu %llu", &a, &b, &c);
	fclose(f);
	if (n != 3)
		return -EINVAL;
	*run_ns = a;
	*run_delay_ns = b;
	*pcount = c;
	return 0;
}
