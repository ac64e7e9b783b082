#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Read the exports test_export.c wrote into DIR with real parsers and hold
them to the generator's oracle (oracle.txt: "tid switches", totals.txt):

  trace.json   json.load; traceEvents first; named lanes; every flow has one
               source and one target; the lost marker; the counters add up
               to the switches; systemTraceEvents is the ftrace export, byte
               for byte
  trace.csv    csv module: a header and one row per event (+ the lost row),
               19 columns each; per-task sched_switch rows == oracle
  trace.dat    `trace-cmd report -N` (skipped, said so, if trace-cmd is
               missing): the same events as the ftrace export, line for
               line (sorted; the TGID and flags columns aside), and per-task
               switch counts == oracle

Exit 0 when all hold; otherwise the first failure on stderr, exit 1.
"""
import collections
import csv
import json
import os
import re
import shutil
import subprocess
import sys

DIR = sys.argv[1]


def fail(msg):
    sys.stderr.write("check_exports: %s\n" % msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


oracle = {}
for line in open(os.path.join(DIR, "oracle.txt")):
    tid, n = line.split()
    oracle[int(tid)] = int(n)
totals = dict((k, int(v)) for k, v in (l.split() for l in open(os.path.join(DIR, "totals.txt"))))

ftrace = open(os.path.join(DIR, "trace.ftrace"), encoding="utf-8", errors="surrogateescape").read()
event_lines = [l for l in ftrace.splitlines() if not l.startswith("#")]
check(len(event_lines) == totals["events"], "ftrace: %d lines, want %d" % (len(event_lines), totals["events"]))

# ---- json ----
raw = open(os.path.join(DIR, "trace.json"), "rb").read()
check(raw.startswith(b'{"traceEvents":['), "json: does not start with traceEvents")
doc = json.loads(raw.decode("utf-8"))
check(list(doc.keys()) == ["traceEvents", "displayTimeUnit", "systemTraceEvents"],
      "json: keys %s" % list(doc.keys()))
check(doc["displayTimeUnit"] == "ns", "json: displayTimeUnit")
check(doc["systemTraceEvents"] == ftrace, "json: systemTraceEvents differs from the ftrace export")
evs = doc["traceEvents"]
named = {e["tid"]: e["args"]["name"] for e in evs if e["ph"] == "M" and e["name"] == "thread_name"}
for tid in oracle:
    check(tid in named, "json: no thread_name for %d" % tid)
check(named[4001] == "worker-1", "json: thread 4001 named %r" % named[4001])
procs = {e["pid"] for e in evs if e["ph"] == "M" and e["name"] == "process_name"}
check({4000, 4010} <= procs, "json: process names %s" % procs)
flows = collections.defaultdict(list)
for e in evs:
    if e["ph"] == "X":
        check(e["dur"] >= 0 and e["ts"] > 0, "json: bad slice %s" % e)
        check(e["name"] in ("running", "runnable", "preempted", "sleeping", "blocked",
                            "futex", "wakeup"), "json: slice named %s" % e["name"])
        if "bind_id" in e:
            flows[e["bind_id"]].append("out" if e.get("flow_out") else "in")
check(len(flows) > 10, "json: only %d wakeup flows" % len(flows))
for fid, ends in flows.items():
    check(sorted(ends) == ["in", "out"], "json: flow %s has ends %s" % (fid, ends))
lost = [e for e in evs if e["ph"] == "i"]
check(len(lost) == 1 and lost[0]["args"]["count"] == totals["lost"], "json: lost markers %s" % lost)
counters = [e for e in evs if e["ph"] == "C"]
check(len(counters) > 2, "json: no counters")
bin_ns = round((counters[1]["ts"] - counters[0]["ts"]) * 1000)
switched = sum(round((c["args"]["voluntary"] + c["args"]["involuntary"]) * bin_ns / 1e9)
               for c in counters)
check(switched == sum(oracle.values()),
      "json: counters add up to %d switches, want %d" % (switched, sum(oracle.values())))

# ---- csv ----
with open(os.path.join(DIR, "trace.csv"), newline="", encoding="utf-8", errors="surrogateescape") as f:
    rows = list(csv.reader(f))
check(len(rows[0]) == 19 and rows[0][0] == "ts_ns" and rows[0][-1] == "lock",
      "csv: header %s" % rows[0])
check(all(len(r) == 19 for r in rows), "csv: a row without 19 columns")
check(len(rows) == 1 + totals["events"] + 1, "csv: %d rows" % len(rows))
counts = collections.Counter(int(r[3]) for r in rows[1:] if r[1] == "sched_switch")
check({t: counts[t] for t in oracle} == oracle, "csv: switch counts %s != %s" % (counts, oracle))
check(sum(int(r[14]) for r in rows[1:] if r[1] == "lost") == totals["lost"], "csv: lost")
check(any(r[5].startswith("we\tird") for r in rows[1:]), "csv: the odd comm did not survive")

# ---- trace.dat ----
tc = shutil.which("trace-cmd")
if not tc:
    # the oracle is missing: a failure, never a silent pass
    print("check_exports: trace-cmd is not installed, so trace.dat cannot be checked: "
          "run tools/install-deps (apt-get install trace-cmd)", file=sys.stderr)
    sys.exit(1)
out = subprocess.run([tc, "report", "-N", "-i", os.path.join(DIR, "trace.dat")],
                     capture_output=True, check=True).stdout.decode("utf-8", "surrogateescape")
tc_lines = [l for l in out.splitlines() if not l.startswith("cpus=")]
OURS = re.compile(r"\s*(.*)-(\d+)\s+\(.{7}\) \[(\d+)\] \S{5}\s+(\d+\.\d+): (\S+): (.*)")
THEIRS = re.compile(r"\s*(.*)-(\d+)\s+\[(\d+)\]\s+(\d+\.\d+): (\S+):\s+(.*)")


def norm(regex, lines):
    return sorted(regex.fullmatch(l).groups() for l in lines)


a, b = norm(OURS, event_lines), norm(THEIRS, tc_lines)
check(len(a) == len(b), "trace.dat: trace-cmd reports %d events, want %d" % (len(b), len(a)))
for x, y in zip(a, b):
    check(x == y, "trace.dat: trace-cmd shows %s where the ftrace export has %s" % (y, x))
counts = collections.Counter(int(m.group(1)) for m in re.finditer(r"sched_switch:\s+prev_comm=.*? prev_pid=(\d+)", out))
check({t: counts[t] for t in oracle} == oracle, "trace.dat: switch counts %s != %s" % (counts, oracle))
print("check_exports: json, csv, trace.dat agree with the oracle and the ftrace export")
