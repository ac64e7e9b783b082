// SPDX-License-Identifier: GPL-2.0-only
/*
 * term.c - terminal take-over, emergency restore, fatal signals (term.h).
 */
#include "term.h"

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
 * that term__restore_now() only needs write() and tcsetattr(), both
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

void term__restore_now(void)
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
	term__restore_now();
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

bool term__locale_utf8(void)
{
	const char *cs;

	/* the caller may not have set a locale: take the environment's LC_CTYPE */
	if (!strcmp(setlocale(LC_CTYPE, NULL), "C"))
		setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

/* Can the current terminal move the cursor anywhere (terminfo's cup)? */
static bool can_address_cursor(void)
{
	const char *cup = tigetstr("cup");

	return cup && cup != (const char *)-1;
}

int term__take(SCREEN **screen)
{
	SCREEN *s;

	g_term.fd = STDOUT_FILENO;
	g_term.have_termios = tcgetattr(g_term.fd, &g_term.saved) == 0;
	g_term.seq_len = 0;
	s = newterm(NULL, stdout, stdin);
	if (!s)
		return -EINVAL;
	set_term(s);
	if (!can_address_cursor()) {	/* TERM=dumb: the view would be one line of noise */
		endwin();
		delscreen(s);
		return -EINVAL;
	}
	g_term.active = 1;
	if (!g_atexit_done && atexit(term__restore_now) == 0)
		g_atexit_done = true;
	install_handlers();

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	*screen = s;
	return 0;
}

void term__prepare_restore(bool mouse)
{
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	if (mouse)
		add_seq("\033[?1000l\033[?1002l\033[?1006l");
	add_cap("rmcup");
}

void term__release(SCREEN *screen, bool mouse)
{
	if (screen) {
		if (mouse)
			mousemask(0, NULL);
		endwin();
		delscreen(screen);
	}
	/* endwin() restored the modes; the emergency path is no longer needed */
	if (g_term.active && g_term.have_termios)
		tcsetattr(g_term.fd, TCSANOW, &g_term.saved);
	g_term.active = 0;
	remove_handlers();
}

bool term__resized(int *rows, int *cols)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || !ws.ws_row || !ws.ws_col)
		return false;
	if (ws.ws_row == *rows && ws.ws_col == *cols)
		return false;
	resizeterm(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, *rows, *cols);
	return true;
}
