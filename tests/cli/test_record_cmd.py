#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""`schedviz record` (issue 16): the default file in the working directory,
the previous one kept as .old, the one summary line, the exit status.

Oracles, none computed by schedviz: the target shell prints its own PID
and its children's ($$, $!), so the tasks are known; os.stat() gives each
file's inode (a rename keeps it) and the bytes are compared; the records
are counted by walking the file's blocks here (tests/lib/svfile.py), and
the footer's pid and exit code are decoded from its bytes.

usage: test_record_cmd.py"""
import json
import os
import re
import subprocess
import tempfile
import time

import svfile
from svtest import SCHEDVIZ, fail, launched_target, need_bpf, thread_comms, wait_for

need_bpf()

LINE = re.compile(r"^schedviz record: (\d+) events \((\d+) lost\) from (\d+) tasks "
                  r"written to (.+)$")
# two children, each a `sleep`; the shell prints every PID it knows
SCRIPT = "echo pid $$; sleep 0.05 & echo child $!; sleep 0.05 & echo child $!; wait; exit {rc}"


def record(cwd, args, timeout=60):
    p = subprocess.run([SCHEDVIZ, "record"] + args, cwd=cwd, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=timeout)
    return p


def summary_line(p, label):
    """The one line record prints on stderr, as (events, lost, tasks, file)."""
    lines = p.stderr.splitlines()
    if len(lines) != 1 or not LINE.match(lines[0]):
        fail(f"{label}: want exactly one summary line on stderr, got {p.stderr!r}")
    m = LINE.match(lines[0])
    return int(m[1]), int(m[2]), int(m[3]), m[4]


def printed_pids(out):
    pids = {}
    for line in out.splitlines():
        k, _, v = line.partition(" ")
        pids.setdefault(k, []).append(int(v))
    return pids


def named_locks(path):
    """The locks the file names (kind 13 records, one per lock), by report --json."""
    rep = json.loads(subprocess.run([SCHEDVIZ, "report", "--json", path], capture_output=True,
                                    text=True, check=True, timeout=60).stdout)
    return len({(t["tgid"], l["addr"]) for t in rep["tasks"] for l in t["futex_locks"]
                if l["name"]})


def check_file(path, label, events, pid, exit_code):
    """The file's own bytes: whole blocks, events + named locks = EVTS
    records, the footer's pid and exit code."""
    try:
        bl = svfile.blocks(path)
    except svfile.BadFile as e:
        fail(f"{label}: {e}")
    if [b.tag for b in bl][0] != "HEAD" or bl[-1].tag != "FOOT":
        fail(f"{label}: blocks {[b.tag for b in bl]} do not run HEAD..FOOT")
    n = sum(b.n_records for b in bl if b.tag == "EVTS")
    locks = named_locks(path)
    if n != events + locks:
        fail(f"{label}: the line says {events} events, the file holds {n} records "
             f"({locks} of them lock names)")
    foot = svfile.run_info(path, "FOOT")
    if foot["pid"] != pid or foot["exit_code"] != exit_code:
        fail(f"{label}: footer pid {foot['pid']} exit {foot['exit_code']}, the target was "
             f"{pid} and exited {exit_code}")
    print(f"ok {label}: {len(bl)} blocks, {n} records = the line's events; footer pid "
          f"{pid}, exit {exit_code}")


with tempfile.TemporaryDirectory(prefix="svtest-record-") as tmp:
    default = os.path.join(tmp, "schedviz.data")
    old = default + ".old"

    # 1. no -o: schedviz.data in the working directory; exit = the target's
    p = record(tmp, ["--", "sh", "-c", SCRIPT.format(rc=3)])
    if p.returncode != 3:
        fail(f"record of 'exit 3' exited {p.returncode}: {p.stderr!r}")
    events, lost, tasks, name = summary_line(p, "first record")
    pids = printed_pids(p.stdout)
    if name != "schedviz.data":
        fail(f"first record: wrote to {name!r}, not schedviz.data")
    if sorted(os.listdir(tmp)) != ["schedviz.data"]:
        fail(f"first record: the directory holds {sorted(os.listdir(tmp))}")
    st1 = os.stat(default)
    if tasks != 1 + len(pids["child"]) or lost != 0:
        fail(f"first record: {tasks} tasks, {lost} lost; the shell made {pids}")
    check_file(default, "first record", events, pids["pid"][0], 3)
    first_bytes = open(default, "rb").read()
    rep = subprocess.run([SCHEDVIZ, "report", "--json", default], capture_output=True,
                         text=True)
    tids = {t["tid"]: t["comm"] for t in json.loads(rep.stdout)["tasks"]}
    want = {pids["pid"][0]: "sh", **{c: "sleep" for c in pids["child"]}}
    if tids != want:
        fail(f"first record: tasks {tids}, the shell says {want}")
    print(f"ok first record: exit 3, ./schedviz.data only, {tasks} tasks = {want}")

    # 1b. a scenario: race_counter with 3 threads: the kernel lists its
    # process (schedviz's child) and 3 workers in /proc while it runs
    scn = os.path.join(tmp, "race.data")
    sv = subprocess.Popen([SCHEDVIZ, "record", "-o", scn, "race_counter", "--threads", "3"],
                          cwd=tmp, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    pid = wait_for(lambda: launched_target(sv.pid), 10, "race_counter started")

    def listed():
        found = thread_comms(pid)
        # each worker names itself once it runs: await all three names
        return found if found and len(found) == 4 and \
            sum(c.startswith("worker-") for c in found.values()) == 3 else None
    kernel = wait_for(listed, 10, "race_counter's 3 workers in /proc")
    out, err = sv.communicate(timeout=120)
    p = subprocess.CompletedProcess(sv.args, sv.returncode, out, err)
    if p.returncode != 0 or "threads: 3" not in p.stdout.splitlines():
        fail(f"record race_counter: exit {p.returncode}, stdout {p.stdout!r}")
    events, _, tasks, _ = summary_line(p, "record race_counter")
    check_file(scn, "record race_counter", events, pid, 0)
    rep = subprocess.run([SCHEDVIZ, "report", "--json", scn], capture_output=True, text=True)
    got = {t["tid"]: t["comm"] for t in json.loads(rep.stdout)["tasks"]}
    if got != kernel or tasks != 4:
        fail(f"record race_counter --threads 3: {tasks} tasks {got}, /proc listed {kernel}")
    print(f"ok record race_counter --threads 3: the 4 tasks /proc listed: {kernel}")
    os.unlink(scn)

    # 2. again: the first file is now .old (same inode, same bytes)
    p = record(tmp, ["--", "sh", "-c", SCRIPT.format(rc=0)])
    if p.returncode != 0:
        fail(f"second record exited {p.returncode}: {p.stderr!r}")
    events, lost, tasks, name = summary_line(p, "second record")
    if not os.path.exists(old):
        fail(f"second record: no schedviz.data.old; the directory holds {sorted(os.listdir(tmp))}")
    st_old, st2 = os.stat(old), os.stat(default)
    if st_old.st_ino != st1.st_ino or open(old, "rb").read() != first_bytes:
        fail("second record: schedviz.data.old is not the first recording")
    if st2.st_ino == st1.st_ino:
        fail("second record: schedviz.data was written over in place")
    check_file(default, "second record", events, printed_pids(p.stdout)["pid"][0], 0)
    print(f"ok second record: schedviz.data.old is inode {st_old.st_ino} (the first file)")

    # 3. a third time: .old is replaced by the second file
    p = record(tmp, ["--", "true"])
    if p.returncode != 0 or os.stat(old).st_ino != st2.st_ino:
        fail(f"third record: exit {p.returncode}; .old inode {os.stat(old).st_ino}, "
             f"the second file's {st2.st_ino}")
    if sorted(os.listdir(tmp)) != ["schedviz.data", "schedviz.data.old"]:
        fail(f"third record: the directory holds {sorted(os.listdir(tmp))}")
    print("ok third record: .old now holds the second file, nothing else kept")

    # 4. -o: that file, named in the line; schedviz.data untouched
    before = os.stat(default)
    custom = os.path.join(tmp, "custom.trace")
    p = record(tmp, ["-o", custom, "--", "sh", "-c", SCRIPT.format(rc=0)])
    events, lost, tasks, name = summary_line(p, "record -o")
    if p.returncode != 0 or name != custom:
        fail(f"record -o: exit {p.returncode}, line names {name!r}")
    after = os.stat(default)
    if (after.st_ino, after.st_mtime_ns) != (before.st_ino, before.st_mtime_ns):
        fail("record -o: schedviz.data was touched")
    check_file(custom, "record -o", events, printed_pids(p.stdout)["pid"][0], 0)

    # 5. the target killed by a signal: 128+N, and the file is whole
    p = record(tmp, ["-o", custom, "--", "sh", "-c", "echo pid $$; kill -SEGV $$"])
    events, _, tasks, _ = summary_line(p, "record of a SIGSEGV")
    if p.returncode != 128 + 11:
        fail(f"record of a target killed by SIGSEGV exited {p.returncode}, want 139")
    check_file(custom, "record of a SIGSEGV", events, printed_pids(p.stdout)["pid"][0],
               128 + 11)

    # 6. -o in a missing directory: 125, one line naming it; the target
    # (launched first) is killed and reaped, not left to run
    bad = os.path.join(tmp, "no-such-dir", "t.data")
    pidfile = os.path.join(tmp, "target.pid")
    t0 = time.monotonic()
    p = record(tmp, ["-o", bad, "--", "sh", "-c", f"echo $$ > {pidfile}; exec sleep 30"])
    took = time.monotonic() - t0
    err = p.stderr.splitlines()
    if p.returncode != 125 or len(err) != 1 or bad not in err[0]:
        fail(f"record -o {bad}: exit {p.returncode}, stderr {p.stderr!r}; want 125 and "
             f"one line naming the path")
    if took > 20:
        fail(f"record -o {bad}: took {took:.1f} s: it waited for the target")
    # the shell creates the file before it writes: it may be killed between
    written = open(pidfile).read().strip() if os.path.exists(pidfile) else ""
    if written:
        tpid = int(written)
        if os.path.exists(f"/proc/{tpid}"):
            fail(f"record -o {bad}: the target {tpid} still exists")
    if os.path.exists(os.path.dirname(bad)):
        fail(f"record -o {bad}: the directory was created")
    print(f"ok record -o {bad}: exit 125 in {took:.2f} s: {err[0]}")

    # 7. the previous file cannot be kept (FILE.old is a directory): 125, one
    # line naming FILE.old, not FILE; FILE itself left as it was
    kept = os.path.join(tmp, "kept.trace")
    os.link(custom, kept)
    os.mkdir(kept + ".old")
    keep = open(kept, "rb").read()
    ino = os.stat(kept).st_ino
    p = record(tmp, ["-o", kept, "--", "true"])
    err = p.stderr.splitlines()
    if p.returncode != 125 or len(err) != 1 or kept + ".old" not in err[0]:
        fail(f"record over {kept} with a directory {kept}.old: exit {p.returncode}, "
             f"stderr {p.stderr!r}; want 125 and one line naming {kept}.old")
    if os.stat(kept).st_ino != ino or open(kept, "rb").read() != keep:
        fail(f"record with {kept}.old a directory: {kept} was changed")
    print(f"ok record with FILE.old a directory -> 125: {err[0]}")
print("record: all checks passed")
