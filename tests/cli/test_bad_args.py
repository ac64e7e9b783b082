#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Every command's option parser against a table of bad arguments (issue 13):
each bad command line exits 2 with exactly one line on stderr, starting
'schedviz' and naming the remedy (try 'schedviz CMD --help', the values to
use, the missing piece), never a signal, never a hang (10 s), and nothing on
stdout. No BPF is loaded: every line is refused before tracing starts.
(An unknown scenario is refused with the list of scenarios after its line:
tests/cli/test_errors.py checks that one.)"""
import subprocess
import sys

from svtest import SCHEDVIZ, fail

LONG = "x" * 5000
BAD = {
    None: [[], [""], ["-x"], ["--bogus"], ["frobnicate"], ["RUN"], [LONG]],
    "list": [["--bogus"], ["-x"], ["extra"], ["-v", "extra"], ["--help=3"], ["--verbose=1"],
             ["-vx"]],
    "run": [[], ["--"], ["--no-tui"], ["--bogus"], ["-x", "race_counter"], ["-o"], ["--output"],
            ["--ring-mb"], ["--ring-mb", "0", "race_counter"],
            ["--ring-mb", "3", "race_counter"], ["--ring-mb", "abc", "race_counter"],
            ["--ring-mb", "-4", "race_counter"], ["--ring-mb", "2048", "race_counter"],
            ["--ring-mb", "99999999999999999999", "race_counter"],
            ["--ring-mb=", "race_counter"], ["--snapshot"], ["--json=1", "race_counter"],
            ["--no-tui=yes", "race_counter"], ["--" + LONG, "race_counter"],
            ["--flight-recorder", "1", "race_counter"]],
    "record": [[], ["--"], ["--bogus"], ["-o"], ["--ring-mb", "3", "race_counter"],
               ["--snapshot"], ["-q", "race_counter"],
               ["--flight-recorder", "0", "race_counter"], ["--flight-recorder", "x", "race_counter"],
               ["--flight-recorder", "1e9", "race_counter"],
               ["--trigger-latency", "5", "race_counter"],
               ["--flight-recorder", "1", "--trigger-latency", "-1", "race_counter"],
               ["--memory-mb", "-1", "race_counter"], ["--memory-mb", "9999999", "race_counter"],
               ["--duration", "0", "race_counter"], ["--duration", "nan", "race_counter"]],
    "replay": [["--bogus"], ["-x"], ["a.data", "b.data"], ["--help=1"], ["-o", "x"],
               ["--memory-mb"], ["--memory-mb", "x"]],
    "report": [["--bogus"], ["--sort"], ["-s"], ["--sort", "bogus"], ["-s", ""],
               ["a.data", "b.data"], ["--json=1"], ["--sort=" + LONG]],
    "export": [[], ["--bogus"], ["-f"], ["-o"], ["--format=bogus", "-o", "x"],
               ["--format=csv"], ["-f", "", "-o", "x"], ["-o", "x"],
               ["a.data", "b.data", "--format=csv", "-o", "x"], ["--format"]],
}
REMEDIES = ("--help", "try ", "use ", "add ", "schedviz list", "wants ")


def main():
    n = 0
    for cmd, cases in BAD.items():
        for args in cases:
            argv = [SCHEDVIZ] + ([cmd] if cmd else []) + args
            label = " ".join(a if len(a) < 40 else a[:20] + "..." for a in argv[1:])
            try:
                p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                                   text=True, timeout=10, cwd="/")
            except subprocess.TimeoutExpired:
                fail(f"'{label}': no answer in 10 s")
            if p.returncode < 0:
                fail(f"'{label}': killed by signal {-p.returncode}")
            err = p.stderr.splitlines()
            if cmd is None and not args:
                # bare 'schedviz': the usage on stderr
                if p.returncode != 2 or "usage" not in p.stderr:
                    fail(f"'schedviz' alone: exit {p.returncode}, stderr {p.stderr!r}")
                n += 1
                continue
            if p.returncode != 2:
                fail(f"'{label}': exit {p.returncode}, expected 2; stderr {p.stderr!r}")
            if len(err) != 1:
                fail(f"'{label}': {len(err)} stderr lines, expected one: {p.stderr!r}")
            if not err[0].startswith("schedviz") or not any(r in err[0] for r in REMEDIES):
                fail(f"'{label}': the line names no remedy: {err[0]!r}")
            if p.stdout:
                fail(f"'{label}': wrote to stdout: {p.stdout[:200]!r}")
            print(f"ok '{label[:60]}' -> 2: {err[0][:100]}")
            n += 1
    print(f"{n} bad command lines refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
