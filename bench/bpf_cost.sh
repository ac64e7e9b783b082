#!/bin/bash
# bench/bpf_cost.sh - time spent in schedviz's BPF programs per round trip of
# `perf bench sched pipe` (pinned to CPU 0; schedviz on CPU 1), by the
# kernel's own per-program accounting (kernel.bpf_stats_enabled: run_time_ns,
# which adds some ns of its own per call). Steadier than wall-clock ratios on
# a noisy machine. Compares the live run (no sched_wakeup) with a recorded one
# (-o FILE: sched_wakeup too), ROUNDS times each, alternating.
#
# usage (as root): bench/bpf_cost.sh [SCHEDVIZ] [ROUNDS] [LOOPS]
set -euo pipefail
# shellcheck source=bench/pipe_stats.sh
. "$(dirname "$0")/pipe_stats.sh"
SV=${1:-build/schedviz}
ROUNDS=${2:-3}
LOOPS=${3:-1000000}
tmp=$(mktemp -d)
was=$(sysctl -n kernel.bpf_stats_enabled)
trap 'sysctl -q kernel.bpf_stats_enabled="$was"; rm -rf "$tmp"' EXIT

prog_ns() {	# summed run_time_ns of schedviz's tracepoint programs now loaded
  bpftool prog show 2>/dev/null |
    awk '/ name on_/ {for (i = 1; i <= NF; i++) if ($i == "run_time_ns") s += $(i + 1)} END {print s + 0}'
}

one() {		# $@: extra schedviz run arguments
  sysctl -q kernel.bpf_stats_enabled=1
  taskset -c 1 "$SV" run --no-tui "$@" -- taskset -c 0 perf bench sched pipe -l "$LOOPS" \
    > "$tmp/out" 2>&1 &
  local pid=$! t0 t1
  sleep 1; t0=$(prog_ns); sleep 1; t1=$(prog_ns)	# a 1 s window mid-run
  wait "$pid"
  local us
  us=$(usec < "$tmp/out")
  awk -v a="$t0" -v b="$t1" -v us="$us" 'BEGIN {printf "%.0f", (b - a) * us / 1e9 * 1000}'
}

for r in $(seq "$ROUNDS"); do
  live=$(one)
  kept=$(one -o "$tmp/trace.data")
  echo "round $r: BPF ns per round trip: live $live, recorded (-o) $kept"
done
