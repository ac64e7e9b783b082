# SPDX-License-Identifier: GPL-2.0-only
# bench/record_pair.sh: sourced (`. "$(dirname "$0")/record_pair.sh"`) by the
# size benchmarks. Checks for perf and $SCHEDVIZ (default build/schedviz),
# makes $tmp (removed on exit), and defines record_pair WORKLOAD...: perf
# sched record (system-wide) records `schedviz record` recording the
# workload, so $tmp/perf.data and $tmp/sv.data hold the same run.
# $bench names the calling script in messages.
set -eu
SCHEDVIZ=${SCHEDVIZ:-build/schedviz}
command -v perf >/dev/null || { echo "$bench: perf is not installed (apt-get install linux-perf)" >&2; exit 1; }
[ -x "$SCHEDVIZ" ] || { echo "$bench: no $SCHEDVIZ; build first or set SCHEDVIZ" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

record_pair() {
	perf sched record -q -o "$tmp/perf.data" -- \
		"$SCHEDVIZ" record -o "$tmp/sv.data" "$@" >/dev/null 2>"$tmp/log" ||
		{ cat "$tmp/log" >&2; exit 1; }
}
