#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""`schedviz list` and `list -v` (issue 16): the scenarios named are the
scenario programs the build made (SCHEDVIZ_BUILD/scenarios: regular files
the kernel would execute, os.access X_OK, each answering --help with exit
0), no more and no fewer, in the same order in both forms; -v gives each
its one-line summary (the same as `list`'s) and a lesson of its own.
No BPF: runs unprivileged.

usage: test_list_cmd.py"""
import os
import subprocess

from svtest import SCHEDVIZ, fail

build = os.environ.get("SCHEDVIZ_BUILD") or os.path.dirname(os.path.realpath(SCHEDVIZ))
sdir = os.path.join(build, "scenarios")
programs = {n for n in os.listdir(sdir)
            if os.path.isfile(os.path.join(sdir, n)) and os.access(os.path.join(sdir, n), os.X_OK)}


def sv(args):
    p = subprocess.run([SCHEDVIZ] + args, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=30)
    if p.returncode or p.stderr:
        fail(f"schedviz {' '.join(args)}: exit {p.returncode}, stderr {p.stderr!r}")
    return p.stdout


short = sv(["list"]).splitlines()
if not short[0].startswith("Scenarios"):
    fail(f"list: first line {short[0]!r}")
rows = [l.split(None, 1) for l in short[1:]]
names = [r[0] for r in rows]
summary = {r[0]: r[1] for r in rows}
if set(names) != programs or len(names) != len(programs):
    fail(f"list names {sorted(names)}; the build made {sorted(programs)}")
for n in names:
    r = subprocess.run([os.path.join(sdir, n), "--help"], capture_output=True, timeout=10)
    if r.returncode:
        fail(f"scenario program {n} --help exited {r.returncode}")
print(f"ok list: {len(names)} scenarios = the programs in {sdir}, each answers --help")

verbose = sv(["list", "-v"])
if sv(["list", "--verbose"]) != verbose:
    fail("list --verbose differs from list -v")
blocks = verbose.rstrip("\n").split("\n\n")
# each scenario: "NAME\n  summary", then "  lesson"
if len(blocks) != 2 * len(names):
    fail(f"list -v: {len(blocks)} paragraphs for {len(names)} scenarios")
lessons = set()
for i, n in enumerate(names):
    head, lesson = blocks[2 * i].split("\n"), blocks[2 * i + 1]
    if head != [n, "  " + summary[n]]:
        fail(f"list -v: scenario {i + 1} reads {head!r}; list says {n!r}: {summary[n]!r}")
    if not lesson.startswith("  ") or len(lesson.split()) < 20 or "\n" in lesson:
        fail(f"list -v: {n}'s lesson is not one indented paragraph of 20 words or more: "
             f"{lesson!r}")
    lessons.add(lesson)
if len(lessons) != len(names):
    fail("list -v: two scenarios share a lesson")
print(f"ok list -v: the same {len(names)} in the same order, each with list's summary "
      f"and a lesson of its own")

# lessons speak of this machine: "{cpus}" expanded to the CPUs schedviz may use
ncpus = len(os.sched_getaffinity(0))
if "{cpus}" in verbose:
    fail("list -v: a lesson still says {cpus}")
for n, phrase in (("race_counter", f"This machine has {ncpus} CPU(s)"),
                  ("event", f"this machine's {ncpus} CPU(s)"),
                  ("many_threads", f"only {ncpus} can run at once")):
    lesson = blocks[2 * names.index(n) + 1]
    if phrase not in lesson:
        fail(f"list -v: {n}'s lesson lacks {phrase!r}: {lesson!r}")
print(f"ok list -v: lessons name this machine's {ncpus} CPUs")
