#!/usr/bin/env python3
"""event: the waiters sleep in futex waits until each broadcast, as long as
they measured; after it they all become runnable together and queue for the
CPUs."""
import sys
sys.dont_write_bytecode = True
import os
import svscenario
from svscenario import check, total

run = svscenario.run_traced("event")
n, rounds = int(run.num("waiters")), int(run.num("rounds"))
work_ms = 0.5                       # the scenario's default --work-us
w = run.tasks("waiter-")
check(len(w) == n, f"one lane per waiter ({n})")
check(len(run.tasks("setter")) == 1, "the setter has a lane")
for t in w:
    check(t["futex_waits"] >= rounds, f"{t['comm']}: sleeps at least once per round ({t['futex_waits']})")
    svscenario.check_futex_matches(t, run.num(f"{t['comm']}_waited_ms"), "its measured event wait")
# After a broadcast n waiters need work_ms each on c CPUs: whatever the
# order, the i-th to get a CPU has waited at least (i // c) x work_ms, so the
# run-queue waits of a round sum to at least work_ms x sum(i // c).
c = len(os.sched_getaffinity(0))
floor_ms = rounds * work_ms * sum(i // c for i in range(n))
rq_ms = total(w, "runnable_ns") / 1e6
check(rq_ms >= 0.5 * floor_ms,
      f"waiters queued for CPUs after the broadcasts: {rq_ms:.1f} ms >= half of {floor_ms:.1f} ms")
