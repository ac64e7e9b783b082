/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run_info.h - what schedviz knows about one traced run besides its events:
 * the target's command line, exit, and the kernel's own rusage for it.
 * Written to the trace file footer, so a replayed trace summarizes exactly
 * as the live run did.
 */
#ifndef SCHEDVIZ_RUN_INFO_H
#define SCHEDVIZ_RUN_INFO_H

#include <stdint.h>

#define RUN_NAME_LEN 64

struct run_info {
	int argc;
	char **argv;		/* owned; argv[argc] == NULL */
	char scenario[RUN_NAME_LEN]; /* bundled scenario name, "" for a command */
	int32_t pid;		/* the launched child (TGID) */
	int exit_code;		/* 0..255 as a shell reports it (128+signal when killed) */
	int term_signal;	/* signal that killed it, 0 if it exited */
	/* wait4() rusage of the child: kernel/sys.c: getrusage(), kernel/exit.c */
	uint64_t ru_nvcsw, ru_nivcsw;
	uint64_t ru_utime_ns, ru_stime_ns;
	uint64_t start_ns, end_ns; /* CLOCK_MONOTONIC: launch, and last event drained */
	uint64_t lost;		/* events lost before the model, all CPUs: records that
				   found their CPU's ring full, and tracepoint hits
				   our program missed by recursion (collector__lost()) */
	uint32_t ncpus;		/* possible CPUs when recorded */
	char kernel_release[65];   /* uname -r when recorded */
	/* a flight recording's trigger (record --trigger-latency): task
	 * trigger_tid waited trigger_wait_ns on a run queue, by the kernel's
	 * sched_info.run_delay (kernel/sched/stats.h), a wait that ended
	 * when it got the CPU at trigger_ns (CLOCK_MONOTONIC); 0: none fired */
	uint64_t trigger_ns, trigger_wait_ns;
	int32_t trigger_tid;
	/* a flight recording holds the run's last part only, from start_ns
	 * (then rusage is zero: it is the whole run's) */
	int flight;
	/* the launched target's own figures at its final switch, read from
	 * /proc/<pid>/schedstat of the zombie before the reap: ns run
	 * (se.sum_exec_runtime), ns waited on a run queue
	 * (sched_info.run_delay), times on a CPU (pcount); all 0: unknown */
	uint64_t final_run_ns, final_run_delay_ns, final_pcount;
};

/* Deep-copy argv into ri (argc strings). Returns 0 or -ENOMEM. */
int run_info__set_argv(struct run_info *ri, int argc, char *const argv[]);
/*
 * Fill the host facts ri leaves empty: kernel_release (uname(2)) and ncpus
 * (sysconf(_SC_NPROCESSORS_CONF)); fields already set are kept. No errors:
 * a fact that cannot be read stays empty.
 */
void run_info__fill_host(struct run_info *ri);

/* Free what run_info owns (argv) and zero it. NULL-safe. */
void run_info__clear(struct run_info *ri);

#endif
