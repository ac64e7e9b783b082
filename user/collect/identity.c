// SPDX-License-Identifier: GPL-2.0-only
/* identity.c - the user sudo ran schedviz for (see identity.h). */
#include "identity.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

static struct identity invoker;
static bool looked, found;

/* A decimal id, all digits, below (id_t)-1 (the kernel's "no change"). */
static bool parse_id(const char *s, unsigned long *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && !*end && *out < (unsigned long)(id_t)-1;
}

/* The groups getgrouplist() gives name with primary group gid. */
static int group_list(const char *name, gid_t gid, gid_t **out, int *n)
{
	int cap = 32;

	for (;;) {
		gid_t *g = realloc(*out, (size_t)cap * sizeof(*g));
		int want = cap;

		if (!g)
			return -ENOMEM;
		*out = g;
		if (getgrouplist(name, gid, g, &want) >= 0) {
			*n = want;
			return 0;
		}
		if (want <= cap)	/* glibc says how many; grow at least twice */
			want = cap * 2;
		if (want > 1 << 20)
			return -E2BIG;
		cap = want;
	}
}

/* Our supplementary groups now. */
static int own_groups(gid_t **out, int *n)
{
	int k = getgroups(0, NULL);

	if (k < 0)
		return -errno;
	*out = calloc((size_t)k + 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	k = getgroups(k, *out);
	if (k < 0)
		return -errno;
	*n = k;
	return 0;
}

static char *dup_or(const char *s, const char *fallback)
{
	return strdup(s && *s ? s : fallback);
}

static void clear(struct identity *id)
{
	free(id->name);
	free(id->home);
	free(id->shell);
	free(id->groups);
	free(id->root_groups);
	memset(id, 0, sizeof(*id));
}

int identity__init(void)
{
	unsigned long uid, gid;
	struct passwd *pw;
	int err;

	if (looked)
		return 0;
	looked = true;
	/* sudo sets these for the command it runs (sudo(8), ENVIRONMENT);
	 * they mean something only when that command is root */
	if (getuid() != 0 || geteuid() != 0 || !parse_id(getenv("SUDO_UID"), &uid) ||
	    !parse_id(getenv("SUDO_GID"), &gid) || uid == 0)
		return 0;
	errno = 0;
	pw = getpwuid((uid_t)uid);
	if (!pw)
		return errno == ENOMEM ? -ENOMEM : 0;	/* no such user: stay root */
	invoker.uid = (uid_t)uid;
	invoker.gid = (gid_t)gid;
	invoker.name = strdup(pw->pw_name);
	invoker.home = dup_or(pw->pw_dir, "/");
	invoker.shell = dup_or(pw->pw_shell, "/bin/sh");
	err = invoker.name && invoker.home && invoker.shell ? 0 : -ENOMEM;
	if (!err)
		err = group_list(invoker.name, invoker.gid, &invoker.groups, &invoker.ngroups);
	if (!err)
		err = own_groups(&invoker.root_groups, &invoker.nroot_groups);
	if (err) {
		clear(&invoker);
		return err;
	}
	found = true;
	return 0;
}

const struct identity *identity__invoker(void)
{
	return found ? &invoker : NULL;
}

/*
 * setfsuid()/setfsgid() report no error: they return the previous id. A
 * second call with the same id returns the id now in force.
 */
static int set_fs_ids(uid_t uid, gid_t gid)
{
	setfsgid(gid);
	if ((gid_t)setfsgid(gid) != gid)
		return -EPERM;
	setfsuid(uid);
	if ((uid_t)setfsuid(uid) != uid)
		return -EPERM;
	return 0;
}

int identity__files(const struct identity *id)
{
	if (setgroups((size_t)id->ngroups, id->groups) < 0)
		return -errno;
	return set_fs_ids(id->uid, id->gid);
}

int identity__enter(const struct identity *id, bool as_root)
{
	if (as_root) {
		if (setgroups((size_t)id->nroot_groups, id->root_groups) < 0)
			return -errno;
		return set_fs_ids(geteuid(), getegid());	/* fs ids follow the e-ids */
	}
	/* groups and gid first: once the uid is not 0 they cannot change */
	if (setgroups((size_t)id->ngroups, id->groups) < 0 ||
	    setresgid(id->gid, id->gid, id->gid) < 0 ||
	    setresuid(id->uid, id->uid, id->uid) < 0)
		return -errno;
	if (setenv("HOME", id->home, 1) < 0 || setenv("USER", id->name, 1) < 0 ||
	    setenv("LOGNAME", id->name, 1) < 0 || setenv("SHELL", id->shell, 1) < 0)
		return -errno;
	return 0;
}
