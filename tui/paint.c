// SPDX-License-Identifier: GPL-2.0-only
/*
 * paint.c - drawing primitives (clipped text, glyphs, fills, in roles,
 * wrapped text) and the order a frame is painted in.
 */
#include "paint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/*
 * The character at s (not at its NUL): its length in bytes, and in *cw its
 * width in columns. A byte that starts no valid character, and a character
 * wcwidth() cannot place, count as one column; st restarts after a bad byte.
 */
static size_t next_char(const char *s, mbstate_t *st, int *cw)
{
	wchar_t wc;
	size_t n = mbrtowc(&wc, s, MB_CUR_MAX, st);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(st, 0, sizeof(*st));
		*cw = 1;
		return 1;
	}
	*cw = wcwidth(wc);
	if (*cw < 0)
		*cw = 1;
	return n;
}

int paint__width(const char *s)
{
	mbstate_t st;
	int w = 0;

	memset(&st, 0, sizeof(st));
	while (*s) {
		int cw;

		s += next_char(s, &st, &cw);
		w += cw;
	}
	return w;
}

int paint__text(const struct tui *t, int y, int x, int w, enum tui_role role, const char *s)
{
	mbstate_t st;
	int used = 0;
	const char *p = s;

	if (w <= 0 || y < 0 || y >= t->rows || x >= t->cols)
		return 0;
	if (x + w > t->cols)
		w = t->cols - x;
	memset(&st, 0, sizeof(st));
	/* find how many bytes fit in w columns */
	while (*p) {
		int cw;
		size_t n = next_char(p, &st, &cw);

		if (used + cw > w)
			break;
		used += cw;
		p += n;
	}
	attrset((attr_t)theme__attr(&t->theme, role));
	mvaddnstr(y, x, s, (int)(p - s));
	attrset(A_NORMAL);
	return used;
}

int paint__textf(const struct tui *t, int y, int x, int w, enum tui_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return paint__text(t, y, x, w, role, buf);
}

void paint__glyph(const struct tui *t, int y, int x, enum theme_glyph g, enum tui_role role)
{
	if (y < 0 || y >= t->rows || x < 0 || x >= t->cols)
		return;
	attrset((attr_t)theme__attr(&t->theme, role));
	mvaddstr(y, x, theme__glyph(&t->theme, g));
	attrset(A_NORMAL);
}

void paint__fill(const struct tui *t, int y, int x, int w, enum tui_role role)
{
	if (y < 0 || y >= t->rows || w <= 0)
		return;
	if (x + w > t->cols)
		w = t->cols - x;
	mvhline(y, x, ' ' | (chtype)theme__attr(&t->theme, role), w);
}

void paint__task_name(const struct trace_task *task, char *buf, size_t len)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; i + 1 < len && i < SCHED_COMM_LEN && task->comm[i]; i++) {
		unsigned char c = (unsigned char)task->comm[i];

		buf[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	buf[i] = '\0';
	if (!i)
		snprintf(buf, len, "[%d]", task->tid);
}

char paint__task_letter(size_t i)
{
	static const char letters[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	return letters[i % (sizeof(letters) - 1)];
}

bool paint__wrap(const struct tui *t, struct rect r, int *y, enum tui_role role, const char *text)
{
	const char *p = text;

	while (*p) {
		char line[512];
		int len = 0, last_space = -1, n;

		if (*y >= r.y + r.h)
			return false;
		while (*p == ' ')
			p++;
		while (p[len] && p[len] != '\n' && len < r.w) {
			if (p[len] == ' ')
				last_space = len;
			len++;
		}
		if (p[len] && p[len] != '\n' && p[len] != ' ' && last_space > 0)
			len = last_space;
		n = len < (int)sizeof(line) - 1 ? len : (int)sizeof(line) - 1;
		memcpy(line, p, (size_t)n);
		line[n] = '\0';
		paint__text(t, (*y)++, r.x, r.w, role, line);
		p += len;
		if (*p == '\n')
			p++;
	}
	return true;
}

/* The painter of each panel. */
static void (*const panel_painters[VIEW__COUNT])(const struct tui *, const struct frame *,
						 struct rect) = {
	[VIEW_TASKS] = panel_lanes__tasks,
	[VIEW_CPUS] = panel_lanes__cpus,
	[VIEW_DETAIL] = panel_detail__paint,
	[VIEW_LESSON] = panel_text__lesson,
	[VIEW_METHOD] = panel_text__method,
};

void paint__frame(const struct tui *t, const struct frame *f)
{
	const struct layout *L = &f->layout;

	erase();
	if (L->too_small) {
		chrome__too_small(t);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	chrome__header(t, f, L->header);
	if (t->vs.help) {
		struct rect r = { L->main.y, 0, t->rows - 1 - L->main.y, t->cols };

		chrome__help(t, r);
	} else {
		panel_painters[t->vs.view < VIEW__COUNT ? t->vs.view : VIEW_TASKS](t, f, L->main);
		if (L->side.w)
			panel_text__lesson_side(t, f, L->side);
		chrome__legend(t, f, L->legend);
		if (L->output.h)
			chrome__output(t, L->output);
	}
	chrome__status(t, f, L->status);
	wnoutrefresh(stdscr);
	doupdate();
}
