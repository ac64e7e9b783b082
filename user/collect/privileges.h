/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * privileges.h - can this process load our BPF programs at all, and, once
 * they are loaded and attached, the capabilities it lets go of.
 */
#ifndef SCHEDVIZ_PRIVILEGES_H
#define SCHEDVIZ_PRIVILEGES_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Check, before touching BPF, what a load needs: CAP_BPF with CAP_PERFMON,
 * or CAP_SYS_ADMIN, in the effective set (root has them;
 * kernel/bpf/syscall.c: bpf_token_capable(); tracing programs need
 * perfmon_capable()), and kernel BTF at /sys/kernel/btf/vmlinux (tp_btf
 * and CO-RE, CONFIG_DEBUG_INFO_BTF). Returns 0, or -EPERM / -ENOENT with
 * *why set to a one-line remedy (static storage).
 */
int privileges__check(const char **why);

/* privileges__check()'s first test alone: has this thread those capabilities? */
bool privileges__can_load(void);

/* privileges__check()'s lines (static storage), for load_error.c too. */
const char *privileges__no_privilege_line(void);
const char *privileges__no_btf_line(void);

/*
 * The capabilities (a mask of 1 << CAP_*) schedviz still needs once its
 * programs are attached and the target launched; everything else it holds
 * can go (privileges__drop()):
 *  - reading the rings needs nothing: they are mmapped already, and the
 *    files were opened before (or are created with the invoker's fs ids,
 *    identity.h, which need no capability);
 *  - CAP_KILL when signal_other_uid: a launched target running as another
 *    user (under sudo) gets Ctrl-C, --duration's SIGINT and the final
 *    SIGKILL from us, and the kernel sends its parent-death SIGKILL with
 *    our credentials when we die (kernel/exit.c: forget_original_parent()
 *    -> kernel/signal.c: check_kill_permission(), kill_ok_by_cred():
 *    uid 0 may signal a uid-1000 task only with CAP_KILL);
 *  - CAP_BPF on a kernel before 5.19 with kernel.unprivileged_bpf_disabled
 *    set: there every bpf(2) command, even a lookup in a map we hold (the
 *    lost counts, collector__lost()), needs it (kernel/bpf/syscall.c:
 *    __sys_bpf(); 5.19 limits the sysctl to BPF_PROG_LOAD and
 *    BPF_MAP_CREATE). Program info (recursion_misses) needs none
 *    (bpf_prog_get_info_by_fd() fills it before its bpf_capable() test).
 *  - CAP_SYS_PTRACE when read_root_target: a launched target running as
 *    root (no sudo, or --as-root). Whether a task's final switch was made
 *    when the trace lost it is read in /proc/<tid>/syscall (task_gone.h),
 *    which needs ptrace access (fs/proc/base.c: proc_pid_syscall() ->
 *    lock_trace(), PTRACE_MODE_ATTACH_FSCREDS); to a task with capabilities
 *    only a caller whose permitted set holds them all, or CAP_SYS_PTRACE,
 *    has it (security/commoncap.c: cap_ptrace_access_check()). A target
 *    running as sudo's user has none: our fs uid is that user's, which is
 *    enough (kernel/ptrace.c: __ptrace_may_access()).
 * Nothing else for /proc: the tasks met at attach were read before, and their
 * names afterwards come from the programs. A root target that changes
 * users itself (su, setpriv) is signalled only where uid 0 still may:
 * unlike sudo's invoker, that is not known before it happens.
 */
uint64_t privileges__needed(bool signal_other_uid, bool read_root_target);

/*
 * Keep only the capabilities in keep (that this thread has): permitted
 * and effective become keep, inheritable and ambient empty (capset(2);
 * security/commoncap.c: cap_capset() drops ambient capabilities outside
 * permitted and inheritable). They never come back: schedviz execs
 * nothing afterwards. Call it single-threaded (capset(2) sets the calling
 * thread's). Returns 0 or -errno.
 */
int privileges__drop(uint64_t keep);

#endif
