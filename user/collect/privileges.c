// SPDX-License-Identifier: GPL-2.0-only
#include "privileges.h"

#include <errno.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static int has_cap(const struct __user_cap_data_struct d[2], int cap)
{
	return !!(d[cap / 32].effective & (1u << (cap % 32)));
}

int privileges__check(const char **why)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	*why = NULL;
	if (geteuid() != 0) {
		if (syscall(SYS_capget, &h, d) < 0 ||
		    !((has_cap(d, CAP_BPF) && has_cap(d, CAP_PERFMON)) ||
		      has_cap(d, CAP_SYS_ADMIN))) {
			*why = "tracing needs root (or CAP_BPF and CAP_PERFMON): run it with sudo";
			return -EPERM;
		}
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		*why = "this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): "
		       "it needs CONFIG_DEBUG_INFO_BTF=y";
		return -ENOENT;
	}
	return 0;
}
