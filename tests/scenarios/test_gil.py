#!/usr/bin/env python3
"""gil: under the emulated GIL the workers' running time does not overlap
(their summed run time is about the wall time, not CPUs x wall time),
hand-offs come about once per switch interval, and the rest of their time
is futex waiting."""
import sys
sys.dont_write_bytecode = True
import os
import svscenario
from svscenario import check, total

run = svscenario.run_quiet("gil")
n = int(run.num("threads"))
wall_ms = run.num("wall_ms")
interval_ms = run.num("interval_ms")
handoffs = run.num("gil_handoffs")
w = run.tasks("gil-worker-")
check(len(w) == n, f"one lane per worker ({len(w)} == {n})")

# Without the lock the workers would keep p = min(n, CPUs) CPUs busy and their
# run time would sum to p x wall. Under it only the holder computes: about
# 1 x wall. The midpoint separates the two.
p = min(n, len(os.sched_getaffinity(0)))
run_ms = total(w, "run_ns") / 1e6
if p >= 2:
    check(run_ms <= (1 + p) / 2 * wall_ms,
          f"summed run time {run_ms:.0f} ms <= {(1 + p) / 2:.1f} x wall {wall_ms:.0f} ms:"
          " the workers did not run in parallel")
# The lock is held nearly all the time and its holder has a CPU to itself,
# so the workers' CPU time (the kernel's, read by each worker) adds up to
# nearly the wall time, and no more than the trace allows.
# Other programs may take the holder's CPU for a while: it is then queued
# for one (the kernel's run_delay), still holding the lock.
cpu_ms = sum(run.num(f"{t['comm']}_cpu_ms") for t in w)
q = svscenario.queued_ms(w)
check(cpu_ms + q >= 0.8 * wall_ms,
      f"summed CPU time {cpu_ms:.0f} ms (+ {q:.0f} ms queued for a CPU) is close to wall "
      f"{wall_ms:.0f} ms (>= 80%)")
if p >= 2:
    check(cpu_ms <= (1 + p) / 2 * wall_ms,
          f"summed CPU time {cpu_ms:.0f} ms <= {(1 + p) / 2:.1f} x wall: no parallel computing")
# Each worker read its CPU clock as its last act: the trace's run time (the
# kernel's sum_exec_runtime) is that plus only the exit path.
for t in w:
    svscenario.check_run_after_cpu_clock(t, run.num(f"{t['comm']}_cpu_ms"), "its own CPU clock")

# A drop is requested only after a whole interval without a switch, so there
# are at most wall/interval requested hand-offs, plus one per worker leaving.
# Each comes one wakeup after the interval ends, and after whatever time the
# holder (to see the request) and the new holder (to take the lock) wait on
# a run queue: the workers' run-queue delay q (the kernel's) bounds that, so
# at least half of (wall - q)/interval.
expect = wall_ms / interval_ms
check(handoffs <= expect + n, f"hand-offs {handoffs:.0f} <= wall/interval {expect:.0f} + {n}")
least = max(0.0, wall_ms - q) / interval_ms
check(handoffs >= least / 2,
      f"hand-offs {handoffs:.0f} >= half of (wall - run-queue delay {q:.0f} ms)/interval "
      f"{least:.0f}")
# Each hand-off wakes the new holder from its futex wait.
wakeups = total(w, "wakeups")
check(wakeups >= 0.9 * handoffs, f"worker wakeups {wakeups} cover the hand-offs {handoffs:.0f}")

for t in w:
    off_cpu = svscenario.lifetime_ns(t) - t["on_cpu_ns"]
    # Off the CPU a waiter sleeps on the lock's condition variables; it is
    # runnable only between a wakeup and getting a CPU, or when preempted.
    check(t["futex_wait_ns"] > 0.5 * off_cpu,
          f"{t['comm']}: futex wait {t['futex_wait_ns'] / 1e6:.0f} ms is most of its"
          f" off-CPU time {off_cpu / 1e6:.0f} ms")
    svscenario.check_futex_matches(t, run.num(f"{t['comm']}_waited_ms"),
                               "its measured GIL wait")
