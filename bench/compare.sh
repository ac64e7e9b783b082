#!/bin/bash
# bench/compare.sh - the observer effect of several schedviz builds, side by
# side: `perf bench sched pipe` pinned to CPU $CPU (default 0), each round
# running it untraced, then under each build in turn with an untraced run
# after each, so every traced run has untraced runs right before and after
# it. The builds run pinned to CPU $TRACER_CPU (default 1). Prints, per
# build, the median and interquartile range of the per-run ratios to
# untraced. Use it to tell whether a change to the programs moved the
# wall-clock cost; bench/observer.sh gives the figure against perf.
#
# usage (as root): bench/compare.sh ROUNDS LOOPS SCHEDVIZ...
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: bench/compare.sh ROUNDS LOOPS SCHEDVIZ..." >&2
  exit 2
fi
ROUNDS=$1 LOOPS=$2
shift 2
CPU=${CPU:-0}
TRACER_CPU=${TRACER_CPU:-1}
# shellcheck source=bench/pipe_stats.sh
. "$(dirname "$0")/pipe_stats.sh"
bench=(taskset -c "$CPU" perf bench sched pipe -l "$LOOPS")

declare -a ratios
for r in $(seq "$ROUNDS"); do
  before=$("${bench[@]}" | usec)
  i=0
  for sv in "$@"; do
    t=$(taskset -c "$TRACER_CPU" "$sv" run --no-tui -- "${bench[@]}" 2>/dev/null | usec)
    after=$("${bench[@]}" | usec)
    ratios[$i]+="$(ratio "$t" "$before" "$after") "
    before=$after
    i=$((i + 1))
  done
done
i=0
for sv in "$@"; do
  # shellcheck disable=SC2086 # one ratio per word
  echo "$sv: median ratio $(median ${ratios[$i]}) (IQR $(iqr ${ratios[$i]}))"
  i=$((i + 1))
done
