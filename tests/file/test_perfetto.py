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
   among themselves, waking arrays among themselves; waking_common_flags
   may be left out) and its comm indexes fall inside its intern_table;
3. per task, the sched_switches it leaves (compact ones take prev from the
   CPU's previous switch, as Perfetto's importer does) equal
   voluntary + involuntary switches of `schedviz report --json`;
4. every task has a thread with its name (as Perfetto's importer names
   threads: perfetto_names() below), its TGID, and a process with its ppid;
5. every task the switches name, traced or not, keeps a name the file
   gives it (the CSV export's comms), though full sched_switch events carry
   a comm only when it would change the name;
6. the futex-wait slices, names resolved through the interned data, are
   the CSV export's futex waits (check_futex);
7. the run summary slice carries the command and exit code.

Without the schema (PERFETTO_PROTO, else ../shared/reference/ beside the
source tree, where CI and the developers have it), protoc or
python3-protobuf the test is skipped (77) with the remedy; without BPF only
the demo trace is checked.
"""
import collections
import csv
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
          cs.waking_comm_index]
    if len(cs.waking_common_flags):     # optional: the tokenizer reads it while it lasts
        wk.append(cs.waking_common_flags)
    for name, arrays in (("switch", sw), ("waking", wk)):
        if len({len(a) for a in arrays}) > 1:
            fail("%s: CompactSched %s arrays of unequal lengths %s" % (where, name, [len(a) for a in arrays]))
    n = len(cs.intern_table)
    if any(i >= n for i in list(cs.switch_next_comm_index) + list(cs.waking_comm_index)):
        fail("%s: a comm index beyond the intern_table (%d)" % (where, n))


def switches(b):
    """(ts, prev or None, next) of the bundle's switches, compact and full."""
    out, ts = [], 0
    cs = b.compact_sched
    for d, pid in zip(cs.switch_timestamp, cs.switch_next_pid):
        ts += d
        out.append((ts, None, pid))
    for e in b.event:
        if e.HasField("sched_switch"):
            out.append((e.timestamp, e.sched_switch.prev_pid, e.sched_switch.next_pid))
    return out


def perfetto_names(pk):
    """Each thread's name as Perfetto's importer leaves it, by its rules
    (google/perfetto src/trace_processor/importers/): a name comes with a
    priority, the ProcessTree's (kProcessTree) above the ftrace events'
    (kFtrace), and replaces one of no higher priority; an absent comm is no
    name (ProcessTracker::UpdateThreadName ignores a null one); a ProcessTree
    process with cmdline_is_comm names its main thread; task_newtask starts
    a new thread for its pid, named by its comm; events apply in time order,
    the ProcessTree at its timestamp. Compact switches name their next task
    (intern_table), compact wakings no one. Returns {tid: name}."""
    ev = []     # (ts, rank, tid, name, priority, new thread)
    for p in pk:
        if p.HasField("process_tree"):
            for q in p.process_tree.processes:
                if q.cmdline_is_comm and q.cmdline:
                    ev.append((p.timestamp, 0, q.pid, " ".join(q.cmdline), 2, False))
            for t in p.process_tree.threads:
                if t.HasField("name"):
                    ev.append((p.timestamp, 0, t.tid, t.name, 2, False))
        if not p.HasField("ftrace_events"):
            continue
        cs, ts = p.ftrace_events.compact_sched, 0
        for d, pid, c in zip(cs.switch_timestamp, cs.switch_next_pid, cs.switch_next_comm_index):
            ts += d
            ev.append((ts, 1, pid, cs.intern_table[c], 1, False))
        for e in p.ftrace_events.event:
            k = e.WhichOneof("event")
            m = getattr(e, k)
            if k == "sched_switch":
                ev += [(e.timestamp, 1, m.prev_pid, m.prev_comm, 1, False)] if m.HasField("prev_comm") else []
                ev += [(e.timestamp, 1, m.next_pid, m.next_comm, 1, False)] if m.HasField("next_comm") else []
            elif k == "sched_waking" and m.HasField("comm"):
                ev.append((e.timestamp, 1, m.pid, m.comm, 1, False))
            elif k == "task_newtask":
                ev.append((e.timestamp, 1, m.pid, m.comm, 1, True))
            elif k == "task_rename":
                ev.append((e.timestamp, 1, m.pid, m.newcomm, 1, False))
    names = {}
    for ts, _, tid, nm, prio, new in sorted(ev, key=lambda x: x[:2]):
        if new or prio >= names.get(tid, (None, 0))[1]:
            names[tid] = (nm, prio)
    return {tid: nm for tid, (nm, _) in names.items()}


def csv_comms(data, tmp):
    """{tid: every comm the file gives it} from the CSV export (a second reader)."""
    path = os.path.join(tmp, "names.csv")
    run([SCHEDVIZ, "export", data, "--format=csv", "-o", path])
    comms = collections.defaultdict(set)
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            for tid, comm in ((r["tid"], r["comm"]), (r["tid2"], r["comm2"])):
                if tid and int(tid) > 0 and comm:
                    comms[int(tid)].add(comm)
    return comms


def check(pb, data, out, tmp):
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
    tgids, procs, summary = {}, {}, None
    nbundles = 0
    for i, p in enumerate(pk):
        if p.HasField("ftrace_events"):
            b = p.ftrace_events
            check_bundle(b, "%s packet %d (cpu %d)" % (name, i, b.cpu))
            per_cpu[b.cpu] += switches(b)
            nbundles += 1
        if p.HasField("process_tree"):
            # A process's main thread is made with it (GetOrCreateProcess), entry or not.
            tgids.update({q.pid: q.pid for q in p.process_tree.processes})
            tgids.update({t.tid: t.tgid for t in p.process_tree.threads})
            procs.update({q.pid: q for q in p.process_tree.processes})
        if p.HasField("track_event") and p.track_event.name == "schedviz run":
            summary = {a.name: a for a in p.track_event.debug_annotations}

    got = collections.Counter()
    for cpu, sw in per_cpu.items():
        cur = None
        for ts, prev, nxt in sorted(sw, key=lambda s: s[0]):
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

    names = perfetto_names(pk)
    for t in report["tasks"]:
        if t["tid"] not in tgids or names.get(t["tid"]) != t["comm"]:
            fail("%s: task %d: thread name %r, report says %r" % (name, t["tid"], names.get(t["tid"]), t["comm"]))
        if tgids[t["tid"]] != t["tgid"]:
            fail("%s: task %d: tgid %d, report says %d" % (name, t["tid"], tgids[t["tid"]], t["tgid"]))
        pr = procs.get(t["tgid"])
        if pr is None or pr.ppid != t["ppid"]:
            fail("%s: process %d: ppid %s, report says %d" % (name, t["tgid"], pr and pr.ppid, t["ppid"]))
    print("ok %s: %d tasks named, with their tgid and ppid" % (name, len(report["tasks"])))

    # Every task the switches name, traced or not, keeps a name it had in
    # the file, though full switches carry a comm only when it changes.
    comms = csv_comms(data, tmp)
    met = {pid for sw in per_cpu.values() for _, prev, nxt in sw for pid in (prev, nxt) if pid}
    bad = {tid: (names.get(tid), sorted(comms[tid])) for tid in met
           if comms[tid] and names.get(tid) not in comms[tid]}
    if bad:
        fail("%s: threads without a name they had in the file: %s" % (name, bad))
    print("ok %s: all %d threads of the switches named" % (name, len(met)))

    check_futex(pk, data, tmp, name)

    if summary is None:
        fail("%s: no 'schedviz run' slice" % name)
    if summary["command"].string_value != " ".join(report["target"]["argv"]) or \
            summary["exit_code"].int_value != report["target"]["exit_code"]:
        fail("%s: run summary %s != report target %s" % (name, summary, report["target"]))
    print("ok %s: run summary: %s, exit %d" % (name, summary["command"].string_value,
                                              summary["exit_code"].int_value))


def packet_times(pk):
    """Each packet's timestamp in the trace's clock (None without one), as
    the importer reads it: a packet's timestamp_clock_id, else its
    sequence's TracePacketDefaults one; an incremental clock (is_incremental
    in a ClockSnapshot of the sequence, which ties it to BOOTTIME) adds each
    packet's timestamp to its last value; BOOTTIME and MONOTONIC read the
    same in these files (their first packet's snapshot). Returns a (time,
    whether it was a delta) per packet."""
    defaults, inc, out = {}, {}, []
    for p in pk:
        seq = p.trusted_packet_sequence_id
        if p.HasField("clock_snapshot"):
            clocks = {c.clock_id: c for c in p.clock_snapshot.clocks}
            for c in clocks.values():
                if c.is_incremental and 6 in clocks:
                    inc[(seq, c.clock_id)] = [c.timestamp, clocks[6].timestamp - c.timestamp]
        if p.HasField("trace_packet_defaults"):
            defaults[seq] = p.trace_packet_defaults.timestamp_clock_id
        if not p.HasField("timestamp"):
            out.append((None, False))
            continue
        clock = p.timestamp_clock_id if p.HasField("timestamp_clock_id") else defaults.get(seq, 0)
        if (seq, clock) in inc:
            c = inc[(seq, clock)]
            c[0] += p.timestamp
            out.append((c[0] + c[1], True))
        elif clock in (0, 3, 6):
            out.append((p.timestamp, False))
        else:
            fail("packet on sequence %d in clock %d, which no snapshot defines" % (seq, clock))
    return out


def check_futex(pk, data, tmp, name):
    """The futex-wait slices: each slice begin on a thread's track, its name
    and annotation name resolved through the sequence's InternedData (by
    iid, written before use, on packets saying SEQ_NEEDS_INCREMENTAL_STATE),
    is a sched_switch of the CSV export flagged futex and prev_target: the
    task, the time, "futex " and the futex word's name (the CSV's lock
    column) or, unnamed, its address; a slice ends only
    on a track with one open (the switch back in ends it; when the file
    lacks that switch, the next wait begins inside the open one)."""
    event_names, ann_names, thread_of = {}, {}, {}
    begins, open_ = [], {}
    for p, (ts, delta) in zip(pk, packet_times(pk)):
        seq = p.trusted_packet_sequence_id
        if p.sequence_flags & 1:        # SEQ_INCREMENTAL_STATE_CLEARED
            event_names[seq], ann_names[seq] = {}, {}
        event_names.setdefault(seq, {}).update({e.iid: e.name for e in p.interned_data.event_names})
        ann_names.setdefault(seq, {}).update(
            {a.iid: a.name for a in p.interned_data.debug_annotation_names})
        if p.HasField("track_descriptor") and p.track_descriptor.HasField("thread"):
            thread_of[p.track_descriptor.uuid] = p.track_descriptor.thread.tid
        if not p.HasField("track_event"):
            continue
        te = p.track_event
        if te.track_uuid not in thread_of:
            continue
        tid = thread_of[te.track_uuid]
        if te.HasField("name_iid") or any(a.HasField("name_iid") for a in te.debug_annotations) or delta:
            if not p.sequence_flags & 2:
                fail("%s: a packet uses interned names or a delta time without "
                     "SEQ_NEEDS_INCREMENTAL_STATE" % name)
        if te.type == te.TYPE_SLICE_BEGIN:
            nm = te.name if te.HasField("name") else event_names[seq].get(te.name_iid)
            anns = [a.name if a.HasField("name") else ann_names[seq].get(a.name_iid)
                    for a in te.debug_annotations]
            if anns != ["futex_op"]:
                fail("%s: futex slice of %d at %d: annotations %s" % (name, tid, ts, anns))
            begins.append((tid, ts, nm))
            open_[tid] = open_.get(tid, 0) + 1
        elif te.type == te.TYPE_SLICE_END:
            if not open_.get(tid):
                fail("%s: a slice ends on %d's track at %d with none open" % (name, tid, ts))
            open_[tid] = 0
    path = os.path.join(tmp, "futex.csv")
    run([SCHEDVIZ, "export", data, "--format=csv", "-o", path])
    with open(path, newline="") as f:
        want = [(int(r["tid"]), int(r["ts_ns"]), "futex " + (r["lock"] or r["futex_addr"]))
                for r in csv.DictReader(f)
                if r["event"] == "sched_switch" and {"futex", "prev_target"} <= set(r["flags"].split("|"))]
    if sorted(begins, key=str) != sorted(want, key=str):
        fail("%s: futex slices %d, the CSV's futex waits %d; first differences %s" % (
            name, len(begins), len(want), sorted(set(begins) ^ set(want), key=str)[:5]))
    print("ok %s: %d futex slices, named as the CSV's waits" % (name, len(begins)))


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
        check(pb, DEMO, os.path.join(tmp, "demo.pftrace"), tmp)
        check_lost(pb, tmp)
        if os.geteuid() != 0 or not os.path.exists("/sys/kernel/btf/vmlinux"):
            print("note: no BPF here (root and BTF needed); only the demo trace checked")
            return
        data = os.path.join(tmp, "race.data")
        run([SCHEDVIZ, "record", "-o", data, "race_counter", "--mode=mutex"])
        check(pb, data, os.path.join(tmp, "race.pftrace"), tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
