#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Stop the target mid-run (SIGSTOP), read each thread's own counters from
/proc/<pid>/task/<tid>/status, take a schedviz snapshot (SIGUSR1), and
compare task by task: voluntary and involuntary switches must be equal, and
so must run time: `run_ns` is the kernel's se.sum_exec_runtime as the task's
switch-outs reported it, and every stopped thread has been switched out, so
its last switch-out carried the same value /proc/<pid>/task/<tid>/schedstat
shows (first number; kernel/sched/fair.c: update_curr()). The same holds
for the run-queue figures: `run_delay_ns` and `pcount` are the kernel's
sched_info.run_delay and pcount (schedstat's second and third numbers,
kernel/sched/stats.h: sched_info_arrive()) as the switch-outs reported them.

After exit, the kernel's final figures of a task: the stopper's child
process, a zombie after its last switch, has its schedstat printed by the
stopper before the reap ("final PID RUN DELAY PCOUNT"): the trace's figures
for it must equal all three.

After the target ends: each task printed its own CPU clock as its last act
(CLOCK_THREAD_CPUTIME_ID: se.sum_exec_runtime at the read), so its final
`run_ns` is at least that. The leader's final figures are the kernel's
exactly: schedviz reads its zombie's /proc/<pid>/schedstat before the reap
(target.schedstat), which its trace must equal in all three. A thread's
are gone with it, so its final `run_ns` must be at least its read; how much
more has no bound here (this kernel lacks CONFIG_IRQ_TIME_ACCOUNTING:
interrupt work done while a task runs is charged to it), and the SIGSTOP
comparison above already holds every thread to the kernel's figure exactly.

usage: test_proc_counts.py STOPPER_BINARY"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from svtest import (SCHEDVIZ, check_rusage_identity, fail, need_bpf, thread_counts,
                    thread_schedstat, wait_for)


need_bpf()
stopper = sys.argv[1]
snap = os.path.join(tempfile.mkdtemp(prefix="svtest-"), "snap.json")


p = subprocess.Popen([SCHEDVIZ, "run", "--json", "--snapshot", snap, "--", stopper, "--child"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     text=True)
line = p.stderr.readline()  # the target's stdout goes to stderr under --json
if not line.startswith("stopper pid "):
    p.kill()
    fail(f"unexpected first line {line!r}")
pid = int(line.split()[2])

# let every thread work a little: await counters on all five tasks
wait_for(lambda: len(os.listdir(f"/proc/{pid}/task")) == 5 and
         all(v + n > 0 for _, v, n, _ in thread_counts(pid).values()), 10, "threads at work")
os.kill(pid, signal.SIGSTOP)
wait_for(lambda: all(s == "T" for s, _, _, _ in thread_counts(pid).values()), 10, "group stop")
# T is set just before the final switch-out: await counters that hold still
prev = None
def stable():
    global prev
    cur = thread_counts(pid)
    ok = cur == prev
    prev = cur
    return ok
wait_for(stable, 10, "stable counters")
kernel = prev
sched = thread_schedstat(pid)
os.kill(p.pid, signal.SIGUSR1)
wait_for(lambda: os.path.exists(snap), 10, "snapshot file")
with open(snap) as f:
    ours = {t["tid"]: t for t in json.load(f)["tasks"]}
bad = []
for tid, (_, vol, inv, run_ns) in sorted(kernel.items()):
    t = ours.get(tid)
    if t is None:
        bad.append(f"tid {tid} missing from schedviz")
        continue
    print(f"tid {tid} {t['comm']:<10} kernel {vol}/{inv} {run_ns / 1e6:.3f} ms, schedviz "
          f"{t['voluntary_switches']}/{t['involuntary_switches']} {t['run_ns'] / 1e6:.3f} ms")
    if t["run_ns"] != run_ns:
        bad.append(f"tid {tid} ({t['comm']}): run time {t['run_ns']} ns, kernel {run_ns} ns")
    if (t["voluntary_switches"], t["involuntary_switches"]) != (vol, inv):
        bad.append(f"tid {tid} ({t['comm']}): kernel {vol}/{inv}, schedviz "
                   f"{t['voluntary_switches']}/{t['involuntary_switches']}")
    _, delay, pcount = sched[tid]
    print(f"    run-queue delay kernel {delay} ns in {pcount} runs, schedviz "
          f"{t['run_delay_ns']} ns in {t['pcount']} (wall clock runnable {t['runnable_ns']} ns)")
    if (t["run_delay_ns"], t["pcount"]) != (delay, pcount):
        bad.append(f"tid {tid} ({t['comm']}): run_delay/pcount {t['run_delay_ns']}/"
                   f"{t['pcount']}, kernel {delay}/{pcount}")
os.kill(pid, signal.SIGCONT)
out, err = p.communicate("stop\n", timeout=60)
if bad:
    fail("; ".join(bad))
if p.returncode != 0:
    fail(f"schedviz exited {p.returncode}: {err}")
final = json.loads(out)
check_rusage_identity(final, "stopper final")
cputime = {int(f[1]): int(f[2]) for f in (l.split() for l in err.splitlines())
           if len(f) == 3 and f[0] == "cputime"}
ours = {t["tid"]: t for t in final["tasks"]}
if sorted(cputime) != sorted(kernel):
    fail(f"CPU clocks printed for {sorted(cputime)}, tasks were {sorted(kernel)}")
for tid, read_ns in sorted(cputime.items()):
    t = ours.get(tid)
    if t is None or not t["exited"] or not t["run_ns_from_kernel"]:
        bad.append(f"tid {tid}: not in the final summary as exited with the kernel's run time")
        continue
    after = t["run_ns"] - read_ns
    print(f"tid {tid} {t['comm']:<10} own CPU clock {read_ns / 1e6:.3f} ms, schedviz "
          f"{t['run_ns'] / 1e6:.3f} ms (+{after / 1e3:.1f} us after the read)")
    if tid == pid:
        # the leader (it exits last, tearing down the address space): the
        # kernel's final figures, exactly
        ks = final["target"].get("schedstat")
        mine = (t["run_ns"], t["run_delay_ns"], t["pcount"])
        print(f"    leader's final schedstat {ks}; schedviz {mine}")
        if ks is None or after < 0 or mine != (ks["run_ns"], ks["run_delay_ns"], ks["pcount"]):
            bad.append(f"tid {tid} (leader): final run/run_delay/pcount {mine}, the kernel's "
                       f"{ks}, its own CPU clock read {read_ns} ns")
        continue
    if after < 0:
        bad.append(f"tid {tid} ({t['comm']}): final run time {t['run_ns']} ns, below its own "
                   f"CPU clock read {read_ns} ns")
if bad:
    fail("; ".join(bad))
finals = [l.split() for l in err.splitlines() if l.startswith("final ")]
if len(finals) != 1 or len(finals[0]) != 5:
    fail(f"the stopper's child report: {finals}")
cpid, crun, cdelay, cpcount = (int(x) for x in finals[0][1:])
t = ours.get(cpid)
if t is None or not t["exited"]:
    fail(f"child {cpid}: not in the final summary as exited")
print(f"child {cpid} final schedstat {crun} {cdelay} {cpcount}; schedviz {t['run_ns']} "
      f"{t['run_delay_ns']} {t['pcount']}")
if (t["run_ns"], t["run_delay_ns"], t["pcount"]) != (crun, cdelay, cpcount):
    fail(f"child {cpid}: final run/run_delay/pcount {t['run_ns']}/{t['run_delay_ns']}/"
         f"{t['pcount']}, its zombie's schedstat {crun}/{cdelay}/{cpcount}")
