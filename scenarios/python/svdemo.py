# SPDX-License-Identifier: GPL-2.0-only
"""svdemo - what schedviz's bundled Python demonstrations share.

Each demonstration (py-*) is a short program run by Debian's /usr/bin/python3.
It names its threads for schedviz's lanes (CPython names OS threads itself
only from 3.14: here prctl(PR_SET_NAME) through ctypes), prints what it
measured as "key: value" lines, the same lines the C scenarios print
(scenarios/common.h), and ends with its own getrusage(RUSAGE_SELF): the
oracle the tests hold the trace against."""
import argparse
import ctypes
import os
import resource
import sys
import threading
import time

_PR_SET_NAME = 15       # include/uapi/linux/prctl.h
_libc = ctypes.CDLL(None, use_errno=True)


def name_thread(name):
    """Name the calling OS thread (its comm: 15 bytes at most)."""
    _libc.prctl(_PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)


def result(key, value):
    """One result line, in one write (processes forked from one another share
    the pipe; print() writes the line and its end apart when stdout is
    unbuffered, PYTHONUNBUFFERED), flushed at once."""
    sys.stdout.write(f"{key}: {value}\n")
    sys.stdout.flush()


def now_ms():
    return time.monotonic() * 1e3


def thread_cpu_ms():
    """The calling thread's CPU time: the kernel's sum_exec_runtime at the read."""
    return time.clock_gettime(time.CLOCK_THREAD_CPUTIME_ID) * 1e3


def start_threads(n, prefix, target, *args):
    """n threads named prefix-1 .. prefix-n running target(i, *args), i from
    1; each reads its own CPU clock as its last act and the result
    prefix-i_cpu_ms is printed by join_threads()."""
    cpu = {}

    def body(i):
        name_thread(f"{prefix}-{i}")
        target(i, *args)
        cpu[i] = thread_cpu_ms()

    ts = [threading.Thread(target=body, args=(i,)) for i in range(1, n + 1)]
    for t in ts:
        t.start()
    return ts, cpu


def join_threads(started, prefix):
    ts, cpu = started
    for t in ts:
        t.join()
    for i in sorted(cpu):
        result(f"{prefix}-{i}_cpu_ms", f"{cpu[i]:.3f}")


def rusage_results():
    """self_nvcsw, self_nivcsw, self_utime_ms, self_stime_ms: read last."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    result("self_nvcsw", ru.ru_nvcsw)
    result("self_nivcsw", ru.ru_nivcsw)
    result("self_utime_ms", f"{ru.ru_utime * 1e3:.3f}")
    result("self_stime_ms", f"{ru.ru_stime * 1e3:.3f}")


def wait_child(pid):
    """Reap child pid after its last context switch and print its final
    schedstat as "schedstat_PID: RUN_NS RUN_DELAY_NS PCOUNT", as the C
    scenarios do (scenarios/common.c: common__wait_child()): the kernel wakes
    the parent before the child's final switch, which drops the child's
    stack, after which /proc/PID/syscall reads "-1 0x0 0x0". Returns the
    wait status."""
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    for _ in range(50000):      # 20 us apart: about a second
        try:
            with open(f"/proc/{pid}/syscall") as f:
                gone = f.read().startswith("-1 0x0 0x0")
        except OSError:
            break
        if gone:
            with open(f"/proc/{pid}/schedstat") as f:
                result(f"schedstat_{pid}", f.read().strip())
            break
        time.sleep(20e-6)
    return os.waitpid(pid, 0)[1]


def parser(prog, description):
    return argparse.ArgumentParser(prog=prog, description=description)


def main_thread_named(name):
    name_thread(name)
    sys.stdout.reconfigure(line_buffering=True)
