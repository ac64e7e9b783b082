#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`schedviz export --format=perfetto`, decoded with Perfetto's own schema.

The oracle is Perfetto's schema (perfetto_trace.proto of google/perfetto)
compiled by Debian's protoc and read by Debian's python3-protobuf (hence
/usr/bin/python3: the first python3 on PATH may not see Debian's modules).
Perfetto's trace_processor is not in Debian. For the golden demo trace and
for a race_counter --mode=mutex recorded here under BPF:

1. the export parses as perfetto.protos.Trace; its first packet is a clock
   snapshot, and a SystemInfo names the kernel release;
2. every bundle's CompactSched arrays have equal lengths (switch arrays
   among themselves, waking arrays among themselves) and its comm indexes
   fall inside its intern_table;
3. per task, the sched_switches it leaves (compact ones take prev from the
   CPU's previous switch, as Perfetto's importer does) equal
   voluntary + involuntary switches of `schedviz report --json`;
4. every task has a thread with its name (as Perfetto names threads: the
   ProcessTree's, then in time order each task_rename's new comm and each
   sched_switch's next_comm), its TGID, and a process with its ppid;
5. the run summary slice carries the command and exit code.

Without the schema (PERFETTO_PROTO, else ../shared/reference/ beside the
source tree, where CI and the developers have it), protoc or
python3-protobuf the test is skipped (77) with the remedy; without BPF only
the demo trace is checked.
"""
import collections
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

from svtest import SCHEDVIZ, fail, skip

SOURCE = os.environ.get("SCHEDVIZ_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DEMO = os.path.join(SOURCE, "tests", "tui", "golden", "demo.data")
SYNTH = os.path.join(os.environ["SCHEDVIZ_BUILD"], "tests", "file", "synth_trace")
PROTO = os.environ.get("PERFETTO_PROTO") or os.path.join(
    SOURCE, "..", "shared", "reference", "perfetto_trace.proto")


def run(args):
    p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=240)
    if p.returncode != 0:
        fail("%s exited %d:\n%s" % (" ".join(args), p.returncode, p.stderr.decode(errors="replace")))
    return p.stdout


def load_schema(tmp):
    if not os.path.exists(PROTO):
        skip("no Perfetto schema at %s; set PERFETTO_PROTO to google/perfetto's "
             "protos/perfetto/trace/perfetto_trace.proto" % PROTO)
    if not shutil.which("protoc"):
        skip("protoc not installed (apt-get install protobuf-compiler)")
    try:
        importlib.import_module("google.protobuf")
    except ImportError:
        skip("python3-protobuf not installed (apt-get install python3-protobuf)")
    run(["protoc", "-I", os.path.dirname(PROTO), "--python_out=" + tmp, PROTO])
    sys.path.insert(0, tmp)
    return importlib.import_module("perfetto_trace_pb2")


def check_bundle(b, where):
    cs = b.compact_sched
    sw = [cs.switch_timestamp, cs.switch_prev_state, cs.switch_next_pid, cs.switch_next_prio,
          cs.switch_next_comm_index]
    wk = [cs.waking_timestamp, cs.waking_pid, cs.waking_target_cpu, cs.waking_prio,
          cs.waking_comm_index, cs.waking_common_flags]
    for name, arrays in (("switch", sw), ("waking", wk)):
        if len({len(a) for a in arrays}) > 1:
            fail("%s: CompactSched %s arrays of unequal lengths %s" % (where, name, [len(a) for a in arrays]))
    n = len(cs.intern_table)
    if any(i >= n for i in list(cs.switch_next_comm_index) + list(cs.waking_comm_index)):
        fail("%s: a comm index beyond the intern_table (%d)" % (where, n))


def switches(b):
    """(ts, prev or None, next, next's comm) of the bundle's switches, compact and full."""
    out, ts = [], 0
    cs = b.compact_sched
    for d, pid, c in zip(cs.switch_timestamp, cs.switch_next_pid, cs.switch_next_comm_index):
        ts += d
        out.append((ts, None, pid, cs.intern_table[c]))
    for e in b.event:
        if e.HasField("sched_switch"):
            s = e.sched_switch
            out.append((e.timestamp, s.prev_pid, s.next_pid, s.next_comm))
    return out


def check(pb, data, out):
    report = __import__("json").loads(run([SCHEDVIZ, "report", "--json", data]))
    run([SCHEDVIZ, "export", data, "--format=perfetto", "-o", out])
    trace = pb.Trace()
    trace.ParseFromString(open(out, "rb").read())
    name = os.path.basename(data)
    pk = list(trace.packet)
    if not pk or not pk[0].HasField("clock_snapshot"):
        fail("%s: the first packet is not a clock snapshot" % name)
    infos = [p.system_info for p in pk if p.HasField("system_info")]
    if len(infos) != 1 or infos[0].utsname.sysname != "Linux" or not infos[0].utsname.release:
        fail("%s: no SystemInfo with utsname Linux and a release" % name)

    per_cpu = collections.defaultdict(list)
    renames, threads, procs, summary = [], {}, {}, None
    nbundles = 0
    for i, p in enumerate(pk):
        if p.HasField("ftrace_events"):
            b = p.ftrace_events
            check_bundle(b, "%s packet %d (cpu %d)" % (name, i, b.cpu))
            per_cpu[b.cpu] += switches(b)
            renames += [(e.timestamp, e.task_rename.pid, e.task_rename.newcomm)
                        for e in b.event if e.HasField("task_rename")]
            renames += [(ts, nxt, comm) for ts, _, nxt, comm in switches(b) if nxt]
            nbundles += 1
        if p.HasField("process_tree"):
            threads.update({t.tid: t for t in p.process_tree.threads})
            procs.update({q.pid: q for q in p.process_tree.processes})
        if p.HasField("track_event") and p.track_event.name == "schedviz run":
            summary = {a.name: a for a in p.track_event.debug_annotations}

    got = collections.Counter()
    for cpu, sw in per_cpu.items():
        cur = None
        for ts, prev, nxt, _ in sorted(sw, key=lambda s: s[0]):
            if prev is None:
                if cur is None:
                    fail("%s: cpu %d's first switch is compact: Perfetto cannot know who left" % (name, cpu))
                prev = cur
            got[prev] += 1
            cur = nxt
    want = {t["tid"]: t["voluntary_switches"] + t["involuntary_switches"] for t in report["tasks"]}
    if {t: got[t] for t in want} != want:
        fail("%s: switches per task in the export %s != report %s" % (name, {t: got[t] for t in want}, want))
    print("ok %s: %d bundles, arrays of equal length; switches per task as report: %s" % (name, nbundles, want))

    names = {tid: t.name for tid, t in threads.items()}
    for ts, tid, comm in sorted(renames, key=lambda r: r[0]):
        names[tid] = comm
    for t in report["tasks"]:
        th = threads.get(t["tid"])
        if th is None or names.get(t["tid"]) != t["comm"]:
            fail("%s: task %d: thread name %r, report says %r" % (name, t["tid"], names.get(t["tid"]), t["comm"]))
        if th.tgid != t["tgid"]:
            fail("%s: task %d: tgid %d, report says %d" % (name, t["tid"], th.tgid, t["tgid"]))
        pr = procs.get(t["tgid"])
        if pr is None or pr.ppid != t["ppid"]:
            fail("%s: process %d: ppid %s, report says %d" % (name, t["tgid"], pr and pr.ppid, t["ppid"]))
    print("ok %s: %d tasks named, with their tgid and ppid" % (name, len(report["tasks"])))

    if summary is None:
        fail("%s: no 'schedviz run' slice" % name)
    if summary["command"].string_value != " ".join(report["target"]["argv"]) or \
            summary["exit_code"].int_value != report["target"]["exit_code"]:
        fail("%s: run summary %s != report target %s" % (name, summary, report["target"]))
    print("ok %s: run summary: %s, exit %d" % (name, summary["command"].string_value,
                                              summary["exit_code"].int_value))


def check_lost(pb, tmp):
    """Lost events on a known CPU mark that CPU's next bundle (Perfetto's own
    loss marker, FtraceEventBundle.lost_events) and no other, and name the
    CPU in the instant. The synthetic trace (tests/file/synth.c) loses 5
    events on CPU 1 after a third of its events; report --json and the CSV
    export (its cpu column) are the figures to agree with."""
    data, out = os.path.join(tmp, "synth.data"), os.path.join(tmp, "synth.pftrace")
    run([SYNTH, "--trace", data])
    lost = __import__("json").loads(run([SCHEDVIZ, "report", "--json", data]))["events"]["lost"]
    csv_path = os.path.join(tmp, "synth.csv")
    run([SCHEDVIZ, "export", data, "--format=csv", "-o", csv_path])
    rows = [r.split(",") for r in open(csv_path).read().splitlines()[1:] if r.split(",")[1] == "lost"]
    if [(r[2], int(r[14])) for r in rows] != [("1", lost)]:
        fail("synth: csv lost rows %s, want one on cpu 1 of %d" % (rows, lost))
    run([SCHEDVIZ, "export", data, "--format=perfetto", "-o", out])
    trace = pb.Trace()
    trace.ParseFromString(open(out, "rb").read())
    marked = [p.ftrace_events.cpu for p in trace.packet
              if p.HasField("ftrace_events") and p.ftrace_events.lost_events]
    instants = [p.track_event.name for p in trace.packet
                if p.HasField("track_event") and p.track_event.name.startswith("lost ")]
    if marked != [1] or instants != ["lost %d events on CPU 1" % lost]:
        fail("synth: bundles marked lost on CPUs %s, instants %s; want [1] and one on CPU 1"
             % (marked, instants))
    print("ok synth: %d events lost on CPU 1: that CPU's bundle marked, and only it" % lost)


def main():
    tmp = tempfile.mkdtemp(prefix="schedviz-test-perfetto.")
    try:
        pb = load_schema(tmp)
        check(pb, DEMO, os.path.join(tmp, "demo.pftrace"))
        check_lost(pb, tmp)
        if os.geteuid() != 0 or not os.path.exists("/sys/kernel/btf/vmlinux"):
            print("note: no BPF here (root and BTF needed); only the demo trace checked")
            return
        data = os.path.join(tmp, "race.data")
        run([SCHEDVIZ, "record", "-o", data, "race_counter", "--mode=mutex"])
        check(pb, data, os.path.join(tmp, "race.pftrace"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
