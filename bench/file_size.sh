#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/file_size.sh [SCENARIO [ARGS...]]: bytes per event on disk, schedviz's
# trace file next to the perf.data of `perf sched record`, for the same run:
# perf sched record (system-wide) records `schedviz record` recording the
# scenario, so both files hold the same run. Each file's size is divided by
# the events it holds (schedviz: events.total of `schedviz report --json`;
# perf: its SAMPLE records, `perf report --stats`); "in blocks" leaves out
# schedviz's fixed header and footer (a few hundred bytes: argv, kernel
# release, rusage), which dominate only very short runs. Run as root from the
# repository top after building; SCHEDVIZ=path overrides build/schedviz.
# With no arguments: race_counter, race_counter --mode=mutex, pingpong.
bench=file_size.sh
. "$(dirname "$0")/record_pair.sh"

measure() {
	record_pair "$@"
	sv_bytes=$(stat -c %s "$tmp/sv.data")
	sv_events=$("$SCHEDVIZ" report --json "$tmp/sv.data" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["events"]["total"])')
	perf_bytes=$(stat -c %s "$tmp/perf.data")
	perf_events=$(perf report -i "$tmp/perf.data" --stats 2>/dev/null |
		awk '/TOTAL events/ { t = 1 } t && /SAMPLE events/ { print $3; exit }')
	python3 - "$tmp/sv.data" "$*" "$sv_bytes" "$sv_events" "$perf_bytes" "$perf_events" <<'PY'
import struct, sys
path, name = sys.argv[1:3]
sb, se, pb, pe = map(int, sys.argv[3:])
data, off, blocks = open(path, "rb").read(), 16, 0
while off + 20 <= len(data):  # chunk: tag, stored_len, raw_len, records, crc (trace_format.h)
    stored = struct.unpack_from("<I", data, off + 4)[0]
    if data[off:off + 4] == b"EVTS":
        blocks += 20 + stored
    off += 20 + stored
s, b, p = sb / se, blocks / se, pb / pe
print(f"| {name} | {se} | {sb} | {s:.2f} | {b:.2f} | {pe} | {pb} | {p:.1f} | {p / s:.0f}x |")
PY
}

echo "| run | schedviz events | schedviz bytes | B/event | B/event in blocks | perf.data events | perf.data bytes | B/event | smaller by |"
echo "|---|---|---|---|---|---|---|---|---|"
if [ $# -gt 0 ]; then
	measure "$@"
else
	measure race_counter
	measure race_counter --mode=mutex
	measure pingpong
fi
