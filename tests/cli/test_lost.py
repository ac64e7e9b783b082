#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Lost events are counted and shown, never hidden. schedviz is stopped
(SIGSTOP) while its target, a pinned thread ping-pong, goes on switching;
once the target's own counters (/proc/<pid>/task/<tid>/status) have moved
by more records than every ring can hold (--ring-mb 1: 16,384 plain
records per CPU ring, at most 16,384 in the shared ring), schedviz goes on
(SIGCONT). Its summary must report lost events, its stderr must say so with
the remedy, and its switch counts must fall short of the kernel's (wait4
rusage): the trace is visibly partial, not silently.

usage: test_lost.py"""
import json
import os
import signal
import subprocess

from svtest import SCHEDVIZ, fail, launched_target, need_bpf, wait_for

need_bpf()
RING_RECORDS = 1 << 20 >> 6	# --ring-mb 1, 64-byte records (bpf/schedviz.h)


def switches(pid):
    """Voluntary + involuntary switches summed over pid's threads (None once gone)."""
    total = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
    except OSError:
        return None
    return total


# about 1 s of round trips traced, far more than the stop needs
p = subprocess.Popen([SCHEDVIZ, "run", "--json", "--ring-mb", "1", "pingpong",
                      "--tasks=threads", "--cpus=both", "--loops=400000"],
                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     text=True)
try:
    pid = wait_for(lambda: launched_target(p.pid), 10, "the target to start")
    wait_for(lambda: len(os.listdir(f"/proc/{pid}/task")) >= 2 and (switches(pid) or 0) > 1000,
             10, "the ping-pong threads at work")
    os.kill(p.pid, signal.SIGSTOP)
    base = switches(pid)
    need = os.cpu_count() * RING_RECORDS + RING_RECORDS
    # every switch-out of a traced task is one record, in a CPU ring or the shared one
    wait_for(lambda: (switches(pid) or base) - base > need, 60,
             f"{need} switches of the target while schedviz is stopped")
    moved = switches(pid) - base
finally:
    os.kill(p.pid, signal.SIGCONT)
out, err = p.communicate(timeout=120)
if p.returncode != 0:
    fail(f"schedviz exited {p.returncode}; stderr:\n{err}")
d = json.loads(out)
lost = d["events"]["lost"]
print(f"target switched {moved} times while schedviz was stopped; lost {lost}")
if lost <= 0:
    fail(f"no lost events reported after {moved} unread switches with rings of {RING_RECORDS}")
if f"{lost} events were lost" not in err or "--ring-mb" not in err:
    fail(f"stderr does not report the {lost} lost events with the remedy:\n{err}")
ru = d["target"]["rusage"]
traced = sum(t["voluntary_switches"] + t["involuntary_switches"] for t in d["tasks"])
kernel = ru["nvcsw"] + ru["nivcsw"]
print(f"switches in the trace {traced}, in the kernel's rusage {kernel}")
if traced >= kernel:
    fail(f"the trace claims {traced} switches, the kernel counted {kernel}: losses hidden")
