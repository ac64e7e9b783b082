/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fmt.h - short human-readable numbers and durations for narrow columns.
 * Pure; every function writes a NUL-terminated string into buf (len bytes)
 * and returns buf.
 */
#ifndef SCHEDVIZ_TUI_FMT_H
#define SCHEDVIZ_TUI_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A count in at most 5 columns: 1234, 12.3k, 123k, 1.23M, 12.3M, 1.2G. */
char *fmt__count(char *buf, size_t len, uint64_t n);

/*
 * A duration in ns in at most 7 columns: 0, 850ns, 12.3us, 4.56ms, 1.234s,
 * 12.35s, 2m03s. utf8 selects "µs" over "us".
 */
char *fmt__duration(char *buf, size_t len, uint64_t ns, bool utf8);

/*
 * A point on the trace, ns after its start, as an axis label with the
 * precision the tick step needs: 0, 250ms, 1.5s, 1.25s, 40us, 2.5ms.
 */
char *fmt__offset(char *buf, size_t len, uint64_t ns, uint64_t step_ns, bool utf8);

/* A rate per second of n events over ns: "1234/s", "12.3k/s"; "-" when ns is 0. */
char *fmt__rate(char *buf, size_t len, uint64_t n, uint64_t ns);

/*
 * A tick step for an axis: the smallest 1, 2 or 5 times a power of ten (ns)
 * that is at least min_ns.
 */
uint64_t fmt__nice_step(uint64_t min_ns);

#endif
