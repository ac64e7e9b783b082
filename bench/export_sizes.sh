#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/export_sizes.sh [SCENARIO [ARGS...] | -- COMMAND [ARGS...]]: the size of
# one run as each format holds it, and how fast the Perfetto export goes.
# perf sched record (system-wide) records `schedviz record` recording the
# workload, so perf.data and schedviz's file hold the same run; the schedviz
# file is then exported as perfetto (.pftrace), json, ftrace and tracedat.
# Export speed: events of the file (events.total of `schedviz report --json`)
# over the best of three `export --format=perfetto` runs, by wall clock and
# by the CPU time (user + system) the export used. Run as root from the
# repository top after building; SCHEDVIZ=path overrides build/schedviz.
# With no arguments: race_counter, pingpong, `stress-ng --switch 2 -t 4`.
bench=export_sizes.sh
. "$(dirname "$0")/record_pair.sh"

measure() {
	record_pair "$@"
	for f in perfetto json ftrace tracedat; do
		"$SCHEDVIZ" export "$tmp/sv.data" --format=$f -o "$tmp/out.$f"
	done
	python3 - "$SCHEDVIZ" "$tmp" "$*" <<'PY'
import json, os, resource, subprocess, sys, time
sv, tmp, name = sys.argv[1:4]
size = lambda f: os.path.getsize(os.path.join(tmp, f))
events = json.loads(subprocess.run([sv, "report", "--json", os.path.join(tmp, "sv.data")],
                                   capture_output=True, check=True).stdout)["events"]["total"]
wall = cpu = None
for _ in range(3):
    r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sv, "export", os.path.join(tmp, "sv.data"), "--format=perfetto",
                    "-o", os.path.join(tmp, "out.perfetto")], check=True)
    t1, r1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    c = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    wall, cpu = min(wall or t1 - t0, t1 - t0), min(cpu or c, c)
mb = lambda n: f"{n / 1e6:.2f}" if n >= 1e5 else f"{n / 1e3:.1f} k"
pf, js = size("out.perfetto"), size("out.json")
print(f"| {name} | {events} | {mb(pf)} | {mb(js)} | {mb(size('out.ftrace'))} | {mb(size('out.tracedat'))} "
      f"| {mb(size('sv.data'))} | {mb(size('perf.data'))} | {js / pf:.0f}x "
      f"| {events / wall / 1e6:.2f} M | {events / cpu / 1e6:.2f} M |")
PY
}

echo "| run | events | .pftrace MB | json MB | ftrace MB | trace.dat MB | schedviz.data MB | perf.data MB | json / pftrace | export ev/s (wall) | export ev/s (CPU) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
if [ $# -gt 0 ]; then
	measure "$@"
else
	measure race_counter
	measure pingpong
	measure -- stress-ng --switch 2 -t 4
fi
