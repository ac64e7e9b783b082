#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A burst larger than a CPU's record ring is kept, not lost. Each CPU's
ring holds 4,096 records (256 KiB, kept small to stay in the CPU's cache:
user/collect/collector.c, CPU_RING_MAX); what finds it full goes to the
shared ring buffer (bpf/records.bpf.h: plain()). schedviz is stopped
(SIGSTOP) while its target, a pinned thread ping-pong, switches more times
than every CPU's ring together can hold, each switch-out of a traced task
being a record; the shared ring buffer (--ring-mb) is sized for several
times the records the stop can make. After SIGCONT the run must report no
lost event, and its switch counts must equal the kernel's (wait4 rusage,
svtest.check_rusage_identity()): every record past the rings came through
the shared buffer.

usage: test_spill.py"""
import os
import signal
import sys

from svtest import (check_rusage_identity, fail, interrupted_json, need_bpf, pingpong_unread,
                    process_switches, wait_for)

need_bpf()
CPU_RING_RECORDS = (256 << 10) >> 6	# CPU_RING_MAX over 64-byte records (bpf/schedviz.h)

need = os.cpu_count() * CPU_RING_RECORDS + CPU_RING_RECORDS
# a switch makes at most a switch and a sched_waking record (no -o: no
# sched_wakeup); room for 8 times `need` switches leaves the poll's overshoot
# of a loaded machine far behind
ring_mb = 1
while (ring_mb << 20) // 64 < 16 * need:
    ring_mb *= 2
p, pid, moved = pingpong_unread(["--ring-mb", str(ring_mb)], need)
# the stop is over: the target goes on until schedviz has read a while more
base = process_switches(pid)
try:
    wait_for(lambda: (process_switches(pid) or 0) > base + 1000, 60, "the target switching after")
finally:
    os.kill(p.pid, signal.SIGINT)
d, _ = interrupted_json(p)
lost = d["events"]["lost"]
print(f"target switched {moved} times while schedviz was stopped (rings: {need - CPU_RING_RECORDS}"
      f" records in all, shared ring buffer {ring_mb} MiB); lost {lost}")
if 2 * moved > (ring_mb << 20) // 64:
    fail(f"{moved} switches during the stop could fill the {ring_mb} MiB shared ring buffer: "
         "the test cannot tell a spill from a loss")
if lost != 0:
    fail(f"{lost} events lost: a burst beyond the CPU rings must go to the shared ring buffer")
# switches equal to the kernel's, voluntary and involuntary apart
check_rusage_identity(d, "after the burst")
print("ok: every switch of the burst is in the trace")
sys.exit(0)
