// SPDX-License-Identifier: GPL-2.0-only
/*
 * coroutines - cooperative user-space tasks inside one kernel thread.
 *
 * --coroutines coroutines, each with its own stack (ucontext), run round
 * robin: each does a little work (--work-ns), then yields to the scheduler,
 * --steps times, like greenlets or asyncio tasks awaiting each other. Every
 * yield and every resume is a context switch the program makes itself with
 * swapcontext(); the kernel sees one thread that never blocks.
 *
 * Prints the number of user-space switches it made and, for comparison, the
 * kernel's count of this process's context switches (rusage).
 */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

#include "common.h"

#define STACK_BYTES (64 * 1024)

struct coro {
	ucontext_t ctx;
	long id;
	int done;
};

struct sched {
	ucontext_t main_ctx;
	struct coro *coros;
	long count, steps;
	uint64_t work_rounds;
	uint64_t switches;	/* swapcontext() calls, both directions */
	uint64_t sink;
};

static struct sched S;

static void coro_body(void)
{
	/* makecontext() passes only ints portably; the current one is in S */
	static long next_id;
	struct coro *me = &S.coros[next_id++];

	for (long s = 0; s < S.steps; s++) {
		S.sink += common__burn((uint64_t)(me->id + s), S.work_rounds);
		S.switches++;
		swapcontext(&me->ctx, &S.main_ctx);	/* yield */
	}
	me->done = 1;
	/* returning resumes uc_link: the scheduler */
}

int main(int argc, char **argv)
{
	long coroutines = 100, steps = 15000, work_ns = 200;
	const struct common_opt opts[] = {
		{ "coroutines", COMMON_OPT_LONG, &coroutines, 1, 100000, NULL,
		  "coroutines in the one thread" },
		{ "steps", COMMON_OPT_LONG, &steps, 1, 100000000, NULL,
		  "yields per coroutine" },
		{ "work-ns", COMMON_OPT_LONG, &work_ns, 0, 10000000, NULL,
		  "CPU work between two yields, ns" },
		{ NULL },
	};
	const struct common_prog prog = {
		"coroutines",
		"Coroutines switch cooperatively inside one thread; the kernel sees none of it.",
		opts, 120,
	};
	char *stacks;
	uint64_t t0, wall;
	long live;

	common__parse_args(&prog, argc, argv);
	S.count = coroutines;
	S.steps = steps;
	S.work_rounds = common__burn_calibrate((uint64_t)work_ns);
	S.coros = calloc((size_t)coroutines, sizeof(*S.coros));
	stacks = malloc((size_t)coroutines * STACK_BYTES);
	if (!S.coros || !stacks)
		common__die("out of memory (try fewer --coroutines)");
	for (long i = 0; i < coroutines; i++) {
		struct coro *c = &S.coros[i];

		c->id = i + 1;
		getcontext(&c->ctx);
		c->ctx.uc_stack.ss_sp = stacks + (size_t)i * STACK_BYTES;
		c->ctx.uc_stack.ss_size = STACK_BYTES;
		c->ctx.uc_link = &S.main_ctx;
		makecontext(&c->ctx, coro_body, 0);
	}

	t0 = common__now_ns();
	/* the scheduler: resume every live coroutine in turn */
	do {
		live = 0;
		for (long i = 0; i < coroutines; i++) {
			if (S.coros[i].done)
				continue;
			S.switches++;
			swapcontext(&S.main_ctx, &S.coros[i].ctx);
			live += !S.coros[i].done;
		}
	} while (live);
	wall = common__now_ns() - t0;

	common__result("coroutines", "%ld", coroutines);
	common__result("steps", "%ld", steps);
	common__result("user_switches", "%llu", (unsigned long long)S.switches);
	common__result("wall_ms", "%.3f", wall / 1e6);
	common__result("ns_per_user_switch", "%.1f", (double)wall / (double)S.switches);
	common__result("checksum", "%llx", (unsigned long long)S.sink);
	common__result_rusage("self_", RUSAGE_SELF);
	free(stacks);
	free(S.coros);
	return 0;
}
