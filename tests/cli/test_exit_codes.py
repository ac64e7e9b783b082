#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Exit statuses, as doc/schedviz.1.in's EXIT STATUS lists them (issue 16).

run and record: a target that kills itself with signal N (`kill -N $$`)
gives 128+N. The oracle is the kernel's own wait status of the same
command run here without schedviz (Python's wait4: returncode -N), for
signals other than KILL (test_errors.py has KILL); also the exit_code in
`run --json` and the footer the file's bytes hold (tests/lib/svfile.py).
schedviz's own failure, an -o it cannot write, is 125 with one line.

replay, report, export, list: 0 on success, 1 when the trace cannot be
read or the output cannot be written, 2 for a bad command line.

usage: test_exit_codes.py"""
import json
import os
import shutil
import signal
import subprocess
import tempfile

import svfile
from svtest import SCHEDVIZ, fail, need_bpf

need_bpf()
SIGNALS = ("SEGV", "ABRT", "TERM", "HUP", "INT", "QUIT", "PIPE", "USR1", "ALRM")


def sv(args, stdout=subprocess.PIPE, cwd=None):
    return subprocess.run([SCHEDVIZ] + args, stdin=subprocess.DEVNULL, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120, cwd=cwd)


def expect(args, want, lines=None, **kw):
    p = sv(args, **kw)
    err = p.stderr.splitlines()
    if p.returncode != want or (lines is not None and len(err) != lines):
        fail(f"'schedviz {' '.join(args)}': exit {p.returncode} (want {want}), stderr "
             f"{p.stderr!r}" + (f" (want {lines} lines)" if lines is not None else ""))
    print(f"ok 'schedviz {' '.join(args)}' -> {want}" + (f": {err[0]}" if err else ""))
    return p


# every signal at its default action here, so in the targets (a test run
# from a shell's background job would otherwise pass SIGINT/SIGQUIT ignored)
for name in SIGNALS:
    signal.signal(getattr(signal, "SIG" + name), signal.SIG_DFL)
tmp = tempfile.mkdtemp(prefix="svtest-exit-")
try:
    trace = os.path.join(tmp, "t.data")
    for name in SIGNALS:
        cmd = ["sh", "-c", f"kill -{name} $$"]
        bare = subprocess.run(cmd, stdin=subprocess.DEVNULL, restore_signals=True)
        n = getattr(signal, "SIG" + name)
        if bare.returncode != -n:
            fail(f"'{cmd[2]}' without schedviz: wait status {bare.returncode}, not -{n}")
        want = 128 + n
        expect(["run", "--no-tui", "--"] + cmd, want)
        d = json.loads(expect(["run", "--json", "--"] + cmd, want).stdout)
        if d["target"]["exit_code"] != want:
            fail(f"run --json of SIG{name}: exit_code {d['target']['exit_code']}, want {want}")
        expect(["record", "-o", trace, "--"] + cmd, want, 1)
        foot = svfile.run_info(trace, "FOOT")
        if foot["exit_code"] != want or foot["term_signal"] != n:
            fail(f"record of SIG{name}: the footer holds exit {foot['exit_code']}, signal "
                 f"{foot['term_signal']}; the kernel said signal {n}")
        expect(["report", trace], 0, 0)

    # 125: schedviz's own failure, an -o it cannot write; one line, no table
    for bad in (os.path.join(tmp, "no-such-dir", "x.data"), tmp, "/dev/full"):
        for cmd in (["run", "--no-tui"], ["run", "--json"], ["record"]):
            p = expect(cmd + ["-o", bad, "--", "true"], 125, 1)
            if bad not in p.stderr or p.stdout:
                fail(f"'{' '.join(cmd)} -o {bad}': the line does not name it, or stdout has "
                     f"{p.stdout!r}")
    # record: 127 and 126 as env(1), and no file left
    expect(["record", "-o", trace + "2", "--", "/nonexistent/cmd"], 127, 1)
    expect(["record", "-o", trace + "2", "--", trace], 126, 1)  # mode 0644: EACCES
    if os.path.exists(trace + "2"):
        fail("record of a command that cannot run left a trace file")

    # replay, report, export, list
    shutil.copy(trace, os.path.join(tmp, "ok.data"))
    ok = os.path.join(tmp, "ok.data")
    missing = os.path.join(tmp, "missing.data")
    expect(["replay", ok], 0, 0)
    expect(["replay", missing], 1, 1)
    expect(["replay", "--bogus"], 2, 1)
    expect(["report", "--json", ok], 0, 0)
    expect(["report", missing], 1, 1)
    expect(["report", ok, "--sort", "bogus"], 2, 1)
    expect(["export", ok, "--format=csv", "-o", os.path.join(tmp, "x.csv")], 0, 0)
    expect(["export", missing, "--format=csv", "-o", os.path.join(tmp, "y.csv")], 1, 1)
    expect(["export", ok, "--format=csv", "-o", "/dev/full"], 1, 1)
    expect(["export", ok, "--format=bogus", "-o", os.path.join(tmp, "y.csv")], 2, 1)
    expect(["list"], 0, 0)
    expect(["list", "-v"], 0, 0)
    with open("/dev/full", "w") as full:
        for args in (["list"], ["list", "-v"], ["report", ok], ["replay", ok]):
            expect(args, 1, 1, stdout=full)
    expect(["list", "extra"], 2, 1)
finally:
    shutil.rmtree(tmp)
print("exit codes: all as documented")
