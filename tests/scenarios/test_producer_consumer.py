#!/usr/bin/env python3
"""producer_consumer: every item made is used once; the faster producers
wait at the full queue, in futex waits that the trace times as the
scenario measured them."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total

run = svscenario.run_traced("producer_consumer")
items = run.num("items")
check(run.num("producers_items") == items and run.num("consumers_items") == items,
      f"{items:.0f} items made and used")
check(run.results["checksum_made"] == run.results["checksum_used"], "the same items came out")
prod, cons = run.tasks("producer-"), run.tasks("consumer-")
check(prod and cons, "producer and consumer lanes")
for t in prod + cons:
    svscenario.check_futex_matches(t, run.num(f"{t['comm']}_blocked_ms"),
                               "its measured lock and condition wait")
# Producers make items three times faster than consumers use them, so the
# queue fills and the producers wait on "not full".
check(run.num("producers_waits") > 0, "producers found the queue full")
pw, cw = total(prod, "futex_wait_ns"), total(cons, "futex_wait_ns")
check(pw > cw, f"producers wait longer in futex ({pw / 1e6:.0f} ms) than consumers ({cw / 1e6:.0f} ms)")
