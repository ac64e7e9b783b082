#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Under sudo (root, with SUDO_UID/SUDO_GID of a real user), the launched
target runs as that user -- uid, gid, supplementary groups, HOME, USER,
LOGNAME, SHELL -- unless --as-root; the files schedviz writes belong to that
user and go only where that user may write; schedviz keeps no capability
after attach but CAP_KILL (with which the kernel's parent-death SIGKILL and
--duration's SIGINT reach the user's target). Without SUDO_* nothing
changes. Not privileged: exit 120 and one line.

Every fact is the kernel's: /proc/<pid>/status (Uid, Gid, Groups, CapEff of
the target and of schedviz), stat(2) owners, the password and group
databases (pwd, os.getgrouplist), never what schedviz reports.

usage: test_sudo.py"""
import os
import platform
import pwd
import shutil
import signal
import subprocess
import tempfile
import time

from svtest import SCHEDVIZ, fail, launched_target, need_bpf, proc_fields, wait_for

need_bpf()

USER, GROUP = "svtest-student", "svtest-class"
CAP_KILL, CAP_SYS_PTRACE, CAP_BPF = 5, 19, 39
EXIT_NO_PRIVILEGE = 120


def sh(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def make_user():
    """A system user in a supplementary group, made here as far as missing
    (a user an interrupted run left behind joins the group). Returns its
    passwd entry and the commands that undo what was made."""
    undo = []
    if subprocess.run(["getent", "group", GROUP], stdout=subprocess.DEVNULL).returncode:
        sh("groupadd", "--system", GROUP)
        undo.append(["groupdel", GROUP])
    try:
        pwd.getpwnam(USER)
        sh("usermod", "--append", "--groups", GROUP, USER)
    except KeyError:
        sh("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent-svtest",
           "--shell", "/bin/sh", "--groups", GROUP, USER)
        undo.insert(0, ["userdel", USER])
    return pwd.getpwnam(USER), undo


def status(pid):
    """{field: text} of /proc/<pid>/status."""
    return proc_fields(f"/proc/{pid}/status")


def ids(line):
    return [int(x) for x in line.split()]


def sudo_env(pw):
    env = dict(os.environ, SUDO_UID=str(pw.pw_uid), SUDO_GID=str(pw.pw_gid),
               SUDO_USER=pw.pw_name, SUDO_COMMAND=SCHEDVIZ)
    return env


def expected_caps(launched_as_user, launched_as_root=False):
    """What privileges.h says schedviz keeps: CAP_KILL for another user's
    target; CAP_SYS_PTRACE for a root target (to read /proc/<tid>/syscall
    of a task with capabilities); CAP_BPF on a kernel before 5.19 with
    unprivileged BPF off."""
    keep = 1 << CAP_KILL if launched_as_user else 0
    if launched_as_root:
        keep |= 1 << CAP_SYS_PTRACE
    major, minor = (int(x) for x in platform.release().split(".")[:2])
    with open("/proc/sys/kernel/unprivileged_bpf_disabled") as f:
        disabled = int(f.read())
    if (major, minor) < (5, 19) and disabled:
        keep |= 1 << CAP_BPF
    return keep


# The target reports the kernel's view of itself: /proc/self/status of a
# process it runs (grep, with its credentials), id(1), and its environment.
PROBE = ("echo U=$(id -u); echo G=$(id -G); "
         "grep -E '^(Uid|Gid|Groups|CapEff|CapPrm):' /proc/self/status | sed 's/:[[:space:]]*/=/'; "
         "echo HOME=$HOME; echo USER=$USER; echo LOGNAME=$LOGNAME; echo SHELL=$SHELL")


def probe(env, extra=()):
    """run --json (the target's stdout goes to stderr) of PROBE: its
    KEY=value lines as a dict."""
    p = subprocess.run([SCHEDVIZ, "run", "--json", *extra, "--", "/bin/sh", "-c", PROBE],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=60, env=env)
    if p.returncode != 0:
        fail(f"run {' '.join(extra)} exited {p.returncode}: {p.stderr}")
    kv = {}
    for line in p.stderr.splitlines():
        k, sep, v = line.partition("=")
        if sep and k not in kv:
            kv[k] = v.strip()
    for k in ("U", "G", "Uid", "Gid", "Groups", "CapEff", "CapPrm", "HOME"):
        if k not in kv:
            fail(f"run {' '.join(extra)}: the target did not report {k}: {p.stderr!r}")
    return int(kv["U"]), sorted(ids(kv["G"])), kv


def check_as_user(pw):
    uid, gid = pw.pw_uid, pw.pw_gid
    want_groups = sorted(set(os.getgrouplist(pw.pw_name, gid)))
    if len(want_groups) < 2 and pw.pw_name == USER:
        fail(f"{USER} has no supplementary group: {want_groups}")
    id_u, id_g, kv = probe(sudo_env(pw))
    if id_u != uid:
        fail(f"id -u under sudo: {id_u}, expected {uid}")
    if id_g != want_groups:
        fail(f"id -G under sudo: {id_g}, expected {want_groups}")
    if ids(kv["Uid"]) != [uid] * 4 or ids(kv["Gid"]) != [gid] * 4:
        fail(f"kernel's Uid {kv['Uid']!r} Gid {kv['Gid']!r}, expected {uid}, {gid} (all four)")
    if sorted(set(ids(kv["Groups"]))) != want_groups:
        fail(f"kernel's Groups {kv['Groups']!r}, expected {want_groups}")
    if int(kv["CapEff"], 16) or int(kv["CapPrm"], 16):
        fail(f"the target kept capabilities: CapEff {kv['CapEff']} CapPrm {kv['CapPrm']}")
    for k, v in (("HOME", pw.pw_dir), ("USER", pw.pw_name), ("LOGNAME", pw.pw_name),
                 ("SHELL", pw.pw_shell)):
        if kv.get(k) != v:
            fail(f"{k}={kv.get(k)!r} in the target, expected {v!r}")
    print(f"ok sudo: target uid {uid} gid {gid} groups {want_groups} (kernel and id), "
          f"HOME {pw.pw_dir} USER {pw.pw_name}, no capabilities")


def check_as_root(pw):
    root_groups = sorted(os.getgroups())
    nobody = 3999999    # a uid with no passwd entry: not sudo's user, stay root
    while True:
        try:
            pwd.getpwuid(nobody)
            nobody -= 1
        except KeyError:
            break
    for label, env, extra in (("--as-root", sudo_env(pw), ["--as-root"]),
                              ("no SUDO_*", dict(os.environ), []),
                              ("SUDO_UID of no user", dict(os.environ, SUDO_UID=str(nobody),
                                                           SUDO_GID=str(nobody)), []),
                              ("SUDO_UID=0", dict(os.environ, SUDO_UID="0", SUDO_GID="0"), [])):
        id_u, id_g, kv = probe(env, extra)
        if id_u != 0 or ids(kv["Uid"]) != [0] * 4 or ids(kv["Gid"]) != [0] * 4:
            fail(f"{label}: target uid {id_u}, kernel Uid {kv['Uid']!r} Gid {kv['Gid']!r}")
        if sorted(set(ids(kv["Groups"]))) != root_groups:
            fail(f"{label}: target groups {kv['Groups']!r}, expected ours {root_groups}")
        if kv.get("HOME") != os.environ.get("HOME"):
            fail(f"{label}: HOME changed to {kv.get('HOME')!r}")
        print(f"ok {label}: target uid 0, groups {root_groups}, HOME kept")


def owner(path):
    st = os.stat(path)
    return st.st_uid, st.st_gid


def check_files(pw, work):
    uid, gid = pw.pw_uid, pw.pw_gid
    env = sudo_env(pw)
    mine = os.path.join(work, "user")
    os.mkdir(mine, 0o700)
    os.chown(mine, uid, gid)
    for label, args, path in (
            ("-o", ["record", "-o", f"{mine}/o.svt", "--", "true"], f"{mine}/o.svt"),
            ("--as-root -o", ["record", "--as-root", "-o", f"{mine}/r.svt", "--", "true"],
             f"{mine}/r.svt"),
            ("record's default", ["record", "--", "true"], f"{mine}/schedviz.data"),
            ("export -o", ["export", f"{mine}/o.svt", "--format=csv", "-o", f"{mine}/o.csv"],
             f"{mine}/o.csv")):
        p = subprocess.run([SCHEDVIZ, *args], cwd=mine, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            fail(f"{label}: exit {p.returncode}: {p.stderr}")
        if owner(path) != (uid, gid):
            fail(f"{label}: {path} owned by {owner(path)}, expected {(uid, gid)}")
        print(f"ok {label}: {os.path.basename(path)} owned by {uid}:{gid} (stat)")
    # --snapshot, written mid-run on SIGUSR1
    snap = f"{mine}/snap.json"
    sv = subprocess.Popen([SCHEDVIZ, "run", "--no-tui", "--snapshot", snap, "--", "sleep", "30"],
                          env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    try:
        target = wait_for(lambda: launched_target(sv.pid), 10, "the target to start")
        wait_for(lambda: ids(status(target)["Uid"])[0] == uid, 10, "the target's uid")
        os.kill(sv.pid, signal.SIGUSR1)
        wait_for(lambda: os.path.exists(snap) and os.path.getsize(snap) > 0, 10,
                 "the snapshot")
        if owner(snap) != (uid, gid):
            fail(f"--snapshot: owned by {owner(snap)}, expected {(uid, gid)}")
        print(f"ok --snapshot: owned by {uid}:{gid} (stat)")
    finally:
        sv.kill()
        sv.wait()
    # a directory only root may write: the user's file cannot go there
    shut = os.path.join(work, "rootonly")
    os.mkdir(shut, 0o755)
    p = subprocess.run([SCHEDVIZ, "record", "-o", f"{shut}/x.svt", "--", "true"], env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if p.returncode == 0 or os.path.exists(f"{shut}/x.svt"):
        fail(f"record -o into a root-only directory under sudo: exit {p.returncode}, "
             f"file {'made' if os.path.exists(f'{shut}/x.svt') else 'absent'}")
    print(f"ok root-only directory: refused (exit {p.returncode}): "
          f"{p.stderr.strip().splitlines()[-1]}")


def check_unreachable(pw, work):
    """A program only root can reach: under sudo, 126 and one line naming
    the user and --as-root; with --as-root it runs."""
    hidden = os.path.join(work, "rootonly-bin")
    os.mkdir(hidden, 0o700)
    prog = os.path.join(hidden, "true")
    shutil.copy("/bin/true", prog)
    for extra, want in (([], 126), (["--as-root"], 0)):
        p = subprocess.run([SCHEDVIZ, "run", "--no-tui", *extra, "--", prog], env=sudo_env(pw),
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        err = p.stderr.strip().splitlines()
        if p.returncode != want or (want and (len(err) != 1 or f"as {pw.pw_name}" not in err[0]
                                               or "--as-root" not in err[0])):
            fail(f"root-only program {' '.join(extra)}: exit {p.returncode} (expected {want}), "
                 f"stderr {p.stderr!r}")
        print(f"ok root-only program {' '.join(extra) or 'under sudo'}: exit {p.returncode}"
              f"{': ' + err[0] if want else ''}")


def await_caps(pid, want, label):
    """Poll schedviz's CapEff (it drops once launched) until it is want."""
    deadline = time.monotonic() + 10
    while (eff := int(status(pid)["CapEff"], 16)) != want:
        if time.monotonic() > deadline:
            fail(f"{label}: schedviz's CapEff is {eff:#x} 10 s into the run, "
                 f"expected {want:#x}")
        time.sleep(0.01)


def check_capabilities(pw):
    """CapEff/CapPrm of schedviz itself once tracing runs, and that what it
    kept lets --duration's SIGINT and the parent-death SIGKILL reach the
    user's target."""
    for label, env, args, as_user in (
            ("sudo", sudo_env(pw), ["--", "sleep", "30"], True),
            ("--as-root", sudo_env(pw), ["--as-root", "--", "sleep", "30"], False),
            ("root", dict(os.environ), ["--", "sleep", "30"], False)):
        want = expected_caps(as_user, not as_user)
        sv = subprocess.Popen([SCHEDVIZ, "run", "--no-tui", *args], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        try:
            target = wait_for(lambda: launched_target(sv.pid), 10, "the target to start")
            await_caps(sv.pid, want, label)
            st = status(sv.pid)
            if int(st["CapPrm"], 16) != want or int(st["CapInh"], 16) or int(st["CapAmb"], 16):
                fail(f"{label}: CapPrm {st['CapPrm']} CapInh {st['CapInh']} "
                     f"CapAmb {st['CapAmb']}, expected {want:#x}, 0, 0")
            tuid = ids(status(target)["Uid"])[0]
            if tuid != (pw.pw_uid if as_user else 0):
                fail(f"{label}: target uid {tuid}")
            print(f"ok {label}: schedviz CapEff = CapPrm = {want:#x}, target uid {tuid}")
            if as_user:     # the kernel signals with our credentials as we die
                os.kill(sv.pid, signal.SIGKILL)
                sv.wait()
                wait_for(lambda: not alive(target), 1.0,
                         "the user's target to die with schedviz (parent-death SIGKILL)")
                print(f"ok {label}: SIGKILL of schedviz, target {target} (uid {tuid}) gone")
        finally:
            sv.kill()
            sv.wait()
    # attached (-p), nothing is signalled: no capability is kept
    sleeper = subprocess.Popen(["sleep", "30"])
    sv = subprocess.Popen([SCHEDVIZ, "run", "--no-tui", "-p", str(sleeper.pid)],
                          env=sudo_env(pw), stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await_caps(sv.pid, expected_caps(False), "attach -p")
        print(f"ok attach -p: schedviz CapEff {expected_caps(False):#x}")
    finally:
        sv.kill()
        sv.wait()
        sleeper.kill()
        sleeper.wait()
    # a bundled scenario runs as the user too, and --duration's SIGINT reaches it
    sv = subprocess.Popen([SCHEDVIZ, "run", "--no-tui", "--duration", "1", "deadlock",
                           "--timeout-ms", "600000"], env=sudo_env(pw),
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    target = wait_for(lambda: launched_target(sv.pid), 10, "the scenario to start")
    # forked as root, the child takes the user's ids before its exec
    wait_for(lambda: ids(status(target)["Uid"]) == [pw.pw_uid] * 4, 10,
             "the scenario to run as the user")
    tuid = pw.pw_uid
    try:
        rc = sv.wait(timeout=20)
    except subprocess.TimeoutExpired:
        sv.kill()
        fail("deadlock under sudo: --duration's SIGINT did not end the user's target")
    if tuid != pw.pw_uid or rc != 128 + signal.SIGINT:
        fail(f"deadlock under sudo: target uid {tuid}, exit {rc}: {sv.stderr.read()}")
    print(f"ok scenario under sudo: uid {tuid}, ended by --duration's SIGINT (exit {rc})")


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def check_unprivileged(pw):
    p = subprocess.run(["setpriv", "--reuid", str(pw.pw_uid), "--regid", str(pw.pw_gid),
                        "--clear-groups", SCHEDVIZ, "run", "--no-tui", "--", "true"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    err = p.stderr.strip().splitlines()
    if p.returncode != EXIT_NO_PRIVILEGE or len(err) != 1 or "sudo" not in err[0]:
        fail(f"unprivileged: exit {p.returncode} (expected {EXIT_NO_PRIVILEGE}), "
             f"stderr {p.stderr!r}")
    print(f"ok unprivileged: exit {p.returncode}: {err[0]}")


pw, undo = make_user()
work = tempfile.mkdtemp(prefix="svtest-sudo-")
os.chmod(work, 0o755)
try:
    check_as_user(pw)
    check_as_root(pw)
    check_files(pw, work)
    check_unreachable(pw, work)
    check_capabilities(pw)
    check_unprivileged(pw)
finally:
    shutil.rmtree(work, ignore_errors=True)
    for cmd in undo:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
