#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""SIGKILL of schedviz, which it cannot catch, takes the launched target with
it (PR_SET_PDEATHSIG in the launcher): the target is dead within a second,
not left running as an orphan. Checked for `run --no-tui` and `run --json`.

usage: test_pdeathsig.py"""
import os
import signal
import subprocess
import time

from svtest import SCHEDVIZ, alive, fail, launched_target, need_bpf, wait_for

need_bpf()


for mode in (["--no-tui"], ["--json"]):
    p = subprocess.Popen([SCHEDVIZ, "run"] + mode + ["--", "sleep", "300"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    target = wait_for(lambda: launched_target(p.pid), 10, "the target to start")
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    t0 = time.monotonic()
    while alive(target) and time.monotonic() - t0 < 1.0:
        time.sleep(0.01)
    if alive(target):
        os.kill(target, signal.SIGKILL)
        fail(f"{' '.join(mode)}: the target (pid {target}) still ran 1 s after schedviz "
             "was killed")
    print(f"ok {' '.join(mode)}: target {target} gone "
          f"{(time.monotonic() - t0) * 1000:.0f} ms after SIGKILL of schedviz")
