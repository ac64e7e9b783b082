/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * output_log.h - the target's own output, kept as the last lines for the
 * output pane. Bytes arrive in arbitrary chunks; lines end at '\n' (a '\r'
 * starts the line over, as a terminal would); control bytes and, when the
 * locale is not UTF-8, non-ASCII bytes become '?'. Invalid UTF-8 becomes '?'
 * too, so painting never emits a broken sequence. Pure: no terminal.
 */
#ifndef SCHEDVIZ_TUI_OUTPUT_LOG_H
#define SCHEDVIZ_TUI_OUTPUT_LOG_H

#include <stdbool.h>
#include <stddef.h>

#define OUTPUT_LOG_LINES 256	/* lines kept */
#define OUTPUT_LOG_LINE_MAX 512	/* bytes kept per line; the rest is cut */

struct output_log {
	char lines[OUTPUT_LOG_LINES][OUTPUT_LOG_LINE_MAX];
	size_t len[OUTPUT_LOG_LINES];
	size_t head;		/* index of the line being written */
	size_t count;		/* complete lines kept (<= OUTPUT_LOG_LINES - 1) */
	bool utf8;		/* keep valid UTF-8; else ASCII only */
	unsigned char pend[4];	/* an incomplete UTF-8 sequence across chunks */
	size_t npend;
	unsigned long long total_lines; /* lines ever ended, for "(N more)" */
};

/* Empty the log; utf8 says whether to keep non-ASCII text. */
void output_log__init(struct output_log *o, bool utf8);

/* Append n bytes of output. */
void output_log__append(struct output_log *o, const char *buf, size_t n);

/*
 * The i-th of the last `want` lines, oldest first (0 <= i < *shown), the
 * partial line being written counting as the newest. Returns a
 * NUL-terminated string valid until the next append; NULL when out of range.
 */
const char *output_log__line(const struct output_log *o, size_t want, size_t i,
			     size_t *shown);

#endif
