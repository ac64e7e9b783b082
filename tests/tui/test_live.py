#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The live view end to end: `schedviz run race_counter` under tmux.

  test_live.py WIDTH HEIGHT

Runs `schedviz run -o TRACE race_counter` (long enough to be watched live)
in a tmux pane of the given size, as a user would. Awaits, by polling
capture-pane with a deadline:
  - the live picture (header LIVE) with a lane per worker;
  - the final picture (header "exit 0", shown once the run loop says the
    capture is over) with a named lane per worker and its counts.
The counts on screen are checked against the kernel's accounting for the
same run: each lane must show the trace summary's own counts for its task
(`schedviz report --json TRACE`), and those counts must meet wait4()'s
rusage of the target by the kernel's accounting identity
(svtest.check_rusage_identity, shared/KERNEL.md). Then q must leave
a clean terminal: exit status 0, alternate screen left, cursor visible,
mouse and keypad modes off, stty back in canonical mode with echo.
Needs root and BPF (exit 77 otherwise).
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

# tests/lib (meson also puts it on PYTHONPATH)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from svtest import SCHEDVIZ, check_rusage_identity, fail, need_bpf  # noqa: E402
from tmuxpane import Tmux  # noqa: E402

DEADLINE_S = 60.0
THREADS = 4
# long enough to see it live (about a second here), short enough for CI
ITERATIONS = "2000000"
LANE = re.compile(r"(worker-\d+)\s+(\d+)\s+(\d+)\s+(\d+)%")


def await_screen(tm, pred, what, settled=False):
    wait = tm.wait_settled if settled else tm.wait_for
    screen, held = wait(pred, DEADLINE_S, 0.02)
    if not held:
        fail("timed out awaiting %s; the screen was:\n%s" % (what, screen))
    return screen


def lanes(screen):
    return {m.group(1): (int(m.group(2)), int(m.group(3))) for m in LANE.finditer(screen)}


def main():
    if len(sys.argv) != 3:
        print("usage: test_live.py WIDTH HEIGHT")
        return 2
    w, h = int(sys.argv[1]), int(sys.argv[2])
    need_bpf()
    tmp = tempfile.mkdtemp(prefix="svlive")
    trace = os.path.join(tmp, "live.data")
    cmd = [SCHEDVIZ, "run", "-o", trace, "race_counter", "--threads", str(THREADS),
           "--iterations", ITERATIONS]
    inner = ("%s; echo EXIT=$?; printf 'MODES %%s END\\n' \"$(stty -a | tr -s ' ;' '\\n\\n' | "
             "grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' ')\"; exec sleep 600"
             % " ".join(shlex.quote(a) for a in cmd))
    tm = Tmux("live%dx%d" % (w, h))
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", str(w), "-y", str(h), "sh", "-c", inner)
        workers = ["worker-%d" % i for i in range(1, THREADS + 1)]
        await_screen(tm, lambda s: " LIVE " in s and all(n in s for n in workers),
                     "the live picture with every worker lane")
        # the final picture, settled: its header comes first on the wire,
        # the rows' new counts after (seen once: "exit 0" over a row still
        # showing the live frame's 1/4 for the summary's 2/4)
        final = await_screen(tm, lambda s: "exit 0" in s and all(n in lanes(s) for n in workers),
                             "the final picture with every worker's counts", settled=True)
        shown = lanes(final)
        # the kernel's own accounting for the same run
        p = subprocess.run([SCHEDVIZ, "report", "--json", trace], capture_output=True,
                           text=True, timeout=60)
        if p.returncode:
            fail("schedviz report --json %s: %s" % (trace, p.stderr.strip()))
        d = json.loads(p.stdout)
        by_comm = {t["comm"]: t for t in d["tasks"]}
        screen_lines = final.splitlines()
        for t in d["tasks"]:
            name = t["comm"]
            if name in shown:
                v, i = shown[name]
            else:
                # the main thread's lane: a root lane named by its comm
                row = next((l for l in screen_lines if re.match(r"^%s\s+\d" % re.escape(name), l)),
                           None)
                if row is None:
                    fail("no lane for task %s (%d) on screen:\n%s" % (name, t["tid"], final))
                v, i = map(int, row.split()[1:3])
            # the screen shows the model's counts faithfully (same run, its summary)
            if (v, i) != (t["voluntary_switches"], t["involuntary_switches"]):
                fail("lane %s shows %d/%d, the trace's summary says %d/%d; the screen was:\n%s"
                     % (name, v, i, t["voluntary_switches"], t["involuntary_switches"], final))
        # so the lanes' counts, summed, meet the kernel's accounting as the summary's do
        check_rusage_identity(d, "%dx%d: lanes %s" % (w, h, ", ".join(sorted(shown))))
        for n in workers:
            if n not in by_comm:
                fail("the trace has no task %s" % n)
        # q gives the terminal back
        tm.run("send-keys", "-t", "sv", "q")
        screen = await_screen(tm, lambda s: " END" in s, "schedviz to exit")
        if "EXIT=0" not in screen:
            fail("schedviz did not exit 0 after q:\n" + screen)
        flags = tm.run("display-message", "-p", "-t", "sv",
                       "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_cursor_flag}"
                       ).split()
        if flags != ["0", "1", "0", "0"]:
            fail("terminal modes not restored (alternate cursor mouse keypad): %s" % flags)
        modes = screen[screen.index("MODES"):].split("END")[0].split()
        for mode in ("icanon", "echo", "isig"):
            if mode not in modes:
                fail("stty after q lacks %s: %s" % (mode, modes))
        print("ok: q left a clean terminal")
    except RuntimeError as e:	# a tmux command failed
        fail(str(e))
    finally:
        tm.close()
        subprocess.run(["rm", "-rf", tmp])
    return 0


if __name__ == "__main__":
    sys.exit(main())
