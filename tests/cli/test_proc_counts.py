#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Stop the target mid-run (SIGSTOP), read each thread's own counters from
/proc/<pid>/task/<tid>/status, take a schedviz snapshot (SIGUSR1), and
compare task by task: voluntary and involuntary switches must be equal, and
run time must agree with the kernel's own clock of it
(/proc/<pid>/task/<tid>/schedstat: se.sum_exec_runtime) within 2% + 1 ms
(ours is measured switch to switch, the kernel's by update_curr()).

usage: test_proc_counts.py STOPPER_BINARY"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from svtest import SCHEDVIZ, check_rusage_identity, fail, need_bpf, wait_for

need_bpf()
stopper = sys.argv[1]
snap = os.path.join(tempfile.mkdtemp(prefix="svtest-"), "snap.json")


def proc_counts(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        st = {}
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                st[k] = v.strip()
        with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
            run_ns = int(f.read().split()[0])
        out[int(tid)] = (st["State"][0], int(st["voluntary_ctxt_switches"]),
                         int(st["nonvoluntary_ctxt_switches"]), run_ns)
    return out


p = subprocess.Popen([SCHEDVIZ, "run", "--json", "--snapshot", snap, "--", stopper],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     text=True)
line = p.stderr.readline()  # the target's stdout goes to stderr under --json
if not line.startswith("stopper pid "):
    p.kill()
    fail(f"unexpected first line {line!r}")
pid = int(line.split()[2])

# let every thread work a little: await counters on all five tasks
wait_for(lambda: len(os.listdir(f"/proc/{pid}/task")) == 5 and
         all(v + n > 0 for _, v, n, _ in proc_counts(pid).values()), 10, "threads at work")
os.kill(pid, signal.SIGSTOP)
wait_for(lambda: all(s == "T" for s, _, _, _ in proc_counts(pid).values()), 10, "group stop")
# T is set just before the final switch-out: await counters that hold still
prev = None
def stable():
    global prev
    cur = proc_counts(pid)
    ok = cur == prev
    prev = cur
    return ok
wait_for(stable, 10, "stable counters")
kernel = prev
os.kill(p.pid, signal.SIGUSR1)
wait_for(lambda: os.path.exists(snap), 10, "snapshot file")
with open(snap) as f:
    ours = {t["tid"]: t for t in json.load(f)["tasks"]}
bad = []
for tid, (_, vol, inv, run_ns) in sorted(kernel.items()):
    t = ours.get(tid)
    if t is None:
        bad.append(f"tid {tid} missing from schedviz")
        continue
    print(f"tid {tid} {t['comm']:<10} kernel {vol}/{inv} {run_ns / 1e6:.3f} ms, schedviz "
          f"{t['voluntary_switches']}/{t['involuntary_switches']} {t['run_ns'] / 1e6:.3f} ms")
    if abs(t["run_ns"] - run_ns) > 0.02 * run_ns + 1e6:
        bad.append(f"tid {tid} ({t['comm']}): run time {t['run_ns']} ns, kernel {run_ns} ns")
    if (t["voluntary_switches"], t["involuntary_switches"]) != (vol, inv):
        bad.append(f"tid {tid} ({t['comm']}): kernel {vol}/{inv}, schedviz "
                   f"{t['voluntary_switches']}/{t['involuntary_switches']}")
os.kill(pid, signal.SIGCONT)
out, err = p.communicate("stop\n", timeout=60)
if bad:
    fail("; ".join(bad))
if p.returncode != 0:
    fail(f"schedviz exited {p.returncode}: {err}")
check_rusage_identity(json.loads(out), "stopper final")
