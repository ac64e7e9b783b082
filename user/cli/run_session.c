// SPDX-License-Identifier: GPL-2.0-only
/*
 * run_session.c - launch, capture, reap, finish: one traced run (see
 * run_session.h). The target's exit is followed without reaping it until
 * its final switch is in the model, so the kernel's rusage read at the reap
 * includes that switch (launcher__exited()).
 */
#include "run_session.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_view.h"
#include "commands.h"
#include "event_tee.h"
#include "live_source.h"
#include "load_exit.h"
#include "model_sink.h"
#include "mono_clock.h"
#include "output_tail.h"
#include "privileges.h"
#include "signals.h"
#include "snapshot.h"
#include "summary.h"
#include "target_group.h"
#include "target_exit.h"
#include "task_gone.h"
#include "view_loop.h"
#include "trace_out.h"

#define EXIT_GRACE_NS (2ull * 1000 * 1000 * 1000) /* wait for final switches */
#define KILL_GRACE_NS (1000ull * 1000 * 1000)
/* a record older than this reaches the sinks at the next read (the
 * collector's 4 ms reorder window, and a little) */
#define SETTLE_NS (5ull * 1000 * 1000)
#define ABORT_REAP_NS (500ull * 1000 * 1000)	/* after SIGKILL, for the reap */

struct run_session {
	const struct run_opts *o;
	bool use_tui;
	struct trace_model *model;	/* owned */
	struct model_sink model_sink;
	struct trace_out file;		/* owned, with -o */
	struct event_tee tee;		/* model, then writer */
	struct event_sink sink;		/* the tee */
	struct live_source *src;	/* owned */
	struct tui *tui;		/* owned, with a terminal */
	struct output_tail out;		/* the target's output, with the view */
	struct run_info info;
	pid_t pid;			/* the target, -1 before launch */
	int pidfd;			/* -1 when closed */
	struct target_group group;	/* its process group (launched) */
	uint64_t exited_ns;		/* CLOCK_MONOTONIC: seen exited (not yet reaped) */
	uint64_t reaped_ns, kill_ns;
	uint64_t stop_ns;		/* CLOCK_MONOTONIC: --duration's end, 0 without */
	uint64_t read_ns;		/* the last timed read began */
	uint64_t root_out_ns;		/* the kernel says the root switched out for
					   good (task_gone.h); 0 not yet */
	uint64_t tasks_out_ns;		/* the same for every task the model has
					   not seen exit; 0 not yet */
	bool reaped, quit, aborted;
	struct rusage ru;		/* wait4() of the target */
};

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000ull + (uint64_t)tv.tv_usec * 1000ull;
}

/* Send sig to the target's whole process group (target_group.h). */
static void signal_target(const struct run_session *rs, int sig)
{
	target_group__signal(&rs->group, sig);
}

/* The model, the tee, the source, and with a terminal the view and the output pipe. */
static int open_pipeline(struct run_session *rs)
{
	struct live_source_opts so = {
		.ring_bytes = rs->o->ring_bytes, .verbose = rs->o->verbose, .sink = &rs->sink,
		/* sched_wakeup only for a kept trace: the model does not need it */
		.wakeup_events = rs->o->output != NULL,
		.attach = rs->o->attach,
	};
	struct event_sink ms;
	const char *why = NULL;
	int err;

	model_sink__init(&rs->model_sink, rs->model);
	ms = model_sink__sink(&rs->model_sink);
	event_tee__init(&rs->tee);
	event_tee__add(&rs->tee, &ms);
	rs->sink = event_tee__sink(&rs->tee);
	err = live_source__open(&rs->src, &so, &why);
	if (err) {
		fprintf(stderr, "schedviz: %s (%s)\n", why, strerror(-err));
		return load_exit__code(err);
	}
	if (!rs->use_tui)
		return 0;
	err = cli_view__open(&rs->tui, rs->o->attach && rs->o->attach->source == COLLECT_ALL);
	if (err) {	/* TERM=dumb, unknown: the run goes on, as with --no-tui */
		fprintf(stderr, "schedviz: this terminal cannot show the view (%s); the table "
				"follows at the end (set TERM, or use --no-tui)\n", strerror(-err));
		rs->use_tui = false;
		return 0;
	}
	err = output_tail__open(&rs->out);
	if (err) {
		fprintf(stderr, "schedviz: pipe: %s\n", strerror(-err));
		return EXIT_SCHEDVIZ_FAILED;
	}
	return 0;
}

/* Launch the target, then open the file (its header names the target's pid). */
static int launch(struct run_session *rs, char **targv)
{
	struct launch_opts lo = {
		.argv = targv,
		.stdin_fd = rs->use_tui ? rs->out.null_fd : -1,
		.stdout_fd = rs->use_tui ? rs->out.pipe[1] : (rs->o->json ? 2 : -1),
		.stderr_fd = rs->use_tui ? rs->out.pipe[1] : -1,
		.invoker = identity__invoker(), .as_root = rs->o->as_root,
	};
	int err, exec_err = 0;

	/* its own process group, view or not, with the terminal lent to it
	 * when it reads ours (target_group.h) */
	err = target_group__open(&rs->group, !rs->use_tui);
	if (err) {
		fprintf(stderr, "schedviz: cannot start the target's guardian: %s\n",
			strerror(-err));
		return EXIT_SCHEDVIZ_FAILED;
	}
	lo.pgrp = target_group__id(&rs->group);
	signals__catch(true);
	rs->info.start_ns = mono_ns();
	err = live_source__launch(rs->src, &lo, &rs->pid, &exec_err);
	if (err == -ECHILD) {
		tui__close(rs->tui);
		rs->tui = NULL;
		rs->pid = -1;
		if (exec_err == -EACCES && lo.invoker && !lo.as_root)	/* sudo's user */
			fprintf(stderr, "schedviz: cannot run '%s' as %s: %s (that user must be "
					"able to reach and execute it; or use --as-root)\n",
				targv[0], lo.invoker->name, strerror(-exec_err));
		else
			fprintf(stderr, "schedviz: cannot run '%s': %s\n", targv[0],
				strerror(-exec_err));
		return exec_err == -ENOENT ? 127 : 126;
	} else if (err) {
		fprintf(stderr, "schedviz: cannot start the target: %s\n", strerror(-err));
		return EXIT_SCHEDVIZ_FAILED;
	}
	rs->info.pid = rs->pid;
	/* nothing is read before the capture loop: the file misses no event */
	if (trace_out__open(&rs->file, rs->o, &rs->info, &rs->tee, rs->use_tui))
		return EXIT_SCHEDVIZ_FAILED;
	output_tail__launched(&rs->out);
	rs->pidfd = (int)syscall(SYS_pidfd_open, rs->pid, 0);
	live_source__keep_up(rs->src);	/* after the fork: the target keeps ours */
	return 0;
}

/* The file, then what runs now: marked (-p) and declared to the sinks. */
static int attach(struct run_session *rs)
{
	int32_t bad = 0;
	int err;

	signals__catch(true);
	err = attach__check(rs->o->attach, &bad);
	if (!err && trace_out__open(&rs->file, rs->o, &rs->info, &rs->tee, rs->use_tui))
		return EXIT_SCHEDVIZ_FAILED;
	if (!err)
		err = live_source__attach(rs->src, rs->info.start_ns, &bad);
	if (!err)
		live_source__keep_up(rs->src);
	if (err == -ESRCH) {
		fprintf(stderr, "schedviz: no running process %d (it does not exist or "
				"exited): check the PID with 'ps -p %d'\n", bad, bad);
		return EXIT_NO_PROCESS;
	} else if (err) {
		fprintf(stderr, "schedviz: cannot attach: %s\n", strerror(-err));
		return EXIT_SCHEDVIZ_FAILED;
	}
	return 0;
}

/*
 * Programs attached and target launched: keep only the capabilities still
 * needed (privileges__needed(): CAP_KILL for a target that runs as the
 * user who ran sudo, CAP_SYS_PTRACE to read /proc of a root one). 0 or
 * EXIT_SCHEDVIZ_FAILED.
 */
static int let_go(const struct run_session *rs)
{
	bool other_uid = !rs->o->attach && identity__invoker() && !rs->o->as_root;
	bool root_target = !rs->o->attach && !other_uid;
	int err = privileges__drop(privileges__needed(other_uid, root_target));

	if (err)
		fprintf(stderr, "schedviz: cannot drop capabilities: %s\n", strerror(-err));
	return err ? EXIT_SCHEDVIZ_FAILED : 0;
}

/*
 * Attached: capture is over on a stop signal, q, --duration, or (-p) once
 * every traced task has exited. Nothing is signalled.
 */
static bool attach_over(struct run_session *rs, bool quit)
{
	bool pids = rs->o->attach->source == COLLECT_PIDS;

	return signals__take() || quit || (rs->stop_ns && mono_ns() >= rs->stop_ns) ||
	       (pids && target_exit__all(rs->model));
}

/* Has a timed read begun SETTLE_NS after t (not 0)? Then what t saw is in. */
static bool settled(const struct run_session *rs, uint64_t t)
{
	return t && rs->read_ns >= t + SETTLE_NS;
}

/*
 * Follow the target's exit: see it exit (without reaping), then reap it once
 * its final switch is in the model, so the kernel's rusage includes that
 * switch (see launcher__exited()). Should that record have been lost (a
 * full ring), the kernel's word that the switch was made will do, once a
 * read has had time to find it (task_gone.h); else EXIT_GRACE_NS.
 * Returns 0 or -errno.
 */
static int follow_exit(struct run_session *rs)
{
	uint64_t now = mono_ns();
	int r;

	if (rs->reaped)
		return 0;
	if (!rs->exited_ns) {
		r = launcher__exited(rs->pid);
		if (r < 0) {
			fprintf(stderr, "schedviz: waitid: %s\n", strerror(-r));
			return r;
		}
		if (r > 0)
			rs->exited_ns = now;
		else if (rs->kill_ns && now - rs->kill_ns > KILL_GRACE_NS)
			signal_target(rs, SIGKILL);
	}
	if (rs->exited_ns && !rs->root_out_ns && task_gone__switched_out(rs->pid))
		rs->root_out_ns = now;
	if (rs->exited_ns && (target_exit__root(rs->model, rs->pid) || settled(rs, rs->root_out_ns) ||
			      now - rs->exited_ns > EXIT_GRACE_NS)) {
		/* the zombie past its final switch: its schedstat is final */
		if ((target_exit__root(rs->model, rs->pid) || rs->root_out_ns) &&
		    task_gone__schedstat(rs->pid, &rs->info.final_run_ns,
					 &rs->info.final_run_delay_ns, &rs->info.final_pcount))
			rs->info.final_run_ns = rs->info.final_run_delay_ns = rs->info.final_pcount = 0;
		r = launcher__reap(rs->pid, &rs->info.exit_code, &rs->info.term_signal, &rs->ru);
		if (r < 0) {
			fprintf(stderr, "schedviz: wait4: %s\n", strerror(-r));
			return r;
		}
		rs->reaped = r > 0;
		rs->reaped_ns = now;
	}
	return 0;
}

/*
 * A second stop signal: end now. SIGKILL to the target's group, the root
 * reaped (within ABORT_REAP_NS), and capture is over; finish() still reads
 * what the rings hold and writes the footer. Returns 1 (capture over).
 */
static int abort_run(struct run_session *rs)
{
	uint64_t until = mono_ns() + ABORT_REAP_NS;

	rs->aborted = true;
	signal_target(rs, SIGKILL);
	while (!rs->reaped && mono_ns() < until) {
		int r = launcher__reap(rs->pid, &rs->info.exit_code, &rs->info.term_signal,
				       &rs->ru);

		if (r < 0)
			break;
		rs->reaped = r > 0;
		if (!rs->reaped)
			poll(NULL, 0, 1);
	}
	if (!rs->reaped) {	/* stuck in the kernel: free() reaps it */
		rs->info.term_signal = SIGKILL;
		rs->info.exit_code = 128 + SIGKILL;
	}
	return 1;
}

/* view_loop_live.watch: the target's exit, its output, the next ring read. */
static int watch(void *ctx, struct pollfd *pfd, int max, int *timeout_ms)
{
	struct run_session *rs = ctx;
	uint64_t now = mono_ns(), due = live_source__due_ns(rs->src);
	int wait_ms = now < due ? (int)((due - now + 999999) / 1000000) : 0;

	(void)max;	/* 3 <= VIEW_LOOP_FDS */
	pfd[0] = (struct pollfd){ .fd = rs->exited_ns ? -1 : rs->pidfd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = rs->out.pipe[0], .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = target_group__notify_fd(&rs->group), .events = POLLIN };
	if (wait_ms < *timeout_ms)
		*timeout_ms = wait_ms;
	return 3;
}

/* A timed read of the source (not final: the reorder window kept). 0 or -errno. */
static int read_events(struct run_session *rs)
{
	int err;

	rs->read_ns = mono_ns();
	err = live_source__read(rs->src, false);

	rs->info.lost = live_source__lost(rs->src);
	if (err < 0) {
		fprintf(stderr, "schedviz: reading events failed: %s\n", strerror(-err));
		return err;
	}
	return 0;
}

/*
 * view_loop_live.tick, also without a view: read the rings when due (or
 * the target exited), the output, a snapshot, signals, the target's exit.
 * Returns 1 once capture is over, 0, -errno.
 */
static int tick(void *ctx, const struct pollfd *pfd, int n, bool quit, struct tui_source *src)
{
	struct run_session *rs = ctx;
	bool usr1;
	int err, sig;

	(void)n;
	if (mono_ns() >= live_source__due_ns(rs->src) || pfd[0].revents) {
		err = read_events(rs);
		if (err)
			return err;
	}
	output_tail__read(&rs->out, rs->tui);
	usr1 = signals__take_usr1();
	if (usr1 && (rs->o->snapshot || rs->o->flight_ns)) {
		/* what a timed read delivers: the reorder window holds back the
		 * newest events, so none can arrive out of order after this */
		err = read_events(rs);
		if (err)
			return err;
		if (rs->o->snapshot)
			snapshot__write(rs->o->snapshot, &rs->info, rs->model);
	}
	/* a flight recording's trigger ends the run as --duration would */
	if (trace_out__poll(&rs->file, usr1, &rs->info) && (!rs->stop_ns || rs->stop_ns > mono_ns()))
		rs->stop_ns = mono_ns();
	if (rs->o->attach) {
		if (src) {
			src->live = true;
			src->target_exited = false;
			src->now_ns = mono_ns();
		}
		return attach_over(rs, quit);
	}
	if (rs->stop_ns && !rs->kill_ns && mono_ns() >= rs->stop_ns) {
		signal_target(rs, SIGINT);	/* --duration ends it as Ctrl-C would */
		if (!rs->reaped)
			rs->kill_ns = mono_ns();
	}
	/* a stop signal, ours (passed on) or the group's own: the target is
	 * asked to end, and we trace on until it has (it may catch the
	 * signal); a second one ends at once */
	sig = signals__take();
	if (target_group__stop(&rs->group, sig, true) == TARGET_STOP_AGAIN ||
	    target_group__stop(&rs->group, 0, false) == TARGET_STOP_AGAIN)
		return abort_run(rs);
	if (quit && !rs->quit) {
		rs->quit = true;
		if (!rs->reaped) {
			signal_target(rs, SIGTERM);
			rs->kill_ns = mono_ns();
		}
	}
	err = follow_exit(rs);
	if (err)
		return err;
	if (src) {
		src->live = true;
		src->target_exited = rs->reaped;
		src->now_ns = mono_ns();
	}
	/* over once reaped and every task's final switch is seen, or the
	 * kernel says it was made (the record lost), or a task outlives the
	 * target: then its lane ends here */
	if (!rs->reaped)
		return 0;
	if (target_exit__all(rs->model))
		return 1;
	if (!rs->tasks_out_ns && target_exit__rest_switched_out(rs->model))
		rs->tasks_out_ns = mono_ns();
	return settled(rs, rs->tasks_out_ns) || mono_ns() - rs->reaped_ns > EXIT_GRACE_NS;
}

/* Until capture is over: with the view, its loop; else wait on the same fds. */
static int capture(struct run_session *rs)
{
	struct view_loop_live live = { .ctx = rs, .watch = watch, .tick = tick };
	struct pollfd pfd[VIEW_LOOP_FDS];
	int r, n, timeout;

	if (rs->tui) {
		struct tui_source src = cli_view__source(rs->model, &rs->info);

		src.live = true;
		src.now_ns = mono_ns();
		src.target_exited = false;
		src.detail = trace_out__detail(&rs->file);
		r = view_loop__run(rs->tui, &src, &live, NULL);
		if (r == VIEW_LOOP_QUIT)
			rs->quit = true;
		return r < 0 ? r : 0;
	}
	do {
		timeout = VIEW_LOOP_WAIT_MS;
		n = watch(rs, pfd, VIEW_LOOP_FDS, &timeout);
		poll(pfd, (nfds_t)n, timeout);
		r = tick(rs, pfd, n, false, NULL);
	} while (r == 0);
	return r < 0 ? r : 0;
}

/* Last events, rusage, the sinks finished. Returns 0 or EXIT_SCHEDVIZ_FAILED. */
static int finish(struct run_session *rs)
{
	live_source__read(rs->src, true);	/* as much as it can: what failed stays out */
	rs->info.end_ns = mono_ns();
	rs->info.lost = live_source__lost(rs->src);
	rs->info.ru_nvcsw = (uint64_t)rs->ru.ru_nvcsw;
	rs->info.ru_nivcsw = (uint64_t)rs->ru.ru_nivcsw;
	rs->info.ru_utime_ns = tv_ns(rs->ru.ru_utime);
	rs->info.ru_stime_ns = tv_ns(rs->ru.ru_stime);
	live_source__close(rs->src);
	rs->src = NULL;
	/* model: the open states closed at end_ns; writer: the footer, its first error */
	if (event_sink__finish(&rs->sink, &rs->info))
		return EXIT_SCHEDVIZ_FAILED;
	if (!rs->o->attach && !target_exit__all(rs->model))
		fprintf(stderr, "schedviz: some traced tasks outlived the target; their lanes "
				"end when it was reaped\n");
	if (rs->info.lost)
		fprintf(stderr, "schedviz: %llu events were lost (a ring was full); counts "
				"are incomplete: retry with a larger --ring-mb\n",
			(unsigned long long)rs->info.lost);
	model_sink__warn(&rs->model_sink, stderr);
	return 0;
}

/* The final picture stays until q or a signal; then the target's output. */
static void show(struct run_session *rs)
{
	if (rs->tui && !rs->quit && !rs->aborted) {
		struct tui_source src = cli_view__source(rs->model, &rs->info);

		src.detail = trace_out__detail(&rs->file);
		view_loop__run(rs->tui, &src, NULL, signals__stop_flag());
	}
	tui__close(rs->tui);
	rs->tui = NULL;
	if (rs->aborted)
		fprintf(stderr, "schedviz: a second stop signal: the target's process group "
				"was killed, the trace ends there\n");
	output_tail__print(&rs->out, stdout);
}

int run_session__run(struct run_session **out, const struct run_opts *o, int argc,
		     char **targv, const struct scenario *scn)
{
	struct run_session *rs = calloc(1, sizeof(*rs));
	int ret;

	*out = rs;
	if (!rs) {
		fprintf(stderr, "schedviz: out of memory\n");
		return EXIT_SCHEDVIZ_FAILED;
	}
	rs->o = o;
	rs->pid = rs->pidfd = -1;
	target_group__init(&rs->group);
	output_tail__init(&rs->out);
	rs->use_tui = !o->no_tui && !o->json && !o->record && isatty(0) && isatty(1);
	if (trace_model__new(&rs->model) || trace_model__set_budget(rs->model, o->memory_bytes) ||
	    run_info__set_argv(&rs->info, argc, targv)) {
		fprintf(stderr, "schedviz: out of memory\n");
		return EXIT_SCHEDVIZ_FAILED;
	}
	if (scn)
		snprintf(rs->info.scenario, sizeof(rs->info.scenario), "%s", scn->name);
	run_info__fill_host(&rs->info);
	if (o->attach) {
		/* the time tracing begins: what attach finds is declared then */
		rs->info.start_ns = mono_ns();
		/* the one process attached to; 0 for several (the title lists them) */
		rs->info.pid = o->attach->source == COLLECT_PIDS && o->attach->npids == 1 ?
			       o->attach->pids[0] : 0;
	}
	ret = open_pipeline(rs);
	if (!ret)
		ret = o->attach ? attach(rs) : launch(rs, targv);
	if (!ret)	/* attached and launched: keep only what is still needed */
		ret = let_go(rs);
	if (!ret && o->duration_ns)
		rs->stop_ns = mono_ns() + o->duration_ns;
	if (ret)
		return ret;
	ret = capture(rs);
	target_group__take_terminal(&rs->group);	/* ours again, to print on */
	if (ret || finish(rs))
		return EXIT_SCHEDVIZ_FAILED;
	show(rs);
	return 0;
}

const struct trace_model *run_session__model(const struct run_session *rs)
{
	return rs->model;
}

const struct run_info *run_session__info(const struct run_session *rs)
{
	return &rs->info;
}

bool run_session__viewed(const struct run_session *rs)
{
	return rs->use_tui;
}

void run_session__free(struct run_session *rs)
{
	if (!rs)
		return;
	tui__close(rs->tui);
	trace_out__close(&rs->file, &rs->info);
	live_source__close(rs->src);
	if (rs->pid > 0 && !rs->reaped) {
		signal_target(rs, SIGKILL);
		while (waitpid(rs->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	target_group__close(&rs->group);
	if (rs->pidfd >= 0)
		close(rs->pidfd);
	output_tail__close(&rs->out);
	trace_model__free(rs->model);
	run_info__clear(&rs->info);
	free(rs);
}

void run_session__print(const struct run_session *rs)
{
	const struct run_opts *o = rs->o;

	if (o->json)
		summary_json__write(stdout, &rs->info, rs->model);
	else if (o->record)
		trace_out__say(&rs->file, o, &rs->info, trace_model__stats(rs->model)->events,
			       trace_model__task_count(rs->model));
	else if (!run_session__viewed(rs))
		summary_text__write(stdout, &rs->info, rs->model, SUMMARY_SORT_CREATION);
	fflush(stdout);
}
