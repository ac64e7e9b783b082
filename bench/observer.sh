#!/bin/bash
# bench/observer.sh - what tracing costs the traced program.
#
# `perf bench sched pipe` (two tasks passing a token through pipes: every
# round trip is two context switches and two wakeups) pinned to one CPU, run
#   untraced,
#   under `schedviz run --no-tui --`,
#   under `perf sched record` (the kernel's tracer, for scale),
# in interleaved rounds, so drift in the machine hits all three alike.
# Prints us/op per round and the median ratio to untraced.
#
# usage: sudo bench/observer.sh [SCHEDVIZ] [ROUNDS] [LOOPS]
set -euo pipefail
SV=${1:-build/schedviz}
ROUNDS=${2:-7}
LOOPS=${3:-200000}
CPU=${CPU:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

usec() { sed -n 's/^[[:space:]]*\([0-9.]*\) usecs\/op$/\1/p'; }
bench=(taskset -c "$CPU" perf bench sched pipe -l "$LOOPS")

declare -a base sv ps
for r in $(seq "$ROUNDS"); do
  base+=("$("${bench[@]}" | usec)")
  sv+=("$("$SV" run --no-tui -- "${bench[@]}" 2>/dev/null | usec)")
  ps+=("$(cd "$tmp" && perf sched record -q -o perf.data -- "${bench[@]}" 2>/dev/null | usec)")
  echo "round $r: untraced ${base[-1]}  schedviz ${sv[-1]}  perf-sched ${ps[-1]} us/op"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mb=$(median "${base[@]}"); ms=$(median "${sv[@]}"); mp=$(median "${ps[@]}")
echo "median us/op: untraced $mb, schedviz $ms, perf sched record $mp"
awk -v b="$mb" -v s="$ms" -v p="$mp" 'BEGIN {printf "ratio to untraced: schedviz %.3f, perf sched record %.3f\n", s/b, p/b}'
