#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""-v, --ring-mb, and tracing with only CAP_BPF and CAP_PERFMON (issue 16).

-v and --ring-mb, checked against the kernel: with -v, libbpf's log names
each map it creates and its file descriptor ("map 'events': created
successfully, fd=N"); while the target (tests/cli/stopper) runs, the
kernel's /proc/<schedviz>/fdinfo/<N> shows that fd is a BPF map of the
type the program declares, and its size: for a small (1) and a large
size (128 on 2 CPUs; less where many CPUs would need more than 512 MiB),
the 'events' ring buffer (BPF_MAP_TYPE_RINGBUF = 27) holds exactly
--ring-mb MiB, and the 'rings'
array (one slice per possible CPU, /sys/devices/system/cpu/possible) holds
256 KiB per CPU whatever --ring-mb says (user/collect/collector.c:
CPU_RING_MAX, the size that stays in a CPU's cache). Without -v, no libbpf
line.
A size above 1024 is refused with one line and exit 2 before anything
starts.

Capabilities: as uid 65534 with CAP_BPF and CAP_PERFMON only (setpriv,
ambient), the run works on this kernel (>= 5.8: both capabilities exist
and bpf(2) accepts them) and its counts satisfy the kernel's rusage
identity (svtest.check_rusage_identity); the target prints schedviz's own
Uid and CapBnd lines from /proc/$PPID/status, so the test knows what
privileges it could have had at most (schedviz drops its effective ones
once tracing runs: privileges.h). With CAP_BPF alone it fails with one
line and exit 120, the no-privileges status.

usage: test_options.py STOPPER_BINARY"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

from svtest import SCHEDVIZ, check_rusage_identity, fail, need_bpf, proc_fields, wait_for

need_bpf()
stopper = sys.argv[1]
MAP_LINE = re.compile(r"^libbpf: map '([^']+)': created successfully, fd=(\d+)$")
RINGBUF, ARRAY = 27, 2
CAP_BPF, CAP_PERFMON = 39, 38


def possible_cpus():
    n = 0
    with open("/sys/devices/system/cpu/possible") as f:
        for part in f.read().strip().split(","):
            lo, _, hi = part.partition("-")
            n += int(hi or lo) - int(lo) + 1
    return n


def fdinfo(pid, fd):
    return proc_fields(f"/proc/{pid}/fdinfo/{fd}")


def traced_maps(mb, verbose):
    """Run stopper under schedviz (with -v if verbose, --ring-mb mb if
    given); returns ({map name: fdinfo} read while it runs, stderr lines).
    A thread drains stderr (libbpf's log is tens of KiB) as it comes."""
    args = [SCHEDVIZ, "run", "--no-tui"] + (["-v"] if verbose else []) + \
        (["--ring-mb", str(mb)] if mb else []) + ["--", stopper]
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    err = []
    drain = threading.Thread(target=lambda: err.extend(l.rstrip("\n") for l in p.stderr))
    drain.start()
    line = p.stdout.readline()  # the target runs: every map exists
    if not line.startswith("stopper pid "):
        p.kill()
        drain.join()
        fail(f"{' '.join(args[1:])}: unexpected first line {line!r}: {err[-5:]}")
    maps = {}
    if verbose:
        def named():
            found = {m[1]: int(m[2]) for m in map(MAP_LINE.match, list(err)) if m}
            return found if {"events", "rings"} <= set(found) else None
        fds = wait_for(named, 10, "libbpf's lines for the maps 'events' and 'rings'")
        maps = {n: fdinfo(p.pid, fds[n]) for n in ("events", "rings")}
    p.stdin.close()
    p.stdout.read()
    p.wait(timeout=60)
    drain.join()
    if p.returncode:
        fail(f"{' '.join(args[1:])}: exit {p.returncode}: {err[-5:]}")
    return maps, err


ncpus = possible_cpus()
CPU_RING = 256 << 10
# a large size whose rings (one per CPU and the shared one) stay within 512 MiB
large = 16
while (ncpus + 1) * large * 2 <= 512:
    large *= 2
for mb in (1, large):
    maps, lines = traced_maps(mb, True)
    if set(maps) != {"events", "rings"}:
        fail(f"-v --ring-mb {mb}: libbpf's log named no fd for {set(maps) ^ {'events', 'rings'}}")
    ev, rings = maps["events"], maps["rings"]
    if int(ev["map_type"]) != RINGBUF or int(ev["max_entries"]) != mb << 20:
        fail(f"--ring-mb {mb}: the kernel's 'events' map is type {ev['map_type']}, "
             f"{ev['max_entries']} bytes; want a ring buffer of {mb << 20}")
    per_cpu = int(rings["value_size"]) * int(rings["max_entries"]) // ncpus
    if int(rings["map_type"]) != ARRAY or per_cpu != CPU_RING or \
            int(rings["max_entries"]) % ncpus:
        fail(f"--ring-mb {mb}: the kernel's 'rings' map is type {rings['map_type']}, "
             f"{rings['value_size']} x {rings['max_entries']} bytes for {ncpus} CPUs")
    if sum(l.startswith("libbpf: ") for l in lines) < 10:
        fail(f"-v: only {sum(l.startswith('libbpf: ') for l in lines)} libbpf lines")
    print(f"ok -v --ring-mb {mb}: ring buffer {int(ev['max_entries']) >> 20} MiB, "
          f"{per_cpu} bytes per CPU ({ncpus} possible), as the kernel's fdinfo shows")
_, lines = traced_maps(None, False)
if any("libbpf" in l for l in lines):
    fail(f"without -v, libbpf lines: {[l for l in lines if 'libbpf' in l][:3]}")
print("ok without -v: no libbpf line")

# too large: one line, exit 2, the target never started
with tempfile.TemporaryDirectory(prefix="svtest-opt-") as tmp:
    marker = os.path.join(tmp, "started")
    for cmd in ("run", "record"):
        p = subprocess.run([SCHEDVIZ, cmd, "--ring-mb", "2048", "--", "touch", marker],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=30, cwd=tmp)
        err = p.stderr.splitlines()
        if p.returncode != 2 or len(err) != 1 or "1024" not in err[0]:
            fail(f"{cmd} --ring-mb 2048: exit {p.returncode}, {p.stderr!r}")
        if os.path.exists(marker) or os.listdir(tmp):
            fail(f"{cmd} --ring-mb 2048: something ran or was written: {os.listdir(tmp)}")
        print(f"ok {cmd} --ring-mb 2048 -> 2: {err[0]}")

# only CAP_BPF and CAP_PERFMON, as nobody
WHO = "grep -E '^(Uid|CapBnd):' /proc/$PPID/status"


def as_nobody(caps, args):
    pre = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
           "--inh-caps", "-all," + caps, "--ambient-caps", "-all," + caps,
           "--bounding-set", "-all," + caps]
    return subprocess.run(pre + [SCHEDVIZ] + args, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, cwd="/")


p = as_nobody("+bpf,+perfmon", ["run", "--json", "--", "sh", "-c",
                                WHO + "; sleep 0.05 & wait"])
if p.returncode != 0:
    fail(f"run with CAP_BPF and CAP_PERFMON only: exit {p.returncode}: {p.stderr!r}")
who = dict(l.split(":", 1) for l in p.stderr.splitlines() if l.startswith(("Uid", "CapBnd")))
capbnd = int(who.get("CapBnd", "0"), 16)
if who.get("Uid", "").split() != ["65534"] * 4 or capbnd != (1 << CAP_BPF | 1 << CAP_PERFMON):
    fail(f"schedviz did not run as uid 65534 with CAP_BPF and CAP_PERFMON only: {who}")
d = json.loads(p.stdout)
check_rusage_identity(d, "CAP_BPF+CAP_PERFMON")
if sorted(t["comm"] for t in d["tasks"]) != ["grep", "sh", "sleep"]:
    fail(f"CAP_BPF+CAP_PERFMON: tasks {[t['comm'] for t in d['tasks']]}, want sh, grep, sleep")
print(f"ok as uid 65534 with CapBnd {capbnd:#x} (CAP_BPF, CAP_PERFMON): the run works, "
      f"the counts add up to the kernel's rusage")
p = as_nobody("+bpf", ["run", "--no-tui", "--", "true"])
err = p.stderr.splitlines()
if p.returncode != 120 or len(err) != 1 or "CAP_PERFMON" not in err[0] or p.stdout:
    fail(f"run with CAP_BPF alone: exit {p.returncode}, stderr {p.stderr!r}; want 120 and "
         f"one line naming CAP_PERFMON")
print(f"ok with CAP_BPF alone -> 120: {err[0]}")
