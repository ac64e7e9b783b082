# SPDX-License-Identifier: GPL-2.0-only
"""svtest - what schedviz's Python integration tests share (tests/cli,
tests/scenarios, tests/tui, tests/file).

Tests run as root under meson, which puts this directory on PYTHONPATH
(tests/meson.build: test_env). Exit codes follow meson: 0 pass, 1 fail,
77 skip (BPF truly unavailable, with the reason on stderr).
"""
import atexit
import json
import os
import signal
import subprocess
import sys
import time

SKIP = 77

# Under `sudo meson test` every schedviz run would take the user who ran
# sudo for its target and its files (user/collect/identity.h), and fail to
# write into the tests' root-owned temporary directories: the tests that
# want sudo's behaviour set SUDO_UID and SUDO_GID themselves (test_sudo.py).
for _var in ("SUDO_UID", "SUDO_GID", "SUDO_USER", "SUDO_COMMAND"):
    os.environ.pop(_var, None)
SCHEDVIZ = os.environ.get("SCHEDVIZ", "schedviz")


def stop_at_exit(proc):
    """Kill proc (a subprocess.Popen) if it still runs when the test exits,
    whether it passes, fails or dies of an exception: a schedviz attached
    with -a or -p runs until stopped, and one left behind traces on, loading
    the machine for every test after it. Returns proc."""
    def stop():
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    atexit.register(stop)
    return proc


def skip(reason):
    print(f"SKIP: {reason}", file=sys.stderr, flush=True)
    sys.exit(SKIP)


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def need_program(name, package):
    """The path of program `name`, an oracle some test needs; without it the
    test is skipped (77) naming the Debian package. tools/install-deps
    installs every one, and tools/test-all fails on such a skip: in CI a
    missing oracle is a failure, never a silent pass."""
    import shutil
    path = shutil.which(name) or next((p for p in (f"/usr/bin/{name}", f"/usr/sbin/{name}")
                                       if os.access(p, os.X_OK)), None)
    if not path:
        skip(f"{name} is not installed: run tools/install-deps (apt-get install {package})")
    return path


def need_bpf():
    """Exit 77 with a reason when BPF cannot be used here at all."""
    if os.geteuid() != 0:
        skip("BPF tests need root: run the tests as root (sudo)")
    if not os.path.exists("/sys/kernel/btf/vmlinux"):
        skip("kernel has no BTF (CONFIG_DEBUG_INFO_BTF)")


def run_json(args, timeout=120, check_exit=0):
    """schedviz run --json ARGS -> (summary dict, target stderr text)."""
    p = subprocess.run([SCHEDVIZ, "run", "--json"] + args, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=timeout)
    if check_exit is not None and p.returncode != check_exit:
        fail(f"schedviz run --json {' '.join(args)} exited {p.returncode}; stderr:\n{p.stderr}")
    try:
        return json.loads(p.stdout), p.stderr
    except json.JSONDecodeError as e:
        fail(f"bad JSON from schedviz ({e}): {p.stdout[:500]!r}\nstderr: {p.stderr}")


def check_rusage_identity(d, label=""):
    """The kernel's accounting (shared/KERNEL.md, kernel/exit.c): summed over
    tasks, switches less those the trace flags as made after the kernel
    collected the task's counters (released_*) equal the target's wait4
    rusage -- exactly, unless a process leader switched while its parent
    was reaping it (reaping_*: the kernel orders nothing between the
    parent's read of the counters and that switch), then within that many.
    The flags are themselves checked: every exited non-leader thread has
    exactly one released voluntary switch (its final one, after
    __exit_signal()); the target's first process none of either (schedviz
    reaps it only after its final switch); a process the target reaped
    itself at most one final switch of either kind. Nothing lost."""
    tasks = d["tasks"]
    ru = d["target"]["rusage"]
    if d["events"]["lost"] != 0:
        fail(f"{label}: {d['events']['lost']} events lost")
    for t in tasks:
        final = t["released_voluntary"] + t["reaping_voluntary"]
        if t["kind"] == "thread":
            ok = t["released_voluntary"] == (1 if t["exited"] else 0) and not t["reaping_voluntary"]
        elif t["tid"] == d["target"]["pid"]:
            ok = final == 0
        else:
            ok = final <= 1
        if not ok:
            fail(f"{label}: task {t['tid']} ({t['kind']}) has {t['released_voluntary']} "
                 f"released and {t['reaping_voluntary']} reaping voluntary switches")
    for kind, key in (("voluntary", "nvcsw"), ("involuntary", "nivcsw")):
        total = sum(t[kind + "_switches"] for t in tasks)
        released = sum(t["released_" + kind] for t in tasks)
        reaping = sum(t["reaping_" + kind] for t in tasks)
        hi = total - released
        lo = hi - reaping
        if not lo <= ru[key] <= hi:
            fail(f"{label}: sum {kind} {total} - {released} released"
                 f"{f' (- up to {reaping} while reaped)' if reaping else ''} "
                 f"!= ru_{key} {ru[key]}")
        print(f"ok {label}: {kind} {total} - {released} released"
              f"{f' (- {hi - ru[key]} of {reaping} while reaped)' if reaping else ''}"
              f" == ru_{key} {ru[key]}")


def wait_for(pred, timeout, what):
    """Poll pred() until true; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.01)
    fail(f"timed out waiting for {what}")


def proc_fields(path):
    """{key: value} of a /proc file of "key: value" lines (status, fdinfo),
    values stripped."""
    out = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def thread_comms(pid):
    """{tid: comm} of pid's threads from /proc/<pid>/task/<tid>/comm, or None
    when pid or one of its threads is gone meanwhile."""
    try:
        return {int(t): open(f"/proc/{pid}/task/{t}/comm").read().strip()
                for t in os.listdir(f"/proc/{pid}/task")}
    except OSError:
        return None


def foreground_group(pid):
    """The foreground process group of pid's controlling terminal (tpgid,
    /proc/<pid>/stat field 8), or None once pid is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[5])
    except OSError:
        return None


def proc_stat(pid):
    """(state letter, ppid, pgrp) of pid from /proc/<pid>/stat, or None once gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[1]), int(fields[2])


def alive(pid):
    """True while pid exists and is not a zombie (dead but not yet reaped)."""
    st = proc_stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def group_alive(pgid):
    """PIDs of the live (not zombie) processes in process group pgid, from /proc."""
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = proc_stat(int(d))
            if st and st[2] == pgid and st[0] not in ("Z", "X"):
                out.append(int(d))
    return out


def launched_target(pid):
    """PID of the target schedviz process pid launched, or None before it runs:
    its child in the process group another child leads (the guardian, which
    schedviz forks first; the target joins its group)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(k) for k in f.read().split()]
    except OSError:
        return None
    for k in kids:
        st = proc_stat(k)
        if st and st[2] != k and st[2] in kids:
            return k
    return None


def process_switches(pid):
    """Voluntary + involuntary switches summed over pid's threads, from
    /proc/<pid>/task/<tid>/status (None once gone)."""
    total = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
    except OSError:
        return None
    return total


def pingpong_unread(args, need):
    """Start `schedviz run --json ARGS pingpong` (two threads on one CPU,
    round trips until SIGINT, which schedviz passes on), await it at work,
    then hold schedviz stopped (SIGSTOP) until the target's own counters
    have moved by more than `need` switches, each switch-out of a traced
    task being one record nobody reads meanwhile; SIGCONT. Returns (the
    schedviz Popen, the target's PID, switches made while stopped). On a
    failure schedviz is let go and interrupted; one still running when the
    test exits is killed, and its target with it (PR_SET_PDEATHSIG)."""
    p = stop_at_exit(subprocess.Popen([SCHEDVIZ, "run", "--json"] + args +
                                      ["pingpong", "--tasks=threads", "--cpus=one",
                                       "--loops=100000000", "--watchdog=0"],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    try:
        try:
            pid = wait_for(lambda: launched_target(p.pid), 10, "the target to start")
            wait_for(lambda: len(os.listdir(f"/proc/{pid}/task")) >= 2 and
                     (process_switches(pid) or 0) > 1000, 10, "the ping-pong threads at work")
            os.kill(p.pid, signal.SIGSTOP)
            base = process_switches(pid)
            wait_for(lambda: (process_switches(pid) or base) - base > need, 60,
                     f"{need} switches of the target while schedviz is stopped")
            return p, pid, process_switches(pid) - base
        finally:
            os.kill(p.pid, signal.SIGCONT)
    except BaseException:
        os.kill(p.pid, signal.SIGINT)
        raise


def interrupted_json(p):
    """The --json summary and stderr of schedviz run p, sent SIGINT (passed
    on to its target): exit 128 + SIGINT, as the target's, or fail."""
    out, err = p.communicate(timeout=120)
    if p.returncode != 128 + signal.SIGINT:
        fail(f"schedviz exited {p.returncode}, not the target's 128 + SIGINT; stderr:\n{err}")
    return json.loads(out), err


def thread_counts(pid):
    """{tid: (state letter, voluntary, involuntary switches, run ns)} of pid's
    threads, each from /proc/<pid>/task/<tid>/status and schedstat (first
    number: se.sum_exec_runtime). A thread gone meanwhile is left out."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        st = {}
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    k, _, v = line.partition(":")
                    st[k] = v.strip()
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                run_ns = int(f.read().split()[0])
        except FileNotFoundError:
            continue
        out[int(tid)] = (st["State"][0], int(st["voluntary_ctxt_switches"]),
                         int(st["nonvoluntary_ctxt_switches"]), run_ns)
    return out


def thread_schedstat(pid):
    """{tid: (run ns, run-queue delay ns, times on a CPU)} of pid's threads:
    /proc/<pid>/task/<tid>/schedstat, the kernel's se.sum_exec_runtime,
    sched_info.run_delay and sched_info.pcount (fs/proc/base.c:
    proc_pid_schedstat()). A thread gone meanwhile is left out."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                out[int(tid)] = tuple(int(x) for x in f.read().split()[:3])
        except FileNotFoundError:
            continue
    return out


def catches_usr1(pid):
    """Has pid installed its SIGUSR1 handler (SigCgt)? Until then the signal
    would kill it."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("SigCgt:"):
                return bool(int(line.split()[1], 16) & (1 << (signal.SIGUSR1 - 1)))
    return False


def snapshot_tasks(sv, path):
    """Ask schedviz process sv (run --snapshot path) for a snapshot once it
    catches SIGUSR1; its tasks by TID, or None while none is written. Fails
    if sv has exited."""
    if sv.poll() is not None:
        fail(f"schedviz exited {sv.returncode}: {sv.stderr.read()}")
    if not catches_usr1(sv.pid):
        return None
    os.kill(sv.pid, signal.SIGUSR1)
    try:
        with open(path) as f:
            return {t["tid"]: t for t in json.load(f)["tasks"]}
    except (FileNotFoundError, json.JSONDecodeError):
        return None
