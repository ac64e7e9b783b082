/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * load_error.h - why the BPF programs did not load or attach, in the
 * user's terms: each failure named by its cause with the remedy, and
 * reduced to one errno per cause so that the caller can give each its
 * own exit code (user/cli/load_exit.h).
 *
 *   -EPERM       not privileged (no CAP_BPF and CAP_PERFMON)
 *   -ENOENT      no kernel BTF
 *   -EACCES      kernel lockdown or a security module refused
 *   -EOPNOTSUPP  the kernel lacks a feature (too old, configured out, or
 *                no BPF trampoline on this architecture)
 *   other        the libbpf error as it came (-E2BIG, -ENOMEM, -EINVAL...)
 */
#ifndef SCHEDVIZ_LOAD_ERROR_H
#define SCHEDVIZ_LOAD_ERROR_H

#include <stdbool.h>

/* /sys/kernel/security/lockdown's selected mode (security/lockdown/lockdown.c) */
enum lockdown_mode {
	LOCKDOWN_UNKNOWN = 0,	/* no such file: no lockdown LSM, or no securityfs */
	LOCKDOWN_NONE,
	LOCKDOWN_INTEGRITY,	/* refuses bpf_probe_write_user(), which we do not use */
	LOCKDOWN_CONFIDENTIALITY, /* also bpf_probe_read_kernel*() (LOCKDOWN_BPF_READ_KERNEL,
				     kernel/trace/bpf_trace.c: bpf_tracing_func_proto()):
				     the verifier then rejects our programs */
};

/* What the kernel offers, gathered after a failure (load_error__facts()). */
struct load_facts {
	bool can_load;		/* privileges__can_load() */
	bool btf;		/* /sys/kernel/btf/vmlinux readable */
	enum lockdown_mode lockdown;
	/* libbpf probes: 1 present, 0 absent, negative: could not tell */
	int ringbuf;		/* BPF_MAP_TYPE_RINGBUF, Linux 5.8 */
	int task_storage;	/* BPF_MAP_TYPE_TASK_STORAGE, Linux 5.11 */
	int task_pt_regs;	/* the bpf_task_pt_regs() helper, Linux 5.15 */
	char release[65];	/* uname -r */
};

/*
 * The mode a /sys/kernel/security/lockdown text selects: the bracketed
 * word of "none integrity [confidentiality]". NULL or no bracket:
 * LOCKDOWN_UNKNOWN.
 */
enum lockdown_mode load_error__lockdown(const char *text);

/* Fill *f from this kernel (probes load tiny programs: call it privileged). */
void load_error__facts(struct load_facts *f);

/*
 * Name the cause of err (a negative errno from opening, loading or
 * attaching the programs) given the facts f: *why gets one line with the
 * remedy (static storage, valid until the next call), and the return is
 * the cause's errno of the table above.
 */
int load_error__explain(int err, const struct load_facts *f, const char **why);

#endif
