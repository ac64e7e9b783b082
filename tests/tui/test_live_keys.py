#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Keys during a live run: pause, follow and a scroll while events arrive.

  test_live_keys.py

Runs `schedviz run producer_consumer` (runs until killed; four threads
switching a few thousand times a second) in a 100x30 tmux pane and types
keys while it runs, checking what the man page's THE VIEW section and the
help say they do against the kernel, which keeps counting meanwhile
(/proc/PID/task/*/status: kernel/sched/core.c: __schedule() counts the
switches; /proc/PID/stat's starttime: the target's fork):

  - live: the header's elapsed time is the time since the target's fork
    (within a frame), and the time axis moves;
  - space pauses the picture: while the kernel counts HOLD_SWITCHES more
    switches of the target and HOLD_S pass, the header ("PAUSED at", the
    elapsed time it shows then), the axis and every lane's counts stay as
    they were; space again resumes: the header is LIVE again, the axis
    moves, and the lanes' counts catch up with what the kernel counted
    while paused (the recording went on, only the picture stopped);
  - f stops following: the header's elapsed time goes on, the axis stays;
    f again follows: the axis moves, its right end at the present (the
    header's elapsed time, to a column);
  - a scroll: + zooms in at the present (the window halves, the end stays
    at the present), h pans back a quarter and stops following (the axis
    stays while time goes on, the window's end a quarter back), End
    follows again.

Needs root and BPF (exit 77 otherwise).
"""
import os
import re
import shlex
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from svtest import SCHEDVIZ, fail, need_bpf  # noqa: E402
from tmuxpane import Tmux  # noqa: E402
from viewscreen import DURATION, axis_labels, count_range, duration_ns, lane_rows  # noqa: E402

W, H = 100, 30
DEADLINE_S = 20.0
HOLD_S = 1.5		# a frozen picture must stay frozen this long ...
HOLD_SWITCHES = 200	# ... while the target switches this often
FRAME_S = 0.25		# view_loop.h: VIEW_LOOP_WAIT_MS, the longest wait between frames
WORKERS = ["producer-1", "producer-2", "consumer-1", "consumer-2"]
COST = "SCHEDVIZ_SWITCH_COST=2000,5000"	# not measured: no load-dependent start


class Screen:
    """One capture, read: header state and elapsed ns, axis, lanes."""

    def __init__(self, text):
        self.text = text
        lines = text.splitlines()
        self.header = lines[0] if lines else ""
        self.status = lines[-1] if lines else ""
        m = re.search(r"(LIVE|PAUSED at) %s" % DURATION, self.header)
        self.state = m.group(1) if m else None
        self.elapsed, self.half = duration_ns(m.group(2), m.group(3)) if m else (None, None)
        self.width, self.axis = axis_labels(text, W)
        self.lanes = lane_rows(text)

    def counts(self):
        """{lane: (vol, inv)} as printed."""
        return {n: tuple(f[:2]) for n, f in self.lanes.items() if len(f) >= 2}

    def window(self):
        """(t0, t1) in ms from the first and last axis label; None without two."""
        if len(self.axis) < 2:
            return None
        (c1, v1), (c2, v2) = self.axis[0], self.axis[-1]
        span = (v2 - v1) * self.width / (c2 - c1)
        t0 = v1 - c1 * span / self.width
        return t0, t0 + span

    def col_ms(self):
        w = self.window()
        return (w[1] - w[0]) / self.width if w else None


def kernel_switches(pid):
    """The target's switches, voluntary and involuntary, summed over its threads."""
    n = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches:",
                                        "nonvoluntary_ctxt_switches:")):
                        n += int(line.split()[1])
        except OSError:
            pass
    return n


def since_fork_ns(pid):
    """Boot-time clock now less the target's start (/proc/PID/stat field 22, in ticks)."""
    with open("/proc/%d/stat" % pid) as f:
        stat = f.read()
    start_ticks = int(stat[stat.rindex(")") + 2:].split()[19])
    return (time.clock_gettime_ns(time.CLOCK_BOOTTIME) -
            start_ticks * 1_000_000_000 // os.sysconf("SC_CLK_TCK"))


class Run:
    def __init__(self, tm):
        self.tm = tm
        self.pid = None

    def keys(self, *keys):
        for k in keys:
            self.tm.run("send-keys", "-t", "sv", k)

    def await_(self, pred, what, deadline=DEADLINE_S):
        last = None
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            s = Screen(self.tm.capture())
            if pred(s):
                return s
            last = s
            time.sleep(0.05)
        fail("timed out awaiting %s; the screen was:\n%s" % (what, last.text if last else ""))

    def hold(self, frozen, what, need_switches=True):
        """Poll until HOLD_S pass (and the kernel counts HOLD_SWITCHES more switches
        of the target when need_switches), failing if frozen(screen) changes.
        Returns the last screen."""
        first = Screen(self.tm.capture())
        want = frozen(first)
        k0 = kernel_switches(self.pid)
        start = time.monotonic()
        while True:
            s = Screen(self.tm.capture())
            if frozen(s) != want:
                fail("%s changed while it should hold:\nbefore:\n%s\nafter:\n%s"
                     % (what, first.text, s.text))
            k = kernel_switches(self.pid)
            held = time.monotonic() - start
            if held >= HOLD_S and (not need_switches or k >= k0 + HOLD_SWITCHES):
                print("ok: %s held %.1f s while the kernel counted %d switches of the target"
                      % (what, held, k - k0))
                return s
            if held > DEADLINE_S:
                fail("the target switched only %d times in %.0f s: it should keep running"
                     % (k - k0, held))
            time.sleep(0.05)


def check_elapsed(s, pid, what):
    """The header's elapsed time is the time since the target's fork, to a frame."""
    real = since_fork_ns(pid)
    if not real - 3 * FRAME_S * 1e9 - s.half <= s.elapsed <= real + 0.05e9 + s.half:
        fail("%s: the header shows %.3f s; the target was forked %.3f s ago"
             % (what, s.elapsed / 1e9, real / 1e9))


def end_at_present(s):
    """The window's right end is the header's elapsed time, to two columns."""
    w = s.window()
    return w is not None and s.elapsed is not None and \
        abs(w[1] - s.elapsed / 1e6) <= 2 * s.col_ms() + s.half / 1e6


def check_end_at_present(r, s, what):
    """end_at_present() on s or, when s was caught mid-frame, a later capture.
    tmux can hand over a screen whose header is one frame's and whose axis
    is the previous one's, one frame (~45 ms) apart: seen once under load.
    A view that does not follow the present fails every capture."""
    for _ in range(20):
        if end_at_present(s):
            return
        time.sleep(0.05)
        s = Screen(r.tm.capture())
    t1 = s.window()[1] if s.window() else float("nan")
    fail("%s: the window ends at %.1f ms, the present is %.1f ms (a column is %.2f ms), "
         "in 20 captures:\n%s" % (what, t1, (s.elapsed or 0) / 1e6, s.col_ms() or 0, s.text))


def main():
    need_bpf()
    cmd = [SCHEDVIZ, "run", "producer_consumer", "--items", "100000000", "--produce-us", "200",
           "--consume-us", "400", "--watchdog", "120"]
    inner = "env LC_ALL=C.UTF-8 %s %s; echo EXIT=$?; exec sleep 600" % (
        COST, " ".join(shlex.quote(a) for a in cmd))
    tm = Tmux("livekeys")
    r = Run(tm)
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", str(W), "-y", str(H), "sh", "-c", inner)
        s = r.await_(lambda s: s.state == "LIVE" and s.elapsed >= 1e9 and
                     all(n in s.lanes for n in WORKERS) and len(s.axis) >= 2,
                     "the live picture, a second in, with every worker")
        r.pid = int(re.search(r" pid (\d+) ", s.header).group(1))
        check_elapsed(s, r.pid, "live")
        axis0 = s.axis
        s = r.await_(lambda s: s.axis != axis0, "the axis to move with the present")
        check_elapsed(s, r.pid, "live")
        check_end_at_present(r, s, "following the whole run")
        print("ok: live, the header's time is the target's age, the axis moves")

        # space: the picture stops, the target and the recording do not
        r.keys("Space")
        s = r.await_(lambda s: s.state == "PAUSED at", "the header to say PAUSED")
        check_elapsed(s, r.pid, "paused")
        s = r.hold(lambda s: (s.header, s.axis, s.counts()), "the paused picture")
        shown = sum(count_range(v)[0] + count_range(i)[0] for v, i in s.counts().values())
        k_paused = kernel_switches(r.pid)
        if shown >= k_paused:
            fail("paused, the lanes count %d switches, the kernel %d since: no switches "
                 "came in the pause" % (shown, k_paused))
        r.keys("Space")

        def caught_up(s):
            return s.state == "LIVE" and s.counts() and \
                sum(count_range(v)[1] + count_range(i)[1] for v, i in s.counts().values()) \
                >= k_paused
        s = r.await_(caught_up, "LIVE again, with the lanes' counts at the kernel's %d "
                     "switches of the pause" % k_paused)
        check_elapsed(s, r.pid, "resumed")
        axis1 = s.axis
        s = r.await_(lambda s: s.axis != axis1, "the axis to move again")
        print("ok: space again: live, the lanes caught up with the kernel's %d" % k_paused)

        # f: the window stays where it is while time goes on; f: it follows again
        r.keys("f")
        s = r.await_(lambda s: "follow  " not in s.status, "follow off in the status line")
        e0 = s.elapsed
        s = r.hold(lambda s: s.axis, "the axis with follow off", need_switches=False)
        if s.state != "LIVE" or s.elapsed < e0 + HOLD_S * 1e9 - 2 * FRAME_S * 1e9:
            fail("with follow off the header's time should go on (%.3f s, then):\n%s"
                 % (e0 / 1e9, s.text))
        check_elapsed(s, r.pid, "follow off")
        axis2 = s.axis
        r.keys("f")
        s = r.await_(lambda s: "follow  " in s.status and s.axis != axis2,
                     "follow on, the axis moving")
        s = r.await_(lambda s: len(s.axis) >= 2, "an axis with two labels")
        check_end_at_present(r, s, "follow on again")
        print("ok: f parks the window while time goes on, f again follows the present")

        # a scroll: + at the present, h back a quarter (parks), End follows again
        before = s
        r.keys("+")

        def halved(s):
            w0, w1 = before.window(), s.window()
            return w1 and abs((w1[1] - w1[0]) * 2 - (w0[1] - w0[0])) <= 4 * before.col_ms()
        s = r.await_(halved, "+ to halve the window")
        check_end_at_present(r, s, "zoomed in, following")
        span = s.window()[1] - s.window()[0]
        r.keys("h")
        s = r.await_(lambda s: "follow  " not in s.status, "h to stop following")
        s = r.hold(lambda s: s.axis, "the axis panned back", need_switches=False)
        t0, t1 = s.window()
        behind = s.elapsed / 1e6 - t1
        # the pan moves a quarter of the window back from where it was when
        # h came: at least a quarter back from the present then, plus the
        # hold. (Its length is not compared with the one read while the
        # axis still moved: read off a moving axis, that was seen 9 columns
        # off; tests/tui/test_keys.py checks pan lengths on a still trace.)
        if behind < (t1 - t0) / 4 - 2 * s.col_ms() or (t1 - t0) > span * 1.5:
            fail("h: the window %.1f..%.1f ms (about %.1f ms long before) should end a quarter"
                 " of its length or more behind the present %.1f ms:\n%s"
                 % (t0, t1, span, s.elapsed / 1e6, s.text))
        r.keys("End")
        s = r.await_(lambda s: "follow  " in s.status, "End to follow again")
        axis3 = s.axis
        s = r.await_(lambda s: s.axis != axis3, "the axis to move after End")
        check_end_at_present(r, s, "End")
        print("ok: + h End: zoomed at the present, panned back and parked, followed again")
    except RuntimeError as e:	# a tmux command failed
        fail(str(e))
    finally:
        tm.end_live_run(r.pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
