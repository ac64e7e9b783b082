#!/bin/bash
# bench/soak.sh - schedviz's memory over a long, busy run (issue 12).
#
# `stress-ng --switch $WORKERS` (pairs of processes passing messages: a
# context switch per message) traced by `schedviz run --json` for $SECS
# seconds, with the timeline bounded by --memory-mb $MB (default: schedviz's
# own default). Every $EVERY seconds it prints the time, schedviz's RSS
# (VmRSS of /proc/PID/status) and its peak so far (VmHWM); at the end the
# events traced, their rate, lost events, the history's bytes and from when
# it was summarized, from the JSON summary. The kernel's own figures for the
# same run are beside them: stress-ng's switches by wait4 (ru_nvcsw +
# ru_nivcsw).
#
# usage (as root): bench/soak.sh [SCHEDVIZ] [SECS] [WORKERS] [MB]
set -euo pipefail
SV=${1:-build/schedviz}
SECS=${2:-600}
WORKERS=${3:-2}
MB=${4:-}
EVERY=${EVERY:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

args=(run --json)
[ -n "$MB" ] && args+=(--memory-mb "$MB")
"$SV" "${args[@]}" -- stress-ng --switch "$WORKERS" -t "$SECS" \
	>"$tmp/summary.json" 2>"$tmp/stderr" &
sv=$!
start=$(date +%s.%N)
printf '%8s %10s %10s\n' seconds rss_kb peak_kb
while kill -0 "$sv" 2>/dev/null; do
	rss=$(awk '/^VmRSS/ {print $2}' "/proc/$sv/status" 2>/dev/null || true)
	hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$sv/status" 2>/dev/null || true)
	[ -n "$rss" ] && printf '%8.0f %10s %10s\n' \
		"$(echo "$(date +%s.%N) - $start" | bc)" "$rss" "$hwm"
	sleep "$EVERY"
done
wait "$sv" || { echo "schedviz exited $?:"; cat "$tmp/stderr"; exit 1; }
python3 - "$tmp/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ev, ru = d["events"], d["target"]["rusage"]
tl = d.get("timeline", {"history_bytes": 0, "summarized_ns": 0, "span_ns": 0})
secs = d["duration_ns"] / 1e9
traced = sum(t["voluntary_switches"] - t["released_voluntary"] +
             t["involuntary_switches"] - t["released_involuntary"] for t in d["tasks"])
print(f"events {ev['total']} in {secs:.1f} s = {ev['total'] / secs / 1e3:.0f} k/s, lost {ev['lost']}")
print(f"switches: traced {traced}, wait4 rusage {ru['nvcsw'] + ru['nivcsw']}")
print(f"history {tl['history_bytes'] / 2**20:.1f} MiB: the first {tl['summarized_ns'] / 1e9:.1f} s "
      f"summarized in spans of {tl['span_ns'] / 1e6:.1f} ms or more")
PY
