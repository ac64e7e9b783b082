/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * task_gone.h - has a task made its final switch? The kernel's answer, for
 * when the trace's own answer (the switch record) may have been lost.
 */
#ifndef SCHEDVIZ_TASK_GONE_H
#define SCHEDVIZ_TASK_GONE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * True once task tid has switched out for the last time, or is gone from
 * /proc (reaped): a dead task drops its stack in finish_task_switch() of
 * its final switch (kernel/sched/core.c), and from then on
 * /proc/<tid>/syscall reads "-1 0x0 0x0" (lib/syscall.c:
 * collect_syscall() finds no stack). False while it runs or sleeps, and
 * when the file cannot be read for another reason (no
 * CONFIG_HAVE_ARCH_TRACEHOOK, no ptrace access): the caller then waits as
 * it would without asking.
 */
bool task_gone__switched_out(pid_t tid);

/*
 * /proc/<tid>/schedstat of a task: se.sum_exec_runtime, sched_info.run_delay
 * (ns) and sched_info.pcount (kernel/sched/stats.c: show_schedstat() via
 * fs/proc/base.c: proc_pid_schedstat()). Of a zombie past its final switch
 * these are final: nothing runs it again. Returns 0, or -errno (-ENOENT:
 * reaped).
 */
int task_gone__schedstat(pid_t tid, uint64_t *run_ns, uint64_t *run_delay_ns, uint64_t *pcount);

#endif
