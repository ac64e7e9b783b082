# SPDX-License-Identifier: GPL-2.0-only
"""Shared helpers for schedviz's integration tests (run as root, under meson)."""
import json
import os
import subprocess
import sys
import time

SKIP = 77
SCHEDVIZ = os.environ.get("SCHEDVIZ", "schedviz")


def need_bpf():
    """Exit 77 with a reason when BPF cannot be used here at all."""
    if os.geteuid() != 0:
        print("SKIP: BPF tests need root", file=sys.stderr)
        sys.exit(SKIP)
    if not os.path.exists("/sys/kernel/btf/vmlinux"):
        print("SKIP: kernel has no BTF", file=sys.stderr)
        sys.exit(SKIP)


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def run_json(args, timeout=120, check_exit=0):
    """schedviz run --json ARGS -> (summary dict, target stderr text)."""
    p = subprocess.run([SCHEDVIZ, "run", "--json"] + args, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=timeout)
    if check_exit is not None and p.returncode != check_exit:
        fail(f"schedviz run --json {' '.join(args)} exited {p.returncode}; stderr:\n{p.stderr}")
    try:
        return json.loads(p.stdout), p.stderr
    except json.JSONDecodeError as e:
        fail(f"bad JSON from schedviz ({e}): {p.stdout[:500]!r}\nstderr: {p.stderr}")


def check_rusage_identity(d, label=""):
    """The kernel's accounting (shared/KERNEL.md, kernel/exit.c), exactly:
    summed over tasks, switches less those the trace flags as made after
    the kernel collected the task's counters (released_*) equal the
    target's wait4 rusage. Released switches are themselves checked: every
    exited non-leader thread has exactly one voluntary (its final switch
    after __exit_signal()); the target's first process none (schedviz reaps
    it only after its final switch); a process the target reaped itself at
    most one (its parent's wait overtook the final switch). Nothing lost."""
    tasks = d["tasks"]
    vol = sum(t["voluntary_switches"] for t in tasks)
    inv = sum(t["involuntary_switches"] for t in tasks)
    rvol = sum(t["released_voluntary"] for t in tasks)
    rinv = sum(t["released_involuntary"] for t in tasks)
    ru = d["target"]["rusage"]
    if d["events"]["lost"] != 0:
        fail(f"{label}: {d['events']['lost']} events lost")
    for t in tasks:
        if t["kind"] == "thread":
            lo = hi = 1 if t["exited"] else 0
        elif t["tid"] == d["target"]["pid"]:
            lo = hi = 0
        else:
            lo, hi = 0, 1
        if not lo <= t["released_voluntary"] <= hi:
            fail(f"{label}: task {t['tid']} ({t['kind']}) has {t['released_voluntary']} "
                 f"voluntary switches after release, expected {lo}..{hi}")
    if vol - rvol != ru["nvcsw"]:
        fail(f"{label}: sum voluntary {vol} - {rvol} released != ru_nvcsw {ru['nvcsw']}")
    if inv - rinv != ru["nivcsw"]:
        fail(f"{label}: sum involuntary {inv} - {rinv} released != ru_nivcsw {ru['nivcsw']}")
    print(f"ok {label}: {len(tasks)} tasks, voluntary {vol} (-{rvol}) == "
          f"{ru['nvcsw']}, involuntary {inv} (-{rinv}) == {ru['nivcsw']}")


def wait_for(pred, timeout, what):
    """Poll pred() until true; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.01)
    fail(f"timed out waiting for {what}")
