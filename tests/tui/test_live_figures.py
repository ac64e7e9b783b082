#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The live view's figures against the kernel's counters of a stopped target.

  test_live_figures.py

Runs `schedviz run producer_consumer` (two producers, two consumers, run
until stopped) in a 200x50 tmux pane. Once the live picture has run a
while, the test stops the target with SIGSTOP and waits until the kernel
shows every thread stopped and its counters still (two reads apart agree).
From then on nothing the target does can change them, so the live view,
still running, must come to show exactly the kernel's figures
(kernel/sched/core.c: __schedule() counts nvcsw/nivcsw, update_curr() sums
sum_exec_runtime; fs/proc/array.c and fs/proc/base.c print them):

  - one lane per thread in /proc/PID/task, named by its comm, showing the
    thread's voluntary_ctxt_switches and nonvoluntary_ctxt_switches;
  - the live figures' task count: as many tasks as /proc/PID/task holds,
    all but one threads, none exited;
  - the header's switches per second: the kernel's sums over the elapsed
    time the header shows, to the digits printed;
  - the method panel (m): the kernel's switch sums, the target's time on
    CPU against the sum of /proc/PID/task/*/schedstat's sum_exec_runtime
    (equal, to the digits printed: the panel shows the kernel's run time),
    and the share of CPU spent
    switching as switches x cost / that time (the cost given in
    SCHEDVIZ_SWITCH_COST: test_switch_cost.py checks the measured one).

Needs root and BPF (exit 77 otherwise).
"""
import os
import re
import shlex
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from svtest import SCHEDVIZ, fail, need_bpf  # noqa: E402
from tmuxpane import Tmux  # noqa: E402
from viewscreen import COUNT, DURATION, count_range, duration_ns, in_count, lane_rows  # noqa: E402

W, H = 200, 50
DEADLINE_S = 30.0
RUN_FOR_NS = 1.5e9	# live before the stop
# the cost given, not measured: a loaded machine can time the measurement out
# (test_switch_cost.py checks the measured figure); the share is checked here
COST = "SCHEDVIZ_SWITCH_COST=2000,5000"
WORKERS = ["producer-1", "producer-2", "consumer-1", "consumer-2"]


def await_screen(tm, pred, what, deadline=DEADLINE_S):
    screen, held = tm.wait_for(pred, deadline, 0.05)
    if not held:
        fail("timed out awaiting %s; the screen was:\n%s" % (what, screen))
    return screen


def live_elapsed(screen):
    m = re.search(r" LIVE %s" % DURATION, screen.splitlines()[0] if screen else "")
    return duration_ns(m.group(1), m.group(2)) if m else None


def kernel_figures(pid):
    """{tid: (comm, state, nvcsw, nivcsw, run_ns)} of pid's threads, from /proc."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        base = "/proc/%d/task/%s/" % (pid, tid)
        with open(base + "status") as f:
            st = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
        with open(base + "schedstat") as f:
            run_ns = int(f.read().split()[0])
        out[int(tid)] = (st["Name"].strip(), st["State"].split()[0],
                         int(st["voluntary_ctxt_switches"]),
                         int(st["nonvoluntary_ctxt_switches"]), run_ns)
    return out


def await_stopped(pid):
    """The kernel's figures once every thread is stopped and two reads agree."""
    deadline = time.monotonic() + DEADLINE_S
    last = None
    while time.monotonic() < deadline:
        k = kernel_figures(pid)
        if all(v[1] == "T" for v in k.values()) and k == last:
            return k
        last = k
        time.sleep(0.2)
    fail("the target's threads did not stop: %s" % last)


def check_details(tm, k):
    """Open each lane's detail in turn (Enter, then j): its switch counts and
    its kernel run time must be the kernel's for its tid. Its wall-clock
    time on CPU is not compared with the kernel's per thread: at a wakeup
    preemption the kernel charges the time from the wakeup's clock update to
    the switch to the woken task instead of the preempted one (kernel/sched/
    core.c: wakeup_preempt() -> rq_clock_skip_update(), so __schedule() does
    not update the clock and the woken task's exec_start is the wakeup's
    reading), so a thread's kernel run time can exceed its wall-clock time
    on CPU by more than any fixed slack per switch. Returns [(wall ns, half
    its last digit)] per thread."""
    seen, walls = set(), []
    tm.run("send-keys", "-t", "sv", "PPage", "Enter")
    for _ in range(len(k)):
        def new_detail(s):
            m = re.search(r"^\S+  tid (\d+) ", s.splitlines()[2] if s.count("\n") > 2 else "")
            return m and int(m.group(1)) not in seen and "run time: kernel" in s
        screen = await_screen(tm, new_detail, "the detail of a thread not yet seen (%s)" % seen)
        tid = int(re.search(r"^\S+  tid (\d+) ", screen.splitlines()[2]).group(1))
        seen.add(tid)
        if tid not in k:
            fail("a detail for tid %d, not a thread of the target %s" % (tid, sorted(k)))
        comm, _, nv, ni, run = k[tid]
        sw = re.search(r"switches: voluntary %s \(.*?\)  involuntary %s " % (COUNT, COUNT), screen)
        rt = re.search(r"run time: kernel %s  on CPU \(wall clock\) %s  irq\+steal %s"
                       % (DURATION, DURATION, DURATION), screen)
        if not sw or not rt:
            fail("detail of %d lacks its switches or run time:\n%s" % (tid, screen))
        if not in_count(sw.group(1), nv) or not in_count(sw.group(2), ni):
            fail("detail of %s (%d): %s/%s switches; the kernel counts %d/%d"
                 % (comm, tid, sw.group(1), sw.group(2), nv, ni))
        (kr, kh), (wr, wh), (d, dh) = (duration_ns(rt.group(j), rt.group(j + 1))
                                       for j in (1, 3, 5))
        if abs(kr - run) > kh:
            fail("detail of %s (%d): kernel run time %s%s; its schedstat says %d ns"
                 % (comm, tid, rt.group(1), rt.group(2), run))
        walls.append((wr, wh))
        print("ok: %s (%d): %d/%d switches, kernel run %d ns as /proc says; wall %s%s"
              % (comm, tid, nv, ni, run, rt.group(3), rt.group(4)))
        tm.run("send-keys", "-t", "sv", "j")
    return walls


def main():
    need_bpf()
    cmd = [SCHEDVIZ, "run", "producer_consumer", "--items", "100000000", "--produce-us", "500",
           "--consume-us", "1000", "--watchdog", "120"]
    inner = "env LC_ALL=C.UTF-8 %s %s; echo EXIT=$?; exec sleep 600" % (COST, " ".join(
        shlex.quote(a) for a in cmd))
    tm = Tmux("livefig")
    pid = None
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", str(W), "-y", str(H), "sh", "-c", inner)
        screen = await_screen(tm, lambda s: (live_elapsed(s) or (0, 0))[0] >= RUN_FOR_NS and
                              all(n in lane_rows(s) for n in WORKERS),
                              "the live picture with every worker, %.1f s in" % (RUN_FOR_NS / 1e9))
        pid = int(re.search(r" pid (\d+) ", screen.splitlines()[0]).group(1))
        os.kill(pid, signal.SIGSTOP)
        k = await_stopped(pid)
        vol = sum(v[2] for v in k.values())
        inv = sum(v[3] for v in k.values())
        run = sum(v[4] for v in k.values())
        print("kernel: %d threads, %d voluntary, %d involuntary, %d ns on CPU"
              % (len(k), vol, inv, run))

        def lanes_match(s):
            rows = lane_rows(s)
            if set(rows) != {v[0] for v in k.values()} or len(rows) != len(k):
                return False
            return all(len(rows[c]) >= 2 and in_count(rows[c][0], v) and in_count(rows[c][1], i)
                       for c, _, v, i, _ in k.values())
        screen = await_screen(tm, lanes_match, "a lane per thread with the kernel's counts %s"
                              % {v[0]: v[2:4] for v in k.values()})
        print("ok: lanes show the kernel's counts per thread")
        tasks = "%d (%d thr, 0 exited)" % (len(k), len(k) - 1)
        if not re.search(r"│tasks\s+%s" % re.escape(tasks), screen):
            fail("the live figures should count %s:\n%s" % (tasks, screen))
        print("ok: tasks %s" % tasks)
        # the header's rates: the kernel's sums over the elapsed time it shows
        m = re.search(r"switches/s %s \(voluntary %s, involuntary %s\)" % (COUNT, COUNT, COUNT),
                      screen.splitlines()[1])
        el, half = live_elapsed(screen)
        if not m:
            fail("no switch rates in the header:\n" + screen)
        for text, n, what in ((m.group(1), vol + inv, "all"), (m.group(2), vol, "voluntary"),
                              (m.group(3), inv, "involuntary")):
            # n over the true elapsed time (the shown one +- its last digit),
            # rounded to a whole count, then as fmt__count prints it
            lo, hi = n * 1e9 / (el + half) - 0.5, n * 1e9 / (el - half) + 0.5
            a, b = count_range(text)
            if b < lo or a > hi:
                fail("header: %s switches/s %s; the kernel's %d over %.3f s is %.1f..%.1f"
                     % (what, text, n, el / 1e9, lo, hi))
        print("ok: header rates %s/%s/%s over %.3f s" % (m.group(1), m.group(2), m.group(3),
                                                         el / 1e9))
        # each thread's detail: the kernel's run time, the wall clock's beside it
        check_details(tm, k)
        # the method panel: switches, time on CPU, share
        tm.run("send-keys", "-t", "sv", "Escape", "m")
        screen = await_screen(tm, lambda s: "spent switching" in s, "the method panel")
        text = " ".join(l.strip() for l in screen.splitlines()[2:])
        m = re.search(r"The target: (\d+) switches \((\d+) voluntary, (\d+) involuntary\) x (\d+) "
                      r"ns = %s of its %s on CPU: ([0-9.]+)%% spent switching"
                      % (DURATION, DURATION), text)
        if not m:
            fail("no share in the method panel:\n" + screen)
        n, v, i, cost = (int(m.group(j)) for j in range(1, 5))
        shown_run, run_half = duration_ns(m.group(7), m.group(8))
        share = float(m.group(9))
        if cost != 2000:
            fail("method panel: x %d ns; %s gives 2000" % (cost, COST))
        if (n, v, i) != (vol + inv, vol, inv):
            fail("method panel: %d switches (%d+%d); the kernel counts %d (%d+%d)"
                 % (n, v, i, vol + inv, vol, inv))
        # its time on CPU is the kernel's: every thread is stopped, so each
        # one's last switch-out carried the se.sum_exec_runtime schedstat
        # shows, and the sum is shown to the digits printed
        if abs(shown_run - run) > run_half:
            fail("method panel: %.0f ns on CPU; the threads' sum_exec_runtime sums to %d"
                 % (shown_run, run))
        want = 100.0 * n * cost / shown_run
        err = want * run_half / shown_run + 0.005
        if abs(share - want) > err or share > 100.0 * n * cost / run + 0.005:
            fail("method panel: %.2f%% spent switching; %d x %d ns over %.0f ns is %.3f%% "
                 "(at most %.3f%% over the kernel's %d ns)"
                 % (share, n, cost, shown_run, want, 100.0 * n * cost / run, run))
        print("ok: method panel %d switches, %.0f ns on CPU (kernel %d), %.2f%% switching"
              % (n, shown_run, run, share))
    except RuntimeError as e:	# a tmux command failed
        fail(str(e))
    finally:
        tm.end_live_run(pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
