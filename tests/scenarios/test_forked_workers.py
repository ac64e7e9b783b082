#!/usr/bin/env python3
"""forked_workers: W worker processes (separate TGIDs, children of the
target) share the tasks; the shared-memory counter is exact; the workers'
run time in the trace equals their rusage; the parent waits in pipe reads."""
import sys
sys.dont_write_bytecode = True
import os
import svscenario
from svscenario import check, total

run = svscenario.run_traced("forked_workers")
n = int(run.num("workers"))
tasks = run.num("tasks_sent")
pid = run.summary["target"]["pid"]
w = run.tasks("mp-worker-")
check(len(w) == n, f"one lane per worker process ({len(w)} == {n})")
check(all(t["kind"] == "process" and t["tgid"] == t["tid"] and t["exited"] for t in w),
      "workers are processes of their own (TGID == TID) and exited")
check(len({t["tgid"] for t in w} | {pid}) == n + 1, "every worker has a TGID apart from the parent's")
check(all(t["ppid"] == pid for t in w), "every worker's parent is the target")

check(run.num("results_received") == tasks, "every task came back")
check(run.num("shared_counter") == tasks, "the process-shared counter is exact")
check(sum(run.num(f"mp-worker-{i}_tasks") for i in range(1, n + 1)) == tasks,
      "per-worker task counts add up")

ru = run.num("children_utime_ms") + run.num("children_stime_ms")
# wait4 rusage: utime + stime add up to the children's final
# sum_exec_runtime, which the trace's run time is (svscenario.py)
svscenario.check_run_is_rusage(w, ru, "worker processes")
# they computed at the same time: more CPU time than the parent's wall time,
# counting the time they waited on a run queue while other programs had the
# CPUs (the kernel's run_delay; svscenario.demand_ms)
if len(os.sched_getaffinity(0)) >= 2:
    q = svscenario.queued_ms(w)
    check(ru + q > run.num("wall_ms"),
          f"the workers computed in parallel ({ru:.0f} ms of CPU + {q:.0f} ms queued for one "
          f"in {run.num('wall_ms'):.0f} ms)")

# The parent only blocks in read() on the result pipe and in waitpid(), both
# interruptible sleeps, and measured both.
parent = run.leader()
blocked = run.num("parent_blocked_ms")
s = parent["sleep_ns"] / 1e6
slack = (parent["runnable_ns"] + parent["on_cpu_ns"]) / 1e6
check(s <= blocked + 1.0, f"parent's sleep in the trace {s:.0f} ms <= its measured wait {blocked:.0f} ms")
check(s >= blocked - slack - 1.0,
      f"parent's sleep in the trace {s:.0f} ms >= its measured wait {blocked:.0f} ms - runnable+on CPU")
