// SPDX-License-Identifier: GPL-2.0-only
/*
 * keymap.c - key bindings: one table for dispatch, help and hints.
 */
#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static const struct key_binding table[] = {
	{ { 'q', 'Q' }, "q", "quit", "quit", ACT_QUIT },
	{ { '?', KEY_F(1) }, "?", "help", "this help (any key closes it)", ACT_HELP },
	{ { ' ', 'p' }, "space", "pause", "pause/resume the picture", ACT_PAUSE },
	{ { '+', '=' }, "+", "zoom", "zoom in", ACT_ZOOM_IN },
	{ { '-', '_' }, "-", NULL, "zoom out", ACT_ZOOM_OUT },
	{ { '0', 'a' }, "0 a", NULL, "whole trace (fit)", ACT_FIT },
	{ { KEY_LEFT, 'h' }, "<- h", "pan", "pan back in time", ACT_PAN_LEFT },
	{ { KEY_RIGHT, 'l' }, "-> l", NULL, "pan forward in time", ACT_PAN_RIGHT },
	{ { KEY_HOME, 'g' }, "Home g", NULL, "jump to the start", ACT_HOME },
	{ { KEY_END, 'G' }, "End G", NULL, "jump to the end, follow", ACT_END },
	{ { 'f' }, "f", NULL, "follow live on/off", ACT_FOLLOW },
	{ { KEY_UP, 'k' }, "Up k", NULL, "select the lane above", ACT_UP },
	{ { KEY_DOWN, 'j' }, "Down j", NULL, "select the lane below", ACT_DOWN },
	{ { KEY_PPAGE }, "PgUp", NULL, "a page of lanes up", ACT_PAGE_UP },
	{ { KEY_NPAGE }, "PgDn", NULL, "a page of lanes down", ACT_PAGE_DOWN },
	{ { '\n', '\r', KEY_ENTER, 'd' }, "Enter d", "detail", "detail of the selected task",
	  ACT_DETAIL },
	{ { 'c' }, "c", "CPUs", "CPU lanes on/off", ACT_CPU_VIEW },
	{ { 'z' }, "z", NULL, "fold/unfold a process", ACT_FOLD },
	{ { '/' }, "/", NULL, "filter lanes by name", ACT_FILTER },
	{ { 's' }, "s", NULL, "sort: creation/run/switches", ACT_SORT },
	{ { 'i' }, "i", NULL, "lesson and live figures", ACT_LESSON },
	{ { 'm' }, "m", NULL, "switch cost: the method", ACT_METHOD },
	{ { 'o' }, "o", NULL, "output pane size", ACT_OUTPUT },
	{ { 27, KEY_BACKSPACE }, "Esc", NULL, "back; clear the filter", ACT_BACK },
};

const struct key_binding *keymap__table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}

enum tui_action keymap__lookup(int key)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (int k = 0; k < KEYMAP_MAX_KEYS && table[i].keys[k]; k++)
			if (table[i].keys[k] == key)
				return table[i].action;
	return ACT_NONE;
}

const struct key_binding *keymap__binding(enum tui_action a)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].action == a)
			return &table[i];
	return NULL;
}

size_t keymap__hint_line(char *buf, size_t len, size_t width)
{
	size_t used = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		char pair[64];
		int n;

		if (!table[i].hint)
			continue;
		n = snprintf(pair, sizeof(pair), "%s%s %s", used ? "  " : "",
			     table[i].label, table[i].hint);
		if (n < 0 || used + (size_t)n > width || used + (size_t)n >= len)
			break;
		memcpy(buf + used, pair, (size_t)n + 1);
		used += (size_t)n;
	}
	return used;
}
