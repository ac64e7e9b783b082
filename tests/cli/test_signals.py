#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Stop signals to `schedviz record` / `run --no-tui`, checked against the
kernel (/proc, the shell's exit status of a process killed by a signal):

 - SIGINT, SIGTERM, SIGHUP to schedviz: the launched family (sig_family.py,
   three processes in a group of their own) dies of it, schedviz exits
   128+N as the shell would report the family's parent, the file reads
   complete (footer: `schedviz report` gives the exit code, no warning),
   0 events lost, no live process left in the family's group;
 - the family's parent, counting, got the signal exactly once, whether it
   came to schedviz by kill(2) or from a terminal's Ctrl-C (tmux);
 - an attached process (-p) is not signalled and runs on;
 - a second stop signal ends at once: exit 137, the file complete;
 - SIGKILL of schedviz: every process of a forking target (stress-ng
   --switch, and the family) is gone within a second;
 - a target whose final switches were lost (its rings full: schedviz was
   stopped) does not keep schedviz waiting for them (it once waited 2 s
   for each kind): it ends within a second of going on.

usage: test_signals.py SIG_FAMILY_PY"""
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time

from svtest import (SCHEDVIZ, alive, catches_usr1, fail, foreground_group, group_alive,
                    launched_target, need_bpf, wait_for)
from tmuxpane import Tmux

need_bpf()
FAMILY = [sys.executable, sys.argv[1]]
TMP = tempfile.mkdtemp(prefix="sv-signals-")
started = []	# the targets' own process groups: killed at the end


def family_ready(path):
    """(parent, pgid, children) once sig_family.py wrote path, else None."""
    try:
        with open(path) as f:
            pids = [int(x) for x in f.read().split()]
    except (FileNotFoundError, ValueError):
        return None
    return pids[0], pids[1], pids[2:]


def check_file(path, label, exit_code):
    """The trace reads complete (footer: exit code, no warning), 0 lost."""
    p = subprocess.run([SCHEDVIZ, "report", "--json", path], capture_output=True, text=True,
                       timeout=60)
    if p.returncode != 0 or p.stderr.strip():
        fail(f"{label}: report {path} exited {p.returncode}: {p.stderr.strip()}")
    d = json.loads(p.stdout)
    if d["target"]["exit_code"] != exit_code:
        fail(f"{label}: the file says exit code {d['target']['exit_code']}, not {exit_code}")
    if d["events"]["lost"] != 0:
        fail(f"{label}: {d['events']['lost']} events lost")
    return d


def launch(label, args, mode):
    """schedviz ARGS -- the family in mode; (process, parent, pgid, children)."""
    ready = os.path.join(TMP, label.replace(" ", "_") + ".ready")
    p = subprocess.Popen([SCHEDVIZ] + args + ["--"] + FAMILY + [ready, mode],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    parent, pgid, kids = wait_for(lambda: family_ready(ready), 60, f"{label}: the family")
    if pgid in (os.getpgrp(), os.getpgid(p.pid)):
        p.kill()
        fail(f"{label}: the target runs in schedviz's process group {pgid}")
    started.append(pgid)
    # some switching first, so that events flow while the signal is handled
    time.sleep(0.5)
    return p, parent, pgid, kids


def ends(p, label, timeout):
    """Wait for schedviz; its exit status, stdout, stderr."""
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        fail(f"{label}: schedviz still ran {timeout} s after the signal")
    return p.returncode, out, err


def stop_kills_family(sig, args, label):
    path = os.path.join(TMP, label.replace(" ", "_") + ".svt")
    p, parent, pgid, kids = launch(label, args + ["-o", path], "default")
    os.kill(p.pid, sig)
    rc, out, err = ends(p, label, 30)
    want = 128 + sig	# the family's parent dies of sig (SIG_DFL)
    if rc != want:
        fail(f"{label}: schedviz exited {rc}, want {want}; stderr:\n{err}")
    left = group_alive(pgid)
    if left:
        fail(f"{label}: processes {left} of the target's group still run after schedviz exited")
    d = check_file(path, label, want)
    print(f"ok {label}: exit {rc}, group {pgid} gone, {d['events']['total']} events, 0 lost, "
          f"footer read")
    return out


def count_once_by_kill(sig):
    label = f"record, {signal.Signals(sig).name} counted"
    path = os.path.join(TMP, "count.svt")
    p, parent, pgid, kids = launch(label, ["record", "-o", path], "count")
    os.kill(p.pid, sig)
    rc, out, err = ends(p, label, 30)
    if rc != 11:
        fail(f"{label}: exit {rc}: the parent got {rc - 10} stop signals, want exactly 1")
    check_file(path, label, 11)
    print(f"ok {label}: the target's parent got the signal once (exit 11)")


def count_once_by_terminal():
    """Ctrl-C in a terminal, no view: the family gets SIGINT once."""
    label = "record in a terminal, Ctrl-C"
    ready = os.path.join(TMP, "tty.ready")
    status = os.path.join(TMP, "tty.status")
    path = os.path.join(TMP, "tty.svt")
    cmd = " ".join(shlex.quote(a) for a in [SCHEDVIZ, "record", "-o", path, "--"] + FAMILY +
                   [ready, "count"])
    t = Tmux("signals")
    try:
        t.run("new-session", "-d", "-s", "sv", "-x", "100", "-y", "20",
              f"{cmd} 2>/dev/null; echo $? > {status}")
        parent, pgid, kids = wait_for(lambda: family_ready(ready), 60, f"{label}: the family")
        if pgid != os.getpgrp():
            started.append(pgid)
        # the Ctrl-C must find the target's group in the terminal's foreground
        wait_for(lambda: foreground_group(parent) == pgid, 10,
                 f"{label}: the terminal lent to the target's group")
        t.run("send-keys", "-t", "sv", "C-c")
        wait_for(lambda: os.path.exists(status) and open(status).read().strip(), 30,
                 f"{label}: schedviz to end")
        rc = int(open(status).read())
    finally:
        t.close()
    if rc != 11:
        fail(f"{label}: exit {rc}: the parent got {rc - 10} SIGINTs, want exactly 1")
    check_file(path, label, 11)
    print(f"ok {label}: the target's parent got SIGINT once (exit 11), file complete")


def attached_untouched():
    label = "record -p, SIGINT"
    log = os.path.join(TMP, "attached.log")
    path = os.path.join(TMP, "attached.svt")
    # a process that logs every stop signal it gets, and switches now and then
    code = ("import signal, time\n"
            f"log = open({log!r}, 'a', buffering=1)\n"
            "for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):\n"
            "    signal.signal(s, lambda n, f: log.write(f'{n}\\n'))\n"
            "while True:\n"
            "    time.sleep(0.001)\n")
    victim = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        wait_for(lambda: os.path.exists(log), 30, f"{label}: the process to start")
        p = subprocess.Popen([SCHEDVIZ, "record", "-o", path, "-p", str(victim.pid)],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        wait_for(lambda: catches_usr1(p.pid), 30, f"{label}: schedviz to attach")
        time.sleep(0.5)
        os.kill(p.pid, signal.SIGINT)
        rc, out, err = ends(p, label, 30)
        if rc != 0:
            fail(f"{label}: exit {rc}, want 0; stderr:\n{err}")
        time.sleep(0.2)	# a signal sent would have been handled by now
        if not alive(victim.pid) or victim.poll() is not None:
            fail(f"{label}: the attached process {victim.pid} did not survive")
        got = open(log).read().split()
        if got:
            fail(f"{label}: the attached process got signals {got}")
        d = check_file(path, label, 0)
        print(f"ok {label}: process {victim.pid} runs on, got no signal; "
              f"{d['events']['total']} events, footer read")
    finally:
        victim.kill()
        victim.wait()


def second_stop_ends_now():
    label = "record, second SIGINT"
    path = os.path.join(TMP, "second.svt")
    p, parent, pgid, kids = launch(label, ["record", "-o", path], "ignore")
    os.kill(p.pid, signal.SIGINT)
    time.sleep(1.0)
    if p.poll() is not None or not alive(parent):
        fail(f"{label}: after one SIGINT, ignored, schedviz exited {p.returncode} or "
             "the target died")
    t0 = time.monotonic()
    os.kill(p.pid, signal.SIGINT)
    rc, out, err = ends(p, label, 5)
    took = time.monotonic() - t0
    if rc != 128 + signal.SIGKILL:
        fail(f"{label}: exit {rc}, want {128 + signal.SIGKILL}; stderr:\n{err}")
    if took > 2.0:
        fail(f"{label}: schedviz took {took:.2f} s to end after the second SIGINT")
    wait_for(lambda: not group_alive(pgid), 1.0, f"{label}: the target's group to die")
    p2 = subprocess.run([SCHEDVIZ, "report", "--json", path], capture_output=True, text=True,
                        timeout=60)
    if p2.returncode != 0 or p2.stderr.strip():
        fail(f"{label}: report exited {p2.returncode}: {p2.stderr.strip()}")
    d = json.loads(p2.stdout)
    if d["target"]["exit_code"] != 128 + signal.SIGKILL:
        fail(f"{label}: the file says exit code {d['target']['exit_code']}")
    print(f"ok {label}: ended {took * 1000:.0f} ms after it, exit {rc}, file complete "
          f"({d['events']['total']} events, {d['events']['lost']} lost)")


def sigkill_takes_all(label, argv, members):
    """SIGKILL of schedviz: every process in the target's group dies within 1 s."""
    p = subprocess.Popen([SCHEDVIZ, "record", "-o", os.path.join(TMP, "killed.svt"), "--"] +
                         argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    target = wait_for(lambda: launched_target(p.pid), 30, f"{label}: the target")
    pgid = os.getpgid(target)
    if pgid == os.getpgrp():
        p.kill()
        fail(f"{label}: the target runs in our process group {pgid}")
    started.append(pgid)
    family = wait_for(lambda: (lambda g: g if len(g) >= members else None)(group_alive(pgid)),
                      60, f"{label}: {members} processes in the target's group")
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    t0 = time.monotonic()
    while time.monotonic() - t0 < 1.0 and (group_alive(pgid) or any(map(alive, family))):
        time.sleep(0.01)
    left = group_alive(pgid) + [k for k in family if alive(k)]
    if left:
        fail(f"{label}: {sorted(set(left))} still ran 1 s after schedviz was killed")
    print(f"ok {label}: {len(family)} processes ({family}) gone "
          f"{(time.monotonic() - t0) * 1000:.0f} ms after SIGKILL of schedviz")


def switches(pids):
    """Voluntary + involuntary switches of pids (main threads), from /proc."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt", "nonvoluntary_ctxt")):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def lost_exit_ends_soon():
    label = "record, final switches lost"
    path = os.path.join(TMP, "lostexit.svt")
    ring_records = (1 << 20) // 64	# --ring-mb 1, 64-byte records (bpf/schedviz.h)
    p = subprocess.Popen([SCHEDVIZ, "record", "--ring-mb", "1", "-o", path, "--", "stress-ng",
                          "--switch", "2", "-t", "60", "--quiet"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    target = wait_for(lambda: launched_target(p.pid), 30, f"{label}: the target")
    pgid = os.getpgid(target)
    if pgid == os.getpgrp():
        p.kill()
        fail(f"{label}: the target runs in our process group")
    started.append(pgid)
    family = wait_for(lambda: (lambda g: g if len(g) >= 6 else None)(group_alive(pgid)), 60,
                      f"{label}: the stress-ng workers")
    os.kill(p.pid, signal.SIGSTOP)
    # every CPU's ring and the shared one overflow: the exits that follow are lost
    base = switches(family)
    wait_for(lambda: switches(family) - base > 4 * ring_records * os.cpu_count(), 60,
             f"{label}: the workers to overflow the rings")
    os.killpg(pgid, signal.SIGKILL)
    wait_for(lambda: not group_alive(pgid), 5, f"{label}: the group to die")
    t0 = time.monotonic()
    os.kill(p.pid, signal.SIGCONT)
    rc, out, err = ends(p, label, 30)
    took = time.monotonic() - t0
    if rc != 128 + signal.SIGKILL:
        fail(f"{label}: exit {rc}, want {128 + signal.SIGKILL}; stderr:\n{err}")
    r = subprocess.run([SCHEDVIZ, "report", "--json", path], capture_output=True, text=True,
                       timeout=60)
    if r.returncode != 0 or r.stderr.strip():
        fail(f"{label}: report exited {r.returncode}: {r.stderr.strip()}")
    d = json.loads(r.stdout)
    unseen = [t["tid"] for t in d["tasks"] if not t["exited"]]
    if not d["events"]["lost"]:
        fail(f"{label}: nothing was lost: the case was not made")
    if took > 1.0:
        fail(f"{label}: schedviz took {took:.2f} s to end once continued "
             f"({len(unseen)} tasks' final switches not in the trace)")
    print(f"ok {label}: {d['events']['lost']} lost, final switches of {len(unseen)} tasks "
          f"among them; ended {took * 1000:.0f} ms after SIGCONT, file complete")


try:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        stop_kills_family(sig, ["record"], f"record, {signal.Signals(sig).name}")
    out = stop_kills_family(signal.SIGTERM, ["run", "--no-tui"], "run --no-tui, SIGTERM")
    if "TID" not in out:
        fail(f"run --no-tui: no table on stdout after SIGTERM: {out[:300]!r}")
    count_once_by_kill(signal.SIGTERM)
    count_once_by_terminal()
    attached_untouched()
    second_stop_ends_now()
    sigkill_takes_all("SIGKILL, the family", FAMILY + [os.path.join(TMP, "k.ready"), "ignore"],
                      4)	# the guardian, the parent and two children
    sigkill_takes_all("SIGKILL, stress-ng --switch 2",
                      ["stress-ng", "--switch", "2", "-t", "60", "--quiet"], 6)
    lost_exit_ends_soon()
finally:
    for g in set(started) - {os.getpgrp()}:
        try:
            os.killpg(g, signal.SIGKILL)
        except OSError:
            pass
