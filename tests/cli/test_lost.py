#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Lost events are counted and shown, never hidden. schedviz is stopped
(SIGSTOP) while its target, a pinned thread ping-pong, goes on switching;
once the target's own counters (/proc/<pid>/task/<tid>/status) have moved
by more records than every ring can hold (4,096 plain records per CPU
ring, and --ring-mb 1: 16,384 in the shared ring), schedviz goes on
(SIGCONT). Its summary must report lost events, its stderr must say so with
the remedy, and its switch counts must fall short of the kernel's (wait4
rusage): the trace is visibly partial, not silently. The count is bounded
from both sides by the kernel's: at least the switches missing from the
trace, at most three records (switch, waking, wakeup) per switch the kernel
counted. It is kept in the trace file (`report --json` of the file says the
same) and the view shows it (`replay` of the file, under tmux): the count in
the header, and a "!" in the CPU view's row of the CPU that lost them.

usage: test_lost.py"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile

from svtest import SCHEDVIZ, fail, interrupted_json, need_bpf, pingpong_unread

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from tmuxpane import Tmux  # noqa: E402

need_bpf()
RING_RECORDS = 1 << 20 >> 6	# --ring-mb 1, 64-byte records (bpf/schedviz.h)
CPU_RING_RECORDS = 256 << 10 >> 6	# user/collect/collector.c: CPU_RING_MAX


# round trips until stopped: however slow a loaded machine makes them, the
# target outlasts the stop; SIGINT to schedviz (passed on) ends it
tmp = tempfile.mkdtemp()
trace = os.path.join(tmp, "lost.data")
p, pid, moved = pingpong_unread(["--ring-mb", "1", "-o", trace],
                                os.cpu_count() * CPU_RING_RECORDS + RING_RECORDS)
os.kill(p.pid, signal.SIGINT)
d, err = interrupted_json(p)
lost = d["events"]["lost"]
print(f"target switched {moved} times while schedviz was stopped; lost {lost}")
if lost <= 0:
    fail(f"no lost events reported after {moved} unread switches with rings of {CPU_RING_RECORDS} and {RING_RECORDS}")
if f"{lost} events were lost" not in err or "--ring-mb" not in err:
    fail(f"stderr does not report the {lost} lost events with the remedy:\n{err}")
ru = d["target"]["rusage"]
traced = sum(t["voluntary_switches"] + t["involuntary_switches"] for t in d["tasks"])
kernel = ru["nvcsw"] + ru["nivcsw"]
print(f"switches in the trace {traced}, in the kernel's rusage {kernel}")
if traced >= kernel:
    fail(f"the trace claims {traced} switches, the kernel counted {kernel}: losses hidden")
# every switch the kernel counted and the trace lacks was a lost record (the
# released ones, made after wait4's counters were taken, are not in rusage)
released = sum(t["released_voluntary"] + t["released_involuntary"] for t in d["tasks"])
missing = kernel - (traced - released)
# a switch makes at most one switch record (both threads traced: one
# record) and its wakeup at most a sched_waking and a sched_wakeup one (-o
# asks for both); forks, execs, exits, renames: far fewer than 64 here
most = 3 * kernel + 64
if not missing <= lost <= most:
    fail(f"lost {lost}: want at least the {missing} switches missing from the trace and "
         f"at most {most} (3 per switch the kernel counted)")
print(f"ok: {missing} switches missing <= lost {lost} <= {most}")

# the file keeps the count
r = subprocess.run([SCHEDVIZ, "report", "--json", trace], capture_output=True, text=True)
if r.returncode != 0:
    fail(f"report --json {trace} exited {r.returncode}: {r.stderr}")
if json.loads(r.stdout)["events"]["lost"] != lost:
    fail(f"report of the file says {json.loads(r.stdout)['events']['lost']} lost, the run {lost}")
print(f"ok: report of the file says {lost} lost")


def count_value(tok):
    """The view's short count (tui/fmt.h: 1234, 12.3k, 1.23M) as a number."""
    m = re.fullmatch(r"([\d.]+)([kMG]?)", tok)
    return float(m.group(1)) * {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}[m.group(2)] if m else None


# the view shows it: replay's header, "lost N" (N rounded to 3 digits)
tm = Tmux("lost")
try:
    tm.run("new-session", "-d", "-s", "sv", "-x", "120", "-y", "30", "sh", "-c",
           f"{SCHEDVIZ} replay {trace}; exec sleep 600")
    # the first frames come while the file loads ("loading N%" in the
    # header, "lost 0" until the loss is read): await the loaded view
    screen, held = tm.wait_settled(
        lambda s: "loading" not in s and re.search(r"lost (\S+)", s), 20)
    m = re.search(r"lost (\S+)", screen)
    shown = count_value(m.group(1)) if m else None
    if not held or shown is None or abs(shown - lost) > 0.01 * lost:
        fail(f"the view does not show {lost} lost events; the screen was:\n{screen}")
    print(f"ok: the view shows 'lost {m.group(1)}'")
    # and where: a "!" in the row of a CPU that lost them (the CPU view)
    tm.run("send-keys", "-t", "sv", "c")
    screen, held = tm.wait_for(
        lambda s: re.search(r"^CPU \d+.*│.*!", s, re.M) and "events lost there" in s, 20)
    if not held:
        fail(f"the CPU view marks no CPU row where events were lost:\n{screen}")
    print("ok: " + re.search(r"^CPU \d+", re.search(r"^CPU \d+.*│.*!", screen, re.M).group(0)).group(0)
          + " is marked '!' where events were lost")
    tm.run("send-keys", "-t", "sv", "q")
finally:
    tm.close()
    os.unlink(trace)
    os.rmdir(tmp)
