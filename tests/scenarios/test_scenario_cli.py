#!/usr/bin/env python3
"""Every scenario program on its own: --help exits 0 with a usage line,
bad arguments give one line naming the remedy and exit 2. Then `schedviz
list` shows every scenario with its summary. Scenario names are passed in."""
import sys
sys.dont_write_bytecode = True
import os
import subprocess
import svscenario
from svscenario import check

names = sys.argv[1:]
check(len(names) > 0, "scenario names given")
for name in names:
    exe = svscenario.scenario_path(name)
    rc, out, err = svscenario.run_plain(exe, "--help")
    check(rc == 0 and out.startswith(f"usage: {name} "), f"{name} --help")
    for bad in (["--no-such-option"], ["--watchdog=x"], ["stray"]):
        rc, out, err = svscenario.run_plain(exe, *bad)
        lines = err.strip().splitlines()
        check(rc == 2 and len(lines) == 1 and "--help" in lines[0],
              f"{name} {' '.join(bad)}: exit 2, one line with the remedy")

cli = os.environ.get("SCHEDVIZ")
p = subprocess.run([cli, "list"], capture_output=True, text=True, timeout=30)
check(p.returncode == 0, "schedviz list exits 0")
for name in names:
    line = [l for l in p.stdout.splitlines() if l.split()[:1] == [name]]
    check(len(line) == 1 and len(line[0].split()) > 3, f"schedviz list shows {name} with a summary")
