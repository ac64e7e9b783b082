#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""record --flight-recorder SECONDS [--trigger-latency MS]: only the last
SECONDS of the run are kept, and written at the end, on SIGUSR1, or when
the trigger fires.

1. The trigger, against the kernel. Three spinning processes pinned to one
   CPU must wait on its run queue. They are started first, and recorded by
   attaching (-p), so their start is not in the trace and they are never
   signalled. With --trigger-latency 1, recording must end well before
   --duration (the trigger fired and detached), the file must name one of
   them and a wait over 1 ms, and that wait cannot exceed what the kernel's
   run_delay of that process grew by while it was traced
   (/proc/PID/schedstat read before attaching and after detaching).
2. No trigger where no task waits: a lone sleeper runs to its end.
3. The window: a 3 s switch storm with --flight-recorder 0.5 keeps its
   last part only: at least 0.5 s (unless events were lost, which leaves a
   hole the window may start after), far less than the run, and every task
   in it keeps its name.
4. SIGUSR1 writes the window and recording goes on: the file is readable
   while the run lasts; at the end it is written again and the first copy
   is kept as FILE.old.

usage: test_flight.py"""
import json
import os
import signal
import subprocess
import tempfile
import time

from svtest import SCHEDVIZ, fail, launched_target, need_bpf, wait_for

need_bpf()
SPIN = "import os\nos.sched_setaffinity(0, {0})\nwhile True:\n    pass\n"


def schedstat(pid):
    """(run ns, run_delay ns, pcount) of pid, by the kernel."""
    with open(f"/proc/{pid}/schedstat") as f:
        return tuple(int(x) for x in f.read().split())


def report(path):
    r = subprocess.run([SCHEDVIZ, "report", "--json", path], capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        fail(f"report --json {path} exited {r.returncode}: {r.stderr}")
    return json.loads(r.stdout)


tmp = tempfile.mkdtemp()
data = os.path.join(tmp, "flight.data")
try:
    # 1. the trigger
    spin = [subprocess.Popen(["/usr/bin/python3", "-c", SPIN]) for _ in range(3)]
    try:
        wait_for(lambda: all(os.sched_getaffinity(q.pid) == {0} for q in spin), 10,
                 "the spinners pinned to CPU 0")
        before = {q.pid: schedstat(q.pid) for q in spin}
        t0 = time.monotonic()
        p = subprocess.run([SCHEDVIZ, "record", "--flight-recorder", "2", "--trigger-latency",
                            "1", "--duration", "30", "-o", data, "-p",
                            ",".join(str(q.pid) for q in spin)],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=120)
        took = time.monotonic() - t0
        after = {q.pid: schedstat(q.pid) for q in spin}
        alive = all(q.poll() is None for q in spin)
    finally:
        for q in spin:
            q.kill()
            q.wait()
    print(f"record took {took:.1f} s; run_delay grew by "
          f"{ {k: after[k][1] - before[k][1] for k in after} } ns")
    if "the trigger fired" not in p.stderr or p.returncode != 0:
        fail(f"the trigger did not fire (exit {p.returncode}); stderr:\n{p.stderr}")
    if took > 20 or not alive:
        fail(f"recording went on {took:.1f} s, spinners alive {alive}: the trigger did not "
             f"just detach")
    d = report(data)
    fl = d.get("flight")
    if not fl or fl["trigger_tid"] not in after or fl["trigger_wait_ns"] <= 1_000_000:
        fail(f"the file's trigger {fl} is not a spinner's wait over 1 ms")
    grew = after[fl["trigger_tid"]][1] - before[fl["trigger_tid"]][1]
    if fl["trigger_wait_ns"] > grew:
        fail(f"the trigger's wait {fl['trigger_wait_ns']} ns exceeds the {grew} ns the kernel's "
             f"run_delay of task {fl['trigger_tid']} grew by while traced")
    print(f"ok: task {fl['trigger_tid']} waited {fl['trigger_wait_ns'] / 1e6:.2f} ms (<= the "
          f"{grew / 1e6:.1f} ms its run_delay grew by while traced)")

    # 2. no wait, no trigger
    p = subprocess.run([SCHEDVIZ, "record", "--flight-recorder", "1", "--trigger-latency", "50",
                        "-o", data, "--", "/bin/sleep", "0.5"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if p.returncode != 0 or "the trigger fired" in p.stderr:
        fail(f"a lone sleeper: exit {p.returncode}, stderr:\n{p.stderr}")
    if report(data)["flight"]["trigger_wait_ns"] != 0:
        fail("a lone sleeper's recording names a trigger")
    print("ok: no trigger for a lone sleeper")

    # 3. the window
    # 20,000 switches a second: a storm schedviz keeps up with on a busy
    # machine (unthrottled, a loaded CI machine lost events, and a window
    # with a hole lost at its start is shorter than asked)
    p = subprocess.run([SCHEDVIZ, "record", "--flight-recorder", "0.5", "-o", data, "--",
                        "stress-ng", "--switch", "1", "--switch-freq", "20000", "-t", "3"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        fail(f"stress-ng under record exited {p.returncode}:\n{p.stderr}")
    d = report(data)
    span = d["duration_ns"] / 1e9
    names = {t["comm"] for t in d["tasks"]}
    lost = d["events"]["lost"]
    print(f"window: the file spans {span:.2f} s of a 3 s run; tasks {names}; lost {lost}")
    if span >= 1.5 or (not lost and span < 0.5):
        fail(f"a 0.5 s flight recording spans {span:.2f} s ({lost} events lost)")
    if any(not n or n.startswith("<") for n in names) or \
            not any(n.startswith("stress-ng") for n in names):
        fail(f"tasks lost their names: {names}")

    # 4. SIGUSR1
    p = subprocess.Popen([SCHEDVIZ, "record", "--flight-recorder", "1", "-o", data, "--",
                          "stress-ng", "--switch", "1", "-t", "4"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    wait_for(lambda: launched_target(p.pid), 10, "the target to start")
    for f in (data, data + ".old"):
        if os.path.exists(f):
            os.unlink(f)
    time.sleep(1.5)	# some of the run to keep
    os.kill(p.pid, signal.SIGUSR1)
    wait_for(lambda: os.path.exists(data) and p.poll() is None or p.poll() is not None, 10,
             "the window written on SIGUSR1")
    if p.poll() is not None:
        fail(f"record ended on SIGUSR1 (exit {p.returncode})")
    mid = report(data)
    out, err = p.communicate(timeout=60)
    if p.returncode != 0:
        fail(f"record exited {p.returncode}:\n{err}")
    first = report(data + ".old")
    last = report(data)
    if mid["events"]["total"] != first["events"]["total"] or not first["events"]["total"]:
        fail("FILE.old is not the window written on SIGUSR1")
    print(f"ok: SIGUSR1 wrote {first['events']['total']} events and recording went on; "
          f"the end wrote {last['events']['total']}")
finally:
    for f in (data, data + ".old"):
        if os.path.exists(f):
            os.unlink(f)
    os.rmdir(tmp)
