#!/bin/bash
# bench/observer.sh - what tracing costs the traced program.
#
# `perf bench sched pipe` (two tasks pass a token through two pipes: every
# round trip is two context switches and two wakeups) pinned to CPU $CPU
# (default 0), run
#   untraced,
#   under `schedviz run --no-tui --`   (every switch and wakeup recorded),
#   under `perf sched record`          (the kernel's tracer, for scale),
# in interleaved rounds, so drift in the machine hits all three alike. The
# VM's speed jumps by up to 40% every few seconds, so rounds are short
# (50,000 round trips, a fraction of a second) and many (40), and each traced
# run is compared with the untraced runs right before and right after it
# (a round is: untraced, schedviz, untraced, perf sched record, untraced). The
# tracers themselves are pinned to the other CPU ($TRACER_CPU, default 1), as
# a tracer that shares the benchmark's CPU measures its own CPU time, not its
# effect on the traced program. Prints us/op per round, the median of each,
# and the median and interquartile range of the per-round ratios to
# untraced.
#
# usage (as root): bench/observer.sh [SCHEDVIZ] [ROUNDS] [LOOPS]
set -euo pipefail
# shellcheck source=bench/pipe_stats.sh
. "$(dirname "$0")/pipe_stats.sh"
pipe_setup 40 "$@"

run_sv() {
	taskset -c "$TRACER_CPU" "$SV" run --no-tui -- "${bench[@]}" 2>/dev/null | usec
}
run_perf() {
	(cd "$tmp" && taskset -c "$TRACER_CPU" perf sched record -q -o perf.data -- "${bench[@]}" \
		2>/dev/null | usec)
}
pipe_rounds schedviz "perf sched record"
