// SPDX-License-Identifier: GPL-2.0-only
/* privileges.c - what loading needs, and letting go of it after (privileges.h). */
#include "privileges.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

#define BIT(cap) (1ull << (cap))

/* This thread's capability sets, as two 64-bit masks. 0 or -errno. */
static int caps_get(uint64_t *effective, uint64_t *permitted)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	*effective = d[0].effective | (uint64_t)d[1].effective << 32;
	*permitted = d[0].permitted | (uint64_t)d[1].permitted << 32;
	return 0;
}

bool privileges__can_load(void)
{
	uint64_t eff, prm;

	/* the capabilities, not the uid: root in a container, or under a
	 * bounding set without them, cannot load either */
	if (caps_get(&eff, &prm))
		return false;
	return (eff & BIT(CAP_BPF) && eff & BIT(CAP_PERFMON)) || eff & BIT(CAP_SYS_ADMIN);
}

const char *privileges__no_privilege_line(void)
{
	return geteuid() == 0 ?
	       "running as root but without CAP_BPF and CAP_PERFMON (a container or a "
	       "capability bounding set took them): grant them, or run schedviz on the host" :
	       "tracing needs root (or CAP_BPF and CAP_PERFMON): run it with sudo";
}

const char *privileges__no_btf_line(void)
{
	return "this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): it needs "
	       "CONFIG_DEBUG_INFO_BTF=y";
}

int privileges__check(const char **why)
{
	*why = NULL;
	if (!privileges__can_load()) {
		*why = privileges__no_privilege_line();
		return -EPERM;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		*why = privileges__no_btf_line();
		return -ENOENT;
	}
	return 0;
}

/* Does every bpf(2) command need CAP_BPF here (see privileges__needed())? */
static bool bpf_cmds_need_cap(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;
	int disabled = 1;	/* unreadable: assume the restrictive setting */
	FILE *f;

	if (uname(&u) || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return true;
	if (major > 5 || (major == 5 && minor >= 19))
		return false;
	f = fopen("/proc/sys/kernel/unprivileged_bpf_disabled", "re");
	if (f) {
		if (fscanf(f, "%d", &disabled) != 1)
			disabled = 1;
		fclose(f);
	}
	return disabled != 0;
}

uint64_t privileges__needed(bool signal_other_uid, bool read_root_target)
{
	uint64_t keep = 0;

	if (signal_other_uid)
		keep |= BIT(CAP_KILL);
	if (read_root_target)
		keep |= BIT(CAP_SYS_PTRACE);
	if (bpf_cmds_need_cap())
		keep |= BIT(CAP_BPF);
	return keep;
}

int privileges__drop(uint64_t keep)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };
	uint64_t eff, prm;
	int err = caps_get(&eff, &prm);

	if (err)
		return err;
	keep &= prm;	/* capset() refuses to add to permitted */
	d[0].effective = d[0].permitted = (uint32_t)keep;
	d[1].effective = d[1].permitted = (uint32_t)(keep >> 32);
	if (syscall(SYS_capset, &h, d) < 0)
		return -errno;
	return 0;
}
