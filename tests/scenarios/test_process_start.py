#!/usr/bin/env python3
"""process_start: a thread is the cheapest worker to start, a forked process
and a new program (posix_spawn + exec) cost more (the least of each kind's
starts, by the program's own clock); the trace holds every one of them (a
thread-w thread, a fork-w process and a `true` process per start), and the
kernel's run time of a spawned program's process exceeds a forked child's:
the exec and the loader's work."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total

run = svscenario.run_quiet("process_start")
n = int(run.num("thread_count"))
threads, forks, spawns = run.tasks("thread-w"), run.tasks("fork-w"), run.tasks("true")
check(len(threads) == n and all(t["kind"] == "thread" for t in threads), f"{n} thread lanes")
check(len(forks) == n and all(t["kind"] == "process" for t in forks), f"{n} forked processes")
check(len(spawns) == n and all(t["kind"] == "process" for t in spawns),
      f"{n} spawned processes, renamed true by their exec")
# The least of each kind's 200 starts, not the mean: beside stress-ng a
# clean-clone run's means put fork (6192 us) over spawn (4497 us). A thread
# is cheapest by a factor of 30 or more, however busy the machine. Fork
# against spawn is printed, not asserted: on this VM a fork's page-table
# copy costs milliseconds (3.4-4.3 ms at least, beside stress-ng), close to
# what posix_spawn + exec costs, and their order flips with the load.
t_us, f_us, s_us = run.num("thread_min_us"), run.num("fork_min_us"), run.num("spawn_min_us")
check(t_us < f_us and t_us < s_us, f"the cheapest start of each: thread {t_us:.0f} us < "
      f"fork {f_us:.0f} us and < posix_spawn + exec {s_us:.0f} us")
fr, sr = total(forks, "run_ns") / n / 1e3, total(spawns, "run_ns") / n / 1e3
check(sr > fr, f"a spawned program's process ran {sr:.0f} us (the kernel's run time), more than "
      f"a forked child's {fr:.0f} us: the exec and the loader")
