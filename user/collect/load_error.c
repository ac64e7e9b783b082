// SPDX-License-Identifier: GPL-2.0-only
/* load_error.c - a failed load named by its cause (see load_error.h). */
#include "load_error.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "privileges.h"

#define LOCKDOWN_FILE "/sys/kernel/security/lockdown"
/* include/linux/errno.h (kernel-internal, not in <errno.h>): what
 * arch_prepare_bpf_trampoline() returns where there is none */
#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

enum lockdown_mode load_error__lockdown(const char *text)
{
	static const struct {
		const char *word;
		enum lockdown_mode mode;
	} modes[] = {
		{ "[none]", LOCKDOWN_NONE },
		{ "[integrity]", LOCKDOWN_INTEGRITY },
		{ "[confidentiality]", LOCKDOWN_CONFIDENTIALITY },
	};

	for (size_t i = 0; text && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strstr(text, modes[i].word))
			return modes[i].mode;
	return LOCKDOWN_UNKNOWN;
}

void load_error__facts(struct load_facts *f)
{
	char text[128] = "";
	struct utsname u;
	FILE *fp;

	memset(f, 0, sizeof(*f));
	f->can_load = privileges__can_load();
	f->btf = access("/sys/kernel/btf/vmlinux", R_OK) == 0;
	fp = fopen(LOCKDOWN_FILE, "re");
	if (fp) {
		if (!fgets(text, sizeof(text), fp))
			text[0] = '\0';
		fclose(fp);
	}
	f->lockdown = fp ? load_error__lockdown(text) : LOCKDOWN_UNKNOWN;
	if (!uname(&u))
		snprintf(f->release, sizeof(f->release), "%s", u.release);
	/* unprivileged, the probes say nothing true (any load is refused) */
	f->ringbuf = f->task_storage = f->task_pt_regs = -EPERM;
	if (!f->can_load)
		return;
	f->ringbuf = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL);
	f->task_storage = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL);
	/* libbpf cannot probe a tp_btf (BPF_PROG_TYPE_TRACING) program without
	 * an attach target; kprobes get the same tracing helpers
	 * (kernel/trace/bpf_trace.c: bpf_tracing_func_proto()) */
	f->task_pt_regs = libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_task_pt_regs,
						  NULL);
}

static char line[320];

/* One line for a feature this kernel lacks. */
static const char *missing(const struct load_facts *f, const char *feature, const char *since)
{
	snprintf(line, sizeof(line), "this kernel (%s) has no %s (Linux %s): schedviz needs "
		 "Linux 5.15 or later with BPF ring buffers, task storage and tp_btf",
		 f->release[0] ? f->release : "?", feature, since);
	return line;
}

int load_error__explain(int err, const struct load_facts *f, const char **why)
{
	bool refusal = err == -EPERM || err == -EACCES || err == -EINVAL;

	if (err == -E2BIG) {	/* our own ring sizing, before any BPF */
		*why = "this machine has more possible CPUs than the per-CPU record rings "
		       "can index: a schedviz limit no option changes; please report it";
		return err;
	}
	if (!f->can_load) {
		*why = privileges__no_privilege_line();
		return -EPERM;
	}
	if (!f->btf) {
		*why = privileges__no_btf_line();
		return -ENOENT;
	}
	if (refusal && f->lockdown == LOCKDOWN_CONFIDENTIALITY) {
		*why = "kernel lockdown (confidentiality, " LOCKDOWN_FILE ") forbids BPF "
		       "programs that read kernel memory: boot with lockdown=integrity or none "
		       "(Secure Boot can impose it)";
		return -EACCES;
	}
	if (err == -ENOSYS) {
		*why = "this kernel has no BPF system call: it needs CONFIG_BPF_SYSCALL=y";
		return -EOPNOTSUPP;
	}
	if (f->ringbuf == 0) {
		*why = missing(f, "BPF ring buffer", "5.8");
		return -EOPNOTSUPP;
	}
	if (f->task_storage == 0) {
		*why = missing(f, "BPF task storage", "5.11");
		return -EOPNOTSUPP;
	}
	if (f->task_pt_regs == 0) {
		*why = missing(f, "bpf_task_pt_regs() helper", "5.15");
		return -EOPNOTSUPP;
	}
	if (err == -ENOTSUPP) {	/* the kernel's own: no trampoline for tp_btf here */
		*why = missing(f, "BPF trampoline for tp_btf programs on this architecture",
			       "5.5 on x86-64, later elsewhere");
		return -EOPNOTSUPP;
	}
	if (err == -ENOENT || err == -ESRCH) {	/* libbpf: no BTF type for a tp_btf target */
		*why = "a scheduler tracepoint (sched_switch, sched_waking, task_newtask...) is "
		       "missing from this kernel's BTF: it needs CONFIG_DEBUG_INFO_BTF=y and "
		       "tracepoints (CONFIG_TRACEPOINTS)";
		return -EOPNOTSUPP;
	}
	if (err == -EPERM) {
		*why = "the kernel refused the BPF programs although schedviz has CAP_BPF and "
		       "CAP_PERFMON: a security module (SELinux, AppArmor, a BPF LSM) forbids "
		       "it; its denial is in the kernel log (journalctl -k)";
		return -EACCES;
	}
	if (refusal) {
		*why = "the kernel's verifier rejected the BPF programs; rerun with -v for "
		       "libbpf's log";
		return err;
	}
	if (err == -ENOMEM) {	/* the maps' memory: charged to the memory cgroup
				 * (kernel/bpf/syscall.c: bpf_map_area_alloc()) */
		*why = "the kernel has no memory for the record rings (the shared one is "
		       "--ring-mb MiB, charged to schedviz's memory cgroup): use a smaller "
		       "--ring-mb or free memory";
		return err;
	}
	*why = "loading the BPF programs failed; rerun with -v for libbpf's log";
	return err;
}
