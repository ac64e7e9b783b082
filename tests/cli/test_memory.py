#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The timeline in bounded memory (--memory-mb). A thread and process
ping-pong of about a million events is traced with a 1 MiB budget, far less
than its detail takes (about 37 MiB), and recorded: the model must fold its
old detail (the JSON's timeline says from when, and its history stays
within the budget), and every count must still be exact against the kernel's
own accounting (the target's wait4 rusage: summed switches, less those made
after the kernel collected them, equal ru_nvcsw and ru_nivcsw). The same
holds for `report` of the file, which keeps no timeline at all, and
`replay --memory-mb 1` says in its header that older time is summarized.

usage: test_memory.py"""
import json
import os
import re
import subprocess
import sys
import tempfile

from svtest import SCHEDVIZ, check_rusage_identity, fail, need_bpf

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from tmuxpane import Tmux  # noqa: E402

need_bpf()
BUDGET = 1 << 20


def check_folded(d, label):
    """The summary's timeline: detail folded, history within the budget."""
    tl = d.get("timeline")
    if not tl or not tl["summarized_ns"] or not tl["span_ns"]:
        fail(f"{label}: {d['events']['total']} events in 1 MiB, yet nothing was "
             f"summarized: {tl}")
    if tl["history_bytes"] > BUDGET:
        fail(f"{label}: the history holds {tl['history_bytes']} bytes, over the "
             f"{BUDGET}-byte budget")
    print(f"ok {label}: {d['events']['total']} events, history {tl['history_bytes']} bytes, "
          f"the first {tl['summarized_ns'] / 1e9:.2f} s summarized in spans of "
          f"{tl['span_ns'] / 1e6:.1f} ms")


tmp = tempfile.mkdtemp()
trace = os.path.join(tmp, "memory.data")
try:
    p = subprocess.run([SCHEDVIZ, "run", "--json", "--memory-mb", "1", "-o", trace,
                        "pingpong", "--loops=30000"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        fail(f"schedviz run exited {p.returncode}; stderr:\n{p.stderr}")
    d = json.loads(p.stdout)
    check_folded(d, "run --memory-mb 1")
    check_rusage_identity(d, "run --memory-mb 1")

    # a report keeps no timeline: the same counts in memory that grows with the tasks
    r = subprocess.run([SCHEDVIZ, "report", "--json", trace],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        fail(f"report exited {r.returncode}: {r.stderr}")
    d = json.loads(r.stdout)
    if "timeline" in d:
        fail(f"report kept a timeline: {d['timeline']}")
    check_rusage_identity(d, "report (no timeline)")

    tm = Tmux("memory")
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", "120", "-y", "30", "sh", "-c",
               f"{SCHEDVIZ} replay --memory-mb 1 {trace}; exec sleep 600")
        screen, held = tm.wait_for(lambda s: re.search(r"before \S+ summarized", s), 30)
        if not held:
            fail(f"replay --memory-mb 1 does not say what it summarized:\n{screen}")
        print("ok replay --memory-mb 1: " + re.search(r"before \S+ summarized", screen).group(0))
        tm.run("send-keys", "-t", "sv", "q")
    finally:
        tm.close()
finally:
    if os.path.exists(trace):
        os.unlink(trace)
    os.rmdir(tmp)
