// SPDX-License-Identifier: GPL-2.0-only
/*
 * common.c - helpers shared by every scenario program (see common.h).
 */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NAME_LEN 16	/* TASK_COMM_LEN, include/linux/sched.h */

static const char *prog_name = "scenario";

/* ---- command line --------------------------------------------------- */

static void print_usage(const struct common_prog *prog)
{
	printf("usage: %s [options]\n%s\n\noptions:\n", prog->name, prog->purpose);
	for (const struct common_opt *o = prog->opts; o && o->name; o++) {
		char left[64];

		switch (o->kind) {
		case COMMON_OPT_LONG:
			snprintf(left, sizeof(left), "--%s=N", o->name);
			printf("  %-22s %s (default %ld, %ld..%ld)\n", left, o->help,
			       *o->value, o->min, o->max);
			break;
		case COMMON_OPT_FLAG:
			snprintf(left, sizeof(left), "--%s", o->name);
			printf("  %-22s %s\n", left, o->help);
			break;
		case COMMON_OPT_CHOICE:
			snprintf(left, sizeof(left), "--%s=WORD", o->name);
			printf("  %-22s %s: ", left, o->help);
			for (size_t i = 0; o->choices[i]; i++)
				printf("%s%s", i ? "|" : "", o->choices[i]);
			printf(" (default %s)\n", o->choices[*o->value]);
			break;
		}
	}
	printf("  %-22s give up after S seconds, 0 = never (default %u)\n",
	       "--watchdog=S", prog->watchdog_s);
	printf("  %-22s show this help\n", "-h, --help");
	printf("\nResults are printed on stdout as \"key: value\" lines.\n");
}

static void __attribute__((noreturn, format(printf, 2, 3)))
usage_error(const struct common_prog *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see %s --help)\n", prog->name);
	exit(COMMON_EXIT_USAGE);
}

static long parse_long(const struct common_prog *prog, const char *opt,
		       const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		usage_error(prog, "--%s: expected an integer from %ld to %ld, got '%s'",
			    opt, min, max, arg);
	return v;
}

static void apply_opt(const struct common_prog *prog, const struct common_opt *o,
		      const char *arg)
{
	switch (o->kind) {
	case COMMON_OPT_LONG:
		*o->value = parse_long(prog, o->name, arg, o->min, o->max);
		return;
	case COMMON_OPT_FLAG:
		*o->value = 1;
		return;
	case COMMON_OPT_CHOICE:
		for (long i = 0; o->choices[i]; i++) {
			if (!strcmp(o->choices[i], arg)) {
				*o->value = i;
				return;
			}
		}
		usage_error(prog, "--%s: unknown value '%s'", o->name, arg);
	}
}

void common__parse_args(const struct common_prog *prog, int argc, char **argv)
{
	enum { OPT_HELP = 'h', OPT_WATCHDOG = 1000, OPT_FIRST = 1001 };
	struct option *longopts;
	size_t n = 0;
	long watchdog = prog->watchdog_s;
	int c;

	prog_name = prog->name;
	while (prog->opts && prog->opts[n].name)
		n++;
	longopts = calloc(n + 3, sizeof(*longopts));
	if (!longopts)
		common__die("out of memory");
	for (size_t i = 0; i < n; i++) {
		longopts[i].name = prog->opts[i].name;
		longopts[i].has_arg = prog->opts[i].kind == COMMON_OPT_FLAG ?
				      no_argument : required_argument;
		longopts[i].val = OPT_FIRST + (int)i;
	}
	longopts[n] = (struct option){ "watchdog", required_argument, NULL, OPT_WATCHDOG };
	longopts[n + 1] = (struct option){ "help", no_argument, NULL, OPT_HELP };

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == OPT_HELP) {
			print_usage(prog);
			exit(0);
		} else if (c == OPT_WATCHDOG) {
			watchdog = parse_long(prog, "watchdog", optarg, 0, 3600);
		} else if (c >= OPT_FIRST && c < OPT_FIRST + (int)n) {
			apply_opt(prog, &prog->opts[c - OPT_FIRST], optarg);
		} else if (c == ':') {
			usage_error(prog, "%s needs a value", argv[optind - 1]);
		} else {
			usage_error(prog, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error(prog, "unexpected argument '%s'", argv[optind]);
	free(longopts);

	setvbuf(stdout, NULL, _IOLBF, 0);
	common__watchdog((unsigned)watchdog);
}

/* ---- tasks ------------------------------------------------------------ */

void common__name_self(const char *fmt, ...)
{
	char name[NAME_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	prctl(PR_SET_NAME, name, 0, 0, 0);
}

struct trampoline {
	void *(*fn)(void *);
	void *arg;
	char name[NAME_LEN];
};

static void *thread_trampoline(void *p)
{
	struct trampoline t = *(struct trampoline *)p;

	free(p);
	common__name_self("%s", t.name);
	return t.fn(t.arg);
}

void common__thread_start(pthread_t *thread, void *(*fn)(void *), void *arg,
			  const char *name_fmt, ...)
{
	struct trampoline *t = malloc(sizeof(*t));
	va_list ap;
	int err;

	if (!t)
		common__die("out of memory starting a thread");
	t->fn = fn;
	t->arg = arg;
	va_start(ap, name_fmt);
	vsnprintf(t->name, sizeof(t->name), name_fmt, ap);
	va_end(ap);
	err = pthread_create(thread, NULL, thread_trampoline, t);
	if (err) {
		free(t);
		common__die("cannot start thread: %s (raise ulimit -u or use fewer threads)",
			    strerror(err));
	}
}

void *common__thread_join(pthread_t thread)
{
	void *ret;
	int err = pthread_join(thread, &ret);

	if (err)
		common__die("pthread_join: %s", strerror(err));
	return ret;
}

void common__threads_start(pthread_t *tids, long n, void *(*fn)(void *),
			   void *args, size_t arg_size, const char *role)
{
	for (long i = 0; i < n; i++)
		common__thread_start(&tids[i], fn, (char *)args + (size_t)i * arg_size,
				     "%s-%ld", role, i + 1);
}

void common__threads_join(const pthread_t *tids, long n)
{
	for (long i = 0; i < n; i++)
		common__thread_join(tids[i]);
}

uint64_t common__threads_run(pthread_t *tids, long n, void *(*fn)(void *),
			     void *args, size_t arg_size, const char *role)
{
	uint64_t t0 = common__now_ns();

	common__threads_start(tids, n, fn, args, arg_size, role);
	common__threads_join(tids, n);
	return common__now_ns() - t0;
}

pid_t common__fork(const char *name_fmt, ...)
{
	pid_t parent = getpid();
	pid_t pid;
	va_list ap;
	char name[NAME_LEN];

	va_start(ap, name_fmt);
	vsnprintf(name, sizeof(name), name_fmt, ap);
	va_end(ap);

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		common__die("fork: %s (raise ulimit -u or use fewer processes)",
			    strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (getppid() != parent)	/* parent died before prctl */
			_exit(COMMON_EXIT_FAIL);
		common__name_self("%s", name);
	}
	return pid;
}

/*
 * Wait until the exited child `pid` has made its last context switch, at most
 * about a second. The kernel wakes a waiting parent in exit_notify(), before
 * the child's final __schedule() (kernel/exit.c: do_exit()); a reap at once
 * would take the rusage while the child still runs its exit tail, short of
 * its final sum_exec_runtime (kernel/exit.c: wait_task_zombie() sums the
 * threads' se.sum_exec_runtime at that moment). The child drops its stack in
 * finish_task_switch() of that last switch (kernel/sched/core.c); from then
 * on /proc/<pid>/syscall reads "-1 0x0 0x0" (lib/syscall.c: collect_syscall()
 * finds no stack). Without that file (no CONFIG_HAVE_ARCH_TRACEHOOK, no
 * access) the reap goes ahead as before. True when the last switch was seen.
 */
static bool await_last_switch(pid_t pid)
{
	static const char gone[] = "-1 0x0 0x0";
	const struct timespec pause = { .tv_nsec = 20 * 1000 };
	char path[48], buf[128];
	siginfo_t info;

	while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0)
		if (errno != EINTR)
			return false;
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	for (int i = 0; i < 50000; i++) {	/* 50000 x 20 us: about a second */
		FILE *f = fopen(path, "r");
		bool done;

		if (!f)
			return false;
		done = fgets(buf, sizeof(buf), f) && !strncmp(buf, gone, sizeof(gone) - 1);
		fclose(f);
		if (done)
			return true;
		nanosleep(&pause, NULL);
	}
	return false;
}

/*
 * The zombie child's final account, after its last switch: the kernel's run
 * time, run-queue delay and times on a CPU (fs/proc/base.c:
 * proc_pid_schedstat(); nothing moves them after the final switch,
 * kernel/sched/stats.h: sched_info_depart()), printed as a result line
 * "schedstat_PID: RUN_NS RUN_DELAY_NS PCOUNT" for the tests to hold the
 * trace to.
 */
static void report_final_schedstat(pid_t pid)
{
	unsigned long long run, delay, pcount;
	char path[48];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fscanf(f, "%llu %llu %llu", &run, &delay, &pcount) == 3) {
		char key[32];

		snprintf(key, sizeof(key), "schedstat_%d", (int)pid);
		common__result(key, "%llu %llu %llu", run, delay, pcount);
	}
	fclose(f);
}

int common__wait_child(pid_t pid)
{
	int status;

	if (await_last_switch(pid))
		report_final_schedstat(pid);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* ---- CPUs ------------------------------------------------------------- */

int common__ncpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 1;
	n = CPU_COUNT(&set);
	return n > 0 ? n : 1;
}

int common__cpu_at(int index)
{
	cpu_set_t set;
	int n, seen = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	n = CPU_COUNT(&set);
	if (n <= 0)
		return 0;
	index %= n;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &set) && seen++ == index)
			return cpu;
	}
	return 0;
}

int common__pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

/* ---- time and work ---------------------------------------------------- */

uint64_t common__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void common__sleep_ns(uint64_t ns)
{
	struct timespec ts = common__timespec(ns);

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

struct timespec common__timespec(uint64_t ns)
{
	return (struct timespec){ .tv_sec = (time_t)(ns / 1000000000ull),
				  .tv_nsec = (long)(ns % 1000000000ull) };
}

int common__cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;
	int err = pthread_condattr_init(&attr);

	if (err)
		return -err;
	err = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (!err)
		err = pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
	return -err;
}

void common__sleep_until(uint64_t abs_ns)
{
	struct timespec ts = common__timespec(abs_ns);

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

uint64_t common__burn(uint64_t seed, uint64_t iters)
{
	uint64_t x = seed | 1;

	for (uint64_t i = 0; i < iters; i++) {
		/* a 64-bit LCG step and a xorshift: a dependent chain of work */
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		x ^= x >> 29;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

uint64_t common__cpu_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t common__burn_calibrate(uint64_t ns)
{
	static uint64_t rounds_per_ms;	/* measured once per process */
	uint64_t iters = 100000, spent = 0;
	static volatile uint64_t sink;

	while (!rounds_per_ms) {
		uint64_t t0 = common__cpu_ns(CLOCK_THREAD_CPUTIME_ID);

		sink += common__burn(t0, iters);
		spent = common__cpu_ns(CLOCK_THREAD_CPUTIME_ID) - t0;
		if (spent >= 20000000ull)	/* 20 ms of CPU: a stable rate */
			rounds_per_ms = iters * 1000000ull / spent;
		else
			iters *= 2;
	}
	return ns / 1000000ull * rounds_per_ms +
	       (ns % 1000000ull) * rounds_per_ms / 1000000ull;
}

/* ---- watchdog ---------------------------------------------------------- */

static void watchdog_fired(int sig)
{
	static const char msg[] =
		": watchdog: still running, giving up (raise --watchdog if the "
		"machine is just slow)\n";
	ssize_t r;

	(void)sig;
	r = write(STDERR_FILENO, prog_name, strlen(prog_name));
	r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	_exit(COMMON_EXIT_WATCHDOG);
}

void common__watchdog(unsigned seconds)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = watchdog_fired;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds);
}

/* ---- results ----------------------------------------------------------- */

__attribute__((format(printf, 2, 0)))
static void result_v(const char *key, const char *fmt, va_list ap)
{
	flockfile(stdout);
	printf("%s: ", key);
	vprintf(fmt, ap);
	putchar('\n');
	funlockfile(stdout);
}

void common__result(const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	result_v(key, fmt, ap);
	va_end(ap);
}

void common__result_nth(const char *role, long n, const char *what,
			const char *fmt, ...)
{
	char key[64];
	va_list ap;

	snprintf(key, sizeof(key), "%s-%ld_%s", role, n, what);
	va_start(ap, fmt);
	result_v(key, fmt, ap);
	va_end(ap);
}

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000ull + (uint64_t)tv.tv_usec * 1000ull;
}

void common__result_rusage(const char *prefix, int who)
{
	struct rusage ru;
	char key[64];

	if (getrusage(who, &ru))
		return;
	snprintf(key, sizeof(key), "%snvcsw", prefix);
	common__result(key, "%ld", ru.ru_nvcsw);
	snprintf(key, sizeof(key), "%snivcsw", prefix);
	common__result(key, "%ld", ru.ru_nivcsw);
	snprintf(key, sizeof(key), "%sutime_ms", prefix);
	common__result(key, "%.3f", tv_ns(ru.ru_utime) / 1e6);
	snprintf(key, sizeof(key), "%sstime_ms", prefix);
	common__result(key, "%.3f", tv_ns(ru.ru_stime) / 1e6);
}

/* "<prog>: <message>" on stderr, after what the scenario printed so far. */
static void verror(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", prog_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void common__error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
}

void common__die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	exit(COMMON_EXIT_FAIL);
}
