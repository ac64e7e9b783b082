"""svscenario - what every scenario test shares, on top of svtest (tests/lib).

A scenario test runs `$SCHEDVIZ run --json NAME ARGS` as root, reads the
summary JSON from stdout and the scenario's own "key: value" result lines
from stderr (under --json the target's stdout goes to schedviz's stderr),
checks what holds for every run (the kernel's rusage identity, no lost
events, the exit status) and hands both to the test, which compares the
trace against figures the scenario or the kernel measured on its own.

Exit codes follow meson: 0 pass, 1 fail, 77 skip (BPF truly unavailable).
"""

import json
import os
import re
import subprocess
import sys

from svtest import check_rusage_identity, fail, need_bpf

RESULT_LINE = re.compile(r"^([A-Za-z0-9_.-]+): (.*)$")


def log(msg):
    print(msg, flush=True)


def check(cond, msg):
    """Fail with msg unless cond; log it as a passed check otherwise."""
    if not cond:
        fail(msg)
    log(f"ok: {msg}")


def build_dir():
    return os.environ.get("SCHEDVIZ_BUILD") or fail("SCHEDVIZ_BUILD is not set (run through meson test)")


def scenario_path(name):
    return os.path.join(build_dir(), "scenarios", name)


def parse_results(text):
    """'key: value' lines -> dict (first occurrence wins; later lines may be
    error messages that start with the program's name)."""
    out = {}
    for line in text.splitlines():
        m = RESULT_LINE.match(line)
        if m:
            out.setdefault(m.group(1), m.group(2).strip())
    return out


class Run:
    """One traced run: .summary (the JSON), .results (the scenario's lines),
    .rc (schedviz's exit status), .stderr."""

    def __init__(self, summary, results, rc, stderr):
        self.summary = summary
        self.results = results
        self.rc = rc
        self.stderr = stderr

    def num(self, key):
        """A numeric result the scenario printed; fails when missing."""
        if key not in self.results:
            fail(f"the scenario printed no '{key}:' line; its output was:\n{self.stderr}")
        return float(self.results[key])

    def tasks(self, prefix=None, tgid=None):
        """Tasks whose comm starts with prefix (and of process tgid)."""
        out = []
        for t in self.summary["tasks"]:
            if prefix is not None and not t["comm"].startswith(prefix):
                continue
            if tgid is not None and t["tgid"] != tgid:
                continue
            out.append(t)
        return out

    def leader(self):
        pid = self.summary["target"]["pid"]
        for t in self.summary["tasks"]:
            if t["tid"] == pid:
                return t
        fail(f"no task for the target's own PID {pid} in the trace")

    def named(self, comm):
        found = [t for t in self.summary["tasks"] if t["comm"] == comm]
        if len(found) != 1:
            fail(f"expected one task named {comm}, found {len(found)}")
        return found[0]


# Run time, two figures (README "What the numbers mean"): run_ns is the
# kernel's own se.sum_exec_runtime, added up from what every switch-out
# reports (exact: it does not depend on seeing the switch-ins); on_cpu_ns is
# the wall clock from switch-in to switch-out, one of the task's disjoint
# states. On this guest kernel sched_switch now and then does not fire when a
# task gets a CPU back; the model rebuilds that run from the switch-out, so
# states stay right up to the few us around it.
#
# Oracles for run_ns: a task's own CPU clock (CLOCK_THREAD_CPUTIME_ID, or
# CLOCK_PROCESS_CPUTIME_ID of a one-thread process) is sum_exec_runtime at the
# read (kernel/sched/core.c: task_sched_runtime()); read as the task's last
# act, the final run_ns is at least that (check_run_after_cpu_clock()); how
# much more has no bound here: this kernel is built without
# CONFIG_IRQ_TIME_ACCOUNTING, so interrupt and softirq work done while a task
# runs is charged to its sum_exec_runtime (a clean-clone run saw a Python
# thread's exit charged 5.09 ms where 0.2-0.5 ms is usual). Over-counting is
# caught exactly elsewhere (test_proc_counts: every thread under SIGSTOP, and
# the leader's final figures). wait4's rusage of reaped children: utime +
# stime add up to their final sum_exec_runtime (kernel/sched/cputime.c:
# cputime_adjust()), to the microsecond (check_run_is_rusage()).

PRINTED_MS = 0.0005     # scenarios print ms with 3 decimals: a read is within this


def lifetime_ns(t):
    """A task's traced life: the sum of its disjoint states (trace_model.h)."""
    return t["on_cpu_ns"] + t["runnable_ns"] + t["sleep_ns"] + t["blocked_ns"] + t["futex_wait_ns"]


def check_run_after_cpu_clock(task, cpu_ms, what):
    """The kernel's run time in the trace of a task that exited against its
    own CPU clock `what`, read as its last act and printed as cpu_ms: the
    final figure is at least the read (how much more has no bound here: see
    above)."""
    r = task["run_ns"] / 1e6
    check(task["exited"] and task["run_ns_from_kernel"],
          f"{task['comm']}: exited, with the kernel's run time in the trace")
    check(cpu_ms - PRINTED_MS <= r,
          f"{task['comm']}: run time in the trace {r:.3f} ms is at least {what} "
          f"{cpu_ms:.3f} ms (+{r - cpu_ms:.3f} ms after the read)")


def check_run_is_rusage(tasks, ru_ms, what):
    """The summed kernel run time in the trace of every reaped child of a
    process (tasks, all exited) against that process's RUSAGE_CHILDREN utime
    + stime, ru_ms: equal but for the two truncations to a microsecond."""
    r = total(tasks, "run_ns") / 1e6
    check(all(t["exited"] and t["run_ns_from_kernel"] for t in tasks),
          f"{what}: all exited, with the kernel's run time in the trace")
    check(ru_ms - PRINTED_MS <= r <= ru_ms + 0.002 + PRINTED_MS,
          f"{what}: summed run time in the trace {r:.3f} ms == wait4 rusage utime + stime"
          f" {ru_ms:.3f} ms (to 2 us)")


def switches(t):
    return t["voluntary_switches"] + t["involuntary_switches"]


def total(tasks, field):
    return sum(t[field] for t in tasks)


def demand_ms(tasks):
    """The CPU the tasks wanted, ms, by the kernel's own figures: the run time
    they got (se.sum_exec_runtime) plus the time they waited on a run queue
    for a CPU (sched_info.run_delay, kernel/sched/stats.h). A task is on one
    or the other whenever it is ready to run, so over a phase of wall time W,
    a demand above W means the tasks were ready to run at the same time:
    parallel work, however many CPUs other programs took meanwhile. Work
    serialized by a lock sleeps in futex waits instead, which count in
    neither."""
    return sum(t["run_ns"] + t["run_delay_ns"] for t in tasks) / 1e6


def queued_ms(tasks):
    """The tasks' summed run-queue delay (the kernel's), ms."""
    return sum(t["run_delay_ns"] for t in tasks) / 1e6


def machine_busy_ms():
    """CPU time all CPUs spent busy since boot (/proc/stat, first line), ms."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]          # idle + iowait
    return (sum(fields[:8]) - idle) * 1000.0 / os.sysconf("SC_CLK_TCK")


def children_cpu_ms():
    t = os.times()
    return (t.children_user + t.children_system) * 1000.0


def run_quiet(name, *args, attempts=3, **kw):
    """run_traced() for claims about time on an otherwise idle machine.

    The machine's busy time during the run (/proc/stat) less the CPU time of
    schedviz and the target (this process's children rusage, wait4) is what
    other programs took. When that exceeds a tenth of one CPU over the run,
    the run did not have the CPUs its claim assumes: say so and run again, up
    to `attempts` times; the last run is returned however busy it was."""
    for attempt in range(1, attempts + 1):
        busy0, own0 = machine_busy_ms(), children_cpu_ms()
        run = run_traced(name, *args, **kw)
        others = (machine_busy_ms() - busy0) - (children_cpu_ms() - own0)
        wall = run.summary["duration_ns"] / 1e6
        run.others_cpu_ms = others
        if others <= 0.1 * wall or attempt == attempts:
            log(f"other programs took {others:.0f} ms of CPU during the {wall:.0f} ms run")
            return run
        log(f"other programs took {others:.0f} ms of CPU during the {wall:.0f} ms run"
            f" (over a tenth of a CPU): running again ({attempt}/{attempts})")


def run_traced(name, *args, expect_rc=0, timeout=90):
    """Run scenario NAME under `schedviz run --json` and check what holds for
    every run; returns a Run. Skips (77) only when BPF is unavailable
    (need_bpf(): not root, no BTF)."""
    need_bpf()
    cli = os.environ.get("SCHEDVIZ") or fail("SCHEDVIZ is not set (run through meson test)")
    cmd = [cli, "run", "--json", name, *args]
    log("$ " + " ".join(cmd))
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail(f"{' '.join(cmd)} did not finish within {timeout} s")
    # need_bpf() decided whether BPF can work here; past it, schedviz failing
    # to load or attach (125) is a failure like any other, not a skip
    try:
        summary = json.loads(p.stdout)
    except ValueError:
        fail(f"no JSON summary on stdout (exit {p.returncode}); stderr:\n{p.stderr}")
    results = parse_results(p.stderr)
    sys.stdout.write(p.stderr)
    check(summary.get("schema") == "schedviz.summary/1", "summary schema is schedviz.summary/1")
    check(p.returncode == expect_rc,
          f"schedviz exits with the scenario's status {expect_rc} (got {p.returncode})")
    check(summary["target"]["exit_code"] == expect_rc,
          f"summary target.exit_code == {expect_rc}")
    check(summary["events"]["lost"] == 0, f"no lost events ({summary['events']['lost']})")
    check_rusage_identity(summary, " ".join([name, *args]))
    check_self_rusage(summary, results)
    check_children_schedstat(summary, results)
    return Run(summary, results, p.returncode, p.stderr)


def check_children_schedstat(summary, results):
    """Every child the scenario reaped after its last switch had its final
    /proc/<pid>/schedstat printed ("schedstat_PID: RUN DELAY PCOUNT",
    scenarios/common.c: common__wait_child()): the kernel's run time,
    run-queue delay and times on a CPU, which the trace's run_ns,
    run_delay_ns and pcount for that task must equal exactly."""
    by_tid = {t["tid"]: t for t in summary["tasks"]}
    for key, value in sorted(results.items()):
        if not key.startswith("schedstat_"):
            continue
        pid = int(key[len("schedstat_"):])
        run, delay, pcount = (int(x) for x in value.split())
        t = by_tid.get(pid)
        check(t is not None and t["exited"], f"child {pid}: in the trace, exited")
        got = (t["run_ns"], t["run_delay_ns"], t["pcount"])
        check(got == (run, delay, pcount),
              f"{t['comm']} ({pid}): run, run-queue delay, times on a CPU in the trace "
              f"{got} == its final schedstat {(run, delay, pcount)}")


def check_self_rusage(summary, results):
    """The switch counts and run time against the target's own getrusage(RUSAGE_SELF),
    printed as self_nvcsw/self_nivcsw by its main thread as its last act:
    an oracle schedviz does not pass on. RUSAGE_SELF sums the live threads'
    counters and those the exited ones left in signal_struct at
    __exit_signal() (kernel/sys.c: getrusage(), kernel/exit.c), so the
    trace's switches of the target process, less the released ones made
    after that collection, are at least the printed figures, and the
    voluntary ones at least one more: the main thread's final switch
    (TASK_DEAD, kernel/sched/core.c: __schedule()) comes after the print.
    The wait4 rusage in the summary is at least as large too."""
    if "self_nvcsw" not in results:
        return
    pid = summary["target"]["pid"]
    own = [t for t in summary["tasks"] if t["tgid"] == pid]
    ru = summary["target"]["rusage"]
    for kind, key, after in (("voluntary", "nvcsw", 1), ("involuntary", "nivcsw", 0)):
        printed = int(results["self_" + key])
        traced = sum(t[kind + "_switches"] - t["released_" + kind] for t in own)
        check(traced >= printed + after,
              f"the target's {kind} switches in the trace {traced} (less released) >= "
              f"its own RUSAGE_SELF {printed} + {after}")
        check(ru[key] >= printed + after,
              f"wait4's ru_{key} {ru[key]} >= the target's own RUSAGE_SELF {printed} + {after}")
    # Run time the same way: RUSAGE_SELF's utime + stime add up to the
    # process's sum_exec_runtime at the read, live threads' and exited ones'
    # (kernel/sched/cputime.c: thread_group_cputime(), cputime_adjust()),
    # each truncated to a microsecond. The trace's figure is at least that.
    # It is more by what the process ran after the read: the last prints and
    # every thread's exit path, 1-30 ms here (a process's teardown of its
    # memory, hundreds of threads exiting), which no figure bounds exactly:
    # the exact checks from above are the reaped children's schedstat and
    # the mid-run snapshots (tests/cli/test_proc_counts.py).
    if "self_utime_ms" in results:
        ru_ms = float(results["self_utime_ms"]) + float(results["self_stime_ms"])
        r = sum(t["run_ns"] for t in own) / 1e6
        check(all(t["run_ns_from_kernel"] for t in own if t["exited"]),
              "the target's threads: the kernel's run time in the trace")
        check(r >= ru_ms - 0.003,
              f"the target's summed run time in the trace {r:.3f} ms >= its own RUSAGE_SELF "
              f"utime + stime {ru_ms:.3f} ms, read as its last act")


def run_plain(path, *args, timeout=60):
    """Run a program untraced; returns (rc, stdout, stderr)."""
    p = subprocess.run([path, *args], stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def check_futex_matches(task, measured_ms, what):
    """A task's futex-wait time in the trace against the time the scenario
    measured around its blocking calls (lock, condition, barrier, semaphore
    waits). The futex sleeps happen inside those calls, so the trace cannot
    exceed the measurement (plus 1 ms for the clock reads around it); the
    measurement exceeds the sleep only by time spent runnable or running
    inside the calls, which the trace bounds by the task's runnable time and
    on-CPU time (wall clock)."""
    fw = task["futex_wait_ns"] / 1e6
    slack = (task["runnable_ns"] + task["on_cpu_ns"]) / 1e6
    check(fw <= measured_ms + 1.0,
          f"{task['comm']}: futex wait in the trace {fw:.1f} ms <= {what} {measured_ms:.1f} ms")
    check(fw >= measured_ms - slack - 1.0,
          f"{task['comm']}: futex wait in the trace {fw:.1f} ms >= {what} {measured_ms:.1f} ms"
          f" - its runnable+run time {slack:.1f} ms")
