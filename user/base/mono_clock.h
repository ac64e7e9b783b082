/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mono_clock.h - now on CLOCK_MONOTONIC, the clock of every timestamp in
 * schedviz: the BPF programs' bpf_ktime_get_ns() reads it too
 * (kernel/time/timekeeping.c: ktime_get_mono_fast_ns()).
 */
#ifndef SCHEDVIZ_MONO_CLOCK_H
#define SCHEDVIZ_MONO_CLOCK_H

#include <stdint.h>
#include <time.h>

/* ns on CLOCK_MONOTONIC; cannot fail for this clock. */
static inline uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif
