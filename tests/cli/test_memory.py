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

Zoomed into that old time, the view reads its detail back from the file,
both live (`run -o`, while the file is being written) and in a replay; the
replay's lanes then equal, row by row, those of a replay that kept all its
detail (--memory-mb 0), and its header says the detail was read back.

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
READ_BACK = "detail read back from the file"
ZOOM_MAX = 16   # '+' presses at most: a window of 1/65536 of the run


def axis_of(screen):
    """The time axis: the lane panel's first row."""
    lines = screen.splitlines()
    return lines[2] if len(lines) > 2 else ""


def zoom_step(tm, label):
    """Zoom in once and go back to the run's start ('+', 'g'): the screen
    once the new axis has settled."""
    before = axis_of(tm.capture())
    tm.run("send-keys", "-t", "sv", "+", "g")
    screen, held = tm.wait_settled(lambda s: axis_of(s) != before and "╷0 " in axis_of(s), 30)
    if not held:
        fail(f"{label}: '+' and 'g' did not zoom into the start:\n{screen}")
    return screen


def zoom_until_read_back(tm, label):
    """Zoom into the run's start until its window holds few enough records
    to be read back (the header says "zoom in" until then; how many is the
    run's event rate there, which load changes): (screen, steps)."""
    for steps in range(1, ZOOM_MAX + 1):
        screen = zoom_step(tm, label)
        if READ_BACK in screen:
            return screen, steps
        if "zoom in" not in screen:
            fail(f"{label}: zoomed into summarized time, the view neither reads it back "
                 f"nor asks to zoom in:\n{screen}")
    fail(f"{label}: {ZOOM_MAX} times zoomed in, the view still does not read the "
         f"summarized time back:\n{screen}")


def lanes_of(screen):
    """The lane rows and the axis (every line after the header's two)."""
    return [ln.rstrip() for ln in screen.splitlines()[2:] if ln.strip()]


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
        screen, held = tm.wait_for(lambda s: "loading" not in s, 120)
        if not held:
            fail(f"replay --memory-mb 1 did not finish loading:\n{screen}")
        back, steps = zoom_until_read_back(tm, "replay --memory-mb 1")
        tm.run("send-keys", "-t", "sv", "q")
    finally:
        tm.close()

    tm = Tmux("memory-all")
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", "120", "-y", "30", "sh", "-c",
               f"{SCHEDVIZ} replay --memory-mb 0 {trace}; exec sleep 600")
        screen, held = tm.wait_for(lambda s: "events" in s and "loading" not in s, 120)
        if not held:
            fail(f"replay --memory-mb 0 did not load:\n{screen}")
        for _ in range(steps):
            kept = zoom_step(tm, "replay --memory-mb 0")
        if "summarized" in kept:
            fail(f"replay --memory-mb 0 summarized:\n{kept}")
        tm.run("send-keys", "-t", "sv", "q")
    finally:
        tm.close()
    if lanes_of(back) != lanes_of(kept):
        fail("the lanes read back differ from the lanes kept in full:\n"
             + "\n".join(back.splitlines()[:8]) + "\n---\n" + "\n".join(kept.splitlines()[:8]))
    print(f"ok replay --memory-mb 1 zoomed {steps} times into the start: {READ_BACK}, "
          f"the same {len(lanes_of(back))} lines as with all detail kept")

    # live: the file being written is read back while the run goes on
    live = os.path.join(tmp, "live.data")
    tm = Tmux("memory-live")
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", "120", "-y", "30", "sh", "-c",
               f"{SCHEDVIZ} run --memory-mb 1 -o {live} pingpong --loops=30000; "
               f"exec sleep 600")
        screen, held = tm.wait_for(lambda s: re.search(r"before \S+ summarized", s), 120)
        if not held:
            fail(f"run --memory-mb 1 -o never summarized:\n{screen}")
        screen, steps = zoom_until_read_back(tm, "run --memory-mb 1 -o")
        print(f"ok run --memory-mb 1 -o, live, zoomed {steps} times into the start: "
              f"{READ_BACK}")
        tm.run("send-keys", "-t", "sv", "q")
    finally:
        tm.close()
        if os.path.exists(live):
            os.unlink(live)
finally:
    if os.path.exists(trace):
        os.unlink(trace)
    os.rmdir(tmp)
