// SPDX-License-Identifier: GPL-2.0-only
/*
 * output_log.c - a ring of the target's last output lines.
 */
#include "output_log.h"

#include <string.h>

void output_log__init(struct output_log *o, bool utf8)
{
	memset(o, 0, sizeof(*o));
	o->utf8 = utf8;
}

static void put(struct output_log *o, const char *s, size_t n)
{
	size_t *len = &o->len[o->head];

	if (*len + n >= OUTPUT_LOG_LINE_MAX)
		return; /* cut long lines */
	memcpy(&o->lines[o->head][*len], s, n);
	*len += n;
	o->lines[o->head][*len] = '\0';
}

static void end_line(struct output_log *o)
{
	o->head = (o->head + 1) % OUTPUT_LOG_LINES;
	o->len[o->head] = 0;
	o->lines[o->head][0] = '\0';
	if (o->count < OUTPUT_LOG_LINES - 1)
		o->count++;
	o->total_lines++;
}

/* Length of the UTF-8 sequence a lead byte starts, 0 if it is not a lead byte. */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

static void byte(struct output_log *o, unsigned char c)
{
	if (o->npend) {
		if ((c & 0xc0) == 0x80) {
			o->pend[o->npend++] = c;
			if (o->npend == utf8_len(o->pend[0])) {
				put(o, (const char *)o->pend, o->npend);
				o->npend = 0;
			}
			return;
		}
		put(o, "?", 1); /* a sequence cut short */
		o->npend = 0;
	}
	if (c == '\n') {
		end_line(o);
	} else if (c == '\r') {
		o->len[o->head] = 0;
		o->lines[o->head][0] = '\0';
	} else if (c == '\t') {
		put(o, "    ", 4 - o->len[o->head] % 4);
	} else if (c < 0x20 || c == 0x7f) {
		put(o, "?", 1);
	} else if (c < 0x80) {
		put(o, (const char *)&c, 1);
	} else if (o->utf8 && utf8_len(c)) {
		o->pend[0] = c;
		o->npend = 1;
	} else {
		put(o, "?", 1);
	}
}

void output_log__append(struct output_log *o, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		byte(o, (unsigned char)buf[i]);
}

const char *output_log__line(const struct output_log *o, size_t want, size_t i,
			     size_t *shown)
{
	bool partial = o->len[o->head] > 0;
	size_t have = o->count + (partial ? 1 : 0);
	size_t n = want < have ? want : have;
	size_t newest, back;

	*shown = n;
	if (i >= n)
		return NULL;
	/* newest shown line: the partial one, else the last complete one */
	newest = partial ? o->head : (o->head + OUTPUT_LOG_LINES - 1) % OUTPUT_LOG_LINES;
	back = n - 1 - i;
	return o->lines[(newest + OUTPUT_LOG_LINES - back) % OUTPUT_LOG_LINES];
}
