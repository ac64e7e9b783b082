#!/usr/bin/env python3
"""echo_threads vs echo_epoll: the same requests; the epoll server serves
every connection from one task, sleeping only in epoll_wait(), with fewer
switches per request than a thread per connection."""
import sys
sys.dont_write_bytecode = True
import svscenario
from svscenario import check, total, switches


def server_side(run):
    pid = run.summary["target"]["pid"]
    clients = int(run.num("connections"))
    req = run.num("requests_served")
    check(req == run.num("client_requests"), f"server served every client request ({req:.0f})")
    check(clients == len(run.tasks("client-")), f"one client lane per connection ({clients})")
    return [t for t in run.summary["tasks"] if t["tgid"] == pid], req, clients


thr = svscenario.run_traced("echo_threads")
srv, req_t, clients = server_side(thr)
conns = [t for t in srv if t["comm"].startswith("conn-")]
check(len(conns) == clients, f"echo_threads: one server thread per connection ({len(conns)})")
sw_t = sum(switches(t) for t in conns) / req_t

ep = svscenario.run_traced("echo_epoll")
srv, req_e, clients_e = server_side(ep)
loop = ep.named("epoll-loop")
others = [t for t in srv if t is not loop and t["tid"] != ep.summary["target"]["pid"]]
check(not others, "echo_epoll: the epoll-loop is the only server task besides the main thread")
check(ep.num("connections") == clients_e, f"echo_epoll: the loop served all {clients_e} connections")
# It blocks only in epoll_wait() (and once at exit): the kernel cannot count
# more voluntary switches than the calls the scenario counted.
waits = ep.num("epoll_waits")
check(loop["voluntary_switches"] <= waits + 1,
      f"echo_epoll: loop voluntary switches {loop['voluntary_switches']} <= its epoll_wait calls {waits:.0f} + 1")
sw_e = switches(loop) / req_e
check(sw_e < sw_t, f"switches per request: epoll loop {sw_e:.3f} < threads {sw_t:.3f}")

# --stall-ms: one blocking call in the loop stalls every connection. Each
# client in touch with the server through the whole stall (its first send
# before it, its last echo after: one clock, CLOCK_MONOTONIC, on both sides)
# has a longest request (its own clock) spanning it, and in the trace its
# thread slept at least that long waiting for the echo. A client done before
# the stall, or started after it, is not held up (seen once: client-7).
st = svscenario.run_traced("echo_epoll", "--stall-ms=200", "--requests=3000")
stall = st.num("stall_ms")
s0, s1 = (int(x) for x in st.results["stall_span_ns"].split())
cl = st.tasks("client-")
check(stall >= 200 and len(cl) == int(st.num("connections")),
      f"echo_epoll --stall-ms=200: the loop slept {stall:.0f} ms; {len(cl)} client lanes")


def spanned(t):
    first, last = (int(x) for x in st.results[f"{t['comm']}_span_ns"].split())
    return first <= s0 and last >= s1


held = [t for t in cl if spanned(t)]
check(len(held) >= 1, f"echo_epoll --stall-ms=200: {len(held)} of {len(cl)} clients were in "
      "touch with the server through the stall")
for t in held:
    mx = st.num(f"{t['comm']}_max_us") / 1e3
    check(mx >= 0.9 * stall, f"{t['comm']}: its longest request {mx:.0f} ms spans the "
          f"{stall:.0f} ms stall")
    check(t["sleep_ns"] / 1e6 >= 0.9 * stall, f"{t['comm']}: slept {t['sleep_ns'] / 1e6:.0f} ms "
          f"in the trace, the stall included")
