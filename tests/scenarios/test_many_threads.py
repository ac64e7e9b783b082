#!/usr/bin/env python3
"""many_threads: run-queue delay and switches grow with the number of
threads woken by the same tick."""
import sys
sys.dont_write_bytecode = True
import math
import svscenario
from svscenario import check, total

ROUNDS = 10
FEW, MANY = 50, 400
PERIOD_MS = 100     # MANY x work / 2 CPUs = 20 ms of queueing: each tick ends in time


def measure(n):
    run = svscenario.run_quiet("many_threads", f"--threads={n}", f"--rounds={ROUNDS}",
                           f"--period-ms={PERIOD_MS}")
    t = run.tasks("tick-")
    check(len(t) == n, f"{n} tick lanes")
    vol = total(t, "voluntary_switches")
    # Each thread sleeps until every tick, unless it was still busy with the
    # previous one when the tick came (the scenario counts those).
    sleeps = n * ROUNDS - run.num("ticks_missed")
    check(vol >= sleeps, f"{n} threads: {vol} voluntary switches >= one per tick slept for ({sleeps:.0f})")
    runnable = total(t, "runnable_ns")
    rq = runnable / (n * ROUNDS) / 1e3
    # the wait from wakeup to first run, without waits after a preemption
    woke = (runnable - total(t, "preempted_ns")) / (n * ROUNDS) / 1e3
    svscenario.log(f"{n} threads: mean run-queue wait per thread per tick {rq:.0f} us"
               f" ({woke:.0f} us of it after the wakeup),"
               f" scenario's mean lateness {run.num('mean_late_us'):.0f} us")
    busy = run.others_cpu_ms > 0.1 * run.summary["duration_ns"] / 1e6
    return rq, woke, vol, run.num("mean_late_us"), busy


rq_few, woke_few, vol_few, late_few, busy_few = measure(FEW)
rq_many, woke_many, vol_many, late_many, busy_many = measure(MANY)
# n threads of equal work woken together on c CPUs wait on average about
# (n / c - 1) / 2 pieces of work: proportional to n, so MANY/FEW = 8 times
# more. Require the geometric midpoint between no growth and that.
# Other programs on the CPUs (svscenario.run_quiet() measures them) add waits
# that do not grow with the count and flatten the ratio: then only growth is
# claimed.
need = math.sqrt(MANY / FEW) if not (busy_few or busy_many) else 1.0
check(rq_many > need * rq_few,
      f"run-queue delay grows with the count: {rq_many:.0f} us > {need:.1f} x {rq_few:.0f} us"
      + (" (other programs had the CPUs: growth only)" if need == 1.0 else ""))
# The threads' own lateness (clock read on first run after the tick, minus
# the tick) contains the trace's wait from wakeup to first run, plus costs
# that do not grow with the count (timer expiry, the wakeup itself): it must
# grow, and it must be at least that wait (10% for the clock reads). Waits
# after a preemption come after the lateness was taken, so they are left out.
check(late_many > late_few,
      f"the threads' own lateness grows too: {late_many:.0f} us > {late_few:.0f} us")
for n, woke, late in ((FEW, woke_few, late_few), (MANY, woke_many, late_many)):
    check(late >= 0.9 * woke,
          f"{n} threads: their own lateness {late:.0f} us covers the traced wakeup-to-run wait {woke:.0f} us")
check(vol_many > vol_few, f"switches grow: {vol_many} > {vol_few}")

# the defaults run to completion too (rusage identity and lost events are
# checked for every run)
measure_defaults = svscenario.run_traced("many_threads")
check(len(measure_defaults.tasks("tick-")) == measure_defaults.num("threads"), "defaults: a lane per thread")
