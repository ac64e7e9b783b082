#!/usr/bin/env python3
"""threads_vs_processes: N forked processes finish about min(N, CPUs) times
faster than serial; N threads under the GIL are no faster than serial. The
times are the scenario's; the trace shows who ran at once; its run times are
the kernel's, checked against the workers' own CPU clocks and the children's
rusage."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total

run = svscenario.run_quiet("threads_vs_processes")
n = int(run.num("workers"))
p = int(run.num("speedup_processes_ideal"))     # min(workers, CPUs)
serial, threads, procs = run.num("serial_ms"), run.num("threads_ms"), run.num("processes_ms")
mid = (1 + p) / 2      # between "no faster than serial" (1) and ideal (p)

procs_t = run.tasks("proc-worker-")
threads_t = run.tasks("gil-worker-")
serial_t = run.named("serial")
check(len(procs_t) == n and all(t["kind"] == "process" for t in procs_t),
      f"{n} worker processes with their own TGID")
check(len({t["tgid"] for t in procs_t}) == n, "each worker process has its own TGID")
check(len(threads_t) == n and all(t["kind"] == "thread" for t in threads_t), f"{n} GIL threads")

if p >= 2:
    # A speed-up (wall clock against wall clock) needs free CPUs: checked
    # when the kernel says the serial task and the workers hardly waited for
    # one (run-queue delay under a tenth of their run time). With other
    # programs on the CPUs the checks below, on the kernel's figures, stand
    # alone: the processes were ready to run at once (svscenario.demand_ms),
    # the GIL threads never ran at once.
    pq = svscenario.queued_ms(procs_t)
    everyone = procs_t + threads_t + [serial_t]
    q_all, run_all = svscenario.queued_ms(everyone), total(everyone, "run_ns") / 1e6
    if q_all <= 0.1 * run_all:
        check(serial / procs >= mid, f"processes: speed-up {serial / procs:.2f} >= {mid} (ideal {p})")
        check(serial / threads <= mid, f"GIL threads: speed-up {serial / threads:.2f} <= {mid}")
    else:
        svscenario.log(f"the phases waited {q_all:.0f} ms for CPUs other programs had (run "
                       f"{run_all:.0f} ms): speed-ups {serial / procs:.2f} (processes) and "
                       f"{serial / threads:.2f} (GIL threads) not checked")
    # The kernel's view of the same: the processes' CPU time (their own CPU
    # clocks) and their waits for a CPU add up to more than their wall time
    # allows one CPU, and their lanes lie inside that wall time; the GIL
    # threads' running in the trace adds up to no more than one CPU's worth.
    pcpu = sum(run.num(f"proc-worker-{i}_cpu_ms") for i in range(1, n + 1))
    check(pcpu + pq >= mid * procs,
          f"processes' summed CPU time {pcpu:.0f} ms + {pq:.0f} ms queued >= {mid} x their "
          f"wall {procs:.0f} ms")
    for t in procs_t:
        life = svscenario.lifetime_ns(t) / 1e6
        check(life <= procs + 1.0, f"{t['comm']} lived {life:.0f} ms, within the phase's {procs:.0f} ms")
    trun = total(threads_t, "run_ns") / 1e6
    check(trun <= mid * threads, f"GIL threads' summed run {trun:.0f} ms <= {mid} x their wall {threads:.0f} ms")
else:
    svscenario.log("one CPU: speed-ups not checked")

check(svscenario.lifetime_ns(serial_t) / 1e6 <= serial + 1.0, "the serial lane lies within the serial phase")
# The threads' run time against their own CPU clocks (CLOCK_THREAD_CPUTIME_ID:
# the kernel's sum_exec_runtime at the read), each read as the thread's last
# act: from below exactly, from above by the exit path only.
svscenario.check_run_after_cpu_clock(serial_t, run.num("serial_cpu_ms"), "its own CPU clock")
for t in threads_t:
    svscenario.check_run_after_cpu_clock(t, run.num(f"{t['comm']}_cpu_ms"), "its own CPU clock")
# The kernel's own accounting of each worker process: its CPU time
# (CLOCK_PROCESS_CPUTIME_ID of a one-thread process: its sum_exec_runtime)
# read by the worker as its last act, and the children's wait4 rusage
# (utime + stime add up to their final sum_exec_runtime). The trace's run
# time is the same kernel figure: exact against both.
for i, t in enumerate(sorted(procs_t, key=lambda t: t["comm"]), 1):
    svscenario.check_run_after_cpu_clock(t, run.num(f"proc-worker-{i}_cpu_ms"),
                                         "its own CPU clock")
ru = run.num("children_utime_ms") + run.num("children_stime_ms")
svscenario.check_run_is_rusage(procs_t, ru, "worker processes")
