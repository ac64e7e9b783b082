#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""`schedviz export`: what it writes and how it fails (issue 16).

A short recording of a shell is exported to every format. Oracles, none
computed by schedviz: the CSV has one row per record counted in the file's
blocks (tests/lib/svfile.py), the JSON parses, trace.dat starts with
trace-cmd's magic; os.stat() and os.listdir() show what a failed export
left behind (nothing: no output, no temporary file, an existing output
untouched, the trace's own bytes unchanged). Each failure is one line on
stderr and exit 1 (the trace cannot be read, the output cannot be written)
or 2 (a bad command line), as the man page's EXIT STATUS says.

usage: test_export_cmd.py"""
import json
import os
import shutil
import subprocess
import tempfile

import svfile
from svtest import SCHEDVIZ, fail, need_bpf

need_bpf()
NL = b"\n"
FORMATS = ("perfetto", "ftrace", "json", "tracedat", "csv")


def export(args, want_rc, want_err_lines, cwd=None, **kw):
    p = subprocess.run([SCHEDVIZ, "export"] + args, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=120, cwd=cwd, **kw)
    err = p.stderr.decode(errors="replace").splitlines()
    label = "export " + " ".join(args)
    if p.returncode != want_rc or len(err) != want_err_lines:
        fail(f"'{label}': exit {p.returncode} (want {want_rc}), {len(err)} stderr lines "
             f"(want {want_err_lines}): {err}")
    if want_rc:
        print(f"ok '{label}' -> {p.returncode}: {err[0]}")
    return p, err


def listing(d):
    return sorted(os.listdir(d))


tmp = tempfile.mkdtemp(prefix="svtest-export-")
try:
    trace = os.path.join(tmp, "t.data")
    r = subprocess.run([SCHEDVIZ, "record", "-o", trace, "--", "sh", "-c",
                        "sleep 0.05 & sleep 0.05 & wait"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if r.returncode:
        fail(f"record exited {r.returncode}: {r.stderr}")
    trace_bytes = open(trace, "rb").read()
    records = svfile.evts_records(trace)
    out = os.path.join(tmp, "out")
    os.mkdir(out)

    # every format: exit 0, a file of mode 0644, nothing else left
    for fmt in FORMATS:
        dest = os.path.join(out, "x." + fmt)
        export([trace, f"--format={fmt}", "-o", dest], 0, 0)
        st = os.stat(dest)
        if st.st_mode & 0o777 != 0o644 or st.st_size == 0:
            fail(f"export {fmt}: mode {oct(st.st_mode)}, {st.st_size} bytes")
        body = open(dest, "rb").read()
        if fmt == "csv" and body.count(b"\n") != records + 1:
            fail(f"export csv: {body.count(NL)} lines, the file holds {records} records "
                 f"(+1 header)")
        if fmt == "json":
            json.loads(body)
        if fmt == "tracedat" and not body.startswith(b"\x17\x08\x44tracing6\0"):
            fail(f"export tracedat: no trace.dat v6 magic: {body[:12]!r}")
        print(f"ok export --format={fmt}: {st.st_size} bytes, mode 0644")
    if listing(out) != sorted("x." + f for f in FORMATS):
        fail(f"exports left {listing(out)}")
    # -o -: the same bytes on stdout
    p, _ = export([trace, "--format=csv", "-o", "-"], 0, 0)
    if p.stdout != open(os.path.join(out, "x.csv"), "rb").read():
        fail("export -o - wrote other bytes than -o FILE")
    # an existing output is replaced whole (a new inode: written aside, renamed)
    dest = os.path.join(out, "x.csv")
    ino = os.stat(dest).st_ino
    export([trace, "-f", "csv", "-o", dest], 0, 0)
    if os.stat(dest).st_ino == ino or listing(out) != sorted("x." + f for f in FORMATS):
        fail(f"export over an existing file: same inode or leftovers {listing(out)}")
    print(f"ok -o - gives the same bytes; an existing output is replaced by rename, "
          f"{records} records = {records} CSV rows")

    # failures: exit and one line; nothing written, nothing touched
    before = {n: (os.stat(os.path.join(out, n)).st_ino, open(os.path.join(out, n), "rb").read())
              for n in listing(out)}
    missing = os.path.join(tmp, "missing.data")
    _, err = export([missing, "--format=csv", "-o", dest], 1, 1)
    if missing not in err[0]:
        fail(f"missing input: the line does not name {missing}")
    _, err = export([trace, "--format=xml", "-o", os.path.join(out, "new.xml")], 2, 1)
    if "'xml'" not in err[0]:
        fail(f"unknown format: the line does not name it: {err[0]!r}")
    export([trace, "-o", os.path.join(out, "new.csv")], 2, 1)
    export([trace, "--format=csv"], 2, 1)
    nodir = os.path.join(tmp, "no-such-dir", "x.csv")
    _, err = export([trace, "--format=csv", "-o", nodir], 1, 1)
    if nodir not in err[0] or os.path.exists(os.path.dirname(nodir)):
        fail(f"-o in a missing directory: {err[0]!r}")
    export([trace, "--format=csv", "-o", out], 1, 1)
    export([trace, "--format=csv", "-o", "/dev/full"], 1, 1)
    export([trace, "--format=csv", "-o", trace], 2, 1)
    link = os.path.join(tmp, "hardlink.data")
    os.link(trace, link)
    export([trace, "--format=csv", "-o", link], 2, 1)
    os.unlink(link)
    after = {n: (os.stat(os.path.join(out, n)).st_ino, open(os.path.join(out, n), "rb").read())
             for n in listing(out)}
    if after != before:
        fail(f"a failed export changed the output directory: {sorted(after)}")
    if open(trace, "rb").read() != trace_bytes:
        fail("a failed export changed the trace")
    print("ok every failure left the outputs and the trace as they were")

    # a damaged trace (one bit flipped in an event block): refused with one
    # line naming that block's offset and the records before it; no output
    bl = svfile.blocks(trace)
    k = next(i for i, b in enumerate(bl) if b.tag == "EVTS" and i >= len(bl) // 2)
    bad = os.path.join(tmp, "bad.data")
    data = bytearray(trace_bytes)
    data[bl[k].offset + bl[k].size // 2] ^= 0x10
    open(bad, "wb").write(data)
    before_k = sum(b.n_records for b in bl[:k] if b.tag == "EVTS")
    _, err = export([bad, "--format=csv", "-o", os.path.join(out, "bad.csv")], 1, 1)
    if f"damaged at byte {bl[k].offset}" not in err[0] or f"{before_k} records" not in err[0]:
        fail(f"damaged trace: want byte {bl[k].offset} and {before_k} records in {err[0]!r}")
    if "bad.csv" in " ".join(listing(out)):
        fail(f"damaged trace: an output was left: {listing(out)}")
    # a trace cut mid-block: exported up to its last whole block, one warning
    cut = os.path.join(tmp, "cut.data")
    open(cut, "wb").write(trace_bytes[:bl[k].offset + bl[k].size // 2])
    p, err = export([cut, "--format=csv", "-o", "-"], 0, 1)
    if p.stdout.count(b"\n") != before_k + 1 or "cut short" not in err[0]:
        fail(f"cut trace: {p.stdout.count(NL) - 1} CSV rows, the whole blocks hold "
             f"{before_k}; {err}")
    print(f"ok a damaged trace is refused at byte {bl[k].offset}; a cut one gives the "
          f"{before_k} records of its whole blocks")
finally:
    shutil.rmtree(tmp)
print("export: all checks passed")
