// SPDX-License-Identifier: GPL-2.0-only
/* attach.c - the tasks already running that a source traces (see attach.h). */
#include "attach.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CGROUP2_MAGIC 0x63677270	/* include/uapi/linux/magic.h: CGROUP2_SUPER_MAGIC */
#define THREAD_PIDFD O_EXCL		/* include/uapi/linux/pidfd.h: PIDFD_THREAD (6.9+) */

struct task_facts {
	char comm[SCHED_COMM_LEN];
	int32_t tgid, ppid;
};

/* Name:, Tgid: and PPid: of /proc/<tid>/status (fs/proc/array.c). 0 or -errno. */
static int read_facts(int32_t tid, struct task_facts *f)
{
	char path[64], line[256];
	FILE *fp;
	int got = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	fp = fopen(path, "re");
	if (!fp)
		return -errno;
	memset(f, 0, sizeof(*f));
	while (fgets(line, sizeof(line), fp) && got < 3) {
		if (!strncmp(line, "Name:\t", 6)) {
			line[strcspn(line, "\n")] = '\0';
			size_t n = strlen(line + 6);

			n = n < sizeof(f->comm) - 1 ? n : sizeof(f->comm) - 1;
			memcpy(f->comm, line + 6, n);
			f->comm[n] = '\0';
			got++;
		} else if (sscanf(line, "Tgid: %d", &f->tgid) == 1 ||
			   sscanf(line, "PPid: %d", &f->ppid) == 1) {
			got++;
		}
	}
	fclose(fp);
	return got == 3 ? 0 : -ESRCH;
}

static int declare(struct collector *c, int32_t tid, uint64_t ts)
{
	struct task_facts f;

	if (read_facts(tid, &f))
		return 0;	/* exited meanwhile: its events name it, if any */
	return collector__declare(c, tid, f.tgid, f.ppid, f.comm, ts);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/*
 * Mark and declare the threads of process pid not marked yet; *marked
 * counts those marked now. 0, -ESRCH (the process is gone), -errno.
 */
static int mark_threads(struct collector *c, int32_t pid, uint64_t ts, int *marked)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int err = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? -ESRCH : -errno;
	while (!err && (de = readdir(d))) {
		int32_t tid;
		int fd;

		if (!all_digits(de->d_name))
			continue;
		tid = (int32_t)atoi(de->d_name);
		fd = (int)syscall(SYS_pidfd_open, tid, THREAD_PIDFD);
		if (fd < 0) {
			if (errno != ESRCH)
				err = -errno;	/* e.g. EINVAL: a kernel before 6.9 */
			continue;
		}
		err = collector__mark(c, fd);
		close(fd);
		if (err == -EEXIST || err == -ESRCH) {
			err = 0;	/* traced already, or gone */
			continue;
		}
		if (!err) {
			(*marked)++;
			err = declare(c, tid, ts);
		}
	}
	closedir(d);
	return err;
}

/* Is pid a process (a thread group leader) that has not exited? */
static bool is_process(int32_t pid)
{
	struct task_facts f;

	return pid > 0 && !read_facts(pid, &f) && f.tgid == pid;
}

int attach__check(const struct attach_spec *spec, int32_t *bad_pid)
{
	*bad_pid = 0;
	for (size_t i = 0; spec->source == COLLECT_PIDS && i < spec->npids; i++) {
		if (!is_process(spec->pids[i])) {
			*bad_pid = spec->pids[i];
			return -ESRCH;
		}
	}
	return 0;
}

static int attach_pids(struct collector *c, const struct attach_spec *s, uint64_t ts,
		       int32_t *bad)
{
	int marked, err = attach__check(s, bad);

	if (err)
		return err;
	do {	/* until a pass finds every thread marked */
		marked = 0;
		for (size_t i = 0; i < s->npids; i++) {
			err = mark_threads(c, s->pids[i], ts, &marked);
			if (err) {
				*bad = s->pids[i];
				return err;
			}
		}
	} while (marked);
	return 0;
}

/* Declare the tasks of every process in /proc. */
static int attach_all(struct collector *c, uint64_t ts)
{
	DIR *d = opendir("/proc"), *td;
	struct dirent *de, *te;
	char path[64];
	int err = 0;

	if (!d)
		return -errno;
	while (!err && (de = readdir(d))) {
		if (!all_digits(de->d_name) || strlen(de->d_name) > 20)
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/task", de->d_name);
		td = opendir(path);
		if (!td)
			continue;	/* exited */
		while (!err && (te = readdir(td)))
			if (all_digits(te->d_name))
				err = declare(c, (int32_t)atoi(te->d_name), ts);
		closedir(td);
	}
	closedir(d);
	return err;
}

/* Declare the threads of the cgroup at dir and of every cgroup below it. */
static int attach_cgroup(struct collector *c, const char *dir, uint64_t ts, int depth)
{
	char *path = NULL;
	struct dirent *de;
	FILE *fp;
	DIR *d;
	int tid, err = 0;

	if (depth > 64 || asprintf(&path, "%s/cgroup.threads", dir) < 0)
		return depth > 64 ? -ELOOP : -ENOMEM;
	fp = fopen(path, "re");
	free(path);
	if (!fp)
		return errno == ENOENT ? 0 : -errno;	/* removed meanwhile */
	while (!err && fscanf(fp, "%d", &tid) == 1)
		err = declare(c, tid, ts);
	fclose(fp);
	d = opendir(dir);
	if (!d)
		return err;
	while (!err && (de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) < 0) {
			err = -ENOMEM;
			break;
		}
		err = attach_cgroup(c, path, ts, depth + 1);
		free(path);
	}
	closedir(d);
	return err;
}

int attach__cgroup_id(const char *path, uint64_t *id)
{
	struct statfs fs;
	struct stat st;

	if (stat(path, &st) || statfs(path, &fs))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (fs.f_type != CGROUP2_MAGIC)
		return -EMEDIUMTYPE;
	*id = (uint64_t)st.st_ino;
	return 0;
}

int attach__start(struct collector *c, const struct attach_spec *spec, uint64_t ts_ns,
		  int32_t *bad_pid)
{
	*bad_pid = 0;
	switch (spec->source) {
	case COLLECT_PIDS:
		return attach_pids(c, spec, ts_ns, bad_pid);
	case COLLECT_ALL:
		return attach_all(c, ts_ns);
	case COLLECT_CGROUP:
		return attach_cgroup(c, spec->cgroup, ts_ns, 0);
	default:
		return 0;
	}
}
