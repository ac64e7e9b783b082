#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Terminals good, bad and absent, on `schedviz replay` of the checked-in
tests/tui/golden/demo.data (issue 13): never a crash, never a hang.

- resize storm: 150 tmux resize-window calls, sizes from 1x1 to 250x70, while
  the view runs; back at 80x24 the screen equals the one before the storm,
  and q exits 0;
- TERM=dumb (no cursor addressing): one line saying the view cannot be
  shown, then the table; exit 0;
- `run` on TERM=dumb (root with BPF only): one line, the run goes on and
  prints the table, exit 0 (the target's);
- no terminal (stdin and stdout pipes): the table on stdout, nothing on
  stderr, exit 0;
- the terminal hung up under the view (the tmux server killed while the
  pane's shell waits for schedviz, so no SIGHUP reaches it): schedviz ends
  by itself instead of spinning on a dead terminal;
- a closed stdout (`>&-`) and a pipe nobody reads, for replay, report
  (table and JSON), list and export -o -: exit 1 and one line on stderr,
  no signal;
- replay's view ended by SIGTERM, SIGINT, SIGHUP or SIGQUIT sent to its
  process: exit 128+N, as the shell reports a program the signal killed,
  and the terminal left as it was found (tmux: the alternate screen off).

  test_terminals.py SCHEDVIZ
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tmuxpane import Tmux  # noqa: E402
from svtest import fail  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "golden", "demo.data")
DEADLINE_S = 20.0  # generous: the CI machine is shared


def await_screen(tm, pred, what, deadline_s=DEADLINE_S):
    screen, held = tm.wait_for(pred, deadline_s)
    if not held:
        fail(f"timed out awaiting {what}; the screen was:\n{screen}")
    return screen


def in_tmux(name, schedviz, env, args=None, size=(80, 24)):
    tm = Tmux(name)
    args = args or f"replay {DEMO}"
    inner = f"env {env} {schedviz} {args}; echo EXIT=$?; exec sleep 600"
    tm.run("new-session", "-d", "-s", "sv", "-x", str(size[0]), "-y", str(size[1]),
           "sh", "-c", inner)
    return tm


def resize_storm(schedviz):
    tm = in_tmux("storm", schedviz, "LC_ALL=C.UTF-8")
    try:
        before = await_screen(tm, lambda s: "quit" in s, "the first frame")
        time.sleep(0.3)
        before = tm.capture()
        rnd = random.Random(13)
        sizes = [(1, 1), (2, 1), (250, 70), (10, 3), (80, 1), (1, 24)]
        sizes += [(rnd.randint(1, 250), rnd.randint(1, 70)) for _ in range(144)]
        for w, h in sizes:
            tm.run("resize-window", "-t", "sv", "-x", str(w), "-y", str(h))
        dead = tm.run("display-message", "-p", "-t", "sv", "#{pane_dead}").strip()
        if dead != "0" or "EXIT=" in tm.capture():
            fail("the view ended during the resize storm:\n" + tm.capture())
        tm.run("resize-window", "-t", "sv", "-x", "80", "-y", "24")
        await_screen(tm, lambda s: s == before, "the 80x24 screen as before the storm")
        tm.run("send-keys", "-t", "sv", "q")
        screen = await_screen(tm, lambda s: "EXIT=" in s, "the view to exit")
        if "EXIT=0" not in screen:
            fail("replay did not exit 0 after the storm:\n" + screen)
    finally:
        tm.close()
    print(f"ok resize storm: {len(sizes)} sizes, same screen after, exit 0")


def pids_running(marker):
    """PIDs of live schedviz processes with marker among their arguments (not
    the target's guardian, schedviz-guard: a fork of schedviz, same arguments)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
            with open(f"/proc/{pid}/stat") as f:
                comm, rest = f.read().split("(", 1)[1].rsplit(")", 1)
                state = rest.split()[0]
        except OSError:
            continue
        if args[0].endswith(b"schedviz") and marker.encode() in args and state != "Z" and \
                comm != "schedviz-guard":
            found.append(int(pid))
    return found


def hangup(schedviz, args, marker, what):
    """The terminal goes away under the view: schedviz must end, not spin."""
    tm = in_tmux("hangup", schedviz, "LC_ALL=C.UTF-8", args)
    try:
        await_screen(tm, lambda s: "quit" in s, "the first frame")
        pids = pids_running(marker)
        if len(pids) != 1:
            fail(f"expected one schedviz with {marker}, found {pids}")
    finally:
        tm.close()
    deadline = time.monotonic() + DEADLINE_S
    while pids_running(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = pids_running(marker)
    if left:
        for pid in left:
            os.kill(pid, 9)
        fail(f"{what}: schedviz (pid {left[0]}) still runs {DEADLINE_S:.0f} s after its "
             "terminal hung up")
    print(f"ok hangup, {what}: schedviz ended with its terminal")


def hangups(schedviz):
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "hangup.data")
        shutil.copyfile(DEMO, trace)
        hangup(schedviz, f"replay {trace}", trace, "replay")
    if os.geteuid() == 0 and os.path.exists("/sys/kernel/btf/vmlinux"):
        # the target ends at once: the view then shows the final picture
        hangup(schedviz, "run -- sleep 0.0123", "0.0123", "run, target over")
        hangup(schedviz, "run -- sleep 60.0123", "60.0123", "run, target running")


def dumb_terminal(schedviz, args, want, size=(80, 24)):
    """ARGS on TERM=dumb: one line saying the view cannot be shown, WANT, exit 0."""
    tm = in_tmux("dumb", schedviz, "TERM=dumb LC_ALL=C.UTF-8", args, size)
    try:
        screen = await_screen(tm, lambda s: "EXIT=" in s, args + " to end", 60)
    finally:
        tm.close()
    flat = screen.replace("\n", "")
    if "EXIT=0" not in screen or "cannot show the view" not in flat or want not in screen:
        fail(f"{args} on TERM=dumb: expected one line, then {want!r}, exit 0:\n{screen}")
    print(f"ok {args.split()[0]} on TERM=dumb: one line, the table, exit 0")


def no_terminal(schedviz):
    p = subprocess.run([schedviz, "replay", DEMO], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=30)
    if p.returncode != 0 or p.stderr or "TID" not in p.stdout:
        fail(f"replay without a terminal: exit {p.returncode}, stderr {p.stderr!r}, "
             f"stdout {p.stdout[:300]!r}")
    print("ok no terminal: the table, exit 0")


def closed_stdout(schedviz):
    cmds = [["replay", DEMO], ["report", DEMO], ["report", "--json", DEMO], ["list"],
            ["list", "-v"], ["export", DEMO, "--format=csv", "-o", "-"]]
    for args in cmds:
        label = " ".join(os.path.basename(a) for a in args)
        for how in ("closed", "broken pipe"):
            r, w = os.pipe()
            os.close(r)
            try:
                if how == "closed":
                    # sh closes fd 1 for the child (>&-): every write fails with EBADF
                    argv = ["sh", "-c", 'exec "$@" >&-', "sh", schedviz] + args
                    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=w,
                                       stderr=subprocess.PIPE, text=True, timeout=30)
                else:
                    p = subprocess.run([schedviz] + args, stdin=subprocess.DEVNULL, stdout=w,
                                       stderr=subprocess.PIPE, text=True, timeout=30)
            except subprocess.TimeoutExpired:
                fail(f"{label} with a {how} stdout: no end in 30 s")
            finally:
                os.close(w)
            err = p.stderr.splitlines()
            if p.returncode != 1 or len(err) != 1 or not err[0].startswith("schedviz"):
                fail(f"{label} with a {how} stdout: exit {p.returncode} (want 1, no signal), "
                     f"stderr {p.stderr!r}")
            print(f"ok {label}, {how} stdout: exit 1: {err[0]}")


def signalled(schedviz):
    """Each catchable signal that ends a program ends the view: 128+N (the
    shell's convention, wait status read by sh), the alternate screen left."""
    import signal
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
        with tempfile.TemporaryDirectory() as tmp:
            trace = os.path.join(tmp, f"sig{int(sig)}.data")
            shutil.copyfile(DEMO, trace)
            tm = in_tmux("signalled", schedviz, "LC_ALL=C.UTF-8", f"replay {trace}")
            try:
                await_screen(tm, lambda s: "quit" in s, "the first frame")
                pids = pids_running(trace)
                if len(pids) != 1:
                    fail(f"expected one schedviz replaying {trace}, found {pids}")
                os.kill(pids[0], sig)
                screen = await_screen(tm, lambda s: "EXIT=" in s, f"replay to end on {sig.name}")
                alt = tm.run("display-message", "-p", "-t", "sv", "#{alternate_on}").strip()
            finally:
                tm.close()
        want = f"EXIT={128 + int(sig)}"
        if want not in screen or alt != "0":
            fail(f"replay ended by {sig.name}: want {want} and the alternate screen off "
                 f"(alternate_on={alt}):\n{screen}")
        print(f"ok replay ended by {sig.name}: {want}, terminal restored")


def main():
    schedviz = os.path.abspath(sys.argv[1])
    no_terminal(schedviz)
    closed_stdout(schedviz)
    dumb_terminal(schedviz, f"replay {DEMO}", "TID", (160, 60))
    if os.geteuid() == 0 and os.path.exists("/sys/kernel/btf/vmlinux"):
        dumb_terminal(schedviz, "run race_counter --threads 2 --iterations 200000", "worker-2",
                      (160, 60))
    else:
        print("run on TERM=dumb not checked: BPF needs root and BTF")
    resize_storm(schedviz)
    signalled(schedviz)
    hangups(schedviz)
    return 0


if __name__ == "__main__":
    sys.exit(main())
