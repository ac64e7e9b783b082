// SPDX-License-Identifier: GPL-2.0-only
/*
 * switch_measure.c - pipe ping-pong between two forked processes.
 */
#include "switch_measure.h"
#include "mono_clock.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define WARMUP_ROUND_TRIPS 200
#define MEASURE_TIMEOUT_MS 2000

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

/* Echo bytes from in to out until EOF. Runs in the forked echo process. */
static void echo_loop(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			break;
}

/*
 * In the measuring child: fork the echo process on cpu_b, pin itself to
 * cpu_a, run the round trips in SWITCH_COST_BATCHES batches, return ns per round trip
 * of the fastest batch (0 on failure).
 */
static uint64_t ping_pong(int cpu_a, int cpu_b, uint32_t round_trips)
{
	int to_echo[2], from_echo[2];
	uint64_t t0, t1, best = 0;
	pid_t echo;
	char c = 'x';
	bool ok = true;

	if (pipe(to_echo) || pipe(from_echo))
		return 0;
	echo = fork();
	if (echo < 0)
		return 0;
	if (echo == 0) {
		close(to_echo[1]);
		close(from_echo[0]);
		if (pin(cpu_b) == 0)
			echo_loop(to_echo[0], from_echo[1]);
		_exit(0);
	}
	close(to_echo[0]);
	close(from_echo[1]);
	if (pin(cpu_a))
		ok = false;
	for (uint32_t i = 0; ok && i < WARMUP_ROUND_TRIPS; i++)
		ok = write(to_echo[1], &c, 1) == 1 && read(from_echo[0], &c, 1) == 1;
	/* the best of a few batches: other work on the machine only ever adds time */
	for (uint32_t b = 0; ok && b < SWITCH_COST_BATCHES; b++) {
		uint32_t n = round_trips / SWITCH_COST_BATCHES ? round_trips / SWITCH_COST_BATCHES : 1;
		uint64_t per;

		t0 = mono_ns();
		for (uint32_t i = 0; ok && i < n; i++)
			ok = write(to_echo[1], &c, 1) == 1 && read(from_echo[0], &c, 1) == 1;
		t1 = mono_ns();
		per = (t1 - t0) / n;
		if (ok && (!best || per < best))
			best = per;
	}
	close(to_echo[1]);
	close(from_echo[0]);
	waitpid(echo, NULL, 0);
	return ok ? best : 0;
}

/* First two CPUs this process may run on; *b = -1 when there is one. */
static void pick_cpus(int *a, int *b)
{
	cpu_set_t set;

	*a = 0;
	*b = -1;
	if (sched_getaffinity(0, sizeof(set), &set))
		return;
	*a = -1;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &set))
			continue;
		if (*a < 0) {
			*a = cpu;
		} else {
			*b = cpu;
			return;
		}
	}
	if (*a < 0)
		*a = 0;
}

int switch_cost__measure(struct switch_cost *out, uint32_t round_trips)
{
	uint64_t res[2] = { 0, 0 };
	int pfd[2], status = 0, err = 0;
	size_t got = 0;
	uint64_t deadline;
	pid_t child;

	memset(out, 0, sizeof(*out));
	out->round_trips = round_trips;
	pick_cpus(&out->cpu_a, &out->cpu_b);
	if (pipe(pfd))
		return out->err = -errno;
	child = fork();
	if (child < 0) {
		err = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return out->err = err;
	}
	if (child == 0) {
		uint64_t r[2];

		close(pfd[0]);
		signal(SIGPIPE, SIG_IGN);
		r[0] = ping_pong(out->cpu_a, out->cpu_a, round_trips);
		r[1] = out->cpu_b >= 0 ? ping_pong(out->cpu_a, out->cpu_b, round_trips) : 0;
		_exit(write(pfd[1], r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(pfd[1]);
	deadline = mono_ns() + MEASURE_TIMEOUT_MS * 1000000ull;
	while (got < sizeof(res)) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		uint64_t now = mono_ns();
		ssize_t n;
		int ready;

		if (now >= deadline) {
			err = -ETIMEDOUT;
			break;
		}
		ready = poll(&p, 1, (int)((deadline - now) / 1000000 + 1));
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (!ready)
			continue;	/* the deadline: a read now would block past it */
		n = read(pfd[0], (char *)res + got, sizeof(res) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = -EIO;
			break;
		}
		got += (size_t)n;
	}
	close(pfd[0]);
	if (err)
		kill(child, SIGKILL);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (!err && !res[0])
		err = -EIO;
	if (err)
		return out->err = err;
	out->same_cpu_ns = res[0] / 2;
	out->cross_cpu_ns = res[1] / 2;
	out->measured = true;
	return 0;
}

bool switch_cost__from_env(struct switch_cost *out)
{
	const char *v = getenv("SCHEDVIZ_SWITCH_COST");
	unsigned long long same, cross = 0;
	char *end;

	if (!v || !*v)
		return false;
	same = strtoull(v, &end, 10);
	if (end == v || !same)
		return false;
	if (*end == ',')
		cross = strtoull(end + 1, &end, 10);
	if (*end)
		return false;
	memset(out, 0, sizeof(*out));
	out->preset = true;
	out->same_cpu_ns = same;
	out->cross_cpu_ns = cross;
	out->cpu_a = 0;
	out->cpu_b = cross ? 1 : -1;
	return true;
}

void switch_cost__for_view(struct switch_cost *out)
{
	if (!switch_cost__from_env(out))
		switch_cost__measure(out, SWITCH_COST_ROUND_TRIPS);
}
