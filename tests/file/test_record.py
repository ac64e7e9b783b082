#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Record race_counter under BPF and hold the file to three things:

1. `schedviz report --json FILE` prints, byte for byte, what the live
   `schedviz run --json -o FILE` printed.
2. Per task, the sched_switch lines of the exported ftrace text, of the
   exported trace.dat as `trace-cmd report` reads it, and the csv rows equal
   the report's voluntary + involuntary switches.
3. The independent check: the kernel's own tracer, a tracefs instance
   recording sched_switch on every CPU during the same run, counts the same
   switches per task as our file.

Needs root for BPF (exit 77 without root or BTF).
"""
import collections
import json
import os
import re
import shutil
import subprocess
import tempfile

from svtest import SCHEDVIZ, fail, need_bpf, need_program

TRACEFS = "/sys/kernel/tracing"


def run(args, **kw):
    p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=240, **kw)
    if p.returncode != 0:
        fail("%s exited %d:\n%s" % (" ".join(args), p.returncode, p.stderr.decode(errors="replace")))
    return p.stdout


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class Instance:
    """A private tracefs instance recording sched_switch on all CPUs."""

    def __init__(self):
        if not os.path.exists(os.path.join(TRACEFS, "instances")):
            subprocess.run(["mount", "-t", "tracefs", "nodev", TRACEFS], check=False)
        if not os.path.exists(os.path.join(TRACEFS, "instances")):
            fail("tracefs is not available at %s (mount -t tracefs nodev %s)" % (TRACEFS, TRACEFS))
        self.dir = os.path.join(TRACEFS, "instances", "schedviz-test-%d" % os.getpid())
        os.mkdir(self.dir)
        write(os.path.join(self.dir, "buffer_size_kb"), "65536")
        write(os.path.join(self.dir, "events/sched/sched_switch/enable"), "1")
        write(os.path.join(self.dir, "tracing_on"), "1")

    def stop(self):
        write(os.path.join(self.dir, "tracing_on"), "0")
        for cpu in os.listdir(os.path.join(self.dir, "per_cpu")):
            stats = open(os.path.join(self.dir, "per_cpu", cpu, "stats")).read()
            over = re.search(r"^overrun: (\d+)", stats, re.M)
            if over and int(over.group(1)):
                fail("tracefs lost %s events on %s; the kernel's count is incomplete" % (over.group(1), cpu))
        return open(os.path.join(self.dir, "trace"), errors="replace").read()

    def remove(self):
        write(os.path.join(self.dir, "events/sched/sched_switch/enable"), "0")
        os.rmdir(self.dir)


def switch_counts(text, pattern=r"prev_pid=(\d+) "):
    return collections.Counter(int(m.group(1)) for m in re.finditer(pattern, text))


def main():
    need_bpf()
    tmp = tempfile.mkdtemp(prefix="schedviz-test-record.")
    data = os.path.join(tmp, "race.data")
    inst = Instance()
    try:
        live = run([SCHEDVIZ, "run", "--json", "-o", data, "race_counter", "--mode=mutex"])
        kernel = inst.stop()
    finally:
        inst.remove()

    summary = json.loads(live)
    if summary["events"]["lost"]:
        fail("%d events lost while recording" % summary["events"]["lost"])
    want = {t["tid"]: t["voluntary_switches"] + t["involuntary_switches"] for t in summary["tasks"]}
    if len(want) < 5 or sum(want.values()) < 10:
        fail("race_counter --mode=mutex traced too little to compare: %s" % want)

    # 1. the file gives back the live summary, byte for byte
    replayed = run([SCHEDVIZ, "report", "--json", data])
    if replayed != live:
        fail("report --json differs from the live run --json:\n%s\n---\n%s" % (live.decode(), replayed.decode()))
    print("ok report --json == live run --json (%d bytes)" % len(live))

    # 2. the exports count what the report counts
    outs = {}
    for fmt in ("ftrace", "tracedat", "csv", "json"):
        outs[fmt] = os.path.join(tmp, "race." + fmt)
        run([SCHEDVIZ, "export", data, "--format=" + fmt, "-o", outs[fmt]])
    ftrace = open(outs["ftrace"]).read()
    got = switch_counts(ftrace)
    if {t: got[t] for t in want} != want:
        fail("ftrace export switch counts %s != report %s" % (dict(got), want))
    stamps = [float(m.group(1)) for m in re.finditer(r"\] \S{5} +(\d+\.\d+): ", ftrace)]
    if len(stamps) != summary["events"]["total"] or stamps != sorted(stamps):
        fail("the ftrace export is not one line per event in timestamp order")
    rows = open(outs["csv"]).read().splitlines()
    got = collections.Counter(int(r.split(",")[3]) for r in rows[1:] if r.split(",")[1] == "sched_switch")
    if {t: got[t] for t in want} != want:
        fail("csv export switch counts %s != report %s" % (dict(got), want))
    json.load(open(outs["json"]))
    tc = need_program("trace-cmd", "trace-cmd")
    text = run([tc, "report", "-N", "-i", outs["tracedat"]]).decode(errors="replace")
    got = switch_counts(text)
    if {t: got[t] for t in want} != want:
        fail("trace-cmd report on the trace.dat export: %s != report %s" % (dict(got), want))
    print("ok trace-cmd report on the trace.dat export counts what report counts")
    print("ok ftrace and csv exports count what report counts")

    # 3. the kernel's own tracer saw the same switches
    got = switch_counts(kernel)
    if {t: got[t] for t in want} != want:
        fail("tracefs sched_switch per task %s != schedviz %s" % ({t: got[t] for t in want}, want))
    print("ok tracefs counts the same sched_switches per task: %s" % want)
    # and gives each switch the same prev_state (R, R+, S, D, X, Z: the folding of
    # include/trace/events/sched.h that ftrace_text redoes from the raw state)
    letters = r"prev_pid=(\d+) prev_prio=-?\d+ prev_state=(\S+) "
    # One exception, which schedviz reports itself (reaping_*): a process
    # whose parent reaps it during its last switch has exit_state moving from
    # EXIT_ZOMBIE to EXIT_DEAD on the parent's CPU (kernel/exit.c:
    # wait_task_zombie()), and tracefs and our program each read it once, at
    # different instants. The tracefs event was enabled first, so its probe
    # runs first (kernel/tracepoint.c appends probes): it can see Z where ours
    # then sees X, and ours flags exactly that. For those tasks Z and X count
    # as one letter.
    reaped = {str(t["tid"]) for t in summary["tasks"]
              if t["reaping_voluntary"] + t["reaping_involuntary"]}
    fold = lambda pid, st: (pid, "Z|X") if pid in reaped and st in ("Z", "X") else (pid, st)
    ours = collections.Counter(fold(*m.groups()) for m in re.finditer(letters, ftrace))
    theirs = collections.Counter(fold(*m.groups()) for m in re.finditer(letters, kernel))
    mine = lambda c: {k: v for k, v in c.items() if int(k[0]) in want}
    if mine(ours) != mine(theirs):
        fail("prev_state per task differs: ours %s, the kernel's %s" % (mine(ours), mine(theirs)))
    print("ok and the same prev_state letters: %s" % sorted(mine(ours).items()))
    shutil.rmtree(tmp)


main()
