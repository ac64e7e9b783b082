#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""schedviz run --cgroup: every task in a cgroup v2 and below, joiners too,
and nothing outside.

A new cgroup holds STOPPER A (threads at work) and a shell before schedviz
attaches; STOPPER B runs outside. Attached (a snapshot lists A's threads),
the shell forks two children inside (born in the cgroup: traced from their
fork), and B is moved in mid-run. Then, in the trace file: every traced side
of every event is one of these tasks; B's threads appear only after the
move began, and they do appear; the children are created by the shell;
A's threads and the shell are there from the start. The processes run on
after detach.

usage: test_cgroup.py STOPPER_BINARY"""
import csv
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

from svtest import SCHEDVIZ, fail, need_bpf, skip, snapshot_tasks, wait_for

need_bpf()
stopper = sys.argv[1]
root = None
with open("/proc/mounts") as f:
    for line in f:
        dev, mnt, fstype = line.split()[:3]
        if fstype == "cgroup2":
            root = mnt
            break
if root is None:
    skip("no cgroup v2 mounted")
cg = os.path.join(root, f"svtest-{os.getpid()}")
tmp = tempfile.mkdtemp(prefix="svtest-")
data, snap = os.path.join(tmp, "cg.data"), os.path.join(tmp, "snap.json")
os.mkdir(cg)


def join(pid):
    with open(os.path.join(cg, "cgroup.procs"), "w") as f:
        f.write(f"{pid}\n")


def start_stopper():
    p = subprocess.Popen([stopper], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if not line.startswith("stopper pid "):
        fail(f"unexpected first line {line!r}")
    wait_for(lambda: len(os.listdir(f"/proc/{p.pid}/task")) == 5, 10, "stopper threads")
    return p, {int(t) for t in os.listdir(f"/proc/{p.pid}/task")}


procs = []
try:
    a, a_tids = start_stopper()
    procs.append(a)
    join(a.pid)
    sh = subprocess.Popen(["/bin/sh", "-c",
                           "read x; sleep 0.05 & sleep 0.05; wait; echo done; read x"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    procs.append(sh)
    join(sh.pid)
    b, b_tids = start_stopper()
    procs.append(b)

    sv = subprocess.Popen([SCHEDVIZ, "run", "--json", "--cgroup", cg, "-o", data,
                           "--snapshot", snap], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    wait_for(lambda: a_tids <= set(snapshot_tasks(sv, snap) or ()), 20,
             "schedviz attached (A's threads in a snapshot)")

    # children born inside: the shell forks two sleeps
    sh.stdin.write("go\n")
    sh.stdin.flush()
    # the shell says when both children have been waited for (before, its
    # having no children and not waiting held also before it read "go")
    if not select.select([sh.stdout], [], [], 10)[0] or sh.stdout.readline().strip() != "done":
        fail("the shell did not say within 10 s that its two children were done")
    # B joins mid-run
    move_ns = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
    join(b.pid)

    def b_traced():
        ts = snapshot_tasks(sv, snap) or {}
        return all(t in ts and ts[t]["voluntary_switches"] + ts[t]["involuntary_switches"]
                   for t in b_tids - {b.pid})
    wait_for(b_traced, 20, "B's threads traced after the move")
    sv.send_signal(signal.SIGINT)
    out, err = sv.communicate(timeout=60)
    if sv.returncode != 0:
        fail(f"schedviz exited {sv.returncode}: {err}")
    final = {t["tid"]: t for t in json.loads(out)["tasks"]}

    csv_path = os.path.join(tmp, "cg.csv")
    subprocess.run([SCHEDVIZ, "export", data, "-f", "csv", "-o", csv_path], check=True,
                   timeout=120)
    children = {t for t, v in final.items() if v["parent_tid"] == sh.pid} \
        if "parent_tid" in next(iter(final.values())) else set()
    forks = set()
    seen, outside, b_early = set(), set(), []
    with open(csv_path) as f:
        for row in csv.DictReader(f):
            ts, flags = int(row["ts_ns"]), row["flags"].split("|")
            sides = []
            if row["event"] == "sched_switch":
                if "prev_target" in flags:
                    sides.append(int(row["tid"]))
                if "next_target" in flags:
                    sides.append(int(row["tid2"]))
            elif row["event"].startswith("sched_wak"):
                sides.append(int(row["tid"]))
                if "waker_target" in flags:
                    sides.append(int(row["tid2"]))
            elif row["event"] == "sched_process_fork":
                sides.append(int(row["tid2"]))
                if int(row["tid"]) == sh.pid:
                    forks.add(int(row["tid2"]))
            for t in sides:
                seen.add(t)
                if t in b_tids and ts < move_ns:
                    b_early.append((ts, t))
    allowed = a_tids | b_tids | {sh.pid} | forks
    outside = seen - allowed
    print(f"traced tasks {sorted(seen)}; A {sorted(a_tids)}, B {sorted(b_tids)} (moved in), "
          f"shell {sh.pid}, its children {sorted(forks)}")
    bad = []
    if outside:
        bad.append(f"tasks outside the cgroup traced: {sorted(outside)}")
    if b_early:
        bad.append(f"B traced before it joined: {b_early[:3]}")
    if len(forks) != 2:
        bad.append(f"the shell's two children not traced from their fork: {sorted(forks)}")
    if not (a_tids | {sh.pid}) <= set(final):
        bad.append(f"A or the shell missing from the summary: {sorted(final)}")
    if not (b_tids - {b.pid}) <= seen:
        bad.append("B's threads not traced after the move")
    for p in (a, b):
        if any(s in "TZX" for s in (open(f"/proc/{p.pid}/task/{t}/stat").read()
                                    .rsplit(")", 1)[1].split()[0]
                                    for t in os.listdir(f"/proc/{p.pid}/task"))):
            bad.append(f"{p.pid} not running on after detach")
    if bad:
        fail("; ".join(bad))
finally:
    for p in procs:
        try:
            p.stdin.write("stop\n")
            p.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
    os.rmdir(cg)
