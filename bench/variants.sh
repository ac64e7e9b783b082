#!/bin/bash
# bench/variants.sh - what each part of the BPF programs' work costs the
# traced program, in wall-clock terms. Builds schedviz once per variant from this
# tree (meson -Dbench_variant=, see meson_options.txt):
#   none      the real programs
#   no-clock  the same, but no bpf_ktime_get_ns(): every timestamp is 0
#   no-runq   the same, but switch records do not read sched_info (run_delay, pcount)
#   no-wake   the same, but the wakeup programs return at once (switches only)
#   empty     the switch and wakeup programs return at once (attached, no work)
# then compares them with bench/compare.sh: `perf bench sched pipe` pinned to
# CPU $CPU, each traced run between two untraced ones. The variant builds
# trace wrongly (they say so on stderr); they exist only for this.
#
# usage (as root): bench/variants.sh [ROUNDS] [LOOPS]   (default 100 50000)
# VARIANTS="none empty" picks which builds (default: all five, in that order).
set -euo pipefail
ROUNDS=${1:-100}
LOOPS=${2:-50000}
src=$(cd "$(dirname "$0")/.." && pwd)
out=${VARIANTS_DIR:-$src/build-variants}

builds=()
for v in ${VARIANTS:-none no-clock no-runq no-wake empty}; do
  dir=$out/$v
  if [ -d "$dir" ]; then
    meson configure "$dir" -Dbench_variant="$v" >/dev/null
  else
    meson setup "$dir" "$src" -Dbench_variant="$v" >/dev/null
  fi
  ninja -C "$dir" schedviz >/dev/null
  builds+=("$dir/schedviz")
done
"$src/bench/compare.sh" "$ROUNDS" "$LOOPS" "${builds[@]}"
