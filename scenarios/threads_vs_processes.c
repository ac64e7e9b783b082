// SPDX-License-Identifier: GPL-2.0-only
/*
 * threads_vs_processes - "should 100 equations go to threads?"
 *
 * One CPU-bound job (--equations pieces of --equation-ms of CPU each) is
 * done three times:
 *   1. serially, by one thread (serial);
 *   2. by --workers threads (gil-worker-N) sharing one emulated GIL;
 *   3. by --workers forked processes (proc-worker-N), each with its own GIL.
 * Every phase computes the same equations, so the three checksums match.
 *
 * The processes finish about min(workers, CPUs) times faster than serial;
 * the GIL threads are no faster than serial, because only the GIL holder
 * computes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "gil_lock.h"

#define CHECK_NS 20000ull	/* work between two drop-request checks */

struct share {
	struct gil_lock *gil;	/* NULL: no lock (serial) */
	long first, step, count;	/* equations first, first+step, ... < count */
	uint64_t rounds;	/* common__burn rounds per equation */
	uint64_t sum;		/* out: sum of the equations' results */
	uint64_t cpu_ns;	/* out: the thread's CLOCK_THREAD_CPUTIME_ID when done */
};

/* Solve this share's equations; with a GIL, check for drop requests often. */
static void solve(struct share *s)
{
	uint64_t chunk = common__burn_calibrate(CHECK_NS);

	if (s->gil)
		gil_lock__acquire(s->gil);
	for (long e = s->first; e < s->count; e += s->step) {
		uint64_t x = (uint64_t)e;

		for (uint64_t done = 0; done < s->rounds; done += chunk) {
			x = common__burn(x, chunk < s->rounds - done ? chunk : s->rounds - done);
			if (s->gil)
				gil_lock__checkpoint(s->gil);
		}
		s->sum += x;
	}
	if (s->gil)
		gil_lock__release(s->gil, 0);
}

/* A thread's share; its own CPU clock read as its last act (the tests
 * compare the trace's run time with it). */
static void *solve_thread(void *arg)
{
	struct share *s = arg;

	solve(s);
	s->cpu_ns = common__cpu_ns(CLOCK_THREAD_CPUTIME_ID);
	return NULL;
}

/* *cpu_ns: the serial thread's own CPU time. */
static uint64_t run_serial(struct share base, uint64_t *sum, uint64_t *cpu_ns)
{
	uint64_t t0 = common__now_ns();
	pthread_t tid;

	base.first = 0;
	base.step = 1;
	common__thread_start(&tid, solve_thread, &base, "serial");
	common__thread_join(tid);
	*sum = base.sum;
	*cpu_ns = base.cpu_ns;
	return common__now_ns() - t0;
}

/* Fills cpu_ns[workers] with each GIL thread's own CPU time. */
static uint64_t run_threads(struct share base, long workers, uint64_t interval_ns,
			    uint64_t *sum, uint64_t *cpu_ns)
{
	struct share *s = calloc((size_t)workers, sizeof(*s));
	pthread_t *tids = calloc((size_t)workers, sizeof(*tids));
	struct gil_lock gil;
	uint64_t t0;

	if (!s || !tids || gil_lock__init(&gil, interval_ns))
		common__die("out of memory");
	for (long i = 0; i < workers; i++) {
		s[i] = base;
		s[i].gil = &gil;
		s[i].first = i;
		s[i].step = workers;
	}
	t0 = common__now_ns();
	common__threads_start(tids, workers, solve_thread, s, sizeof(*s), "gil-worker");
	*sum = 0;
	for (long i = 0; i < workers; i++) {
		common__thread_join(tids[i]);
		*sum += s[i].sum;
		cpu_ns[i] = s[i].cpu_ns;
	}
	t0 = common__now_ns() - t0;
	gil_lock__destroy(&gil);
	free(tids);
	free(s);
	return t0;
}

/* What a worker process sends back: its result and its own CPU time. */
struct proc_result {
	uint64_t sum;
	uint64_t cpu_ns;	/* CLOCK_PROCESS_CPUTIME_ID when done */
	int64_t worker;		/* 0-based */
};

/* Fills cpu_ns[workers] with each worker process's own CPU time. */
static uint64_t run_processes(struct share base, long workers, uint64_t interval_ns,
			      uint64_t *sum, uint64_t *cpu_ns)
{
	pid_t *pids = calloc((size_t)workers, sizeof(*pids));
	int fds[2];
	uint64_t t0;

	if (!pids)
		common__die("out of memory");
	if (pipe(fds))
		common__die("pipe: %s (raise ulimit -n)", strerror(errno));
	t0 = common__now_ns();
	for (long i = 0; i < workers; i++) {
		pids[i] = common__fork("proc-worker-%ld", i + 1);
		if (pids[i] == 0) {
			struct gil_lock gil;	/* each process has its own */

			close(fds[0]);
			if (gil_lock__init(&gil, interval_ns))
				_exit(COMMON_EXIT_FAIL);
			base.gil = &gil;
			base.first = i;
			base.step = workers;
			solve(&base);
			struct proc_result r = { .sum = base.sum, .worker = i,
						 .cpu_ns = common__cpu_ns(CLOCK_PROCESS_CPUTIME_ID) };
			/* smaller than PIPE_BUF: the write is atomic */
			_exit(write(fds[1], &r, sizeof(r)) == sizeof(r) ? 0 : COMMON_EXIT_FAIL);
		}
	}
	close(fds[1]);
	*sum = 0;
	for (long i = 0; i < workers; i++) {
		struct proc_result r;

		if (read(fds[0], &r, sizeof(r)) != sizeof(r) || r.worker < 0 || r.worker >= workers)
			common__die("a worker process sent no result");
		*sum += r.sum;
		cpu_ns[r.worker] = r.cpu_ns;
	}
	for (long i = 0; i < workers; i++) {
		int status = common__wait_child(pids[i]);

		if (status)
			common__die("proc-worker-%ld failed with status %d", i + 1, status);
	}
	t0 = common__now_ns() - t0;
	close(fds[0]);
	free(pids);
	return t0;
}

int main(int argc, char **argv)
{
	long workers = 0, equations = 100, equation_ms = 8, interval_ms = 5;
	const struct common_opt opts[] = {
		{ "workers", COMMON_OPT_LONG, &workers, 0, 256, NULL,
		  "threads and processes to split the job over, 0 = one per CPU" },
		{ "equations", COMMON_OPT_LONG, &equations, 1, 100000, NULL,
		  "pieces of the job" },
		{ "equation-ms", COMMON_OPT_LONG, &equation_ms, 1, 10000, NULL,
		  "CPU time of one piece, ms" },
		{ "interval", COMMON_OPT_LONG, &interval_ms, 1, 1000, NULL,
		  "GIL switch interval, ms" },
		{ NULL },
	};
	const struct common_prog prog = {
		"threads_vs_processes",
		"One CPU-bound job: serially, by GIL threads, by forked processes.",
		opts, 120,
	};
	struct share base = { 0 };
	uint64_t interval_ns, serial, threads, procs, sum_s, sum_t, sum_p, serial_cpu;
	uint64_t *cpu_ns, *thread_cpu_ns;
	int ncpus = common__ncpus();

	common__parse_args(&prog, argc, argv);
	if (!workers)
		workers = ncpus;
	interval_ns = (uint64_t)interval_ms * 1000000ull;
	base.count = equations;
	base.rounds = common__burn_calibrate((uint64_t)equation_ms * 1000000ull);
	cpu_ns = calloc((size_t)workers, sizeof(*cpu_ns));
	thread_cpu_ns = calloc((size_t)workers, sizeof(*thread_cpu_ns));
	if (!cpu_ns || !thread_cpu_ns)
		common__die("out of memory");

	serial = run_serial(base, &sum_s, &serial_cpu);
	threads = run_threads(base, workers, interval_ns, &sum_t, thread_cpu_ns);
	procs = run_processes(base, workers, interval_ns, &sum_p, cpu_ns);

	common__result("cpus", "%d", ncpus);
	common__result("workers", "%ld", workers);
	common__result("equations", "%ld", equations);
	common__result("serial_ms", "%.3f", serial / 1e6);
	common__result("threads_ms", "%.3f", threads / 1e6);
	common__result("processes_ms", "%.3f", procs / 1e6);
	common__result("speedup_threads", "%.2f", (double)serial / (double)threads);
	common__result("speedup_processes", "%.2f", (double)serial / (double)procs);
	common__result("speedup_processes_ideal", "%ld",
		       workers < ncpus ? workers : (long)ncpus);
	common__result("serial_cpu_ms", "%.3f", serial_cpu / 1e6);
	for (long i = 0; i < workers; i++)
		common__result_nth("gil-worker", i + 1, "cpu_ms", "%.3f", thread_cpu_ns[i] / 1e6);
	for (long i = 0; i < workers; i++)
		common__result_nth("proc-worker", i + 1, "cpu_ms", "%.3f", cpu_ns[i] / 1e6);
	common__result("checksum", "%llx", (unsigned long long)sum_s);
	common__result_rusage("self_", RUSAGE_SELF);
	common__result_rusage("children_", RUSAGE_CHILDREN);
	if (sum_t != sum_s || sum_p != sum_s) {
		common__error("the phases disagree (checksums %llx %llx %llx): a bug",
			      (unsigned long long)sum_s, (unsigned long long)sum_t,
			      (unsigned long long)sum_p);
		return COMMON_EXIT_FAIL;
	}
	free(thread_cpu_ns);
	free(cpu_ns);
	return 0;
}
