#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""schedviz run -p: attach to a multi-threaded program that runs on its own.

Each round: start STOPPER (not under schedviz), let its threads work, stop it
(SIGSTOP) and read every thread's counters from /proc/<pid>/task/<tid>/status
and schedstat; attach (`run --json -p PID --snapshot F`), await the snapshot
listing every thread (so the marks are in), resume it, let each thread
switch, stop it again, read the counters again, and snapshot: each thread's
traced voluntary/involuntary switches, run time, run-queue delay and times
on a CPU must equal the change of the kernel's own counters exactly (a thread attached while stopped is at
rest: its baseline is taken at its first wakeup or switch-in). Then detach
(SIGINT to schedviz): schedviz exits 0 and the program runs on, never
signalled (it still exists, is not stopped, and ends on its own when told).
Then a PID that does not exist: one line, exit 1.

usage: test_attach.py STOPPER_BINARY [ROUNDS]"""
import json
import os
import signal
import subprocess
import sys
import tempfile

from svtest import (SCHEDVIZ, fail, need_bpf, snapshot_tasks, stop_at_exit, thread_counts,
                    thread_schedstat, wait_for)

need_bpf()
stopper = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
tmp = tempfile.mkdtemp(prefix="svtest-")


def stop_and_read(pid):
    """SIGSTOP pid; return its threads' counters once every thread is stopped
    and they hold still (T is set just before the final switch-out)."""
    os.kill(pid, signal.SIGSTOP)
    wait_for(lambda: all(s == "T" for s, _, _, _ in thread_counts(pid).values()), 10,
             "group stop")
    prev = [None]

    def stable():
        cur = thread_counts(pid)
        ok = cur == prev[0]
        prev[0] = cur
        return ok
    wait_for(stable, 10, "stable counters")
    return prev[0]


def snapshot(sv, path):
    """Ask schedviz for a snapshot and return its tasks by TID."""
    if os.path.exists(path):
        os.unlink(path)
    os.kill(sv.pid, signal.SIGUSR1)
    wait_for(lambda: os.path.exists(path), 10, "snapshot file")
    with open(path) as f:
        return {t["tid"]: t for t in json.load(f)["tasks"]}


def one_round(n):
    snap = os.path.join(tmp, f"snap{n}.json")
    prog = subprocess.Popen([stopper], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    line = prog.stdout.readline()
    if not line.startswith("stopper pid "):
        prog.kill()
        fail(f"unexpected first line {line!r}")
    pid = int(line.split()[2])
    wait_for(lambda: len(os.listdir(f"/proc/{pid}/task")) == 5 and
             all(v + i > 0 for _, v, i, _ in thread_counts(pid).values()), 10,
             "threads at work")
    before = stop_and_read(pid)
    rq_before = thread_schedstat(pid)
    sv = stop_at_exit(subprocess.Popen(
        [SCHEDVIZ, "run", "--json", "-p", str(pid), "--snapshot", snap],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))

    wait_for(lambda: set(before) <= set(snapshot_tasks(sv, snap) or ()), 20,
             "schedviz attached (every thread in a snapshot)")
    os.kill(pid, signal.SIGCONT)
    # each thread switches while traced (the leader only goes back to its read)
    wait_for(lambda: all(c[1] + c[2] >= before[t][1] + before[t][2] + 1
                         for t, c in thread_counts(pid).items() if t in before), 10,
             "switches after resuming")
    after = stop_and_read(pid)
    rq_after = thread_schedstat(pid)
    ours = snapshot(sv, snap)
    bad = []
    for tid, (_, vol, inv, run_ns) in sorted(after.items()):
        _, vol0, inv0, run0 = before[tid]
        want = (vol - vol0, inv - inv0, run_ns - run0,
                rq_after[tid][1] - rq_before[tid][1], rq_after[tid][2] - rq_before[tid][2])
        t = ours.get(tid)
        if t is None:
            bad.append(f"tid {tid} missing from schedviz")
            continue
        got = (t["voluntary_switches"], t["involuntary_switches"], t["run_ns"],
               t["run_delay_ns"], t["pcount"])
        print(f"round {n} tid {tid} {t['comm']:<10} kernel +{want[0]}/+{want[1]} "
              f"+{want[2] / 1e6:.3f} ms, run queue +{want[3] / 1e6:.3f} ms in +{want[4]}; "
              f"schedviz {got[0]}/{got[1]} {got[2] / 1e6:.3f} ms, "
              f"{got[3] / 1e6:.3f} ms in {got[4]}")
        if got != want:
            bad.append(f"tid {tid} ({t['comm']}): kernel moved {want}, schedviz {got}")
    os.kill(pid, signal.SIGCONT)
    sv.send_signal(signal.SIGINT)
    out, err = sv.communicate(timeout=60)
    if sv.returncode != 0:
        bad.append(f"schedviz exited {sv.returncode}: {err}")
    else:
        final = json.loads(out)
        if final["target"]["pid"] != pid or final["events"]["lost"]:
            bad.append(f"final summary: target {final['target']}, events {final['events']}")
    # detached: the program runs on, untouched
    state = thread_counts(pid)
    if len(state) != 5 or any(s in "TZX" for s, _, _, _ in state.values()):
        bad.append(f"after detach the program is not running on: {state}")
    prog.stdin.write("stop\n")
    prog.stdin.close()
    if prog.wait(timeout=30) != 0:
        bad.append(f"the program exited {prog.returncode}")
    if bad:
        fail(f"round {n}: " + "; ".join(bad))


for n in range(rounds):
    one_round(n)

# a PID that is no process: one line, exit 1
dead = subprocess.Popen(["true"])
dead.wait()
p = subprocess.run([SCHEDVIZ, "run", "--json", "-p", str(dead.pid)], capture_output=True,
                   text=True, timeout=60)
lines = p.stderr.strip().splitlines()
if p.returncode != 1 or len(lines) != 1 or str(dead.pid) not in lines[0]:
    fail(f"-p {dead.pid} (gone): exit {p.returncode}, stderr {p.stderr!r}")
print(f"-p {dead.pid} (gone): exit 1: {lines[0]}")
