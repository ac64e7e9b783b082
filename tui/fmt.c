// SPDX-License-Identifier: GPL-2.0-only
/*
 * fmt.c - compact numbers and durations.
 */
#include "fmt.h"

#include <inttypes.h>
#include <stdio.h>

char *fmt__count(char *buf, size_t len, uint64_t n)
{
	/* rounded to the shown precision first, so 99960 reads 100k, not 100.0k */
	uint64_t tenths_k = (n + 50) / 100, k = (n + 500) / 1000;
	uint64_t hundredths_m = (n + 5000) / 10000, tenths_m = (n + 50000) / 100000;

	if (n < 10000)
		snprintf(buf, len, "%" PRIu64, n);
	else if (tenths_k < 1000)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "k", tenths_k / 10, tenths_k % 10);
	else if (k < 1000)
		snprintf(buf, len, "%" PRIu64 "k", k);
	else if (hundredths_m < 1000)
		snprintf(buf, len, "%" PRIu64 ".%02" PRIu64 "M", hundredths_m / 100,
			 hundredths_m % 100);
	else if (tenths_m < 10000)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "M", tenths_m / 10, tenths_m % 10);
	else
		snprintf(buf, len, "%.1fG", (double)n / 1e9);
	return buf;
}

char *fmt__duration(char *buf, size_t len, uint64_t ns, bool utf8)
{
	const char *us = utf8 ? "\u00b5s" : "us";

	if (ns == 0)
		snprintf(buf, len, "0");
	else if (ns < 1000)
		snprintf(buf, len, "%" PRIu64 "ns", ns);
	else if (ns < 10000)
		snprintf(buf, len, "%.2f%s", (double)ns / 1e3, us);
	else if (ns < 1000000)
		snprintf(buf, len, "%.1f%s", (double)ns / 1e3, us);
	else if (ns < 10000000)
		snprintf(buf, len, "%.2fms", (double)ns / 1e6);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.1fms", (double)ns / 1e6);
	else if (ns < 10000000000ull)
		snprintf(buf, len, "%.3fs", (double)ns / 1e9);
	else if (ns < 60000000000ull)
		snprintf(buf, len, "%.2fs", (double)ns / 1e9);
	else
		snprintf(buf, len, "%" PRIu64 "m%02" PRIu64 "s", (uint64_t)(ns / 60000000000ull),
			 (uint64_t)(ns / 1000000000ull % 60));
	return buf;
}

/* value / unit with as many decimals as multiples of the step need */
static void scaled(char *buf, size_t len, uint64_t ns, uint64_t unit, uint64_t step,
		   const char *suffix)
{
	int decimals = step % (unit / 10) == 0 ? 1 : step % (unit / 100) == 0 ? 2 : 3;

	snprintf(buf, len, "%.*f%s", decimals, (double)ns / (double)unit, suffix);
}

char *fmt__offset(char *buf, size_t len, uint64_t ns, uint64_t step_ns, bool utf8)
{
	const char *us = utf8 ? "\u00b5s" : "us";

	if (ns == 0)
		snprintf(buf, len, "0");
	else if (step_ns >= 1000000000ull || ns % 1000000000ull == 0)
		snprintf(buf, len, "%" PRIu64 "s", (uint64_t)(ns / 1000000000ull));
	else if (ns >= 1000000000ull)
		scaled(buf, len, ns, 1000000000ull, step_ns, "s");
	else if (step_ns >= 1000000ull || ns % 1000000ull == 0)
		snprintf(buf, len, "%" PRIu64 "ms", (uint64_t)(ns / 1000000ull));
	else if (ns >= 1000000ull)
		scaled(buf, len, ns, 1000000ull, step_ns, "ms");
	else if (step_ns >= 1000ull || ns % 1000ull == 0)
		snprintf(buf, len, "%" PRIu64 "%s", (uint64_t)(ns / 1000ull), us);
	else if (ns >= 1000ull)
		scaled(buf, len, ns, 1000ull, step_ns, us);
	else
		snprintf(buf, len, "%" PRIu64 "ns", ns);
	return buf;
}

char *fmt__rate(char *buf, size_t len, uint64_t n, uint64_t ns)
{
	char c[16];

	if (!ns) {
		snprintf(buf, len, "-");
		return buf;
	}
	fmt__count(c, sizeof(c), (uint64_t)((double)n * 1e9 / (double)ns + 0.5));
	snprintf(buf, len, "%s/s", c);
	return buf;
}

uint64_t fmt__nice_step(uint64_t min_ns)
{
	uint64_t p = 1;

	for (;;) {
		if (p >= min_ns)
			return p;
		if (2 * p >= min_ns)
			return 2 * p;
		if (5 * p >= min_ns)
			return 5 * p;
		if (p > UINT64_MAX / 100)
			return p * 10;
		p *= 10;
	}
}
