#!/usr/bin/env python3
"""race_counter: atomic and mutex get the right total, none loses updates on
two CPUs. The totals are the scenario's own; the trace shows who slept."""
import sys
sys.dont_write_bytecode = True
import os
import svscenario
from svscenario import check, total

THREADS = 4


def workers(run):
    w = run.tasks("worker-")
    check(len(w) == THREADS, f"one task per worker thread ({len(w)} == {THREADS})")
    check(all(t["kind"] == "thread" and t["exited"] for t in w), "workers are exited threads")
    return w


def voluntary_counted(run, w, mode):
    """The kernel's count: each worker's own RUSAGE_THREAD voluntary
    switches, read as its last act. Every one of them is in the trace, which
    also holds the final switch after the read (released: made after
    __exit_signal(), kernel/exit.c). Not all are futex waits: a new thread
    can also sleep on the address space's lock while its siblings map their
    stacks (seen: 6 voluntary switches, 3 of them futex waits, in atomic
    mode)."""
    own = run.num("workers_nvcsw")
    vol = total(w, "voluntary_switches") - total(w, "released_voluntary")
    check(vol >= own, f"{mode}: the workers' voluntary switches in the trace {vol} (less "
                      f"released) >= their own count {own:.0f} (RUSAGE_THREAD)")


ncpus = len(os.sched_getaffinity(0))

run = svscenario.run_traced("race_counter", "--mode=atomic")
w = workers(run)
check(run.num("actual") == run.num("expected"), "atomic: actual == expected")
# A locked add never sleeps; the only futex wait a worker can make is at the
# start barrier, where all but the last to arrive sleep once.
check(total(w, "futex_waits") <= THREADS - 1,
      f"atomic: workers sleep only at the start barrier ({total(w, 'futex_waits')} futex waits)")
voluntary_counted(run, w, "atomic")

run = svscenario.run_traced("race_counter", "--mode=mutex")
w = workers(run)
check(run.num("actual") == run.num("expected"), "mutex: actual == expected")
# Four threads contending for one mutex four million times on two CPUs
# must sleep in the kernel; each such sleep is a voluntary switch.
check(total(w, "futex_waits") > THREADS,
      f"mutex: workers sleep in futex waits ({total(w, 'futex_waits')})")
voluntary_counted(run, w, "mutex")

# With the default million increments and 600 ns of work in each, a worker
# runs for about 600 ms: on two CPUs they overlap.
run = svscenario.run_quiet("race_counter", "--mode=none")
w = workers(run)
voluntary_counted(run, w, "none")
lost = run.num("expected") - run.num("actual")
wall_ms = run.num("wall_ms")
cpu_ms = run.num("self_utime_ms") + run.num("self_stime_ms")
if ncpus >= 2:
    # The workers were ready to run at the same time: the CPU they got and
    # the time they waited on a run queue for one (the kernel's figures)
    # add up to more than the wall time, whatever else ran (svscenario.demand_ms).
    want_ms = svscenario.demand_ms(w)
    check(want_ms > wall_ms,
          f"none: workers ran in parallel ({cpu_ms:.0f} ms of CPU, {want_ms:.0f} ms with their "
          f"run-queue waits, in {wall_ms:.0f} ms)")
    # Two workers on two CPUs load the same value and one store is lost.
    check(lost > 0, f"none: updates are lost on {ncpus} CPUs ({lost:.0f})")
else:
    svscenario.log(f"none: {lost:.0f} lost on one CPU (not checked: no parallelism)")

run = svscenario.run_traced("race_counter")
w = workers(run)
svscenario.log(f"defaults: {run.num('lost'):.0f} of {run.num('expected'):.0f} updates lost")
