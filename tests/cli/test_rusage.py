#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""schedviz run --json TARGET...: per-task switch counts summed over tasks
equal the kernel's rusage for the target (wait4), exactly, run after run.

usage: test_rusage.py ROUNDS EXPECT_TASKS ARGS...   (EXPECT_TASKS -1: any)"""
import sys

from svtest import check_rusage_identity, fail, need_bpf, run_json

need_bpf()
rounds, expect = int(sys.argv[1]), int(sys.argv[2])
args = sys.argv[3:]
for r in range(rounds):
    d, _ = run_json(args)
    label = f"{' '.join(args)} round {r + 1}"
    check_rusage_identity(d, label)
    if expect >= 0 and len(d["tasks"]) != expect:
        fail(f"{label}: {len(d['tasks'])} tasks, expected {expect}: "
             f"{[t['comm'] for t in d['tasks']]}")
    if any(not t["exited"] for t in d["tasks"]):
        fail(f"{label}: a task was not seen exiting")
    if d["target"]["pid"] != d["tasks"][0]["tid"]:
        fail(f"{label}: first task {d['tasks'][0]['tid']} is not the target {d['target']['pid']}")
