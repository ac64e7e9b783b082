// SPDX-License-Identifier: GPL-2.0-only
/*
 * tui.c - the view's loop: terminal set-up and restore, input, frames.
 *
 * Painting lives in chrome.c and the panel_*.c files; the cells they paint
 * come from lanes.c, which knows nothing of ncurses.
 */
#include "tui_internal.h"
#include "mono_clock.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/*
 * What restoring the terminal takes, prepared while it is taken over so
 * that tui__emergency_restore() only needs write() and tcsetattr(), both
 * async-signal-safe.
 */
static struct {
	volatile sig_atomic_t active;
	int fd;
	struct termios saved;
	bool have_termios;
	char seq[256];
	size_t seq_len;
} g_term = { .fd = -1 };

static const int restore_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
				       SIGSEGV, SIGBUS, SIGFPE, SIGABRT };
#define N_RESTORE_SIGNALS (sizeof(restore_signals) / sizeof(restore_signals[0]))
static struct sigaction g_old_actions[N_RESTORE_SIGNALS];
static bool g_installed[N_RESTORE_SIGNALS];
static bool g_atexit_done;

void tui__emergency_restore(void)
{
	if (!g_term.active)
		return;
	g_term.active = 0;
	if (g_term.seq_len) {
		ssize_t n = write(g_term.fd, g_term.seq, g_term.seq_len);

		(void)n;
	}
	if (g_term.have_termios)
		tcsetattr(g_term.fd, TCSANOW, &g_term.saved);
}

static void on_fatal_signal(int sig)
{
	tui__emergency_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Handlers only where nobody else installed one (the caller's stay theirs). */
static void install_handlers(void)
{
	for (size_t i = 0; i < N_RESTORE_SIGNALS; i++) {
		struct sigaction sa;

		g_installed[i] = false;
		if (sigaction(restore_signals[i], NULL, &g_old_actions[i]) ||
		    g_old_actions[i].sa_handler != SIG_DFL ||
		    (g_old_actions[i].sa_flags & SA_SIGINFO))
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		if (sigaction(restore_signals[i], &sa, NULL) == 0)
			g_installed[i] = true;
	}
}

static void remove_handlers(void)
{
	for (size_t i = 0; i < N_RESTORE_SIGNALS; i++) {
		struct sigaction cur;

		if (!g_installed[i])
			continue;
		g_installed[i] = false;
		if (sigaction(restore_signals[i], NULL, &cur) == 0 &&
		    cur.sa_handler == on_fatal_signal)
			sigaction(restore_signals[i], &g_old_actions[i], NULL);
	}
}

static void add_cap(const char *cap)
{
	char *s = tigetstr((char *)cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (g_term.seq_len + n < sizeof(g_term.seq)) {
		memcpy(g_term.seq + g_term.seq_len, s, n);
		g_term.seq_len += n;
	}
}

static void add_seq(const char *s)
{
	size_t n = strlen(s);

	if (g_term.seq_len + n < sizeof(g_term.seq)) {
		memcpy(g_term.seq + g_term.seq_len, s, n);
		g_term.seq_len += n;
	}
}

static bool locale_is_utf8(void)
{
	const char *cs;

	/* the caller may not have set a locale: take the environment's LC_CTYPE */
	if (!strcmp(setlocale(LC_CTYPE, NULL), "C"))
		setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

int tui__open(struct tui **out, const struct tui_options *opts)
{
	const char *term = getenv("TERM");
	struct tui *t;
	bool utf8;

	*out = NULL;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -ENOTTY;
	if (!term || !*term)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (opts)
		t->cost = opts->cost;
	utf8 = locale_is_utf8();

	g_term.fd = STDOUT_FILENO;
	g_term.have_termios = tcgetattr(g_term.fd, &g_term.saved) == 0;
	g_term.seq_len = 0;
	t->screen = newterm(NULL, stdout, stdin);
	if (!t->screen) {
		free(t);
		return -EINVAL;
	}
	set_term(t->screen);
	g_term.active = 1;
	if (!g_atexit_done && atexit(tui__emergency_restore) == 0)
		g_atexit_done = true;
	install_handlers();

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* COLORS is only set by start_color(): ask terminfo */
	t->theme = theme__choose(has_colors(), tigetnum("colors"), getenv("NO_COLOR"), utf8);
	if (theme__apply(&t->theme))
		t->theme.scheme = SCHEME_NONE;
	t->mouse = mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
				     BUTTON5_PRESSED, NULL) != 0;
	mouseinterval(200);

	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	if (t->mouse)
		add_seq("\033[?1000l\033[?1002l\033[?1006l");
	add_cap("rmcup");

	getmaxyx(stdscr, t->rows, t->cols);
	time_window__init(&t->win);
	output_log__init(&t->out, utf8);
	t->side_lesson = true;
	t->sel_tid = -1;
	t->sel_index = UINT32_MAX;
	t->dirty = true;
	*out = t;
	return 0;
}

int tui__input_fd(const struct tui *t)
{
	(void)t;
	return STDIN_FILENO;
}

void tui__append_output(struct tui *t, const char *buf, size_t n)
{
	if (!t || !n)
		return;
	output_log__append(&t->out, buf, n);
	if (t->out_mode != OUTPUT_HIDDEN)
		t->out_changed = true; /* painted with the next paced frame */
}

static void snap_free(struct tui *t)
{
	free(t->snap.tasks);
	free(t->snap.ptrs);
	memset(&t->snap, 0, sizeof(t->snap));
}

void tui__close(struct tui *t)
{
	if (!t)
		return;
	if (t->screen) {
		if (t->mouse)
			mousemask(0, NULL);
		endwin();
		delscreen(t->screen);
	}
	/* endwin() restored the modes; the emergency path is no longer needed */
	if (g_term.active && g_term.have_termios)
		tcsetattr(g_term.fd, TCSANOW, &g_term.saved);
	g_term.active = 0;
	remove_handlers();
	snap_free(t);
	free(t->folded);
	free(t->tasks);
	free(t->lanes);
	free(t->scratch);
	free(t->cells);
	free(t->cpu_cells);
	free(t->members);
	free(t);
}

/* --- per-frame storage --- */

static int grow(void **p, size_t *cap, size_t want, size_t elem)
{
	void *v;

	if (want <= *cap)
		return 0;
	want = want < 64 ? 64 : want + want / 2;
	v = realloc(*p, want * elem);
	if (!v)
		return -ENOMEM;
	*p = v;
	*cap = want;
	return 0;
}

int tui__reserve(struct tui *t, size_t ncols, size_t nrows_cells)
{
	size_t rows = nrows_cells ? nrows_cells : 1;
	size_t scratch = ncols * (TS__COUNT > 3 * rows ? TS__COUNT : 3 * rows);

	if (grow((void **)&t->scratch, &t->cap_scratch, scratch, sizeof(*t->scratch)) ||
	    grow((void **)&t->cells, &t->cap_cells, ncols * rows, sizeof(*t->cells)) ||
	    grow((void **)&t->cpu_cells, &t->cap_cpu_cells, ncols * rows, sizeof(*t->cpu_cells)))
		return -ENOMEM;
	return 0;
}

/* --- folding, selection --- */

int tui__toggle_fold(struct tui *t, int32_t tgid)
{
	for (size_t i = 0; i < t->n_folded; i++) {
		if (t->folded[i] == tgid) {
			t->folded[i] = t->folded[--t->n_folded];
			return 0;
		}
	}
	if (grow((void **)&t->folded, &t->cap_folded, t->n_folded + 1, sizeof(*t->folded)))
		return -ENOMEM;
	t->folded[t->n_folded++] = tgid;
	return 0;
}

const struct trace_task *tui__lane_task(const struct frame *f, size_t l)
{
	if (l >= f->nlanes)
		return NULL;
	return f->tasks[f->lanes[l].task];
}

void tui__select(struct tui *t, const struct frame *f, size_t sel)
{
	const struct trace_task *task;

	if (!f->nlanes) {
		t->sel = 0;
		return;
	}
	if (sel >= f->nlanes)
		sel = f->nlanes - 1;
	t->sel = sel;
	task = tui__lane_task(f, sel);
	t->sel_tid = task->tid;
	t->sel_index = task->index;
	if (t->lanes_page > 0) {
		if (t->sel < t->top)
			t->top = t->sel;
		else if (t->sel >= t->top + (size_t)t->lanes_page)
			t->top = t->sel - (size_t)t->lanes_page + 1;
	}
}

/* --- layout and frames --- */

struct layout {
	struct rect header, main, side, legend, output, status;
};

static bool lesson_side_fits(const struct tui *t)
{
	return t->cols >= 150 && (t->view == VIEW_TASKS || t->view == VIEW_CPUS);
}

static void layout(const struct tui *t, const struct tui_source *src, struct layout *L)
{
	int out_lines = 0;

	memset(L, 0, sizeof(*L));
	L->header = (struct rect){ 0, 0, 2, t->cols };
	L->status = (struct rect){ t->rows - 1, 0, 1, t->cols };
	if (t->out_mode == OUTPUT_SMALL)
		out_lines = t->rows >= 40 ? 6 : 3;
	else if (t->out_mode == OUTPUT_LARGE)
		out_lines = (t->rows - 4) / 2;
	L->output = (struct rect){ t->rows - 1 - (out_lines ? out_lines + 1 : 0), 0,
				   out_lines ? out_lines + 1 : 0, t->cols };
	L->legend = (struct rect){ L->output.y - 1, 0, 1, t->cols };
	L->main = (struct rect){ 2, 0, L->legend.y - 2, t->cols };
	if (t->side_lesson && lesson_side_fits(t) && src && src->lesson) {
		int w = t->cols / 4 < 50 ? t->cols / 4 : 50;

		L->side = (struct rect){ L->main.y, t->cols - w, L->main.h, w };
		L->main.w -= w + 1;
	}
}

static int snap_take(struct tui *t, const struct tui_source *src)
{
	size_t n = src->model ? trace_model__task_count(src->model) : 0;

	snap_free(t);
	t->snap.tasks = calloc(n + 1, sizeof(*t->snap.tasks));
	t->snap.ptrs = calloc(n + 1, sizeof(*t->snap.ptrs));
	if (!t->snap.tasks || !t->snap.ptrs) {
		snap_free(t);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		t->snap.tasks[i] = *trace_model__task(src->model, i);
	t->snap.n = n;
	if (src->model)
		t->snap.stats = *trace_model__stats(src->model);
	t->snap.now = src->now_ns;
	t->snap.on = true;
	return 0;
}

/* Histories only grow at their ends: re-point the frozen copies at them. */
static void snap_refresh(struct tui *t, const struct tui_source *src)
{
	for (size_t i = 0; i < t->snap.n; i++) {
		const struct trace_task *live = trace_model__task(src->model, i);

		if (live) {
			t->snap.tasks[i].iv = live->iv;
			t->snap.tasks[i].fw = live->fw;
		}
		t->snap.ptrs[i] = &t->snap.tasks[i];
	}
}

/* CPUs to draw: as recorded, else the highest one the trace names (O(intervals), rare). */
static size_t count_cpus(const struct tui_source *src, const struct trace_task *const *tasks,
			 size_t n)
{
	size_t ncpus = src->info && src->info->ncpus ? src->info->ncpus
						    : lanes__cpus_seen(tasks, n);

	if (!ncpus && src->live) {
		long n_conf = sysconf(_SC_NPROCESSORS_CONF);

		ncpus = n_conf > 0 ? (size_t)n_conf : 1;
	}
	return ncpus ? ncpus : 1;
}

static int build_frame(struct tui *t, const struct tui_source *src, struct frame *f)
{
	struct layout L;
	struct lane_list_opts lo;
	int name_w, stats_w, tl_w;
	size_t n;

	memset(f, 0, sizeof(*f));
	f->src = src;
	if (t->paused && t->snap.on) {
		snap_refresh(t, src);
		f->tasks = t->snap.ptrs;
		f->ntasks = t->snap.n;
		f->stats = t->snap.stats;
		f->now = t->snap.now;
	} else {
		n = src->model ? trace_model__task_count(src->model) : 0;
		if (grow((void **)&t->tasks, &t->cap_tasks, n + 1, sizeof(*t->tasks)))
			return -ENOMEM;
		for (size_t i = 0; i < n; i++)
			t->tasks[i] = trace_model__task(src->model, i);
		f->tasks = t->tasks;
		f->ntasks = n;
		if (src->model)
			f->stats = *trace_model__stats(src->model);
		f->now = src->now_ns;
	}
	f->begin = f->stats.events ? f->stats.first_ns : f->now;
	if (src->info && src->info->start_ns && src->info->start_ns < f->begin)
		f->begin = src->info->start_ns;
	if (f->stats.events && f->stats.last_ns > f->now && !(t->paused && t->snap.on))
		f->now = f->stats.last_ns;
	if (f->now <= f->begin)
		f->now = f->begin + 1;
	f->scenario = src->info && src->info->scenario[0] ? src->info->scenario
			: (src->title ? src->title : "");
	f->ncpus = count_cpus(src, f->tasks, f->ntasks);

	layout(t, src, &L);
	panel_lanes__columns(t, L.main.w, &name_w, &stats_w, &tl_w);
	f->tl_cols = tl_w > 1 ? tl_w : 1;
	time_window__resolve(&t->win, f->begin, f->now, &f->t0, &f->t1);

	if (grow((void **)&t->lanes, &t->cap_lanes, f->ntasks + 1, sizeof(*t->lanes)))
		return -ENOMEM;
	lo = (struct lane_list_opts){
		.sort = t->sort, .filter = t->filter,
		.folded = t->folded, .n_folded = t->n_folded, .now_ns = f->now,
	};
	if (lane_list__build(f->tasks, f->ntasks, &lo, t->lanes, &f->nlanes))
		f->nlanes = 0;
	f->lanes = t->lanes;

	/* the selection follows its task across re-sorting and new lanes */
	f->sel = t->sel < f->nlanes ? t->sel : (f->nlanes ? f->nlanes - 1 : 0);
	for (size_t l = 0; l < f->nlanes; l++) {
		const struct trace_task *task = f->tasks[f->lanes[l].task];

		if (task->index == t->sel_index) {
			f->sel = l;
			break;
		}
	}
	if (f->nlanes) {
		const struct trace_task *task = f->tasks[f->lanes[f->sel].task];

		t->sel = f->sel;
		t->sel_tid = task->tid;
		t->sel_index = task->index;
	}
	return 0;
}

/* --- input --- */

static const struct panel *active_panel(const struct tui *t)
{
	switch (t->view) {
	case VIEW_CPUS:
		return &panel_cpus;
	case VIEW_DETAIL:
		return &panel_detail;
	case VIEW_LESSON:
		return &panel_lesson;
	case VIEW_METHOD:
		return &panel_method;
	default:
		return &panel_tasks;
	}
}

static void enter_view(struct tui *t, enum tui_view v)
{
	if (t->view == v) {
		t->view = t->back_view;
		return;
	}
	if (t->view == VIEW_TASKS || t->view == VIEW_CPUS)
		t->back_view = t->view;
	t->view = v;
}

static int global_action(struct tui *t, const struct tui_source *src, const struct frame *f,
			 enum tui_action a)
{
	switch (a) {
	case ACT_QUIT:
		return PANEL_QUIT;
	case ACT_HELP:
		t->help = true;
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_PAUSE:
		if (t->paused) {
			t->paused = false;
			snap_free(t);
		} else if (snap_take(t, src) == 0) {
			t->paused = true;
		}
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_CPU_VIEW:
		if (t->view == VIEW_CPUS) {
			t->view = VIEW_TASKS;
		} else {
			t->view = VIEW_CPUS;
		}
		t->back_view = t->view;
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_DETAIL:
		if (!f->nlanes && t->view != VIEW_DETAIL)
			return PANEL_HANDLED;
		enter_view(t, VIEW_DETAIL);
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_LESSON:
		if (lesson_side_fits(t) && src->lesson)
			t->side_lesson = !t->side_lesson;
		else
			enter_view(t, VIEW_LESSON);
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_METHOD:
		enter_view(t, VIEW_METHOD);
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_OUTPUT:
		t->out_mode = (enum output_mode)((t->out_mode + 1) % OUTPUT__COUNT);
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_SORT:
		t->sort = (enum lane_sort)((t->sort + 1) % LANE_SORT__COUNT);
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_FILTER:
		t->filter_edit = true;
		if (t->view != VIEW_TASKS && t->view != VIEW_CPUS)
			t->view = t->back_view;
		return PANEL_HANDLED | PANEL_REDRAW;
	case ACT_BACK:
		if (t->view != VIEW_TASKS && t->view != VIEW_CPUS)
			t->view = t->back_view;
		else
			t->filter[0] = '\0';
		return PANEL_HANDLED | PANEL_REDRAW;
	default:
		return 0;
	}
}

static int filter_key(struct tui *t, int ch)
{
	size_t len = strlen(t->filter);

	if (ch == 27) {
		t->filter[0] = '\0';
		t->filter_edit = false;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		t->filter_edit = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			t->filter[len - 1] = '\0';
	} else if (ch >= 0x20 && ch < 0x7f && len + 1 < sizeof(t->filter)) {
		t->filter[len] = (char)ch;
		t->filter[len + 1] = '\0';
	}
	return PANEL_HANDLED | PANEL_REDRAW;
}

static int mouse_key(struct tui *t, const struct frame *f)
{
	MEVENT ev;
	int lane;

	if (getmouse(&ev) != OK || ev.y < 0 || ev.y >= TUI_MAX_ROWS)
		return 0;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		if (ev.x < t->tl_x || ev.x >= t->tl_x + t->tl_w || t->tl_w <= 0)
			return 0;
		if (ev.bstate & BUTTON4_PRESSED)
			time_window__zoom(&t->win, f->begin, f->now, (unsigned)t->tl_w,
					  (unsigned)(ev.x - t->tl_x), 1, 2);
		else
			time_window__zoom(&t->win, f->begin, f->now, (unsigned)t->tl_w,
					  (unsigned)(ev.x - t->tl_x), 2, 1);
		return PANEL_HANDLED | PANEL_REDRAW;
	}
	lane = t->row_lane[ev.y];
	if (lane < 0 || (t->view != VIEW_TASKS && t->view != VIEW_CPUS))
		return 0;
	tui__select(t, f, (size_t)lane);
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		enter_view(t, VIEW_DETAIL);
	return PANEL_HANDLED | PANEL_REDRAW;
}

static int handle_key(struct tui *t, const struct tui_source *src, const struct frame *f, int ch)
{
	enum tui_action a;
	int flags;

	if (ch == KEY_RESIZE) {
		getmaxyx(stdscr, t->rows, t->cols);
		return PANEL_HANDLED | PANEL_REDRAW;
	}
	if (ch == KEY_MOUSE)
		return mouse_key(t, f);
	if (t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS)
		return keymap__lookup(ch) == ACT_QUIT ? PANEL_QUIT : 0;
	if (t->help) {
		t->help = false; /* any key closes help */
		return PANEL_HANDLED | PANEL_REDRAW;
	}
	if (t->filter_edit)
		return filter_key(t, ch);
	a = keymap__lookup(ch);
	if (a == ACT_NONE)
		return 0;
	flags = active_panel(t)->on_action(t, f, a);
	if (!(flags & PANEL_HANDLED))
		flags |= global_action(t, src, f, a);
	return flags;
}

/* The terminal may have been resized without a KEY_RESIZE reaching us yet. */
static void check_resize(struct tui *t)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || !ws.ws_row || !ws.ws_col)
		return;
	if (ws.ws_row != t->rows || ws.ws_col != t->cols) {
		resizeterm(ws.ws_row, ws.ws_col);
		getmaxyx(stdscr, t->rows, t->cols);
		t->dirty = true;
	}
}

/* --- painting --- */

static void paint(struct tui *t, const struct tui_source *src, const struct frame *f)
{
	struct layout L;

	for (int i = 0; i < TUI_MAX_ROWS; i++)
		t->row_lane[i] = -1;
	t->tl_w = 0;
	erase();
	if (t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS) {
		chrome__too_small(t);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	layout(t, src, &L);
	chrome__header(t, f, L.header);
	if (t->help) {
		struct rect r = { L.main.y, 0, t->rows - 1 - L.main.y, t->cols };

		chrome__help(t, r);
	} else {
		active_panel(t)->paint(t, f, L.main);
		if (L.side.w)
			panel_text__lesson(t, f, L.side);
		chrome__legend(t, f, L.legend);
		if (L.output.h)
			chrome__output(t, L.output);
	}
	chrome__status(t, f, L.status);
	wnoutrefresh(stdscr);
	doupdate();
}

int tui__step(struct tui *t, const struct tui_source *src)
{
	struct frame f;
	uint64_t now = mono_ns();
	bool changed;
	int ch;

	check_resize(t);
	if (build_frame(t, src, &f))
		return TUI_CONTINUE;
	while ((ch = wgetch(stdscr)) != ERR) {
		int flags = handle_key(t, src, &f, ch);

		if (flags & PANEL_QUIT)
			return TUI_QUIT;
		if (flags) {
			t->dirty = true;
			if (build_frame(t, src, &f))
				return TUI_CONTINUE;
		}
	}
	changed = src->live != t->painted_live ||
		  (!t->paused && (f.stats.events != t->painted_events ||
				  src->now_ns != t->painted_now || t->out_changed));
	if (!t->dirty && !changed)
		return TUI_CONTINUE;
	/* live changes are paced; keys, resizes and the end of the run are not */
	if (!t->dirty && src->live == t->painted_live && src->live &&
	    now - t->last_paint_ns < TUI_FRAME_NS)
		return TUI_CONTINUE;
	paint(t, src, &f);
	t->dirty = false;
	if (!t->paused)
		t->out_changed = false;
	t->last_paint_ns = now;
	t->painted_events = f.stats.events;
	t->painted_now = src->now_ns;
	t->painted_live = src->live;
	return TUI_CONTINUE;
}
