// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_run.c - `schedviz run` and `schedviz record`: launch a target under the
 * BPF collector, feed the model (and the trace file), show the live view or
 * print the summary, and exit with the target's status.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collector.h"
#include "commands.h"
#include "launcher.h"
#include "mono_clock.h"
#include "privileges.h"
#include "registry.h"
#include "run_info.h"
#include "summary.h"
#include "trace_file.h"
#include "trace_model.h"
#include "switch_measure.h"
#include "tui.h"

#define EXIT_GRACE_NS (2ull * 1000 * 1000 * 1000) /* wait for final switches */
#define FLUSH_EVERY_NS (500ull * 1000 * 1000)
#define KILL_GRACE_NS (1000ull * 1000 * 1000)
#define OUTPUT_TAIL (64 * 1024)

struct run_opts {
	const char *output;	/* trace file, or NULL */
	const char *snapshot;	/* SIGUSR1 writes the summary so far here */
	bool no_tui, json, verbose, record;
	size_t ring_bytes;
};

/* One traced run, from launch to summary. */
struct run_state {
	const struct scenario *scn;	/* NULL for a command */
	char **targv;			/* the target's argv (owned when scn) */
	bool use_tui;
	struct trace_model *model;	/* owned */
	struct trace_writer *writer;	/* owned, when recording */
	struct collector *col;		/* owned */
	struct tui *tui;		/* owned, with a terminal */
	struct run_info info;
	int write_err;
	pid_t pid;			/* the target, -1 before launch */
	int pidfd, null_fd, out_pipe[2];	/* -1 when closed */
	uint64_t exited_ns;		/* CLOCK_MONOTONIC: seen exited (not yet reaped) */
	uint64_t reaped_ns, kill_ns, last_flush;
	uint64_t next_drain_ns;		/* CLOCK_MONOTONIC: next ring read */
	bool reaped, quit;
	struct rusage ru;		/* wait4() of the target */
	/* the target's output, kept to print after the view closes */
	char tail[OUTPUT_TAIL];
	size_t tail_len;
};

static volatile sig_atomic_t got_signal, got_usr1;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_signal = sig;
}

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000ull + (uint64_t)tv.tv_usec * 1000ull;
}

static int on_event(void *ctx, const struct sched_event *ev)
{
	struct run_state *rs = ctx;
	int err = trace_model__add(rs->model, ev);

	if (err == -ENOMEM)
		return err;
	if (rs->writer && !rs->write_err)
		rs->write_err = trace_writer__add(rs->writer, ev);
	return 0;
}

/*
 * Bring the model (and the file, in stream) up to the collector's count of
 * lost events, so a replayed trace reports the same loss at the same place.
 */
static void note_lost(struct run_state *rs)
{
	uint64_t lost = collector__lost(rs->col);
	uint64_t seen = trace_model__stats(rs->model)->lost;

	if (lost <= seen)
		return;
	trace_model__add_lost(rs->model, lost - seen);
	if (rs->writer && !rs->write_err)
		rs->write_err = trace_writer__add_lost(rs->writer, lost - seen,
						       trace_model__stats(rs->model)->last_ns);
	rs->info.lost = lost;
}

static void usage(FILE *f, bool record)
{
	if (record)
		fprintf(f, "usage: schedviz record [-o FILE] [-v] SCENARIO [args]\n"
			   "       schedviz record [-o FILE] [-v] -- COMMAND [args]\n\n"
			   "Trace a scenario or command to FILE (default %s; an existing\n"
			   "file is kept as FILE.old), with no view.\n", TRACE_FILE_DEFAULT);
	else
		fprintf(f, "usage: schedviz run [options] SCENARIO [args]\n"
			   "       schedviz run [options] -- COMMAND [args]\n\n"
			   "Trace every task the target creates and show one lane per task.\n\n"
			   "  -o, --output FILE   also record the trace to FILE\n"
			   "      --no-tui        no live view: print a table per task at the end\n"
			   "      --json          print the summary as JSON on stdout (the target's\n"
			   "                      stdout goes to stderr)\n"
			   "      --ring-mb N     each CPU's record ring, in MiB (power of two, default 4)\n"
			   "      --snapshot FILE on SIGUSR1, write the JSON summary so far to FILE\n"
			   "  -v, --verbose       libbpf's own log\n"
			   "  -h, --help          this text\n\n"
			   "Scenarios ('schedviz list -v' for their lessons):\n");
	if (!record)
		cmd_list__print(f);
	fprintf(f, "\nExit status: the target's; 125 if schedviz fails, 126/127 if the\n"
		   "command cannot be run / found.\n");
}

/* Build the target's argv: a bundled scenario or any command. */
static int target_argv(int argc, char **argv, bool dashdash, char ***out,
		       const struct scenario **scn)
{
	static char path[4096];
	const struct scenario *s;
	char **v;

	*scn = NULL;
	if (dashdash) {
		*out = argv;
		return 0;
	}
	s = scenario__find(argv[0]);
	if (!s) {
		fprintf(stderr, "schedviz: unknown scenario '%s' (use '-- %s' to trace a "
				"command); scenarios:\n", argv[0], argv[0]);
		cmd_list__print(stderr);
		return -ENOENT;
	}
	if (scenario__path(s, path, sizeof(path))) {
		fprintf(stderr, "schedviz: the '%s' scenario program is missing next to "
				"schedviz or in %s: rebuild or reinstall schedviz\n",
			s->name, path);
		return -ENOENT;
	}
	v = calloc((size_t)argc + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[0] = path;
	for (int i = 1; i < argc; i++)
		v[i] = argv[i];
	*out = v;
	*scn = s;
	return 0;
}

static bool all_exited(const struct trace_model *m)
{
	size_t n = trace_model__task_count(m);

	for (size_t i = 0; i < n; i++)
		if (!trace_model__task(m, i)->exited)
			return false;
	return n > 0;
}

static bool root_exited(const struct trace_model *m, pid_t pid)
{
	const struct trace_task *t = trace_model__find(m, pid);

	return t && t->exited;
}

static void keep_output(struct run_state *rs, const char *buf, size_t n)
{
	if (n >= OUTPUT_TAIL) {
		buf += n - OUTPUT_TAIL;
		n = OUTPUT_TAIL;
	}
	if (rs->tail_len + n > OUTPUT_TAIL) {
		size_t drop = rs->tail_len + n - OUTPUT_TAIL;

		memmove(rs->tail, rs->tail + drop, rs->tail_len - drop);
		rs->tail_len -= drop;
	}
	memcpy(rs->tail + rs->tail_len, buf, n);
	rs->tail_len += n;
}

/*
 * The summary so far, for `kill -USR1`: every event consumed is delivered
 * first, so counts include every switch the kernel had made when the ring
 * was read (open states are not closed). Written to FILE.tmp, then renamed.
 */
static void write_snapshot(struct run_state *rs, const char *path)
{
	char tmp[4096];
	FILE *f;

	collector__drain(rs->col, true);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return;
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "schedviz: cannot write snapshot '%s': %s\n", tmp, strerror(errno));
		return;
	}
	summary_json__write(f, &rs->info, rs->model);
	if (fclose(f) || rename(tmp, path))
		fprintf(stderr, "schedviz: cannot write snapshot '%s': %s\n", path, strerror(errno));
}

static void set_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int parse(int argc, char **argv, struct run_opts *o, int *first)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "no-tui", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "ring-mb", required_argument, NULL, 'r' },
		{ "snapshot", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *cmd = o->record ? "record" : "run";
	int c;

	opterr = 0; /* one line of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, "+o:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'n':
			o->no_tui = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'r': {
			char *end;
			unsigned long mb = strtoul(optarg, &end, 10);

			if (*end || !mb || (mb & (mb - 1)) || mb > 1024) {
				fprintf(stderr, "schedviz %s: --ring-mb wants a power of two from 1 "
						"to 1024, not '%s'\n", cmd, optarg);
				return -EINVAL;
			}
			o->ring_bytes = (size_t)mb << 20;
			break;
		}
		case 's':
			o->snapshot = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout, o->record);
			return 1;
		default:
			fprintf(stderr, "schedviz %s: bad option '%s'; try 'schedviz %s --help'\n",
				cmd, argv[optind - 1], cmd);
			return -EINVAL;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "schedviz %s: name a scenario or '-- COMMAND' to trace "
				"(schedviz list shows the scenarios)\n", cmd);
		return -EINVAL;
	}
	*first = optind;
	return 0;
}

/* Open the collector, the view, the output pipe; launch; open the file. */
static int start(struct run_state *rs, const struct run_opts *o)
{
	struct collector_opts co = {
		.ring_bytes = o->ring_bytes, .verbose = o->verbose, .fn = on_event, .ctx = rs,
		/* sched_wakeup only for a kept trace: the model does not need it */
		.wakeup_events = o->output != NULL,
	};
	const char *why = NULL;
	int err, exec_err = 0;

	err = collector__open(&rs->col, &co, &why);
	if (err) {
		fprintf(stderr, "schedviz: %s (%s)\n", why, strerror(-err));
		return EXIT_SCHEDVIZ_FAILED;
	}
	if (rs->use_tui) {
		struct tui_options topts = { 0 };

		/* before the screen is taken: its processes are not the target's */
		switch_cost__for_view(&topts.cost);
		err = tui__open(&rs->tui, &topts);
		if (err) {
			fprintf(stderr, "schedviz: this terminal cannot show the view (%s); "
					"set TERM or use --no-tui\n", strerror(-err));
			return EXIT_SCHEDVIZ_FAILED;
		}
		if (pipe2(rs->out_pipe, O_CLOEXEC | O_NONBLOCK) < 0 ||
		    (rs->null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
			fprintf(stderr, "schedviz: pipe: %s\n", strerror(errno));
			return EXIT_SCHEDVIZ_FAILED;
		}
	}
	set_signals();

	struct launch_opts lo = {
		.argv = rs->targv,
		.stdin_fd = rs->use_tui ? rs->null_fd : -1,
		.stdout_fd = rs->use_tui ? rs->out_pipe[1] : (o->json ? 2 : -1),
		.stderr_fd = rs->use_tui ? rs->out_pipe[1] : -1,
		.own_pgrp = rs->use_tui,
	};
	rs->info.start_ns = mono_ns();
	err = launcher__start(rs->col, &lo, &rs->pid, &exec_err);
	if (err == -ECHILD) {
		tui__close(rs->tui);
		rs->tui = NULL;
		rs->pid = -1;
		fprintf(stderr, "schedviz: cannot run '%s': %s\n", rs->targv[0],
			strerror(-exec_err));
		return exec_err == -ENOENT ? 127 : 126;
	} else if (err) {
		fprintf(stderr, "schedviz: cannot start the target: %s\n", strerror(-err));
		return EXIT_SCHEDVIZ_FAILED;
	}
	rs->info.pid = rs->pid;
	/* the header names the target's pid; nothing is read before the loop */
	if (o->output) {
		err = trace_writer__open(&rs->writer, o->output, &rs->info);
		if (err) {
			fprintf(stderr, "schedviz: cannot write the trace file '%s': %s\n",
				o->output, strerror(-err));
			return EXIT_SCHEDVIZ_FAILED;
		}
	}
	if (rs->out_pipe[1] >= 0) {
		close(rs->out_pipe[1]);
		rs->out_pipe[1] = -1;
	}
	rs->pidfd = (int)syscall(SYS_pidfd_open, rs->pid, 0);
	return 0;
}

static struct tui_source view_of(const struct run_state *rs, bool live)
{
	return (struct tui_source){
		.model = rs->model, .info = &rs->info,
		.title = rs->scn ? rs->scn->name : rs->targv[0],
		.lesson = rs->scn ? rs->scn->lesson : NULL,
		.figures = rs->scn ? rs->scn->figures : NULL,
		.live = live, .target_exited = rs->reaped,
		.now_ns = live ? mono_ns() : rs->info.end_ns,
	};
}

/* Send sig to the target (its process group when it has its own). */
static void signal_target(const struct run_state *rs, int sig)
{
	kill(rs->use_tui ? -rs->pid : rs->pid, sig);
}

/*
 * Follow the target's exit: see it exit (without reaping), then reap it once
 * its final switch is in the model, so the kernel's rusage includes that
 * switch (see launcher__exited()). Returns 0 or -errno.
 */
static int follow_exit(struct run_state *rs)
{
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
			rs->exited_ns = mono_ns();
		else if (rs->kill_ns && mono_ns() - rs->kill_ns > KILL_GRACE_NS)
			signal_target(rs, SIGKILL);
	}
	if (rs->exited_ns && (root_exited(rs->model, rs->pid) ||
			      mono_ns() - rs->exited_ns > EXIT_GRACE_NS)) {
		r = launcher__reap(rs->pid, &rs->info.exit_code, &rs->info.term_signal, &rs->ru);
		if (r < 0) {
			fprintf(stderr, "schedviz: wait4: %s\n", strerror(-r));
			return r;
		}
		rs->reaped = r > 0;
		rs->reaped_ns = mono_ns();
	}
	return 0;
}

/*
 * One turn of the capture loop: wait for the target's exit, its output or a
 * key until the next ring read is due (collector__read_period_ns(): records
 * never wake us, so the rings are read on this timer). Returns 1 when
 * capture is over, 0, -errno.
 */
static int capture_step(struct run_state *rs, const struct run_opts *o)
{
	struct pollfd pfd[3] = {
		{ .fd = rs->exited_ns ? -1 : rs->pidfd, .events = POLLIN },
		{ .fd = rs->out_pipe[0], .events = POLLIN },
		{ .fd = rs->tui ? tui__input_fd(rs->tui) : -1, .events = POLLIN },
	};
	uint64_t now = mono_ns();
	int err;

	if (now < rs->next_drain_ns)
		poll(pfd, 3, (int)((rs->next_drain_ns - now + 999999) / 1000000));
	now = mono_ns();
	if (now >= rs->next_drain_ns || pfd[0].revents) {
		rs->next_drain_ns = now + collector__read_period_ns(rs->col);
		err = collector__drain(rs->col, false);
		if (err < 0) {
			fprintf(stderr, "schedviz: reading events failed: %s\n", strerror(-err));
			return err;
		}
	}
	if (rs->out_pipe[0] >= 0) {
		char buf[4096];
		ssize_t k;

		while ((k = read(rs->out_pipe[0], buf, sizeof(buf))) > 0) {
			tui__append_output(rs->tui, buf, (size_t)k);
			keep_output(rs, buf, (size_t)k);
		}
	}
	if (got_usr1) {
		got_usr1 = 0;
		if (o->snapshot)
			write_snapshot(rs, o->snapshot);
	}
	if (got_signal && !rs->kill_ns) {
		/* pass it on; the target decides, we keep tracing until it exits */
		signal_target(rs, got_signal);
		got_signal = 0;
		if (!rs->reaped)
			rs->kill_ns = mono_ns();
	}
	err = follow_exit(rs);
	if (err)
		return err;
	note_lost(rs);
	if (rs->writer && mono_ns() - rs->last_flush > FLUSH_EVERY_NS) {
		if (!rs->write_err)
			rs->write_err = trace_writer__flush(rs->writer);
		rs->last_flush = mono_ns();
	}
	if (rs->tui) {
		struct tui_source src = view_of(rs, true);

		if (tui__step(rs->tui, &src) == TUI_QUIT && !rs->quit) {
			rs->quit = true;
			if (!rs->reaped) {
				signal_target(rs, SIGTERM);
				rs->kill_ns = mono_ns();
			}
		}
	}
	/* over once reaped and every task's final switch is seen (or a task
	 * outlives the target: then its lane ends here) */
	return rs->reaped && (all_exited(rs->model) || mono_ns() - rs->reaped_ns > EXIT_GRACE_NS);
}

/* Last events, rusage, the file's footer. Returns 0 or EXIT_SCHEDVIZ_FAILED. */
static int finish(struct run_state *rs, const struct run_opts *o)
{
	collector__drain(rs->col, true);
	rs->info.end_ns = mono_ns();
	note_lost(rs);
	trace_model__finish(rs->model, rs->info.end_ns);
	rs->info.ru_nvcsw = (uint64_t)rs->ru.ru_nvcsw;
	rs->info.ru_nivcsw = (uint64_t)rs->ru.ru_nivcsw;
	rs->info.ru_utime_ns = tv_ns(rs->ru.ru_utime);
	rs->info.ru_stime_ns = tv_ns(rs->ru.ru_stime);
	collector__close(rs->col);
	rs->col = NULL;

	if (rs->writer) {
		/* close in any case: it flushes, fsyncs and reports the first error */
		int werr = trace_writer__close(rs->writer, &rs->info);

		rs->writer = NULL;
		if (werr) {
			fprintf(stderr, "schedviz: writing '%s' failed: %s; the file is incomplete\n",
				o->output, strerror(-werr));
			return EXIT_SCHEDVIZ_FAILED;
		}
	}
	if (!all_exited(rs->model))
		fprintf(stderr, "schedviz: some traced tasks outlived the target; their lanes "
				"end when it was reaped\n");
	if (rs->info.lost)
		fprintf(stderr, "schedviz: %llu events were lost (a ring was full); counts "
				"are incomplete: retry with a larger --ring-mb\n",
			(unsigned long long)rs->info.lost);
	return 0;
}

/* The final picture stays until q; then the target's output, then the summary. */
static void show(struct run_state *rs, const struct run_opts *o)
{
	while (rs->tui && !rs->quit && !got_signal) {
		struct pollfd p = { .fd = tui__input_fd(rs->tui), .events = POLLIN };
		struct tui_source src = view_of(rs, false);

		poll(&p, 1, 250);
		if (tui__step(rs->tui, &src) == TUI_QUIT)
			break;
	}
	tui__close(rs->tui);
	rs->tui = NULL;
	if (rs->tail_len)
		fwrite(rs->tail, 1, rs->tail_len, stdout);

	if (o->json)
		summary_json__write(stdout, &rs->info, rs->model);
	else if (o->record)
		fprintf(stderr, "schedviz record: %llu events (%llu lost) from %zu tasks written "
				"to %s\n",
			(unsigned long long)trace_model__stats(rs->model)->events,
			(unsigned long long)rs->info.lost, trace_model__task_count(rs->model),
			o->output);
	else if (!rs->use_tui)
		summary_text__write(stdout, &rs->info, rs->model, SUMMARY_SORT_CREATION);
	fflush(stdout);
}

/* Release everything on any path; a target still running is killed. */
static void cleanup(struct run_state *rs)
{
	tui__close(rs->tui);
	if (rs->writer)
		trace_writer__close(rs->writer, &rs->info);
	collector__close(rs->col);
	if (rs->pid > 0 && !rs->reaped) {
		signal_target(rs, SIGKILL);
		while (waitpid(rs->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (rs->pidfd >= 0)
		close(rs->pidfd);
	for (int i = 0; i < 2; i++)
		if (rs->out_pipe[i] >= 0)
			close(rs->out_pipe[i]);
	if (rs->null_fd >= 0)
		close(rs->null_fd);
	if (rs->scn)
		free(rs->targv);
	trace_model__free(rs->model);
	run_info__clear(&rs->info);
	free(rs);
}

static int run(struct run_opts *o, int argc, char **argv)
{
	struct run_state *rs = calloc(1, sizeof(*rs));
	const char *why = NULL;
	int ret = EXIT_SCHEDVIZ_FAILED, err, first;
	bool dashdash;

	if (!rs)
		return EXIT_SCHEDVIZ_FAILED;
	rs->pid = rs->pidfd = rs->null_fd = rs->out_pipe[0] = rs->out_pipe[1] = -1;
	err = parse(argc, argv, o, &first);
	if (err) {
		free(rs);
		return err > 0 ? 0 : 2;
	}
	if (o->record && !o->output)
		o->output = TRACE_FILE_DEFAULT;
	dashdash = !strcmp(argv[first - 1], "--");
	if (target_argv(argc - first, argv + first, dashdash, &rs->targv, &rs->scn)) {
		ret = dashdash ? EXIT_SCHEDVIZ_FAILED : 2;
		goto out;
	}
	if (privileges__check(&why)) {
		fprintf(stderr, "schedviz: %s\n", why);
		goto out;
	}
	rs->use_tui = !o->no_tui && !o->json && !o->record && isatty(0) && isatty(1);
	if (trace_model__new(&rs->model) ||
	    run_info__set_argv(&rs->info, argc - first, rs->targv)) {
		fprintf(stderr, "schedviz: out of memory\n");
		goto out;
	}
	if (rs->scn)
		snprintf(rs->info.scenario, sizeof(rs->info.scenario), "%s", rs->scn->name);
	run_info__fill_host(&rs->info);

	ret = start(rs, o);
	if (ret)
		goto out;
	ret = EXIT_SCHEDVIZ_FAILED;
	while ((err = capture_step(rs, o)) == 0)
		;
	if (err < 0 || finish(rs, o))
		goto out;
	show(rs, o);
	ret = rs->info.exit_code;
out:
	cleanup(rs);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { 0 };

	return run(&o, argc, argv);
}

int cmd_record(int argc, char **argv)
{
	struct run_opts o = { .record = true, .no_tui = true };

	return run(&o, argc, argv);
}
