#!/usr/bin/env python3
"""coroutines: the scenario counts a million switches of its own in one
thread; the kernel counts almost none for it."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, switches

run = svscenario.run_traced("coroutines")
pid = run.summary["target"]["pid"]
mine = run.tasks(tgid=pid)
check(len(mine) == 1, "all coroutines live in one kernel task")
user = run.num("user_switches")
kern = switches(mine[0])
check(user >= 1000, f"the scenario made {user:.0f} user-space switches")
# The kernel switches this CPU-bound task out only to let another task run:
# at most about once per scheduler slice (0.75 ms or more), while a
# swapcontext() takes well under a microsecond. A factor of 100 leaves room.
check(kern * 100 < user, f"kernel switches {kern} are under 1% of user-space switches {user:.0f}")
