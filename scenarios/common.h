/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * common.h - what every scenario program shares: option parsing with a
 * generated --help, naming tasks for their role, monotonic time, CPU
 * pinning, forking children that die with their parent, a watchdog, and
 * printing results as "key: value" lines.
 *
 * Conventions of every scenario program:
 *   - results go to stdout, one "key: value" per line (keys in snake_case,
 *     the unit in the key: wall_ms, us_per_roundtrip), so people read them
 *     and tests parse them;
 *   - diagnostics go to stderr, one line, with the remedy;
 *   - exit status: 0 success, COMMON_EXIT_FAIL when the scenario itself
 *     failed, COMMON_EXIT_USAGE on bad arguments, COMMON_EXIT_STUCK when it
 *     detected that it cannot make progress (deadlock), COMMON_EXIT_WATCHDOG
 *     when the watchdog ended it.
 */
#ifndef SCHEDVIZ_SCENARIO_COMMON_H
#define SCHEDVIZ_SCENARIO_COMMON_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>

enum {
	COMMON_EXIT_FAIL = 1,
	COMMON_EXIT_USAGE = 2,
	COMMON_EXIT_STUCK = 3,
	COMMON_EXIT_WATCHDOG = 124,	/* as timeout(1) */
};

/* ---- command line --------------------------------------------------- */

enum common_opt_kind {
	COMMON_OPT_LONG,	/* --name=N, an integer in [min, max] */
	COMMON_OPT_FLAG,	/* --name, sets *value to 1 */
	COMMON_OPT_CHOICE,	/* --name=WORD, *value = index of WORD in choices */
};

struct common_opt {
	const char *name;	/* long option name without "--" */
	enum common_opt_kind kind;
	long *value;		/* in: the default (shown by --help); out: the value */
	long min, max;		/* COMMON_OPT_LONG only */
	const char *const *choices;	/* COMMON_OPT_CHOICE only, NULL-terminated */
	const char *help;	/* one line */
};

struct common_prog {
	const char *name;	/* the scenario's name, as in the registry */
	const char *purpose;	/* one line for --help */
	const struct common_opt *opts;	/* terminated by an entry with name == NULL */
	unsigned watchdog_s;	/* default of --watchdog: seconds before giving up */
};

/*
 * Parse argv with getopt_long against prog->opts, plus the options every
 * scenario has: --help (print usage, exit 0) and --watchdog=S (0 = off).
 * Arms the watchdog (common__watchdog) and makes stdout line-buffered so
 * results interleave sanely with children's. On bad input prints one line
 * "NAME: ... (see NAME --help)" to stderr and exits COMMON_EXIT_USAGE.
 * Returns only on success.
 */
void common__parse_args(const struct common_prog *prog, int argc, char **argv);

/* ---- tasks ------------------------------------------------------------ */

/*
 * Name the calling thread (its comm, at most 15 bytes; longer names are cut)
 * with a printf-style format, via prctl(PR_SET_NAME). The kernel fires
 * task_rename (kernel/sys.c: prctl() -> __set_task_comm()), so the new name
 * shows in the trace from that point on.
 */
void common__name_self(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * Start a thread running fn(arg) that first names itself with the printf-style
 * format (the name is set before fn runs). Thread attributes are the
 * defaults (joinable). On failure prints one line and exits COMMON_EXIT_FAIL:
 * a scenario without its threads has nothing to show.
 */
void common__thread_start(pthread_t *thread, void *(*fn)(void *), void *arg,
			  const char *name_fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* pthread_join that exits COMMON_EXIT_FAIL on error; returns the thread's result. */
void *common__thread_join(pthread_t thread);

/*
 * Start n threads with common__thread_start(): thread i (0-based) runs
 * fn((char *)args + i * arg_size) and is named "ROLE-<i+1>" (arg_size 0: every
 * thread gets args itself). tids holds n entries; args stays the caller's and
 * must outlive the threads. Exits COMMON_EXIT_FAIL as common__thread_start().
 */
void common__threads_start(pthread_t *tids, long n, void *(*fn)(void *),
			   void *args, size_t arg_size, const char *role);

/* common__thread_join() on tids[0..n-1], in that order; results dropped. */
void common__threads_join(const pthread_t *tids, long n);

/*
 * common__threads_start() then common__threads_join() with the same
 * arguments: a phase done by n threads. Returns its wall time, ns on
 * CLOCK_MONOTONIC, from just before the first start to the last join.
 */
uint64_t common__threads_run(pthread_t *tids, long n, void *(*fn)(void *),
			     void *args, size_t arg_size, const char *role);

/*
 * fork() a child that names itself (printf-style format) and is killed with
 * SIGKILL when its parent dies (PR_SET_PDEATHSIG), so no child outlives a
 * failed or watchdog-ended scenario. Flushes stdio first so buffered output
 * is not printed twice. Returns the child's PID in the parent, 0 in the
 * child; on failure prints one line and exits COMMON_EXIT_FAIL.
 */
pid_t common__fork(const char *name_fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * waitpid(pid) and return its exit status (0..255), 128+signal when it was
 * killed; -errno when waiting failed. Reaps only after the child's last
 * context switch, so RUSAGE_CHILDREN then holds its final run time
 * (utime + stime = its last se.sum_exec_runtime, kernel/sched/cputime.c:
 * cputime_adjust()). Before the reap, prints the child's final schedstat as
 * the result "schedstat_PID: RUN_NS RUN_DELAY_NS PCOUNT".
 */
int common__wait_child(pid_t pid);

/* ---- CPUs ------------------------------------------------------------- */

/* CPUs this process may run on (sched_getaffinity), at least 1. */
int common__ncpus(void);

/*
 * The index'th CPU (0-based, wrapping) of this process's allowed set, for
 * pinning to "the first CPU", "the second CPU" without assuming numbering.
 */
int common__cpu_at(int index);

/* Pin the calling thread to one CPU (sched_setaffinity). 0 or -errno. */
int common__pin_self(int cpu);

/* ---- time and work ---------------------------------------------------- */

/* Now in ns on CLOCK_MONOTONIC (the clock of bpf_ktime_get_ns()). */
uint64_t common__now_ns(void);

/*
 * CPU time of clock (CLOCK_THREAD_CPUTIME_ID, CLOCK_PROCESS_CPUTIME_ID), ns:
 * the scheduler's own sum_exec_runtime (kernel/sched/cputime.c).
 */
uint64_t common__cpu_ns(clockid_t clock);

/* Sleep ns (nanosleep, restarted after signals). */
void common__sleep_ns(uint64_t ns);

/*
 * Sleep until CLOCK_MONOTONIC reads at least abs_ns (clock_nanosleep with
 * TIMER_ABSTIME, restarted after signals); returns at once if that is past.
 */
void common__sleep_until(uint64_t abs_ns);

/*
 * Initialise a condition variable whose timed waits take CLOCK_MONOTONIC
 * deadlines (common__timespec()), immune to wall-clock steps. 0 or -errno.
 */
int common__cond_init(pthread_cond_t *cond);

/*
 * ns as a timespec: a duration, or an absolute CLOCK_MONOTONIC time for
 * timed waits (pthread_cond_timedwait on a common__cond_init() condvar).
 */
struct timespec common__timespec(uint64_t ns);

/*
 * Pure CPU work: iters rounds of an integer hash the compiler cannot fold
 * away. Returns the hash (use it, e.g. sum it into a result you print).
 * About 1 ns per round on a current x86 core; calibrate with
 * common__burn_calibrate() rather than assume.
 */
uint64_t common__burn(uint64_t seed, uint64_t iters);

/*
 * Rounds of common__burn() that take about ns of CPU time here. The rate is
 * measured once per process, on the first call (about 20 ms of CPU time, by
 * CLOCK_THREAD_CPUTIME_ID, so preemption does not skew it); make that call
 * before starting threads (the cached rate is not locked) and forked
 * children inherit it.
 */
uint64_t common__burn_calibrate(uint64_t ns);

/* ---- watchdog ---------------------------------------------------------- */

/*
 * Arm (seconds > 0) or disarm (0) the watchdog: when it fires it writes one
 * line to stderr and _exit()s with COMMON_EXIT_WATCHDOG. Children made by
 * common__fork() then die by PR_SET_PDEATHSIG. Uses alarm()/SIGALRM, so
 * scenarios must not use alarm() themselves.
 */
void common__watchdog(unsigned seconds);

/* ---- results ----------------------------------------------------------- */

/* Print "key: value\n" on stdout, value printf-style. */
void common__result(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Print one per-task result "ROLE-N_WHAT: value\n" (the task's name, its
 * number, what was measured, as in "gil-worker-2_waited_ms"), value
 * printf-style, through common__result().
 */
void common__result_nth(const char *role, long n, const char *what,
			const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Print getrusage(who) (RUSAGE_SELF: every thread of this process, live or
 * exited; RUSAGE_CHILDREN: waited-for descendants) as result lines
 * PREFIXnvcsw, PREFIXnivcsw, PREFIXutime_ms, PREFIXstime_ms
 * (kernel/sys.c: getrusage()).
 */
void common__result_rusage(const char *prefix, int who);

/* Print one line "NAME: message" to stderr (the program name from
 * common__parse_args), printf-style. */
void common__error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* common__error() then exit(COMMON_EXIT_FAIL). */
void common__die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
