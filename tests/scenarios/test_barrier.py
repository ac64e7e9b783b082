#!/usr/bin/env python3
"""barrier: each phase the quick threads wait for the slowest: the thread
with the least work waits the most, and the trace's futex waits match the
waits each thread measured at the barrier."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total

run = svscenario.run_traced("barrier")
n, phases = int(run.num("threads")), int(run.num("phases"))
w = [run.named(f"phase-{i}") for i in range(1, n + 1)]
for t in w:
    svscenario.check_futex_matches(t, run.num(f"{t['comm']}_waited_ms"), "its measured barrier wait")
if n >= 2:
    # phase-1 has 1 unit of work per phase, phase-N has N: phase-1 arrives
    # first and waits for the others every phase.
    check(w[0]["futex_wait_ns"] > w[-1]["futex_wait_ns"],
          f"phase-1 waits longer ({w[0]['futex_wait_ns'] / 1e6:.0f} ms) than phase-{n}"
          f" ({w[-1]['futex_wait_ns'] / 1e6:.0f} ms)")
    check(w[0]["futex_waits"] >= phases - 1, f"phase-1 sleeps at nearly every barrier ({w[0]['futex_waits']})")
    check(total(w, "futex_waits") >= phases, "someone sleeps at every phase")
