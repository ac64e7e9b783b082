#!/usr/bin/env python3
"""rlock: a re-entrant lock taken twice by its owner costs no futex wait (one
worker alone: none in the trace, though it took the lock twice per round,
its own count); two workers wait only on each other, on the lock named
account_lock; a plain lock taken twice by its owner is a futex wait on
plain_lock that nobody ends, as long as the owner's own timeout."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check


def lock_waits(t, name):
    return [l for l in t["futex_locks"] if (l["name"] or "").startswith(name + " ")]


alone = svscenario.run_traced("rlock", "--threads=1")
w = alone.named("rlock-1")
check(alone.num("reentries") == alone.num("outer_takes") and alone.num("balance_sum") == 0,
      f"one worker: re-entered {alone.num('reentries'):.0f} times, balances intact")
check(w["futex_waits"] == 0, f"one worker: {w['futex_waits']} futex waits in the trace for "
      f"{2 * alone.num('outer_takes'):.0f} takes of the re-entrant lock")

two = svscenario.run_traced("rlock")
ws = two.tasks("rlock-")
check(len(ws) == 2 and two.num("reentries") == two.num("outer_takes"), "two workers, all re-entered")
# the workers wait on one futex word, the lock: named account_lock when the
# name could be read while the process lived (collect/lock_names.c names a
# word at its first sleep; a run shorter than a read of the rings may end
# first)
words = {l["addr"]: l["name"] for t in ws for l in t["futex_locks"]}
check(len(words) <= 1 and all(n is None or n.startswith("account_lock ") for n in words.values()),
      f"two workers: their futex waits are on one word, the lock ({words})")

plain = svscenario.run_traced("rlock", "--plain")
p = plain.named("plain-1")
timeout, waited = plain.num("timeout_ms"), plain.num("self_wait_ms")
check(plain.results.get("gave_up") == "yes", "--plain: the owner gave up waiting for itself")
mine = lock_waits(p, "plain_lock")
ms = sum(l["wait_ns"] for l in mine) / 1e6
check(len(mine) == 1 and mine[0]["waits"] == 1 and timeout - 1.0 <= ms <= waited + 1.0,
      f"--plain: one futex wait on plain_lock of {ms:.1f} ms in the trace: the owner's "
      f"{timeout:.0f} ms timeout (it measured {waited:.1f} ms)")
