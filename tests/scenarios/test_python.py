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
- py-cpu-bound: threads ran no more than one CPU's worth; a switch interval
  ten times longer makes the threads' waits on the GIL (the trace) at least
  three times rarer; forked processes wanted more than one CPU at once, and
  each one's run time, run-queue delay and times on a CPU equal its final
  schedstat (printed by the parent before the reap).
- py-io-threads: the threads' sleeps in the trace add up to well over the
  wall time (they overlapped), each within what the thread measured itself.
- py-asyncio: a hundred coroutines, one lane; a coroutine calling
  time.sleep() makes the heartbeat as late as the sleep (its own timer),
  which the trace shows as sleep; one computing as long, as run time (or
  waiting for a CPU) in the trace.
- py-pool: three pool lanes; the wall time is the waves of sleeps (its own
  clock); each pool thread sleeps a wave's worth per task it ran (the
  trace); the main thread's futex wait in the trace is its own measured wait
  in submit(), result() and shutdown().
- py-multiprocessing: a shared Value loses updates without its lock and none
  with it (its own counts), the locked adders then wait in futex waits on
  the process-shared semaphore (the trace); a Queue's producer has a second
  lane, its feeder thread; a Pipe's echo process and a Manager dict's
  writer sleep once per round trip, at least every other one (a process
  preempted between its send and its recv finds the reply there); spawn's
  processes spend over twice the CPU time fork's do getting to their own
  code (each child's CPU clock, read as its first act).
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


def cpu_bound():
    th = svscenario.run_quiet("py-cpu-bound")
    w = th.tasks("cpu-")
    own_clocks(th, w)
    wall = th.num("wall_ms")
    if CPUS >= 2:
        r = total(w, "run_ns") / 1e6
        check(r <= MID * wall, f"py-cpu-bound threads: summed run time {r:.0f} ms <= {MID} x "
              f"wall {wall:.0f} ms")
    n5 = sum(gil_waits(t)[0] for t in w)
    slow = svscenario.run_quiet("py-cpu-bound", "--switch-interval=50")
    n50 = sum(gil_waits(t)[0] for t in slow.tasks("cpu-"))
    # ten times fewer hand-offs; each thread's start and end add a few
    # waits either way, so at least three times fewer waits
    check(n50 * 3 <= n5, f"py-cpu-bound: waits on the GIL with a 50 ms switch interval {n50}, "
          f"at least three times fewer than with 5 ms ({n5})")
    if CPUS < 2:
        return
    pr = svscenario.run_quiet("py-cpu-bound", "--mode=processes")
    wp = pr.tasks("cpu-")
    check(len(wp) == CPUS and all(t["kind"] == "process" for t in wp),
          f"py-cpu-bound processes: {CPUS} worker processes")
    own_clocks(pr, wp)
    d, wall = svscenario.demand_ms(wp), pr.num("wall_ms")
    check(d >= MID * wall, f"py-cpu-bound processes: they wanted {d:.0f} ms of CPU (run + "
          f"run-queue delay) in {wall:.0f} ms, >= {MID} x: at once")
    check(sum(1 for k in pr.results if k.startswith("schedstat_")) == CPUS,
          "py-cpu-bound processes: every worker's final schedstat printed (and equal, above)")


def io_threads():
    run = svscenario.run_quiet("py-io-threads")
    w = run.tasks("io-")
    wall, longest, summed = run.num("wall_ms"), run.num("longest_blocked_ms"), run.num("sum_blocked_ms")
    check(len(w) == int(run.num("threads")), "py-io-threads: a lane per thread")
    check(wall < (longest + summed) / 2, f"py-io-threads: wall {wall:.0f} ms < midpoint of the "
          f"longest wait {longest:.0f} ms and their sum {summed:.0f} ms")
    slept = total(w, "sleep_ns") / 1e6
    check(slept > 1.5 * wall, f"py-io-threads: the threads' sleep in the trace {slept:.0f} ms > "
          f"1.5 x wall {wall:.0f} ms: they slept at the same time")
    for t in w:
        b, sl = run.num(f"{t['comm']}_blocked_ms"), t["sleep_ns"] / 1e6
        slack = (t["runnable_ns"] + t["on_cpu_ns"] + t["futex_wait_ns"]) / 1e6
        check(b - slack - 1.0 <= sl <= b + 1.0, f"{t['comm']}: sleep in the trace {sl:.1f} ms is "
              f"its measured wait {b:.1f} ms, less its runnable, running and GIL time {slack:.1f} ms")


def asyncio_demo():
    run = svscenario.run_quiet("py-asyncio")
    own = run.tasks(tgid=run.summary["target"]["pid"])
    check(len(own) == 1, f"py-asyncio: {run.num('tasks'):.0f} coroutines, one lane ({len(own)})")
    check(run.num("beat_late_max_ms") < 100, f"py-asyncio: no beat over 100 ms late "
          f"({run.num('beat_late_max_ms'):.1f} ms)")
    sl = svscenario.run_quiet("py-asyncio", "--block=sleep")
    b = sl.num("blocked_ms")
    check(sl.num("beat_late_max_ms") >= 0.9 * b, f"py-asyncio --block=sleep: a beat came "
          f"{sl.num('beat_late_max_ms'):.0f} ms late, about the {b:.0f} ms time.sleep()")
    t = sl.leader()
    check(t["sleep_ns"] / 1e6 >= b - 1.0, f"py-asyncio --block=sleep: the thread slept "
          f"{t['sleep_ns'] / 1e6:.0f} ms in the trace, at least the {b:.0f} ms blocked")
    cpu = svscenario.run_quiet("py-asyncio", "--block=cpu")
    b = cpu.num("blocked_ms")
    t = cpu.leader()
    busy = (t["run_ns"] + t["run_delay_ns"]) / 1e6
    check(cpu.num("beat_late_max_ms") >= 0.9 * b, f"py-asyncio --block=cpu: a beat came "
          f"{cpu.num('beat_late_max_ms'):.0f} ms late, about the {b:.0f} ms loop")
    check(busy >= b - 1.0, f"py-asyncio --block=cpu: the thread ran or waited for a CPU "
          f"{busy:.0f} ms (the kernel's run time and run-queue delay), at least the {b:.0f} ms loop")


def pool():
    run = svscenario.run_quiet("py-pool")
    w = run.tasks("pool-")
    n, waves, sl = int(run.num("workers")), run.num("waves"), run.num("sleep_ms")
    wall = run.num("wall_ms")
    check(len(w) == n, f"py-pool: {n} pool lanes ({len(w)})")
    check(waves * sl <= wall < (waves + 1) * sl, f"py-pool: wall {wall:.0f} ms is {waves:.0f} "
          f"waves of {sl:.0f} ms sleeps")
    slept = total(w, "sleep_ns") / 1e6
    want = run.num("tasks") * sl
    # a sleep's state begins at the switch-out inside time.sleep() and ends
    # at the timer's wakeup: a few us either way of the 200 ms, the timer's
    # slack after
    check(want - run.num("tasks") * 1.0 <= slept <= want + run.num("tasks") * 2.0,
          f"py-pool: the pool threads slept {slept:.0f} ms in the trace, the tasks' "
          f"{run.num('tasks'):.0f} x {sl:.0f} ms (-1 to +2 ms each)")
    svscenario.check_futex_matches(run.leader(), run.num("main_waited_ms"),
                                   "its measured wait in submit(), result() and shutdown()")


def multiprocessing_demo():
    fk = svscenario.run_quiet("py-multiprocessing")
    check(fk.num("value_lost") > 0, f"py-multiprocessing: two processes lost "
          f"{fk.num('value_lost'):.0f} updates of a Value without its lock")
    check(fk.num("locked_lost") == 0, "py-multiprocessing: none with get_lock()")
    locked = fk.tasks("locked-")
    check(len(locked) == 2 and sum(t["futex_waits"] for t in locked) > 0,
          f"py-multiprocessing: the locked adders waited on the semaphore in futex waits "
          f"({[t['futex_waits'] for t in locked]})")
    # the feeder thread takes the name its creator had: producer too
    lanes = fk.tasks("producer")
    check(len(lanes) == 2 and len({t["tgid"] for t in lanes}) == 1 and
          sorted(t["kind"] for t in lanes) == ["process", "thread"],
          f"py-multiprocessing: the Queue's producer process has two lanes, its feeder "
          f"thread beside it ({[(t['tid'], t['kind']) for t in lanes]})")
    echo = fk.named("echo")
    trips = fk.num("trips")
    # a process preempted between its send and its next recv finds the reply
    # there and does not sleep: at least half the trips sleep, not all
    check(echo["voluntary_switches"] >= trips / 2, f"py-multiprocessing: the Pipe's echo "
          f"process slept {echo['voluntary_switches']} times for {trips:.0f} round trips")
    writer = fk.named("writer")
    writes = fk.num("writes")
    check(fk.num("manager_keys") == writes and writer["voluntary_switches"] >= writes / 2,
          f"py-multiprocessing: the Manager dict's writer slept {writer['voluntary_switches']} "
          f"times for {writes:.0f} writes (a round trip each)")
    sp = svscenario.run_quiet("py-multiprocessing", "--start=spawn")
    parts = ("value", "locked", "queue", "pipe", "manager")
    # CPU time, not wall time: a busy machine stretched fork's start to 599 ms
    # of wall time against spawn's 720 (each child's CPU clock at its first act)
    f_ms = sum(fk.num(f"{p}_start_cpu_ms") for p in parts)
    s_ms = sum(sp.num(f"{p}_start_cpu_ms") for p in parts)
    check(s_ms > 2 * f_ms, f"py-multiprocessing: spawn's processes spent {s_ms:.0f} ms of "
          f"CPU starting, fork's {f_ms:.0f} ms")
    check(sp.num("locked_lost") == 0 and len(sp.tasks("value-")) == 2,
          "py-multiprocessing --start=spawn: the same parts, named lanes")


gil_race()
convoy()
multiprocessing_demo()
pool()
cpu_bound()
io_threads()
asyncio_demo()
hash_parallel()
