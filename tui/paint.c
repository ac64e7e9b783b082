// SPDX-License-Identifier: GPL-2.0-only
/*
 * paint.c - drawing primitives: clipped text, glyphs, fills, in roles.
 */
#include "tui_internal.h"

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

int paint__text(struct tui *t, int y, int x, int w, enum tui_role role, const char *s)
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

int paint__textf(struct tui *t, int y, int x, int w, enum tui_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return paint__text(t, y, x, w, role, buf);
}

void paint__glyph(struct tui *t, int y, int x, enum theme_glyph g, enum tui_role role)
{
	if (y < 0 || y >= t->rows || x < 0 || x >= t->cols)
		return;
	attrset((attr_t)theme__attr(&t->theme, role));
	mvaddstr(y, x, theme__glyph(&t->theme, g));
	attrset(A_NORMAL);
}

void paint__fill(struct tui *t, int y, int x, int w, enum tui_role role)
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
