#!/usr/bin/env python3
"""gil_io: threads release the GIL around blocking I/O, so their waits
overlap: the wall time is close to the longest wait, not the sum; with
--hold (the GIL kept across the wait) they come one at a time."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total

run = svscenario.run_quiet("gil_io")
n = int(run.num("threads"))
wall = run.num("wall_ms")
longest = run.num("longest_blocked_ms")
summed = run.num("sum_blocked_ms")
w = run.tasks("gil-worker-")
check(len(w) == n, f"one lane per worker ({len(w)} == {n})")
check(len(run.tasks("io-feeder")) == 1, "the io-feeder thread has a lane")

# Serialised waits would take at least their sum; overlapping ones about the
# longest. The midpoint separates the two.
check(wall >= longest, f"wall {wall:.0f} ms >= the longest wait {longest:.0f} ms")
check(wall < (longest + summed) / 2,
      f"wall {wall:.0f} ms < midpoint of longest {longest:.0f} and sum {summed:.0f} ms")

# The kernel's view: more sleeping time than wall time exists only if the
# workers slept at the same time.
sleep_ms = total(w, "sleep_ns") / 1e6
check(sleep_ms > 1.5 * wall,
      f"summed sleep in the trace {sleep_ms:.0f} ms > 1.5 x wall {wall:.0f} ms: the waits overlap")
for t in w:
    blocked = run.num(f"{t['comm']}_blocked_ms")
    s = t["sleep_ns"] / 1e6
    slack = (t["runnable_ns"] + t["on_cpu_ns"]) / 1e6
    check(s <= blocked + 1.0, f"{t['comm']}: trace sleep {s:.0f} ms <= measured I/O wait {blocked:.0f} ms")
    check(s >= blocked - slack - 1.0,
          f"{t['comm']}: trace sleep {s:.0f} ms >= measured I/O wait {blocked:.0f} ms - runnable+on CPU")
# Between I/O waits the workers queue for the GIL: a futex sleep inside the
# time each measured around its GIL acquisitions.
for t in w:
    svscenario.check_futex_matches(t, run.num(f"{t['comm']}_gil_wait_ms"), "its measured GIL wait")

# --hold: the GIL kept across the wait. Only its holder can be blocked, so
# the waits come one after another: the program's own figures sum to no
# more than the wall time, and in the trace the workers' sleeps (disjoint,
# each inside its holder's turn) add up to no more than the wall time. The
# run takes longer than with the GIL dropped: what dropping it buys.
held = svscenario.run_quiet("gil_io", "--hold")
hw = held.tasks("gil-worker-")
hwall = held.num("wall_ms")
check(held.num("sum_blocked_ms") <= hwall, f"--hold: the waits {held.num('sum_blocked_ms'):.0f} ms "
      f"add up within the wall {hwall:.0f} ms: one at a time")
hs = total(hw, "sleep_ns") / 1e6
check(hs <= hwall + 1.0, f"--hold: the workers' sleep in the trace {hs:.0f} ms <= wall "
      f"{hwall:.0f} ms: never two asleep at once")
check(hwall > 1.5 * wall, f"--hold: wall {hwall:.0f} ms > 1.5 x {wall:.0f} ms with the GIL dropped")
