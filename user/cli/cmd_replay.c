// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_replay.c - `schedviz replay [FILE]`: the file source into the model
 * and the view over the whole run, shown from the first moment and filled
 * in as the file loads (a large file's first frame does not wait for its
 * end); without a terminal, the summary table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chunk_index.h"
#include "cli_view.h"
#include "commands.h"
#include "file_source.h"
#include "model_sink.h"
#include "mono_clock.h"
#include "options.h"
#include "signals.h"
#include "summary.h"
#include "trace_file.h"
#include "view_loop.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: schedviz replay [FILE]\n\n"
		   "Show a recorded trace (default %s) in the same view as 'schedviz run':\n"
		   "one lane per task over the whole run ('q' quits, '?' for keys). Without a\n"
		   "terminal, print the summary table instead.\n\n"
		   OPTIONS_MEMORY_MB_HELP
		   "  -h, --help          this text\n", TRACE_FILE_DEFAULT);
}

#define LOAD_SLICE_NS (250ull * 1000 * 1000)	/* loading between two frames */
#define LOAD_STEP 4096				/* records between clock reads */

/* The file loading into the model while the view shows it. */
struct loading {
	struct file_source *fs;
	const struct tui_detail *detail; /* summarized time read back, or NULL */
	struct trace_model *m;
	struct model_sink ms;
	struct event_sink sink;
	struct run_info *ri;	/* the run's facts, once read to the end */
	int err;
};

static int load_watch(void *ctx, struct pollfd *pfd, int max, int *timeout_ms)
{
	(void)ctx;
	(void)pfd;
	(void)max;
	*timeout_ms = 0;	/* no waiting while there is file to read */
	return 0;
}

/* A slice of loading between frames; 1 once the file is read (or the user quit). */
static int load_tick(void *ctx, const struct pollfd *pfd, int n, bool quit,
		     struct tui_source *src)
{
	struct loading *l = ctx;
	uint64_t until = mono_ns() + LOAD_SLICE_NS;
	int r;

	(void)pfd;
	(void)n;
	if (quit)
		return 1;
	do
		r = file_source__step(l->fs, &l->sink, LOAD_STEP, l->ri);
	while (r == 1 && mono_ns() < until);
	if (r < 0) {
		l->err = r;
		return r;
	}
	src->loaded = file_source__progress(l->fs);
	src->now_ns = trace_model__stats(l->m)->last_ns;
	if (r == 0) {
		/* the reader's header (title, lesson) gave way to the footer */
		*src = cli_view__source(l->m, l->ri);
		src->detail = l->detail;
		return 1;
	}
	return 0;
}

/*
 * The view from the first frame while path loads into m, then over the
 * whole run until the user quits or a signal arrives. Returns 0, -errno of
 * tui__open (nothing loaded yet: the caller loads and prints the table),
 * or 1 when the file cannot be read (said on stderr).
 */
static int show(const char *path, struct trace_model *m, size_t budget, struct run_info *ri)
{
	struct loading l = { .m = m, .ri = ri };
	const struct view_loop_live live = { .ctx = &l, .watch = load_watch, .tick = load_tick };
	struct chunk_index ix = CHUNK_INDEX_INIT;
	struct window_detail *back = NULL;
	struct tui_detail detail;
	struct tui_source src;
	struct tui *t;
	int err = file_source__open(&l.fs, path, stderr), end;

	if (err)
		return 1;
	err = cli_view__open(&t, false);
	if (err) {
		file_source__close(l.fs);
		return err;
	}
	/* the chunks indexed as they load, for time the budget summarizes;
	 * without (out of memory) the view says "summarized", and a read that
	 * fails is said in its header, not on its screen */
	if (budget && !window_detail__new(&back, path, &ix, budget, NULL)) {
		file_source__index(l.fs, &ix);
		detail = cli_view__detail(back);
		l.detail = &detail;
	}
	model_sink__init(&l.ms, m);
	l.sink = model_sink__sink(&l.ms);
	src = cli_view__source(m, file_source__header(l.fs));
	src.detail = l.detail;
	src.loading = true;
	src.now_ns = file_source__header(l.fs)->start_ns;
	signals__catch(false);
	end = view_loop__run(t, &src, &live, signals__stop_flag());
	if (end == VIEW_LOOP_OVER && !l.err)
		view_loop__run(t, &src, NULL, signals__stop_flag());
	tui__close(t);
	file_source__close(l.fs);
	window_detail__free(back);
	chunk_index__release(&ix);
	if (l.err) {
		fprintf(stderr, "schedviz replay: %s: %s\n", path, strerror(-l.err));
		return 1;
	}
	model_sink__warn(&l.ms, stderr);
	return 0;
}

static int take(void *ctx, int c, const char *arg)
{
	(void)c;	/* 'M' */
	return options__memory_mb("replay", arg, ctx);
}

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "memory-mb", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	size_t budget = (size_t)OPTIONS_MEMORY_MB_DEFAULT << 20;
	const struct options_spec spec = {
		.cmd = "replay", .shortopts = "h", .longopts = opts, .usage = usage,
		.take = take, .ctx = &budget, .one_file = true,
	};
	struct trace_model *m = NULL;
	struct run_info ri = { 0 };
	const char *path;
	int err, first, ret = 1, sig;

	err = options__parse(&spec, argc, argv, &first);
	if (err)
		return options__exit_code(err);
	path = first < argc ? argv[first] : TRACE_FILE_DEFAULT;
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		if (trace_model__new(&m) || trace_model__set_budget(m, budget)) {
			fprintf(stderr, "schedviz: out of memory\n");
			goto out;
		}
		err = show(path, m, budget, &ri);
		if (err == 1)
			goto out;
		if (!err) {
			sig = signals__take();
			ret = sig ? 128 + sig : 0;
			goto out;
		}
		fprintf(stderr, "schedviz replay: this terminal cannot show the view (%s); set "
				"TERM, or read the table below\n", strerror(-err));
		trace_model__free(m);
		m = NULL;
	}
	if (trace_file__load_new(path, budget, &m, &ri, stderr))
		goto out;
	if (summary_text__write(stdout, &ri, m, SUMMARY_SORT_CREATION) || fflush(stdout))
		fprintf(stderr, "schedviz replay: cannot write the table to stdout\n");
	else
		ret = 0;
out:
	run_info__clear(&ri);
	trace_model__free(m);
	return ret;
}
