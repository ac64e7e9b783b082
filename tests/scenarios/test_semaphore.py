#!/usr/bin/env python3
"""semaphore: at most N workers hold a permit at once. Holding means
sleeping, so the trace's summed sleep cannot exceed N x wall; the rest
queue in futex waits, as long as the scenario measured."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total

run = svscenario.run_traced("semaphore")
permits = run.num("permits")
wall = run.num("wall_ms")
w = run.tasks("sem-worker-")
check(len(w) == run.num("workers"), f"one lane per worker ({len(w)})")
check(run.num("max_holders") == permits, f"at most, and at some point exactly, {permits:.0f} holders")
check(wall >= run.num("wall_ms_if_permits_always_busy"),
      "the run lasts at least workers x rounds x hold / permits")
sleep_ms = total(w, "sleep_ns") / 1e6
check(sleep_ms <= permits * wall,
      f"summed sleep with a permit {sleep_ms:.0f} ms <= permits x wall {permits * wall:.0f} ms")
held = sum(run.num(f"{t['comm']}_held_ms") for t in w)
check(sleep_ms <= held + len(w), f"trace sleep {sleep_ms:.0f} ms <= measured holding {held:.0f} ms")
for t in w:
    svscenario.check_futex_matches(t, run.num(f"{t['comm']}_waited_ms"), "its measured sem_wait")
    # holding a permit is a nanosleep: the trace's sleep covers the measured
    # holding but for time runnable or on a CPU inside it (as for futex waits)
    s = t["sleep_ns"] / 1e6
    held_t = run.num(f"{t['comm']}_held_ms")
    slack = (t["runnable_ns"] + t["on_cpu_ns"]) / 1e6
    check(s >= held_t - slack - 1.0,
          f"{t['comm']}: trace sleep {s:.0f} ms >= its measured holding {held_t:.0f} ms"
          f" - runnable+on CPU {slack:.0f} ms")
