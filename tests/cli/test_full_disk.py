#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Recording onto a full disk (a 128 KiB tmpfs): one clear error line and a
non-zero exit, the target runs its course undisturbed, and the file reads
up to its last whole block.

The file is checked by walking its blocks with Python's zlib
(tests/lib/svfile.py, trace_format.h's layout), not with schedviz's reader: every block's CRC
holds, the file ends exactly at a block boundary (nothing torn is left),
and the event records in its blocks are the number schedviz says it kept
and the number its reader reads back.

usage: test_full_disk.py"""
import os
import re
import subprocess
import tempfile

import svfile
from svtest import SCHEDVIZ, fail, need_bpf

need_bpf()

with tempfile.TemporaryDirectory() as tmp:
    disk = os.path.join(tmp, "disk")
    os.mkdir(disk)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", disk],
                       capture_output=True, text=True)
    if r.returncode:
        fail(f"mount -t tmpfs failed: {r.stderr.strip()}")
    try:
        trace = os.path.join(disk, "t.data")
        status = os.path.join(tmp, "status")
        # stress-ng exits 0 only when it ran its whole course; its status is
        # written outside the full disk
        target = f"stress-ng --switch 1 -t 3 >/dev/null 2>&1; echo $? > {status}"
        r = subprocess.run([SCHEDVIZ, "record", "-o", trace, "--", "sh", "-c", target],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=60)
        errs = [l for l in r.stderr.splitlines() if "No space left" in l]
        print(r.stderr.strip())
        if r.returncode == 0:
            fail("record onto a full disk exited 0")
        if len(errs) != 1 or trace not in errs[0]:
            fail(f"want one line naming {trace} and ENOSPC, got {errs}")
        print(f"ok: exit {r.returncode}, one error line")
        with open(status) as f:
            st = f.read().strip()
        if st != "0":
            fail(f"the target was disturbed: stress-ng exited {st}")
        print("ok: the target ran its course (stress-ng exited 0)")

        try:
            blocks = svfile.blocks(trace)
        except svfile.BadFile as e:
            fail(str(e))
        tags = [b.tag for b in blocks]
        if tags[0] != "HEAD" or "FOOT" in tags or set(tags[1:]) != {"EVTS"}:
            fail(f"unexpected blocks: {tags[:3]} ... {tags[-3:]}")
        kept = sum(b.n_records for b in blocks if b.tag == "EVTS")
        m = re.search(r"keeps the first (\d+) records", errs[0])
        if not m or int(m.group(1)) != kept:
            fail(f"the error line says {m and m.group(1)} records, the file holds {kept}")
        print(f"ok: {len(blocks)} whole blocks, CRCs good, no torn end, {kept} records "
              f"({os.path.getsize(trace)} bytes)")

        rep = subprocess.run([SCHEDVIZ, "report", trace], capture_output=True, text=True)
        m = re.search(r"read (\d+) records", rep.stderr)
        if rep.returncode or not m or int(m.group(1)) != kept:
            fail(f"report: exit {rep.returncode}, {rep.stderr.strip()}")
        print(f"ok: report reads the {kept} records and says the file was cut short")
    finally:
        subprocess.run(["umount", disk])
