/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * identity.h - who schedviz works for when sudo started it. Under sudo
 * (real and effective uid 0, SUDO_UID and SUDO_GID naming a non-root user
 * of the password database), that user, "the invoker", owns what schedviz
 * creates: the launched target runs as the invoker (identity__enter()),
 * and the files schedviz writes are created with the invoker's
 * file-system identity (identity__files()), so they belong to the invoker
 * and go only where the invoker may write. Without sudo nothing changes.
 *
 * Credentials are process state: identity__init() reads the environment
 * and the password database once, and identity__invoker() hands the
 * result to whoever needs it (the launcher, the capability drop).
 */
#ifndef SCHEDVIZ_IDENTITY_H
#define SCHEDVIZ_IDENTITY_H

#include <stdbool.h>
#include <sys/types.h>

struct identity {
	uid_t uid;		/* SUDO_UID */
	gid_t gid;		/* SUDO_GID: the primary group sudo was run with */
	char *name;		/* the password database's pw_name, owned */
	char *home;		/* pw_dir, owned */
	char *shell;		/* pw_shell ("/bin/sh" when empty), owned */
	gid_t *groups;		/* getgrouplist(name, gid): gid and the
				   supplementary groups of /etc/group, owned */
	int ngroups;
	gid_t *root_groups;	/* our supplementary groups before
				   identity__files() (sudo's initgroups() of
				   root), owned: --as-root's target gets them */
	int nroot_groups;
};

/*
 * Look for the invoker once (later calls return the first answer).
 * Returns 0 (identity__invoker() now NULL when schedviz was not run by
 * sudo as root, or SUDO_UID/SUDO_GID is missing, malformed, 0, or names
 * no user), -ENOMEM, or -errno of getgroups().
 */
int identity__init(void);

/* The invoker identity__init() found, or NULL: not under sudo. */
const struct identity *identity__invoker(void);

/*
 * Make this thread's file-system identity the invoker's: supplementary
 * groups (setgroups(2), process-wide), fs gid and fs uid (setfsgid(2),
 * setfsuid(2)). From then on every file schedviz creates is owned by the
 * invoker and is checked against the invoker's permissions
 * (fs/namei.c: acl_permission_check() and fs/inode.c: inode_init_owner()
 * use current_fsuid()); the real and effective uid stay 0, so BPF still loads.
 * The kernel clears the file capabilities (CAP_DAC_OVERRIDE, CAP_CHOWN,
 * CAP_FOWNER...) from the effective set as fsuid leaves 0
 * (security/commoncap.c: cap_emulate_setxuid()/LSM_SETID_FS). Call it
 * before any thread exists. Returns 0 or -errno.
 */
int identity__files(const struct identity *id);

/*
 * In the target's child, before exec: with as_root false become the
 * invoker wholly: supplementary groups (initgroups), gid, then uid, real,
 * effective and saved (setresgid(2), setresuid(2): the kernel clears
 * every capability as all three uids leave 0, security/commoncap.c:
 * cap_emulate_setxuid()), and HOME, USER, LOGNAME, SHELL from the password
 * database. With as_root true (--as-root) stay root: root's groups and fs
 * ids back (identity__files() changed them for schedviz only). Either way
 * before PR_SET_PDEATHSIG, which a change of euid or fsuid clears
 * (kernel/cred.c: commit_creds()). Returns 0 or -errno; async-signal
 * unsafe only in setenv() (the caller is single-threaded).
 */
int identity__enter(const struct identity *id, bool as_root);

#endif
