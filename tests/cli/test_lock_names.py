#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Locks with names: a C program's global mutex and CPython's GIL.

1. STOPPER (tests/cli/stopper.c: its lockers contend on a static
   `pthread_mutex_t lock`) runs under `schedviz record`; while it runs the
   test reads its map (/proc/<pid>/maps) and the binary's symbol table
   (readelf, binutils) for where `lock` lives. `report --json` of the file
   must name that address "lock (stopper)" in both lockers' futex_locks, as
   their most waited-on lock, with the waits the trace counted: the name
   went through the trace file.
2. Debian's /usr/bin/python3 with three CPU-bound threads: each thread's
   most waited-on lock is named as the GIL, and its address lies inside
   the interpreter's `_PyRuntime` object as readelf gives it (the
   executable is not position-independent on Debian 12: its address is
   the symbol's value; a PIE or libpython is placed by the map).

usage: test_lock_names.py STOPPER_BINARY"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from svtest import SCHEDVIZ, fail, need_bpf, need_program, wait_for

need_bpf()
readelf = need_program("readelf", "binutils")
stopper = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="svtest-")


def symbol(path, name):
    """(value, size) of the object symbol `name` in path's .symtab or .dynsym."""
    out = subprocess.run([readelf, "-sW", path], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[7] == name and f[3] == "OBJECT":
            return int(f[1], 16), int(f[2], 0)
    fail(f"no object symbol {name} in {path}")


def load_base(pid, path):
    """Where path's first mapping (file offset 0) starts in pid, and the ELF type."""
    real = os.path.realpath(path)
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 6 and fields[2] == "00000000" and \
                    os.path.realpath(fields[5]) == real:
                return int(fields[0].split("-")[0], 16)
    fail(f"{path} is not mapped in {pid}")


def is_pie(path):
    out = subprocess.run([readelf, "-hW", path], capture_output=True, text=True,
                         check=True).stdout
    return re.search(r"Type:\s+DYN", out) is not None


# 1. the C program's global mutex, through the file
data = os.path.join(tmp, "stopper.data")
p = subprocess.Popen([SCHEDVIZ, "record", "-o", data, "--", stopper], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = p.stdout.readline()
if not line.startswith("stopper pid "):
    p.kill()
    fail(f"unexpected first line {line!r}")
pid = int(line.split()[2])
value, _ = symbol(stopper, "lock")
want = value + (load_base(pid, stopper) if is_pie(stopper) else 0)
# let the lockers contend a while: await their voluntary switches in /proc
def lockers_waited():
    n = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            if not f.read().startswith("locker"):
                continue
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            n += int(re.search(r"voluntary_ctxt_switches:\s+(\d+)", f.read()).group(1))
    return n >= 20
wait_for(lockers_waited, 20, "the lockers contending")
p.communicate("stop\n", timeout=60)
if p.returncode != 0:
    fail(f"schedviz record exited {p.returncode}")
rep = json.loads(subprocess.run([SCHEDVIZ, "report", "--json", data], capture_output=True,
                                text=True, check=True, timeout=60).stdout)
lockers = [t for t in rep["tasks"] if t["comm"].startswith("locker")]
if len(lockers) != 2:
    fail(f"expected two locker tasks, found {[t['comm'] for t in rep['tasks']]}")
for t in lockers:
    top = t["futex_locks"][0] if t["futex_locks"] else None
    print(f"{t['comm']}: top lock {top}; readelf puts `lock` at {want:#x}")
    if not top or int(top["addr"], 16) != want or top["name"] != "lock (stopper)":
        fail(f"{t['comm']}: its most waited-on lock is {top}, not `lock` at {want:#x} "
             f"named 'lock (stopper)'")
    if top["waits"] < 1 or sum(l["waits"] for l in t["futex_locks"]) != t["futex_waits"]:
        fail(f"{t['comm']}: futex_locks' waits do not add up to futex_waits {t['futex_waits']}")

# ... in the report's text: each locker's line for it, with the JSON's waits
text = subprocess.run([SCHEDVIZ, "report", data], capture_output=True, text=True, check=True,
                      timeout=60).stdout
for t in lockers:
    top = t["futex_locks"][0]
    line = [l for l in text.splitlines() if l.split()[:1] == [str(t["tid"])] and
            f"0x{want:x} lock (stopper);" in l]
    if len(line) != 1 or int(line[0].split()[2]) != top["waits"]:
        fail(f"report text: no line for {t['comm']} waiting {top['waits']} times on "
             f"'lock (stopper)':\n{text}")
    print(f"report: {line[0].strip()}")

# ... and in the exports: every CSV row of a switch-out into a wait on it
# names it (the name comes before the first wait in the file), and the
# Perfetto slices are named by it
csv_path = os.path.join(tmp, "stopper.csv")
subprocess.run([SCHEDVIZ, "export", data, "-f", "csv", "-o", csv_path], check=True, timeout=60)
with open(csv_path) as f:
    rows = [r for r in csv.DictReader(f) if r["futex_addr"] and int(r["futex_addr"], 16) == want
            and r["tgid"] == str(pid)]
unnamed = [r for r in rows if r["lock"] != "lock (stopper)"]
print(f"csv: {len(rows)} switch-outs into a wait on {want:#x}, {len(unnamed)} without its name")
if not rows or unnamed:
    fail(f"csv: {len(unnamed)} of {len(rows)} waits on `lock` lack its name, e.g. "
         f"{unnamed[:1]}")
pf_path = os.path.join(tmp, "stopper.pftrace")
subprocess.run([SCHEDVIZ, "export", data, "-f", "perfetto", "-o", pf_path], check=True,
               timeout=60)
with open(pf_path, "rb") as f:
    if b"futex lock (stopper)" not in f.read():
        fail("perfetto: no slice named 'futex lock (stopper)'")
print("ok: csv and perfetto name the mutex")

# 2. CPython's GIL
python = "/usr/bin/python3"
prog = ("import threading, time\n"
        "def work():\n"
        "    t0 = time.monotonic()\n"
        "    while time.monotonic() - t0 < 0.6: pass\n"
        "ts = [threading.Thread(target=work) for _ in range(3)]\n"
        "[t.start() for t in ts]; [t.join() for t in ts]\n")
out = subprocess.run([SCHEDVIZ, "run", "--json", "--", python, "-c", prog], capture_output=True,
                     text=True, timeout=120)
if out.returncode != 0:
    fail(f"schedviz run python3 exited {out.returncode}: {out.stderr.strip()}")
summary = json.loads(out.stdout)
exe = os.path.realpath(python)
rt_value, rt_size = symbol(exe, "_PyRuntime")
if is_pie(exe):
    fail(f"{exe} is position-independent: this test reads _PyRuntime's address as the "
         "symbol's value (Debian 12's python3.11 is not)")
workers = [t for t in summary["tasks"] if t["tid"] != summary["target"]["pid"]]
if len(workers) != 3:
    fail(f"expected three Python threads, found {len(workers)}")
for t in workers:
    top = t["futex_locks"][0] if t["futex_locks"] else None
    print(f"python thread {t['tid']}: top lock {top}; _PyRuntime at "
          f"{rt_value:#x}..{rt_value + rt_size:#x}")
    if not top or not (top["name"] or "").startswith("GIL _PyRuntime+") or \
            not rt_value <= int(top["addr"], 16) < rt_value + rt_size:
        fail(f"thread {t['tid']}: its most waited-on lock {top} is not named as the GIL "
             f"inside _PyRuntime")
print("ok: the global mutex and the GIL are named")
