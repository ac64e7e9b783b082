#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A target for test_signals.py: a family of three processes in one process
group, switching at a moderate rate (two children pass a byte back and
forth over pipes, paced to about 2,000 round trips a second; the parent
waits for them).

usage: sig_family.py READY_FILE default|ignore|count
  default  SIGINT, SIGTERM and SIGHUP kill every process (their default)
  ignore   every process ignores them: only SIGKILL ends the family
  count    the children die of them; the parent counts those it gets and,
           0.5 s after the first, exits 10 + that count
Once all three run it writes READY_FILE: "PARENT PGID CHILD CHILD"."""
import os
import signal
import sys
import time

ready, mode = sys.argv[1], sys.argv[2]
STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
for s in STOPS:
    signal.signal(s, signal.SIG_IGN if mode == "ignore" else signal.SIG_DFL)


def player(rfd, wfd, serve):
    """Pass a byte back and forth for good."""
    if serve:
        os.write(wfd, b"x")
    while True:
        if not os.read(rfd, 1):
            os._exit(0)
        time.sleep(0.0005)
        os.write(wfd, b"x")


a_r, b_w = os.pipe()
b_r, a_w = os.pipe()
kids = []
for rfd, wfd, serve in ((a_r, a_w, True), (b_r, b_w, False)):
    k = os.fork()
    if k == 0:
        player(rfd, wfd, serve)
    kids.append(k)
got = []
if mode == "count":
    for s in STOPS:
        signal.signal(s, lambda sig, frame: got.append(sig))
tmp = ready + ".tmp"
with open(tmp, "w") as f:
    f.write(f"{os.getpid()} {os.getpgrp()} {kids[0]} {kids[1]}\n")
os.rename(tmp, ready)
while not got:
    time.sleep(0.01)
time.sleep(0.5)
os._exit(10 + len(got))
