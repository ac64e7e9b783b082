#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The switch-cost measurement gives up after its 2 s, and leaves nothing behind.

  test_cost_timeout.py SCHEDVIZ TRACE

switch_measure.h promises that measuring the cost of a switch, done before
the view takes the screen, gives up after MEASURE_S seconds. The test makes
it hang for sure: it starts `schedviz replay TRACE` under tmux with
SCHEDVIZ_SWITCH_COST unset, finds the measuring child schedviz forks (a
child of its pid in /proc/*/stat, the kernel's ppid) and stops it with
SIGSTOP. Then, by deadlines counted from the stop:
  - the first frame is up within MEASURE_S + SLACK_S, its header saying the
    cost is unknown, and m explains "Not measured: Connection timed out";
  - the measuring child and its echo process are gone (the kernel has no
    /proc entry left for them): schedviz killed and reaped the first, the
    second saw its pipe close.
If the measurement ends before the child can be stopped (it takes a few
tens of ms when idle), the test tries again, up to TRIES times.

Exit 0 pass, 1 fail, 77 without tmux.
"""
import os
import shlex
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tmuxpane import Tmux  # noqa: E402

MEASURE_S = 2.0		# switch_measure.c: MEASURE_TIMEOUT_MS
SLACK_S = 3.0		# the first frame after giving up, on a loaded machine
TRIES = 5


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def children(pid):
    """Pids whose parent is pid, from /proc/*/stat (field 4, after the comm)."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                stat = f.read()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
            out.append(int(d))
    return out


def alive(pid):
    """True while the kernel keeps pid and it is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def attempt(schedviz, trace):
    """One try: 'retry' when the measurement beat the SIGSTOP, else None (pass)."""
    inner = ("exec env -u SCHEDVIZ_SWITCH_COST LC_ALL=C.UTF-8 %s replay %s"
             % (shlex.quote(schedviz), shlex.quote(trace)))
    tm = Tmux("costtimeout")
    stopped = []
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", "100", "-y", "30", "sh", "-c", inner)
        sv = int(tm.run("display-message", "-p", "-t", "sv", "#{pane_pid}").strip())
        deadline = time.monotonic() + 5.0
        measurer = None
        while measurer is None and time.monotonic() < deadline:
            if "quit" in tm.capture():
                return "retry"
            kids = children(sv)
            if kids:
                measurer = kids[0]
                os.kill(measurer, signal.SIGSTOP)
                stopped.append(measurer)
            else:
                time.sleep(0.002)
        if measurer is None:
            fail("schedviz (pid %d) forked no measuring child within 5 s" % sv)
        t_stop = time.monotonic()
        if "quit" in tm.capture():	# it had written its figures just before
            return "retry"
        echo = children(measurer)
        screen, held = tm.wait_for(lambda s: "quit" in s, MEASURE_S + SLACK_S)
        took = time.monotonic() - t_stop
        if not held:
            fail("the measuring child (pid %d) stopped: no frame %.1f s later (it gives up "
                 "after %.0f s); the screen was:\n%s" % (measurer, took, MEASURE_S, screen))
        print("first frame %.2f s after the measuring child was stopped" % took)
        if "switch cost unknown" not in screen.splitlines()[1]:
            fail("the header should say the cost is unknown:\n" + screen)
        tm.run("send-keys", "-t", "sv", "m")
        screen, held = tm.wait_for(lambda s: "Not measured: Connection timed out." in s, 10.0)
        if not held:
            fail("m should explain the timeout; the screen was:\n" + screen)
        for pid, what in [(measurer, "measuring child")] + [(p, "echo process") for p in echo]:
            deadline = time.monotonic() + 5.0
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.02)
            if alive(pid):
                fail("the %s (pid %d) is still there" % (what, pid))
        print("ok: gave up, said so, and left no measuring process (child %d, echo %s)"
              % (measurer, echo))
        return None
    finally:
        for pid in stopped:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        tm.close()


def main():
    if len(sys.argv) != 3:
        print("usage: test_cost_timeout.py SCHEDVIZ TRACE")
        return 2
    if not shutil.which("tmux"):
        print("SKIP: tmux is not installed (tools/install-deps)")
        return 77
    for i in range(TRIES):
        if attempt(sys.argv[1], sys.argv[2]) is None:
            return 0
        print("try %d: the measurement ended before it could be stopped" % (i + 1))
    fail("in %d tries the measurement always ended before it could be stopped" % TRIES)


if __name__ == "__main__":
    sys.exit(main())
