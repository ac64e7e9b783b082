#!/usr/bin/env python3
"""thread_pool: a pool creates W threads for T tasks, --per-task creates T;
every thread ends with a voluntary switch of its own, so the per-task run
makes at least T voluntary switches while the pool makes fewer than T."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total

pool = svscenario.run_traced("thread_pool")
tasks = int(pool.num("tasks"))
created = int(pool.num("threads_created"))
threads = pool.tasks("pool-")
check(len(threads) == created, f"pool: lanes of pool threads {len(threads)} == threads created {created}")
check(all(t["kind"] == "thread" for t in pool.summary["tasks"] if t["tid"] != pool.summary["target"]["pid"]),
      "pool: every other task is a thread of the target")
pool_vol = total(pool.summary["tasks"], "voluntary_switches")
check(pool_vol < tasks, f"pool: {pool_vol} voluntary switches for {tasks} tasks (fewer than one per task)")

per = svscenario.run_traced("thread_pool", "--per-task")
created = int(per.num("threads_created"))
threads = per.tasks("task-")
check(created == tasks, f"per-task: one thread per task ({created})")
check(len(threads) == created, f"per-task: lanes {len(threads)} == threads created {created}")
check(all(t["exited"] for t in threads), "per-task: every task thread exited")
per_vol = total(per.summary["tasks"], "voluntary_switches")
check(per_vol >= tasks, f"per-task: {per_vol} voluntary switches >= one exit switch per task ({tasks})")
check(per_vol > pool_vol, f"per-task switches {per_vol} > pool switches {pool_vol}")
