#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""`schedviz report` (text, --json, every --sort key), `replay` without a
terminal, the `run --no-tui` table, and a recording cut mid-block, mid-header
and at a block boundary (issue 16).

The target is tests/cli/stopper: five tasks with names of their own
(stopper, spinner, sleeper, locker-1, locker-2), run until its stdin
closes. Oracles, none computed by schedviz:
  - the row set: the TIDs and names the kernel lists in /proc/<pid>/task
    while the target runs;
  - the header: the PID the target printed, the exit status, and the
    events = the records counted in the file's blocks (tests/lib/svfile.py)
    less one per named lock (kind 13);
  - --sort run: each task printed its own CPU clock as its last act
    (CLOCK_THREAD_CPUTIME_ID = se.sum_exec_runtime), so where two tasks'
    clocks differ by more than the run after that read, their rows keep
    that order;
  - every --sort key: the rows in the order of the key's figure in
    `report --json` of the same file (ties in creation order), and each
    text cell equal to its JSON figure;
  - a cut file: the block boundaries and record counts walked here.

usage: test_report_cmd.py STOPPER_BINARY"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import svfile
from svtest import SCHEDVIZ, fail, need_bpf, thread_comms, thread_counts, wait_for

need_bpf()
stopper = sys.argv[1]
NAMES = {"stopper", "spinner", "sleeper", "locker-1", "locker-2"}
EXIT_RUN_MAX_NS = 5_000_000  # a task's run after its last CPU-clock read (test_proc_counts)
SORT_KEYS = {  # --sort key -> the JSON figure it orders by (None: creation order)
    "creation": None, "run": "run_ns", "runnable": "run_delay_ns",
    "latency": "max_wakeup_latency_ns", "futex": "futex_wait_ns",
    "switches": lambda t: t["voluntary_switches"] + t["involuntary_switches"],
}


def traced_stopper(cmd, trace):
    """Run stopper under `schedviz CMD -o trace` until its tasks have run a
    while and the file holds 4 event blocks; returns (schedviz stdout text, {tid: comm} from /proc, pid,
    {tid: cputime ns} the tasks printed)."""
    p = subprocess.Popen([SCHEDVIZ] + cmd + ["-o", trace, "--", stopper],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if not line.startswith("stopper pid "):
        p.kill()
        fail(f"{cmd[0]}: unexpected first line {line!r}: {p.stderr.read()}")
    pid = int(line.split()[2])

    def named():
        comms = thread_comms(pid)
        return comms if comms and set(comms.values()) == NAMES else None
    kernel = wait_for(named, 10, "five named tasks")
    # the spinner at 100 ms of CPU: every figure has had time to differ
    wait_for(lambda: max(c[3] for c in thread_counts(pid).values()) > 100_000_000, 20,
             "100 ms of CPU")
    # and at least 4 event blocks in the file, to cut one in the middle
    wait_for(lambda: os.path.exists(trace) and
             sum(b.tag == "EVTS" for b in svfile.blocks(trace, growing=True)) >= 4, 20,
             "4 event blocks written")
    out, err = p.communicate("stop\n", timeout=60)
    if p.returncode != 0:
        fail(f"{cmd[0]} of stopper exited {p.returncode}: {err}")
    cpu = {}
    for l in out.splitlines():
        if l.startswith("cputime "):
            cpu[int(l.split()[1])] = int(l.split()[2])
    if set(cpu) != set(kernel):
        fail(f"stopper printed CPU times of {sorted(cpu)}, /proc listed {sorted(kernel)}")
    return out, kernel, pid, cpu


def report(args, want_rc=0, want_err_lines=0):
    p = subprocess.run([SCHEDVIZ] + args, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=60)
    err = p.stderr.splitlines()
    if p.returncode != want_rc or len(err) != want_err_lines:
        fail(f"'{' '.join(args)}': exit {p.returncode} (want {want_rc}), "
             f"{len(err)} stderr lines (want {want_err_lines}): {p.stderr!r}")
    return p


def table(text):
    """The header lines and the rows of a summary table: {tid: cells}, in order."""
    lines = text.splitlines()
    i = next((k for k, l in enumerate(lines) if l.split()[:2] == ["TID", "TGID"]), None)
    if i is None:
        fail(f"no table header in {text!r}")
    rows = []
    for l in lines[i + 1:]:
        if not l.strip():
            break
        rows.append(l.split())
    return lines[:i], rows


def cells_of(t):
    """A JSON task's figures as the table prints them."""
    return [str(t["tid"]), str(t["tgid"]), t["kind"], t["comm"],
            str(t["voluntary_switches"]), str(t["involuntary_switches"]),
            f"{t['run_ns'] / 1e6:.2f}", f"{t['run_delay_ns'] / 1e6:.2f}",  # RUNQ: the kernel's run_delay
            None,  # average latency: the JSON has no sum of latencies
            f"{t['max_wakeup_latency_ns'] / 1e3:.1f}",
            f"{(t['sleep_ns'] + t['blocked_ns']) / 1e6:.2f}",
            f"{t['futex_wait_ns'] / 1e6:.2f}", str(t["futex_waits"]), str(t["migrations"])]


def check_rows(rows, tasks, label):
    by_tid = {t["tid"]: t for t in tasks}
    for r in rows:
        want = cells_of(by_tid[int(r[0])])
        for k, (got, w) in enumerate(zip(r, want)):
            if w is not None and got != w:
                fail(f"{label}: tid {r[0]} column {k + 1} is {got}, the JSON says {w}")


def sort_order(tasks, key):
    if key is None:
        return [t["tid"] for t in tasks]
    fig = key if callable(key) else (lambda t: t[key])
    # Python's sort is stable: ties keep the JSON's creation order
    return [t["tid"] for t in sorted(tasks, key=lambda t: -fig(t))]


tmp = tempfile.mkdtemp(prefix="svtest-report-")
try:
    trace = os.path.join(tmp, "stopper.data")
    _, kernel, pid, cpu = traced_stopper(["record"], trace)
    records = svfile.evts_records(trace)

    doc = json.loads(report(["report", "--json", trace]).stdout)
    tasks = doc["tasks"]
    got = {t["tid"]: t["comm"] for t in tasks}
    if got != kernel:
        fail(f"report --json: tasks {got}, /proc listed {kernel}")
    # besides the events the file holds one record per named lock (kind 13)
    named = {(t["tgid"], l["addr"]) for t in tasks for l in t["futex_locks"] if l["name"]}
    if doc["target"]["pid"] != pid or doc["events"]["total"] + len(named) != records:
        fail(f"report --json: pid {doc['target']['pid']}, {doc['events']['total']} events and "
             f"{len(named)} named locks; the target is {pid}, the file holds {records} records")
    print(f"ok report --json: the 5 tasks /proc listed, pid {pid}, {records} records: "
          f"{doc['events']['total']} events, {len(named)} lock names")

    for key, fig in SORT_KEYS.items():
        for flag in (["--sort", key], ["-s", key]) if key == "run" else (["--sort", key],):
            text = report(["report", trace] + flag).stdout
            head, rows = table(text)
            events = records - len(named)
            if f"pid {pid}, exit code 0," not in head[1] or f" {events} events, 0 lost" \
                    not in head[1]:
                fail(f"report {' '.join(flag)}: header {head[1]!r}; want pid {pid}, exit 0, "
                     f"{events} events")
            order = [int(r[0]) for r in rows]
            if set(order) != set(kernel) or len(order) != len(kernel):
                fail(f"report {' '.join(flag)}: rows {order}, /proc listed {sorted(kernel)}")
            for r in rows:
                if kernel[int(r[0])] != r[3]:
                    fail(f"report: tid {r[0]} is named {r[3]}, /proc says {kernel[int(r[0])]}")
            check_rows(rows, tasks, f"report {' '.join(flag)}")
            want = sort_order(tasks, fig)
            if order != want:
                fail(f"report {' '.join(flag)}: rows in order {order}, the JSON figures give "
                     f"{want}")
            print(f"ok report {' '.join(flag)}: {order}")
            if key == "run":
                for a in order:
                    for b in order[order.index(a) + 1:]:
                        if cpu[b] > cpu[a] + EXIT_RUN_MAX_NS:
                            fail(f"report --sort run: {a} ({cpu[a]} ns of CPU by its own "
                                 f"clock) above {b} ({cpu[b]} ns)")
                print(f"ok report --sort run agrees with the tasks' own CPU clocks "
                      f"{sorted(cpu.values(), reverse=True)}")
    if len({tuple(sort_order(tasks, f)) for f in SORT_KEYS.values()}) < 3:
        fail("the sort keys give fewer than 3 orders: this run cannot tell them apart")

    # replay without a terminal: the same table report prints
    rep = report(["report", trace]).stdout
    if report(["replay", trace]).stdout != rep:
        fail("replay without a terminal printed another table than report")
    # the default file: ./schedviz.data
    shutil.copy(trace, os.path.join(tmp, "schedviz.data"))
    for cmd in ("report", "replay"):
        p = subprocess.run([SCHEDVIZ, cmd], cwd=tmp, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        if p.returncode or p.stdout != rep:
            fail(f"{cmd} with no FILE in {tmp}: exit {p.returncode}, {p.stderr!r}")
    print("ok replay prints report's table; both read ./schedviz.data by default")

    # a file cut mid-block, and one cut inside a block header
    bl = svfile.blocks(trace)
    evts = [i for i, b in enumerate(bl) if b.tag == "EVTS"]
    if len(evts) < 3:
        fail(f"the recording has only {len(evts)} event blocks: too short to cut")
    k = evts[len(evts) // 2]
    whole = sum(b.n_records for b in bl[:k] if b.tag == "EVTS")
    data = open(trace, "rb").read()
    for name, at, what in (("mid-block", bl[k].offset + bl[k].size // 2,
                            f"its last block ({bl[k].n_records} records) is incomplete"),
                           ("mid-header", bl[k].offset + 7, "ends inside a block header"),
                           ("at a block boundary", bl[k].offset, "ends between two blocks")):
        cut = os.path.join(tmp, f"cut-{name.replace(' ', '-')}.data")
        with open(cut, "wb") as f:
            f.write(data[:at])
        for args in (["report", cut], ["report", "--json", cut], ["replay", cut]):
            p = report(args, 0, 1)
            w = p.stderr.strip()
            for part in (f"cut short at byte {bl[k].offset}", what, f"read {whole} records"):
                if part not in w:
                    fail(f"'{' '.join(args)}': the warning lacks {part!r}: {w!r}")
        d = json.loads(report(["report", "--json", cut], 0, 1).stdout)
        cut_named = {(t["tgid"], l["addr"]) for t in d["tasks"] for l in t["futex_locks"]
                     if l["name"]}
        if d["events"]["total"] + len(cut_named) != whole or \
                not {t["tid"] for t in d["tasks"]} <= set(kernel):
            fail(f"cut {name}: {d['events']['total']} events (the whole blocks hold {whole}),"
                 f" tasks {[t['tid'] for t in d['tasks']]}")
        print(f"ok cut {name} at byte {at}: report, --json and replay read {whole} records "
              f"with one warning: {w[:90]}...")

    # run --no-tui: the table at the end, the tasks the kernel listed
    trace2 = os.path.join(tmp, "live.data")
    out, kernel2, pid2, _ = traced_stopper(["run", "--no-tui"], trace2)
    live = out[out.index("target:"):]
    head, rows = table(live)
    if {int(r[0]): r[3] for r in rows} != kernel2 or f"pid {pid2}, exit code 0," not in head[1]:
        fail(f"run --no-tui: rows {[r[:4] for r in rows]}, header {head[1]!r}; /proc listed "
             f"{kernel2}, pid {pid2}")
    tasks2 = json.loads(report(["report", "--json", trace2]).stdout)["tasks"]
    check_rows(rows, tasks2, "run --no-tui")
    if [int(r[0]) for r in rows] != [t["tid"] for t in tasks2]:
        fail("run --no-tui: rows not in creation order")
    print(f"ok run --no-tui: the table's rows are the 5 tasks /proc listed, each figure "
          f"equal to its recording's")

    # errors: one line, exit 1
    missing = os.path.join(tmp, "missing.data")
    for args in (["report", missing], ["report", "--json", missing], ["replay", missing],
                 ["report", "/etc/hostname"], ["replay", "/etc/hostname"]):
        p = report(args, 1, 1)
        if args[-1] not in p.stderr or p.stdout:
            fail(f"'{' '.join(args)}': the line does not name the file, or stdout "
                 f"has {p.stdout!r}")
        print(f"ok '{' '.join(args)}' -> 1: {p.stderr.strip()}")
    with open("/dev/full", "w") as full:
        p = subprocess.run([SCHEDVIZ, "report", trace], stdout=full, stderr=subprocess.PIPE,
                           text=True, timeout=60)
    if p.returncode != 1 or len(p.stderr.splitlines()) != 1:
        fail(f"report > /dev/full: exit {p.returncode}, {p.stderr!r}")
    print(f"ok report > /dev/full -> 1: {p.stderr.strip()}")
finally:
    shutil.rmtree(tmp)
print("report: all checks passed")
