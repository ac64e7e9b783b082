#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Bad input gets a one-line error with the remedy and a non-zero exit;
the target's exit status becomes schedviz's (126/127 as env(1) does)."""
import os
import subprocess
import sys
import tempfile

from svtest import SCHEDVIZ, fail, need_bpf

need_bpf()


def run(args, want_rc, want_in_err=None, one_line=True, user=None):
    cmd = [SCHEDVIZ] + args
    if user:
        cmd = ["setpriv", "--reuid", user, "--regid", user, "--clear-groups"] + cmd
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=60)
    label = " ".join(args)
    if p.returncode != want_rc:
        fail(f"'{label}': exit {p.returncode}, expected {want_rc}; stderr: {p.stderr!r}")
    err = p.stderr.strip().splitlines()
    if want_in_err is not None:
        if not err or want_in_err not in err[0]:
            fail(f"'{label}': first stderr line lacks {want_in_err!r}: {p.stderr!r}")
        if one_line and len(err) != 1:
            fail(f"'{label}': {len(err)} stderr lines, expected one: {p.stderr!r}")
    print(f"ok '{label}' -> {p.returncode}: {err[0] if err else ''}")
    return p


run([], 2, "usage", one_line=False)
run(["frobnicate"], 2, "unknown command")
run(["run"], 2, "name a scenario")
run(["run", "--ring-mb", "3", "race_counter"], 2, "power of two")
run(["run", "--bogus", "race_counter"], 2, None)
p = run(["run", "--no-tui", "no_such_scenario"], 2, "unknown scenario", one_line=False)
if "race_counter" not in p.stderr:
    fail("unknown scenario: the list of scenarios is missing")
run(["run", "--no-tui", "--", "/nonexistent/cmd"], 127, "cannot run")
with tempfile.NamedTemporaryFile(prefix="svtest-noexec-") as f:  # mode 0600: EACCES
    run(["run", "--no-tui", "--", f.name], 126, "cannot run")
run(["run", "--no-tui", "--", "/bin/sh", "-c", "exit 3"], 3)
run(["run", "--no-tui", "--", "/bin/sh", "-c", "kill -9 $$"], 128 + 9)
run(["run", "--no-tui", "race_counter"], 120, "sudo", user="65534")  # EXIT_NO_PRIVILEGE
run(["--version"], 0)
