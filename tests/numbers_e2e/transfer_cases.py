#!/usr/bin/env python3
"""Blind transfers through the numbers service (decision 0027) end to end:
the real engine and ctib-numbers, SIPp as caller, carrier and transfer
target. The callee (B, behind the carrier) REFERs the caller; the engine
asks the service again for the same uuid (docs/protocol.md §2.1.1), and the
service routes the transfer only as the caller could call the target
itself. Same runner, options and rules as run.py:

    python3 tests/numbers_e2e/transfer_cases.py <case> --engine PATH/ctib-engine --numbers PATH/ctib-numbers
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from run import A, B, E164, X, case, check_masked, free_port, header, one  # noqa: E402

C = "13600000001"  # reachable from A through X5 only
X5 = "17100000005"


def sipp(c, scenario, port, **kw):
    """A scenario of tests/sipp/scenarios (the engine's own transfer cases)."""
    s = run.Sipp(c.dir, scenario, port, **kw)
    c.sipps.append(s)
    return s


def sipfrags(notifies):
    out = []
    for n in notifies:
        body = n.split("\n\n", 1)[1] if "\n\n" in n else ""
        m = re.search(r"SIP/2\.0 (\d{3})", body)
        assert m, f"NOTIFY without a sipfrag status line:\n{n}"
        out.append(int(m.group(1)))
    return out


def start(c, target_port):
    """The service and the engine; X on the carrier's gateway, X5 on a
    gateway of its own (the target's SIPp); A–B bound on X, A–C on X5."""
    n = c.start(engine_extra=f'\n[gateways.target]\nprofile = "external"\nproxy = "127.0.0.1:{target_port}"\n'
                             "caller-id-in-from = true\n")
    n.import_pool([X5], gateway="target")
    first = n.bind("AXB", A, B)
    second = n.bind("AXB", A, C, x=X5)
    return n, first, second


@case
def transfer_to_a_middle_number_the_caller_may_call(c):
    """B transfers A to X5: the target C is called showing X5 (never A),
    B's NOTIFYs say 100 then 200, and the call keeps its one record (the
    first binding's), which notes the transfer."""
    pt = run.free_port()
    n, first, second = start(c, pt)
    target = sipp(c, "uas_answer.xml", pt)
    callee = sipp(c, "uas_answer_refer.xml", c.pc, subst={"REFER_TO": f"<sip:{X5}@127.0.0.1>"})
    caller = sipp(c, "uac_transferred.xml", free_port(), remote=f"127.0.0.1:{c.pi}", service=X, caller=A,
                  subst={"HOLD_MS": 500})
    c.ok(caller, callee, target)
    assert sipfrags(callee.received("NOTIFY")) == [100, 200], callee.received("NOTIFY")
    invite = target.received("INVITE")
    assert len(invite) == 1, invite
    check_masked(invite[0], C, X5, hidden=(A, B))
    r = one(n.released_records(1))
    assert r["binding_id"] == first["id"] and r["callee"] == E164[B] and r["caller"] == E164[A], r
    assert r["transferred_to"] == "+86" + X5 and r["transfer_time"], r
    assert r["release_cause"]["name"] == "NORMAL_CLEARING", r


@case
def transfer_to_a_real_number_is_refused(c):
    """B tries to transfer A to C's real number: the service refuses the
    transfer (B's final NOTIFY 403), nobody is dialled, the call goes on
    and ends as usual; its record notes no transfer."""
    pt = run.free_port()
    n, first, _ = start(c, pt)
    target = run.UdpSink(pt)  # nobody is dialled: the target's port gets nothing
    c.sinks.append(target)
    callee = sipp(c, "uas_answer_refer.xml", c.pc, subst={"REFER_TO": f"<sip:{C}@127.0.0.1>"})
    caller = sipp(c, "uac_answered.xml", free_port(), remote=f"127.0.0.1:{c.pi}", service=X, caller=A,
                  extra=["-d", "2500"])
    c.ok(caller, callee)
    assert sipfrags(callee.received("NOTIFY")) == [100, 403], callee.received("NOTIFY")
    assert not caller.received("INVITE"), "the caller was re-INVITEd after a refused transfer"
    r = one(n.released_records(1))
    assert r["binding_id"] == first["id"] and r["callee"] == E164[B], r
    assert r["transferred_to"] is None and r["transfer_time"] is None, r
    assert not target.received(), "the target's port received a datagram"
    assert re.search(r"cti: transfer to \S+ refused", n.read_log()), "the refusal was not logged"


if __name__ == "__main__":
    sys.exit(run.main())
