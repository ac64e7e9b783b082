#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Golden screens: drive the real view under tmux at fixed sizes and keys.

Each case starts a program (the test driver on the demo trace, or
`schedviz replay` of the checked-in tests/tui/golden/demo.data) in a
detached tmux session of a fixed size, types keys, and awaits the screen
(capture-pane) until it equals the reviewed golden file, with a deadline.
Then it types q and checks the terminal was given back: the program exited
0, the pane left the alternate screen, the cursor is visible, mouse and
keypad modes are off, and stty shows canonical mode with echo again.

  golden.py --list                      case names
  golden.py --driver D --schedviz S --case NAME [--update]

--update rewrites the golden file from the screen once it stops changing
(review the diff before committing it). Exit 0 pass, 1 fail, 77 skipped.
"""
import argparse
import os
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tmuxpane import Tmux  # noqa: E402 (tests/lib, also found at configure time)

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")
DEMO_TRACE = os.path.join(GOLDEN, "demo.data")
DEADLINE_S = 10.0
COST = "SCHEDVIZ_SWITCH_COST=2000,5000"
UTF8 = "LC_ALL=C.UTF-8"

# name: (width, height, program, env, steps, capture escapes, TERM)
# steps: ("keys", [tmux key names]) | ("resize", w, h) | ("expect", suffix)
CASES = {
    "tasks_80x24": (80, 24, "driver", [UTF8], [("expect", "")], False, "tmux-256color"),
    "tasks_200x50": (200, 50, "driver", [UTF8], [("expect", "")], False, "tmux-256color"),
    "help_80x24": (80, 24, "driver", [UTF8], [("keys", ["?"]), ("expect", ""),
                                               ("keys", ["x"]), ("expect", ".closed")],
                   False, "tmux-256color"),
    "zoom_80x24": (80, 24, "driver", [UTF8], [("keys", ["+", "+", "+"]), ("expect", ""),
                                               ("keys", ["-"]), ("expect", ".out")],
                   False, "tmux-256color"),
    "pan_80x24": (80, 24, "driver", [UTF8],
                  [("keys", ["g", "+", "+", "+", "l", "l"]), ("expect", ""),
                   ("keys", ["Left"]), ("expect", ".back"),
                   ("keys", ["End"]), ("expect", ".end")], False, "tmux-256color"),
    "detail_80x24": (80, 24, "driver", [UTF8], [("keys", ["j", "j", "Enter"]), ("expect", ""),
                                                 ("keys", ["Up"]), ("expect", ".up")],
                     False, "tmux-256color"),
    "detail_200x50": (200, 50, "driver", [UTF8], [("keys", ["j", "Enter"]), ("expect", "")],
                      False, "tmux-256color"),
    "cpus_80x24": (80, 24, "driver", [UTF8], [("keys", ["c"]), ("expect", "")], False,
                   "tmux-256color"),
    "cpus_200x50": (200, 50, "driver", [UTF8], [("keys", ["c", "+"]), ("expect", "")], False,
                    "tmux-256color"),
    "fold_sort_filter_80x24": (80, 24, "driver", [UTF8],
                               [("keys", ["z"]), ("expect", ".fold"),
                                ("keys", ["z", "s", "s"]), ("expect", ".sort"),
                                ("keys", ["/", "c", "h", "i"]), ("expect", ".typing"),
                                ("keys", ["Enter"]), ("expect", ".filter")],
                               False, "tmux-256color"),
    "lesson_method_80x24": (80, 24, "driver", [UTF8],
                            [("keys", ["i"]), ("expect", ".lesson"),
                             ("keys", ["m"]), ("expect", ".method")], False, "tmux-256color"),
    "pause_80x24": (80, 24, "driver", [UTF8], [("keys", ["Space"]), ("expect", ".paused"),
                                                ("keys", ["Space"]), ("expect", ".resumed")],
                    False, "tmux-256color"),
    "output_pane_80x24": (80, 24, "driver", [UTF8], [("keys", ["o"]), ("expect", "")], False,
                          "tmux-256color"),
    "ascii_80x24": (80, 24, "driver", ["LC_ALL=C"], [("keys", ["+"]), ("expect", "")], False,
                    "tmux-256color"),
    "nocolor_80x24": (80, 24, "driver", [UTF8, "NO_COLOR=1"], [("expect", "")], True,
                      "tmux-256color"),
    "colors256_80x24": (80, 24, "driver", [UTF8], [("expect", "")], True, "tmux-256color"),
    "colors8_80x24": (80, 24, "driver", [UTF8], [("expect", "")], True, "screen"),
    "resize": (80, 24, "driver", [UTF8],
               [("expect", ".80x24"), ("resize", 120, 30), ("expect", ".120x30"),
                ("resize", 60, 20), ("expect", ".60x20"), ("resize", 80, 24),
                ("expect", ".80x24")], False, "tmux-256color"),
    "replay_80x24": (80, 24, "replay", [UTF8, COST], [("keys", ["+"]), ("expect", "")],
                     False, "tmux-256color"),
    "replay_200x50": (200, 50, "replay", [UTF8, COST], [("keys", ["c"]), ("expect", "")],
                      False, "tmux-256color"),
}


def await_screen(tm, pred, what, escapes=False):
    """Poll the pane until pred(screen) holds; return the last screen and whether it held."""
    deadline = time.monotonic() + DEADLINE_S
    screen = ""
    while time.monotonic() < deadline:
        screen = tm.capture(escapes)
        if pred(screen):
            return screen, True
        time.sleep(0.05)
    print("timed out awaiting %s; the screen was:\n%s" % (what, screen))
    return screen, False


def await_stable(tm, escapes):
    """For --update only: the screen once it has not changed for half a second."""
    last, same = None, 0
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline and same < 10:
        screen = tm.capture(escapes)
        same = same + 1 if screen == last else 0
        last = screen
        time.sleep(0.05)
    return last


def show_diff(expected, got):
    import difflib
    for line in difflib.unified_diff(expected.splitlines(), got.splitlines(),
                                     "golden", "screen", lineterm=""):
        print(line)


def run_case(name, driver, schedviz, update):
    w, h, prog, env, steps, escapes, term = CASES[name]
    if prog == "driver":
        argv = [driver]
    else:
        if not schedviz or not os.access(schedviz, os.X_OK):
            print("SKIP: no schedviz binary to replay with")
            return 77
        argv = [schedviz, "replay", DEMO_TRACE]
    inner = ("env %s %s; echo EXIT=$?; "
             "printf 'MODES %%s END\\n' \"$(stty -a | tr -s ' ;' '\\n\\n' | "
             "grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' ')\"; exec sleep 600") % (
        " ".join(shlex.quote(e) for e in env), " ".join(shlex.quote(a) for a in argv))
    tm = Tmux(name, term)
    ok = True
    try:
        tm.run("new-session", "-d", "-s", "sv", "-x", str(w), "-y", str(h), "sh", "-c", inner)
        _, ready = await_screen(tm, lambda s: "quit" in s, "the first frame")
        if not ready:
            return 1
        for step in steps:
            if step[0] == "keys":
                for k in step[1]:
                    tm.run("send-keys", "-t", "sv", k)
            elif step[0] == "resize":
                tm.run("resize-window", "-t", "sv", "-x", str(step[1]), "-y", str(step[2]))
            else:
                path = os.path.join(GOLDEN, name + step[1] + ".txt")
                if update:
                    screen = await_stable(tm, escapes)
                    with open(path, "w") as f:
                        f.write(screen)
                    print("wrote", path)
                    continue
                with open(path) as f:
                    expected = f.read()
                screen, same = await_screen(tm, lambda s: s == expected,
                                            "golden " + os.path.basename(path), escapes)
                if not same:
                    show_diff(expected, screen)
                    ok = False
                    break
        # q gives the terminal back
        tm.run("send-keys", "-t", "sv", "q")
        screen, done = await_screen(tm, lambda s: " END" in s, "the program to exit")
        if not done:
            return 1
        if "EXIT=0" not in screen:
            print("the program did not exit 0:\n" + screen)
            ok = False
        flags = tm.run("display-message", "-p", "-t", "sv",
                       "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_cursor_flag}"
                       ).split()
        if flags != ["0", "1", "0", "0"]:
            print("terminal modes not restored (alternate cursor mouse keypad): %s" % flags)
            ok = False
        stty = screen[screen.index("MODES"):].split("END")[0].split()
        for mode in ("icanon", "echo", "isig"):
            if mode not in stty:
                print("stty after exit lacks %s:\n%s" % (mode, stty))
                ok = False
    finally:
        tm.close()
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--driver")
    ap.add_argument("--schedviz")
    ap.add_argument("--case")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CASES))
        return 0
    if a.case not in CASES:
        print("unknown case %r; --list shows them" % a.case)
        return 1
    if subprocess.run(["sh", "-c", "command -v tmux"], stdout=subprocess.DEVNULL).returncode:
        print("SKIP: tmux is not installed (apt-get install tmux)")
        return 77
    return run_case(a.case, a.driver, a.schedviz, a.update)


if __name__ == "__main__":
    sys.exit(main())
