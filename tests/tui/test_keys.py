#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Every key of the view's table, and each alias, on the demo trace.

  test_keys.py DRIVER

Runs the test driver (tests/tui/tui_driver.c: the real view over the demo
trace of tests/tui/demo_model.c) in an 80x24 tmux pane and types the keys
no golden screen types: f, 0 and a, G and End, g and Home, PgUp and PgDn,
Esc and Backspace in and out of the filter, and the aliases of the key
table (tui/keymap.c; the man page's THE VIEW section). After each key it
awaits, with a deadline, what the key is documented to do, stated in the
demo trace's own terms, not read back from the view:

  - the time window: the demo lasts DEMO_SPAN_MS (DEMO_END_NS -
    DEMO_BASE_NS); zooming halves or doubles the window, panning moves it a
    quarter, Home puts its start at 0, End its end at DEMO_SPAN_MS, fit
    shows 0..DEMO_SPAN_MS. The window is read off the axis: a tick labelled
    v must sit in column floor((v - t0) * width / span) of the timeline
    (the axis marks times, so any other window puts some label elsewhere);
  - the selection: Enter opens the detail of the selected task, whose tid
    the demo fixes (lanes in creation order: demo 100, worker-1 101,
    worker-2 102, child 200);
  - the filter: the lanes left are the tasks whose name holds the text,
    under their process (the demo's names and tree).

Exit 0 pass, 1 fail (the failing step and the last screen), 77 no tmux.
"""
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tmuxpane import Tmux  # noqa: E402
from viewscreen import axis_labels  # noqa: E402

DEADLINE_S = 10.0
W, H = 80, 24
DEMO_SPAN_MS = 100.0		# demo_model.h: DEMO_END_NS - DEMO_BASE_NS
LANES = ["demo", "worker-1", "worker-2", "child"]	# creation order
TIDS = {"demo": 100, "worker-1": 101, "worker-2": 102, "child": 200}


class Fail(Exception):
    pass


def window_is(t0, span):
    """Predicate: the axis shows the window [t0, t0 + span) ms (two labels at least)."""
    def pred(screen):
        w, labels = axis_labels(screen, W)
        if not w or len(labels) < 2:
            return False
        # the axis rounds each tick down to its column: allow for the ms the
        # label prints (its last digit) and nothing more
        return all(col == int((v - t0) * w / span + 1e-9) for col, v in labels)
    pred.what = "the window %.4g..%.4g ms" % (t0, t0 + span)
    return pred


def lanes_are(names):
    """Predicate: the lane rows are exactly these names, in order."""
    def pred(screen):
        lines = screen.splitlines()
        got = []
        for line in lines[3:]:
            if "│" not in line:
                continue
            got.append(line.split()[0].lstrip("├└─│ "))
        return got == names
    pred.what = "lanes %s" % names
    return pred


def detail_of(name):
    """Predicate: the detail view of task name, with its tid from the demo."""
    def pred(screen):
        lines = screen.splitlines()
        return len(lines) > 2 and lines[2].startswith("%s  tid %d " % (name, TIDS[name]))
    pred.what = "the detail of %s (tid %d)" % (name, TIDS[name])
    return pred


def status_has(text, present=True):
    def pred(screen):
        lines = screen.rstrip("\n").splitlines()
        return bool(lines) and (text in lines[-1]) == present
    pred.what = "the status line %s %r" % ("showing" if present else "without", text)
    return pred


def header_has(text):
    def pred(screen):
        lines = screen.splitlines()
        return bool(lines) and text in lines[0]
    pred.what = "the header showing %r" % text
    return pred


def all_of(*preds):
    def pred(screen):
        return all(p(screen) for p in preds)
    pred.what = " and ".join(p.what for p in preds)
    return pred


FIT = window_is(0, DEMO_SPAN_MS)
FOLLOW_ON = status_has("follow  ")
FOLLOW_OFF = status_has("follow  ", False)

# (keys typed, what must then hold; it must not hold before them). Zoom at the
# live edge keeps the end; a pan moves a quarter of the window.
S = DEMO_SPAN_MS
STEPS = [
    ([], all_of(FIT, FOLLOW_ON, lanes_are(LANES))),
    # zoom and its aliases; 0 and a fit again
    (["+"], window_is(S / 2, S / 2)),
    (["="], window_is(S * 3 / 4, S / 4)),
    (["0"], all_of(FIT, FOLLOW_ON)),
    (["=", "="], window_is(S * 3 / 4, S / 4)),
    (["_"], window_is(S / 2, S / 2)),
    (["-"], FIT),
    (["+", "+"], window_is(S * 3 / 4, S / 4)),
    (["a"], all_of(FIT, FOLLOW_ON)),
    # Home and g: the start, parked; End and G: the end, following
    (["+", "+", "Home"], all_of(window_is(0, S / 4), FOLLOW_OFF)),
    (["End"], all_of(window_is(S * 3 / 4, S / 4), FOLLOW_ON)),
    (["g"], all_of(window_is(0, S / 4), FOLLOW_OFF)),
    (["G"], all_of(window_is(S * 3 / 4, S / 4), FOLLOW_ON)),
    # pan: h and Left a quarter back (parks), l and Right a quarter on
    (["h"], all_of(window_is(S * 3 / 4 - S / 16, S / 4), FOLLOW_OFF)),
    (["Left"], window_is(S * 3 / 4 - S / 8, S / 4)),
    (["l"], all_of(window_is(S * 3 / 4 - S / 16, S / 4), FOLLOW_OFF)),
    (["Right"], all_of(window_is(S * 3 / 4, S / 4), FOLLOW_ON)),
    # f: follow off keeps the window where it is; on again, it goes to the end
    (["f"], all_of(window_is(S * 3 / 4, S / 4), FOLLOW_OFF)),
    (["g"], all_of(window_is(0, S / 4), FOLLOW_OFF)),
    (["f"], all_of(window_is(S * 3 / 4, S / 4), FOLLOW_ON)),
    (["f"], FOLLOW_OFF),
    (["0"], all_of(FIT, FOLLOW_ON)),
    # f on the whole trace parks it at its present length
    (["f"], all_of(FIT, FOLLOW_OFF)),
    (["f"], all_of(FIT, FOLLOW_ON)),
    # selection: j/Down one lane, PgDn a page (all four fit: the last), PgUp
    # back to the first; Enter and d open the detail, k/Up/j/Down move in it
    (["j", "Enter"], detail_of("worker-1")),
    (["Escape"], lanes_are(LANES)),
    (["Down", "d"], detail_of("worker-2")),
    (["k"], detail_of("worker-1")),
    (["j"], detail_of("worker-2")),
    (["Up"], detail_of("worker-1")),
    (["Escape", "NPage", "Enter"], detail_of("child")),
    (["BSpace"], lanes_are(LANES)),		# Backspace is back too
    (["PPage", "C-m"], detail_of("demo")),	# C-m: the Enter alias \r
    (["Escape", "Up", "Up", "NPage", "k", "Enter"], detail_of("worker-2")),
    (["Escape", "PPage", "Down", "Enter"], detail_of("worker-1")),
    (["Escape", "Down", "C-j"], detail_of("worker-2")),	# C-j: the Enter alias \n
    (["Escape"], lanes_are(LANES)),
    # the filter: typing narrows, Backspace takes a character back, Enter
    # keeps, Esc (out of the editor) clears; Esc in the editor clears and leaves
    (["/", "c", "h", "x"], all_of(status_has("filter: chx_"), lanes_are([]))),
    (["BSpace"], all_of(status_has("filter: ch_"), lanes_are(["demo", "child"]))),
    (["BSpace", "BSpace", "w", "o"],
     all_of(status_has("filter: wo_"), lanes_are(["demo", "worker-1", "worker-2"]))),
    (["Enter"], all_of(status_has("filter: wo  "), lanes_are(["demo", "worker-1", "worker-2"]))),
    (["Escape"], all_of(status_has("filter:", False), lanes_are(LANES))),
    (["/", "c", "h", "i"], lanes_are(["demo", "child"])),
    (["Escape"], all_of(status_has("filter:", False), FOLLOW_ON, lanes_are(LANES))),
    (["/", "c", "h", "Enter"], lanes_are(["demo", "child"])),
    (["BSpace"], all_of(status_has("filter:", False), lanes_are(LANES))),
    # pause and its alias p; help and its alias F1 (any key closes it)
    (["p"], all_of(header_has("PAUSED at 100.0ms"), status_has("PAUSED"))),
    (["Space"], all_of(header_has("exit 0  100.0ms"), status_has("PAUSED", False))),
    (["Space"], header_has("PAUSED at 100.0ms")),
    (["p"], header_has("exit 0  100.0ms")),
    (["F1"], status_has("any key closes the help")),
    (["x"], all_of(FIT, lanes_are(LANES))),
]


def main():
    if len(sys.argv) != 2:
        print("usage: test_keys.py DRIVER")
        return 2
    if subprocess.run(["sh", "-c", "command -v tmux"], stdout=subprocess.DEVNULL).returncode:
        print("SKIP: tmux is not installed (apt-get install tmux)")
        return 77
    inner = "env LC_ALL=C.UTF-8 %s; echo EXIT=$?; exec sleep 600" % shlex.quote(sys.argv[1])
    tm = Tmux("keys")
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", str(W), "-y", str(H), "sh", "-c", inner)
        screen = ""
        for i, (keys, pred) in enumerate(STEPS):
            # a step must change what is checked, or the screen before the
            # keys took effect could pass it
            if keys and pred(screen):
                raise Fail("step %d (%s) holds before its keys: it checks nothing"
                           % (i, " ".join(keys)))
            for k in keys:
                tm.run("send-keys", "-t", "sv", k)
            screen, held = tm.wait_for(pred, DEADLINE_S)
            if not held:
                raise Fail("step %d: after keys %s, timed out awaiting %s; the screen was:\n%s"
                           % (i, " ".join(keys) or "(none)", pred.what, screen))
            print("ok: %-28s %s" % (" ".join(keys) or "(start)", pred.what))
        # Q, the alias of q, quits with status 0
        tm.run("send-keys", "-t", "sv", "Q")
        screen, held = tm.wait_for(lambda s: "EXIT=" in s, DEADLINE_S)
        if not held or "EXIT=0" not in screen:
            raise Fail("Q did not quit with status 0; the screen was:\n" + screen)
        print("ok: Q quits, exit 0")
    except (Fail, RuntimeError) as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        tm.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
