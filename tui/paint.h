/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * paint.h - the painters: drawing primitives (paint.c), the chrome around
 * the panels (chrome.c) and the panels (panel_*.c). A painter reads the view
 * (const struct tui) and a computed frame (frame.h) and draws into the
 * curses screen; it changes neither. Not for use outside tui/.
 */
#ifndef SCHEDVIZ_TUI_PAINT_H
#define SCHEDVIZ_TUI_PAINT_H

#include "tui_state.h"

/* --- paint.c: primitives --- */
/* Text clipped to w columns at (y, x) in role; returns columns used. */
int paint__text(const struct tui *t, int y, int x, int w, enum tui_role role, const char *s);
/* printf into a clipped line. */
int paint__textf(const struct tui *t, int y, int x, int w, enum tui_role role, const char *fmt,
		 ...) __attribute__((format(printf, 6, 7)));
/* One glyph at (y, x) in role. */
void paint__glyph(const struct tui *t, int y, int x, enum theme_glyph g, enum tui_role role);
/* Blank w columns at (y, x) in role. */
void paint__fill(const struct tui *t, int y, int x, int w, enum tui_role role);
/* Display width of a UTF-8 string (1 per character where wcwidth fails). */
int paint__width(const char *s);
/* A task's name made printable ASCII (comm can hold anything). */
void paint__task_name(const struct trace_task *task, char *buf, size_t len);
/* Letter naming task i in the CPU lanes. */
char paint__task_letter(size_t i);
/*
 * Word-wrap text into r from row *y (moved past it); returns false when it
 * ran out of rows. Words longer than the width are cut.
 */
bool paint__wrap(const struct tui *t, struct rect r, int *y, enum tui_role role,
		 const char *text);

/* --- chrome.c --- */
void chrome__header(const struct tui *t, const struct frame *f, struct rect r);
void chrome__legend(const struct tui *t, const struct frame *f, struct rect r);
void chrome__output(const struct tui *t, struct rect r);
void chrome__status(const struct tui *t, const struct frame *f, struct rect r);
void chrome__help(const struct tui *t, struct rect r);
void chrome__too_small(const struct tui *t);

/* --- panels: each paints frame f into r --- */
void panel_lanes__tasks(const struct tui *t, const struct frame *f, struct rect r);
void panel_lanes__cpus(const struct tui *t, const struct frame *f, struct rect r);
void panel_detail__paint(const struct tui *t, const struct frame *f, struct rect r);
/* The lesson with its live figures: as a panel, and as the column beside the lanes. */
void panel_text__lesson(const struct tui *t, const struct frame *f, struct rect r);
void panel_text__lesson_side(const struct tui *t, const struct frame *f, struct rect r);
/* How the cost of a context switch was measured. */
void panel_text__method(const struct tui *t, const struct frame *f, struct rect r);

/* The whole screen for frame f: chrome, the active panel, the lesson column. */
void paint__frame(const struct tui *t, const struct frame *f);

#endif
