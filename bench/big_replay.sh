#!/bin/bash
# bench/big_replay.sh - replay and report of a large trace file (issue 12).
#
# Writes $FILE (default /tmp/schedviz-big.data) with bench/big_trace unless
# it exists: $EVENTS events (default 200 million, about 1 GB) of ping-pong
# pairs on 2 CPUs. Then:
#   report: wall time, events per second, peak RSS (/usr/bin/time);
#   replay: under tmux (120x40), the time from launch to the first frame on
#     screen, to the file fully loaded ("loading" gone from the header),
#     and schedviz's peak RSS (VmHWM) once loaded.
#
# usage (as root or not): bench/big_replay.sh [BUILD_DIR] [EVENTS]
set -euo pipefail
B=${1:-build}
EVENTS=${2:-200000000}
FILE=${FILE:-/tmp/schedviz-big.data}
SV=$B/schedviz

if [ ! -s "$FILE" ]; then
	echo "writing $FILE ($EVENTS events)..."
	"$B/bench/big_trace" "$FILE" "$EVENTS"
fi
bytes=$(stat -c %s "$FILE")
echo "file: $FILE, $((bytes / 1000000)) MB"

for i in $(seq 1 ${REPORTS:-3}); do
	/usr/bin/time -f "%e %M" -o /tmp/big_replay.time "$SV" report "$FILE" >/tmp/big_replay.out
	read -r secs kb </tmp/big_replay.time
	n=$(sed -n 's/.*s, \([0-9]*\) events.*/\1/p' /tmp/big_replay.out | head -1)
	awk -v s="$secs" -v n="$n" -v kb="$kb" 'BEGIN {
		printf "report %d: %.2f s, %.1f M events/s, peak RSS %.1f MB\n", '"$i"', s, n / s / 1e6, kb / 1024 }'
done

tmux kill-session -t bigreplay 2>/dev/null || true
start=$(date +%s%N)
tmux new-session -d -s bigreplay -x 120 -y 40 "$SV replay $FILE"
first=""
while :; do
	screen=$(tmux capture-pane -p -t bigreplay 2>/dev/null || true)
	now=$(date +%s%N)
	if [ -z "$first" ] && grep -q "schedviz │" <<<"$screen"; then
		first=$(( (now - start) / 1000000 ))
		echo "replay: first frame after $first ms: $(grep -o 'loading [0-9]*%' <<<"$screen" || true)"
	fi
	if [ -n "$first" ] && ! grep -q "loading" <<<"$screen"; then
		echo "replay: loaded after $(( (now - start) / 1000000 )) ms"
		break
	fi
	sleep 0.01
done
pid=$(pgrep -n -x schedviz)
echo "replay: peak RSS $(awk '/^VmHWM/ {printf "%.1f MB", $2 / 1024}' /proc/$pid/status)"
tmux send-keys -t bigreplay q
sleep 0.5
tmux kill-session -t bigreplay 2>/dev/null || true
