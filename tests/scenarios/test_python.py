#!/usr/bin/env python3
"""The Python demonstrations (scenarios/python/, run by /usr/bin/python3):
each claim from the trace against what the program measured itself (its
counts, its timers, its threads' own CPU clocks) and the kernel's rusage
(run_traced() checks the switch counts and run time of every run).

- py-gil-race: `+= int(1)` loses updates (the program's count) although the
  GIL let one thread run Python at a time (the trace: the threads' summed run
  time within one CPU's worth of wall time, waits on the lock named as the
  GIL); --lock loses none; --plain loses none on CPython 3.11.
- py-convoy: beside a CPU-bound thread, most of the I/O thread's round-trip
  time (its own timer) is futex waiting on the GIL in the trace; alone it
  hardly waits for the GIL and its median trip is several times shorter.
- py-hash-parallel: hashlib threads wanted more than one CPU at once (run
  time plus run-queue delay, the kernel's, beyond the wall time); pure
  Python threads ran no more than one CPU's worth and waited on the GIL."""
import os
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total

CPUS = len(os.sched_getaffinity(0))
MID = (1 + min(2, CPUS)) / 2      # between one CPU's worth (1) and two


def gil_waits(t):
    """(waits, ms) of task t's futex waits on words named as the GIL."""
    g = [l for l in t["futex_locks"] if (l["name"] or "").startswith("GIL ")]
    return sum(l["waits"] for l in g), sum(l["wait_ns"] for l in g) / 1e6


def own_clocks(run, tasks):
    for t in tasks:
        svscenario.check_run_after_cpu_clock(t, run.num(f"{t['comm']}_cpu_ms"), "its own CPU clock")


def gil_race():
    run = svscenario.run_quiet("py-gil-race")
    inc = run.tasks("inc-")
    n, wall = int(run.num("threads")), run.num("wall_ms")
    check(len(inc) == n and all(t["kind"] == "thread" for t in inc),
          f"py-gil-race: {n} lanes named inc-N (prctl through ctypes)")
    check(run.num("lost") > 0, f"py-gil-race: `+= int(1)` lost {run.num('lost'):.0f} of "
          f"{run.num('expected'):.0f} updates")
    own_clocks(run, inc)
    if CPUS >= 2:
        r = total(inc, "run_ns") / 1e6
        check(r <= MID * wall, f"py-gil-race: the threads' summed run time {r:.0f} ms <= "
              f"{MID} x wall {wall:.0f} ms: one ran Python at a time")
    waited = [t for t in inc if gil_waits(t)[0] > 0]
    check(len(waited) == n, f"py-gil-race: every thread waited on the lock named as the GIL "
          f"({len(waited)} of {n})")
    # a contended threading.Lock costs about 1 us an increment: fewer of them
    locked = svscenario.run_traced("py-gil-race", "--lock", "--iterations=200000")
    check(locked.num("lost") == 0, "py-gil-race --lock: no update lost")
    plain = svscenario.run_traced("py-gil-race", "--plain")
    if plain.results.get("python", "").startswith("3.11."):
        check(plain.num("lost") == 0, "py-gil-race --plain: no update lost on CPython 3.11")
    else:
        svscenario.log(f"py-gil-race --plain on CPython {plain.results.get('python')}: "
                       f"lost {plain.num('lost'):.0f} (not claimed)")


def convoy():
    run = svscenario.run_quiet("py-convoy")
    io = run.named("io-1")
    own_clocks(run, [io, run.named("cpu-1")])
    trips, total_ms = run.num("trips"), run.num("trip_total_ms")
    n, ms = gil_waits(io)
    svscenario.log(f"py-convoy: io-1 waited on the GIL {n} times, {ms:.1f} ms; its {trips:.0f} "
                   f"trips took {total_ms:.1f} ms (median {run.num('trip_median_ms'):.2f} ms)")
    check(ms >= 0.5 * total_ms, f"py-convoy: io-1's GIL waits in the trace {ms:.1f} ms are most "
          f"of its measured round trips {total_ms:.1f} ms")
    check(ms <= run.num("wall_ms") + 1.0, "py-convoy: io-1's GIL waits lie within the run")
    check(n >= trips / 2, f"py-convoy: io-1 waited on the GIL {n} times for {trips:.0f} trips")
    alone = svscenario.run_quiet("py-convoy", "--alone")
    a_io = alone.named("io-1")
    a_n, a_ms = gil_waits(a_io)
    a_total = alone.num("trip_total_ms")
    # alone, io-1 meets the GIL held only around its own start (the main
    # thread's), a few ms at most
    check(a_ms <= 0.25 * a_total and a_ms < 0.2 * ms,
          f"py-convoy --alone: io-1's GIL waits {a_ms:.2f} ms are a small part of its round "
          f"trips {a_total:.1f} ms and under a fifth of those beside cpu-1 ({ms:.1f} ms)")
    check(run.num("trip_median_ms") >= 3 * alone.num("trip_median_ms"),
          f"py-convoy: median trip {run.num('trip_median_ms'):.2f} ms beside cpu-1 >= 3 x "
          f"{alone.num('trip_median_ms'):.2f} ms alone")


def hash_parallel():
    if CPUS < 2:
        svscenario.log("one CPU: py-hash-parallel's parallelism not checked")
        return
    run = svscenario.run_quiet("py-hash-parallel")
    h = run.tasks("hash-")
    own_clocks(run, h)
    wall, d = run.num("wall_ms"), svscenario.demand_ms(h)
    check(d >= MID * wall, f"py-hash-parallel hashlib: the threads wanted {d:.0f} ms of CPU "
          f"(run + run-queue delay) in {wall:.0f} ms of wall time, >= {MID} x: at once")
    py = svscenario.run_quiet("py-hash-parallel", "--work=python")
    hp = py.tasks("hash-")
    own_clocks(py, hp)
    wall, r = py.num("wall_ms"), total(hp, "run_ns") / 1e6
    check(r <= MID * wall, f"py-hash-parallel python: the threads' summed run time {r:.0f} ms "
          f"<= {MID} x wall {wall:.0f} ms")
    check(all(gil_waits(t)[0] > 0 for t in hp), "py-hash-parallel python: every thread waited "
          "on the GIL")


gil_race()
convoy()
hash_parallel()
