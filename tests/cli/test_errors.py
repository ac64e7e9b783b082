#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Bad input gets a one-line error with the remedy and a non-zero exit;
the target's exit status becomes schedviz's (126/127 as env(1) does)."""
import os
import subprocess
import sys
import tempfile

from svtest import SCHEDVIZ, fail, need_bpf

need_bpf()


def run(args, want_rc, want_in_err=None, one_line=True, user=None):
    cmd = [SCHEDVIZ] + args
    if user:
        cmd = ["setpriv", "--reuid", user, "--regid", user, "--clear-groups"] + cmd
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=60)
    label = " ".join(args)
    if p.returncode != want_rc:
        fail(f"'{label}': exit {p.returncode}, expected {want_rc}; stderr: {p.stderr!r}")
    err = p.stderr.strip().splitlines()
    if want_in_err is not None:
        if not err or want_in_err not in err[0]:
            fail(f"'{label}': first stderr line lacks {want_in_err!r}: {p.stderr!r}")
        if one_line and len(err) != 1:
            fail(f"'{label}': {len(err)} stderr lines, expected one: {p.stderr!r}")
    print(f"ok '{label}' -> {p.returncode}: {err[0] if err else ''}")
    return p


run([], 2, "usage", one_line=False)
run(["frobnicate"], 2, "unknown command")
run(["run"], 2, "name a scenario")
run(["run", "--ring-mb", "3", "race_counter"], 2, "power of two")
run(["run", "--bogus", "race_counter"], 2, None)
p = run(["run", "--no-tui", "no_such_scenario"], 2, "unknown scenario", one_line=False)
if "race_counter" not in p.stderr:
    fail("unknown scenario: the list of scenarios is missing")
run(["run", "--no-tui", "--", "/nonexistent/cmd"], 127, "cannot run")
with tempfile.NamedTemporaryFile(prefix="svtest-noexec-") as f:  # mode 0600: EACCES
    run(["run", "--no-tui", "--", f.name], 126, "cannot run")
run(["run", "--no-tui", "--", "/bin/sh", "-c", "exit 3"], 3)
run(["run", "--no-tui", "--", "/bin/sh", "-c", "kill -9 $$"], 128 + 9)
run(["run", "--no-tui", "race_counter"], 120, "sudo", user="65534")  # EXIT_NO_PRIVILEGE
run(["--version"], 0)


def memory_cgroup():
    """A fresh memory cgroup limited to 64 MiB: (directory, file to write a PID
    to). cgroup v2 where the root delegates the memory controller, else v1."""
    v2 = "/sys/fs/cgroup"
    for root in (v2, v2 + "/unified"):
        try:
            with open(root + "/cgroup.subtree_control") as f:
                if "memory" in f.read().split():
                    d = tempfile.mkdtemp(prefix="svtest-mem-", dir=root)
                    with open(d + "/memory.max", "w") as f:
                        f.write(str(64 << 20))
                    return d
        except OSError:
            pass
    v1 = "/sys/fs/cgroup/memory"
    if os.path.exists(v1 + "/memory.limit_in_bytes"):
        d = tempfile.mkdtemp(prefix="svtest-mem-", dir=v1)
        with open(d + "/memory.limit_in_bytes", "w") as f:
            f.write(str(64 << 20))
        return d
    fail("no memory cgroup controller (v2 memory in cgroup.subtree_control, or v1 "
         "/sys/fs/cgroup/memory): cannot test --ring-mb larger than memory")


# --ring-mb larger than the memory schedviz may use: the rings are BPF maps
# charged to its memory cgroup (kernel/bpf/syscall.c: bpf_map_area_alloc()),
# so the kernel refuses them with ENOMEM. One line naming the remedy, 125
# (schedviz's own failure), the target never started.
cg = memory_cgroup()
try:
    join = lambda: open(cg + "/cgroup.procs", "w").write(str(os.getpid()))
    p = subprocess.run([SCHEDVIZ, "run", "--no-tui", "--ring-mb", "512", "--", "/bin/true"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
                       preexec_fn=join)
    err = p.stderr.strip().splitlines()
    if p.returncode != 125 or len(err) != 1 or "smaller --ring-mb" not in err[0]:
        fail(f"--ring-mb 512 in a 64 MiB memory cgroup: exit {p.returncode}, want 125 and one "
             f"line naming a smaller --ring-mb; stderr: {p.stderr!r}")
    print(f"ok '--ring-mb 512' in a 64 MiB memory cgroup -> 125: {err[0]}")
finally:
    os.rmdir(cg)
