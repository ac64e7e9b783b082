#!/bin/bash
# bench/system_wide.sh - what tracing the whole machine costs (issue 12).
#
# As bench/observer.sh, but the tracers trace every task on every CPU:
# `schedviz record -a` and `perf sched record -a`, each started (pinned to
# $TRACER_CPU) a second before `perf bench sched pipe` runs pinned to $CPU,
# and stopped with SIGINT after it. A round is: untraced, schedviz,
# untraced, perf sched record, untraced; each traced run is divided by the
# mean of the untraced runs on either side of it. Prints us/op per round,
# the medians, and the median and interquartile range of the ratios.
#
# usage (as root): bench/system_wide.sh [SCHEDVIZ] [ROUNDS] [LOOPS]
set -euo pipefail
# shellcheck source=bench/pipe_stats.sh
. "$(dirname "$0")/pipe_stats.sh"
pipe_setup 20 "$@"

# traced CMD...: run the benchmark while CMD traces the machine; its us/op
traced() {
	taskset -c "$TRACER_CPU" "$@" >/dev/null 2>&1 &
	local tracer=$!
	sleep 1		# attached by then (both tracers take well under a second)
	"${bench[@]}" | usec
	kill -INT "$tracer"
	wait "$tracer" || true
}

run_sv() { traced "$SV" record -a -o "$tmp/sv.data"; }
run_perf() { (cd "$tmp" && traced perf sched record -a -q -o "$tmp/perf.data"); }
pipe_rounds "schedviz record -a" "perf sched record -a"
