#!/usr/bin/env python3
"""deadlock: both lockers stay in futex wait until the scenario gives up,
says so and exits 3; with --ordered they finish and it exits 0."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check

run = svscenario.run_traced("deadlock", expect_rc=3)
check(run.results.get("deadlock") == "yes", "the scenario reports the deadlock")
stuck = run.num("stuck_ms")
check(stuck > 0, f"it measured how long both were stuck ({stuck:.0f} ms)")
for name in ("locker-a", "locker-b"):
    t = run.named(name)
    fw = t["futex_wait_ns"] / 1e6
    # each went to sleep soon after announcing its second lock, and slept
    # until the process ended after the report: the stuck time less what it
    # spent runnable or on a CPU on the way to the sleep (on a loaded
    # machine a preemption there lasts milliseconds: seen 4 ms)
    slack = (t["runnable_ns"] + t["on_cpu_ns"]) / 1e6
    check(fw >= stuck - slack - 1.0,
          f"{name}: futex wait {fw:.0f} ms covers the stuck time {stuck:.0f} ms"
          f" less its runnable+on CPU {slack:.1f} ms")
    check(t["run_ns"] / 1e6 < 0.05 * stuck, f"{name}: barely ran while stuck ({t['run_ns'] / 1e6:.1f} ms)")

run = svscenario.run_traced("deadlock", "--ordered", expect_rc=0)
check(run.results.get("deadlock") == "no", "--ordered: no deadlock")
