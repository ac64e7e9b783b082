// SPDX-License-Identifier: GPL-2.0-only
#include "registry.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static const struct scenario scenarios[] = {
	{
		.name = "race_counter",
		.summary = "threads add to one shared counter without a lock and lose updates",
		.lesson =
			"Each worker thread adds 1 to the same counter a million times: it "
			"reads the counter, does a little work, and writes the value back plus "
			"one. This machine has {cpus} CPU(s). With more than one, two workers "
			"run at the same moment, both read the same old value, and one update "
			"is lost; on one CPU updates are lost too, whenever a worker is "
			"preempted between its read and its write. The final total falls "
			"short either way. Watch the worker lanes run side by side, and "
			"preempted ones wait. Under CPython's GIL only one thread runs at a "
			"time and updates are still lost (see py-gil-race). With --mode=mutex "
			"the total is right, but workers now sleep in futex waits and "
			"voluntary switches climb; --mode=atomic is right without sleeping.",
	},
	{
		.name = "gil",
		.summary = "CPU-bound threads share an emulated GIL: one computes at a time",
		.lesson =
			"Four threads each want the CPU, but they share one interpreter lock "
			"built like CPython's since 3.2. Watch the gil-worker lanes: only one "
			"is running at any moment, even with a CPU idle, and the baton passes "
			"about once per switch interval (5 ms) when a waiter times out and "
			"asks the holder to drop. The others sit in futex waits. Each waiter "
			"wakes every 5 ms when its timed wait expires, only to find the lock "
			"still held and wait again: those timeouts are the wasted wake-ups "
			"the figures count. Together they compute no faster than one thread "
			"would.",
		.figures = "handoff_rate,wasted_wakeups,cpus_busy,voluntary,involuntary,"
			   "futex_waits,max_wakeup_latency,tasks",
	},
	{
		.name = "gil_io",
		.summary = "threads drop the emulated GIL around blocking I/O and wait together",
		.lesson =
			"The same lock, but each worker lets go of it before a blocking read "
			"or sleep and takes it back after. Watch the gil-worker lanes sleep "
			"side by side: the waits overlap, so the whole run takes about as "
			"long as one worker's waits, not the sum of all of them. This is why "
			"threads still help Python programs that mostly wait for I/O. With "
			"--hold each worker keeps the lock across its wait, as a C extension "
			"that forgot to release the GIL would: one lane sleeps at a time, the "
			"rest wait for the lock, and the waits add up.",
		.figures = "handoff_rate,wasted_wakeups,cpus_busy,voluntary,involuntary,"
			   "futex_waits,max_wakeup_latency,tasks",
	},
	{
		.name = "threads_vs_processes",
		.summary = "one CPU-bound job: serial, by GIL threads, by forked processes",
		.lesson =
			"The same hundred pieces of arithmetic are done three times. The "
			"serial lane runs alone; the gil-worker lanes take turns and finish "
			"no sooner; the proc-worker processes each have their own lock and "
			"run on all CPUs at once, finishing about as many times faster as "
			"there are CPUs. For CPU-bound work in Python, use processes.",
	},
	{
		.name = "forked_workers",
		.summary = "a parent feeds forked worker processes over pipes (multiprocessing)",
		.lesson =
			"The parent forks worker processes, each its own TGID and lane, sends "
			"them tasks down one pipe and reads results from another; a counter "
			"in shared memory is guarded by a process-shared mutex. Watch the "
			"fork, the workers computing in parallel, and the parent asleep in "
			"pipe reads while they work. Processes share nothing unless asked: "
			"the tasks and results go through the kernel in the pipes, while the "
			"counter they asked to share lives in a shared mapping that they "
			"update directly, with no system call unless the mutex is contended.",
	},
	{
		.name = "thread_pool",
		.summary = "reusable pool threads vs a new thread per task (--per-task)",
		.lesson =
			"A few pool threads take thousands of small tasks from one queue and "
			"live for the whole run. With --per-task every task gets a fresh "
			"thread: thousands of short lanes, each paying a clone, a first "
			"wakeup and a final switch. Compare the thread count and the switch "
			"totals between the two runs: a pool amortises all of that.",
	},
	{
		.name = "echo_threads",
		.summary = "echo server with one blocking thread per connection",
		.lesson =
			"Each client connection gets its own conn thread that blocks in read() "
			"between requests. Watch many server lanes, each waking for every "
			"single request: about one switch per request per connection. "
			"Simple to write, but the server's task count and switch count grow "
			"with the number of connections. Compare with echo_epoll.",
	},
	{
		.name = "echo_epoll",
		.summary = "the same echo workload served by one epoll event loop",
		.lesson =
			"One epoll-loop thread owns every connection through non-blocking "
			"sockets, the way asyncio's loop runs under its coroutines. Watch a "
			"single server lane serve all the clients: it sleeps only in "
			"epoll_wait(). A wakeup that finds several connections ready answers "
			"them all, so it makes fewer voluntary switches per request than "
			"echo_threads; one that finds a single request costs one switch, as "
			"a thread per connection would. Which holds depends on how many "
			"requests arrive together: the printed events per wait tells. With "
			"--stall-ms=200 the loop makes one blocking call halfway (a sleep, as "
			"a synchronous database call or time.sleep() in a coroutine would): "
			"watch the loop's lane sleep and every client lane wait with it, "
			"each client's longest request 200 ms.",
	},
	{
		.name = "coroutines",
		.summary = "coroutines switch cooperatively inside one thread",
		.lesson =
			"A hundred coroutines, each with its own stack, take turns inside "
			"one thread, yielding to a tiny scheduler, like greenlets or asyncio "
			"tasks. The program counts its own switches (the printed figure, in "
			"the millions), yet the trace shows a single lane running almost "
			"without a context switch: the kernel never switches tasks for "
			"them. They are not free of the kernel, though: glibc's swapcontext() "
			"makes a system call (rt_sigprocmask) at every switch, which is why "
			"greenlet-style libraries switch stacks without it.",
	},
	{
		.name = "pingpong",
		.summary = "two tasks pass a token over pipes: the cost of a round trip",
		.lesson =
			"A ping and a pong task bounce a token through two pipes, as perf "
			"bench sched pipe does, as threads and as processes, first pinned to "
			"one CPU and then spread over two. Watch the two lanes alternate: "
			"every round trip is two wakeups and, on one CPU, two context "
			"switches. The printed microseconds per round trip put a price on a "
			"switch; across CPUs it costs more, because the sleeping CPU has to "
			"be woken. Threads against processes: on one CPU a round trip "
			"between two processes costs more than between two threads of one "
			"process (here about twice), as a switch between processes also "
			"changes the address space; across two CPUs both pay the wakeup of "
			"the other CPU and cost about the same.",
	},
	{
		.name = "producer_consumer",
		.summary = "producers and consumers meet at a bounded queue",
		.lesson =
			"Producer threads put items into a queue of a few slots, consumer "
			"threads take them out, and a mutex with two condition variables "
			"keeps them in step. Consumers are slower here, so the queue is "
			"nearly always full: watch the producer lanes spend most of their "
			"time in futex waits until a consumer frees a slot. A bounded queue "
			"is back-pressure: the fast side is slowed to the pace of the slow.",
	},
	{
		.name = "semaphore",
		.summary = "more workers than permits: at most N hold one at a time",
		.lesson =
			"Six workers share two permits of a semaphore and hold one while "
			"they sleep, like downloads limited to two at a time. Watch at most "
			"two sem-worker lanes sleeping with a permit while the rest wait "
			"in futex waits for one to be returned. The run takes as long as "
			"the permits need to serve everybody: every worker takes its turns, "
			"so the wall time grows in proportion to the number of workers "
			"(--workers), workers x rounds x hold time / permits, the printed "
			"wall_ms_if_permits_always_busy. More workers than permits add "
			"waiting, not throughput.",
	},
	{
		.name = "barrier",
		.summary = "threads compute in phases and wait for the slowest at a barrier",
		.lesson =
			"Each phase-N thread has N units of work per phase, then waits at a "
			"barrier. Watch the lanes: every phase the quick threads finish "
			"early and sit in a futex wait until the slowest arrives, then all "
			"start the next phase together. A phase costs as much as its "
			"slowest member.",
	},
	{
		.name = "event",
		.summary = "waiters block on an event; one broadcast wakes them all",
		.lesson =
			"Eight waiter threads sleep on an event until the setter thread sets "
			"it with a single broadcast. Watch all waiter lanes leave their futex "
			"wait at the same moment, then queue for this machine's {cpus} "
			"CPU(s): the last to run has waited in the run queue for the others. "
			"One set wakes everyone; what they do next competes for CPUs.",
	},
	{
		.name = "many_threads",
		.summary = "hundreds of threads wake on one timer tick and queue for the CPUs",
		.lesson =
			"Two hundred tick threads sleep until the same instant, then each "
			"does a little work. All become runnable together but only {cpus} "
			"can run at once on this machine: watch the runnable stretches in "
			"the lanes grow towards the back of the queue. Raise --threads and the run-queue delay and the "
			"number of switches grow with it: threads are not free.",
	},
	{
		.name = "deadlock",
		.summary = "two threads take two locks in opposite order and wait forever",
		.lesson =
			"locker-a holds lock 1 and wants lock 2; locker-b holds lock 2 and "
			"wants lock 1. Watch both lanes fall into a futex wait and never "
			"come back: neither can move until the other does. The scenario "
			"notices after a timeout, says so and exits with status 3. With "
			"--ordered both take the locks in the same order and finish.",
	},
	{
		.name = "rlock",
		.summary = "a re-entrant lock taken twice by its owner; a plain one waits for itself",
		.lesson =
			"Python's threading.RLock in C: each rlock worker takes the "
			"re-entrant account_lock, then calls a helper that takes it again. "
			"Re-entering is a count in user space: watch the lanes run without a "
			"futex wait for it (alone, a worker makes none at all); they wait only "
			"when the other worker holds the lock. With --plain one thread takes "
			"an ordinary lock and the helper takes it again: the lane falls into "
			"a futex wait that nobody will end, the thread waiting for itself, "
			"until its timeout (a threading.Lock would hang for ever).",
	},
	{
		.name = "process_start",
		.summary = "what starting a worker costs: a thread, a fork, a new program",
		.lesson =
			"The main thread starts 200 workers of each kind in turn and waits "
			"for each to end: threads (thread-w lanes), forked processes (fork-w) "
			"and new programs started with posix_spawn (true). Watch the lanes "
			"get longer from kind to kind: a thread shares everything, a fork "
			"copies the page tables, a new program is loaded and linked from "
			"scratch. The printed microseconds price each, what Python pays for "
			"threading, multiprocessing's fork and its spawn start method.",
	},
	/* Python demonstrations (scenarios/python/): run by /usr/bin/python3 */
	{
		.name = "py-gil-race",
		.summary = "Python: `self.val += int(1)` loses updates under the GIL",
		.lesson =
			"Real CPython. Four threads (inc-1..inc-4) increment one Counter "
			"with `self.val += int(1)`. The GIL lets one thread run Python at a "
			"time: watch the inc lanes take turns, the others in futex waits on "
			"the lock schedviz names as the GIL. Updates are lost all the same "
			"(the 'lost' line): the call to int() is a point where CPython may "
			"hand the GIL over between reading self.val and storing it back, so "
			"the next thread's increments are overwritten. The race needs no two "
			"CPUs, unlike race_counter's. --lock takes a threading.Lock around "
			"the increment and loses nothing; --plain (`+= 1`, no call) happens "
			"not to lose updates on CPython 3.11, a detail of its bytecode that "
			"no program should rely on.",
	},
	{
		.name = "py-convoy",
		.summary = "Python: an I/O thread beside a CPU-bound one waits 5 ms for the GIL",
		.lesson =
			"Real CPython. io-1 sends a byte to an echo process and awaits the "
			"reply, 150 times; cpu-1 only computes. Each reply wakes io-1, which "
			"then needs the GIL that cpu-1 holds: watch io-1's lane go from a "
			"short sleep (the socket) into a futex wait on the GIL of about 5 ms "
			"(sys.getswitchinterval()) before it runs again, so the median round "
			"trip is milliseconds instead of the echo's 0.3 ms. With --alone "
			"(no cpu-1) the trips take about the echo's latency: the convoy "
			"effect of a CPU-bound thread on an I/O-bound one.",
	},
	{
		.name = "py-hash-parallel",
		.summary = "Python: hashlib drops the GIL and runs on every CPU; pure Python does not",
		.lesson =
			"Real CPython. One thread per CPU (hash-1..) digests a large buffer "
			"with hashlib.sha256, which releases the GIL while it hashes: watch "
			"the hash lanes run side by side, every CPU busy. With "
			"--work=python each thread runs a pure Python loop instead, which "
			"needs the GIL throughout: the lanes take turns, the others in futex "
			"waits on the GIL, and the job takes as long as on one CPU.",
	},
	{
		.name = "py-cpu-bound",
		.summary = "Python: a CPU-bound job by threads (one CPU) or processes (all)",
		.lesson =
			"Real CPython. One pure Python job split over one thread per CPU "
			"(cpu-1..): the GIL lets one compute at a time, and every switch "
			"interval (5 ms) a waiting thread asks the holder to drop it; watch "
			"the lanes take turns, a futex wait on the GIL between turns. "
			"--switch-interval=50 makes the hand-offs ten times rarer and the "
			"job no faster. --mode=processes forks one process per CPU, each "
			"with its own GIL: the lanes run side by side and the job ends "
			"about that many times sooner than --mode=serial.",
	},
	{
		.name = "py-io-threads",
		.summary = "Python: I/O-bound threads wait together; wall time is one wait",
		.lesson =
			"Real CPython. Four threads (io-1..) each sleep and await a "
			"server's reply three times. CPython drops the GIL around both "
			"waits, so the threads wait at the same time: watch the io lanes "
			"sleep side by side, a short futex wait on the GIL after each "
			"wakeup. Four threads take about as long as one; their sleep adds "
			"up to about four times the wall time.",
	},
	{
		.name = "py-asyncio",
		.summary = "Python: a hundred coroutines on one lane; a blocking call stalls them all",
		.lesson =
			"Real CPython. A hundred coroutines and a heartbeat (every 10 ms) run "
			"on one event loop: one thread, one lane, sleeping in epoll between "
			"steps. With --block=sleep one coroutine calls time.sleep(0.2) instead "
			"of awaiting asyncio.sleep(): watch the lane sleep 200 ms with "
			"nothing else running, and the heartbeat come 200 ms late. "
			"--block=cpu computes for 200 ms: the lane runs, and the beat is as "
			"late.",
	},
	{
		.name = "py-pool",
		.summary = "Python: a ThreadPoolExecutor runs its tasks in waves",
		.lesson =
			"Real CPython. Nine tasks of a 200 ms sleep go to a "
			"ThreadPoolExecutor of three threads (pool-1..3): watch the pool "
			"lanes sleep in three waves, 600 ms in all, not nine times 200. The "
			"main thread waits in result() for each future: its lane is a futex "
			"wait (the future's condition variable) until the last wave ends.",
	},
	{
		.name = "py-multiprocessing",
		.summary = "Python: Value with and without its lock, Queue, Manager; fork vs spawn",
		.lesson =
			"Real CPython. Two processes (value-1, value-2) add to a shared "
			"Value at once: without get_lock() updates are lost, as between "
			"threads with no GIL; with it none are, and the lanes show futex "
			"waits on the process-shared semaphore. A Queue's producer has a "
			"second lane: the feeder thread multiprocessing starts to write "
			"into the pipe. A Pipe's echo process sleeps in recv() once per round "
			"trip. A Manager().dict()'s writer sleeps once per write, "
			"a round trip to the manager's server process. --start=spawn "
			"starts every process as a fresh interpreter: watch the start-up "
			"take several times longer than fork's.",
	},
};

size_t scenario__count(void)
{
	return sizeof(scenarios) / sizeof(scenarios[0]);
}

const struct scenario *scenario__at(size_t i)
{
	return i < scenario__count() ? &scenarios[i] : NULL;
}

const struct scenario *scenario__find(const char *name)
{
	for (size_t i = 0; i < scenario__count(); i++)
		if (!strcmp(scenarios[i].name, name))
			return &scenarios[i];
	return NULL;
}

/* buf = "<a><b>/<name>"; 0 when that is executable, else -ENOENT or -ENAMETOOLONG. */
static int try_path(char *buf, size_t len, const char *a, const char *b, const char *name)
{
	if ((size_t)snprintf(buf, len, "%s%s/%s", a, b, name) >= len)
		return -ENAMETOOLONG;
	return access(buf, X_OK) == 0 ? 0 : -ENOENT;
}

char *scenario__lesson(const struct scenario *s, int ncpus, char *buf, size_t len)
{
	static const char key[] = "{cpus}";
	const char *from = s->lesson, *at;
	cpu_set_t set;
	char cpus[16];
	size_t n = 0;

	if (!len)
		return buf;
	if (ncpus < 1)
		ncpus = sched_getaffinity(0, sizeof(set), &set) ? 1 : CPU_COUNT(&set);
	snprintf(cpus, sizeof(cpus), "%d", ncpus);
	while (n + 1 < len && (at = strstr(from, key)) != NULL) {
		n += (size_t)snprintf(buf + n, len - n, "%.*s%s", (int)(at - from), from, cpus);
		from = at + sizeof(key) - 1;
	}
	if (n + 1 < len)
		snprintf(buf + n, len - n, "%s", from);
	buf[len - 1] = '\0';
	return buf;
}

int scenario__path(const struct scenario *s, char *buf, size_t len)
{
	static const char bin_tail[] = SCHEDVIZ_BINDIR "/schedviz";
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t tail = strlen(bin_tail);
	int err;

	if (n > 0) {
		exe[n] = '\0';
		/* An installed copy staged under DESTDIR: DESTDIR/<bindir>/schedviz. */
		if ((size_t)n > tail && !strcmp(exe + n - tail, bin_tail)) {
			exe[n - tail] = '\0';
			err = try_path(buf, len, exe, SCHEDVIZ_LIBEXECDIR, s->name);
			if (err != -ENOENT)
				return err;
			exe[n - tail] = '/';
		}
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			err = try_path(buf, len, exe, "/scenarios", s->name);
			if (err != -ENOENT)
				return err;
		}
	}
	return try_path(buf, len, "", SCHEDVIZ_LIBEXECDIR, s->name);
}
