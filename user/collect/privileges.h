/* SPDX-License-Identifier: GPL-2.0-only */
/* privileges.h - can this process load our BPF programs at all? */
#ifndef SCHEDVIZ_PRIVILEGES_H
#define SCHEDVIZ_PRIVILEGES_H

/*
 * Check, before touching BPF, what a load needs: root or CAP_BPF with
 * CAP_PERFMON (kernel/bpf/syscall.c: bpf_token_capable(); tracing programs
 * need perfmon_capable()), and kernel BTF at /sys/kernel/btf/vmlinux (tp_btf
 * and CO-RE, CONFIG_DEBUG_INFO_BTF). Returns 0, or -EPERM / -ENOENT with
 * *why set to a one-line remedy (static storage).
 */
int privileges__check(const char **why);

#endif
