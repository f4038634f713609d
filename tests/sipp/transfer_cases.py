"""Blind transfer (REFER, RFC 3515; decision 0015) end to end: the real
engine between SIPp callers, callees and transfer targets, routed by the
HTTP stub, which answers a call's second routing request (the transfer's:
it carries `transferor`) with the target. Same runner, options and rules
as run.py:

    python3 tests/sipp/transfer_cases.py <case> --engine build/dev/engine/app/ctib-engine
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import answer_gateway, free_port, header  # noqa: E402
from run import CALLER, SERVICE, case, expect_hangup, hangup_of  # noqa: E402

TARGET_USER = "2000"


def transfer_stub(c, target_answer):
    """The first request goes to the carrier gateway; the transfer's to
    `target_answer` (a routing answer)."""
    return c.stub(lambda p: (200, target_answer if "transferor" in p else answer_gateway("carrier", "139"), 0))


def dial_target(port):
    return {"dial": {"type": "dialstring", "dialstring": f"sofia/external/{TARGET_USER}@127.0.0.1:{port}"}}


def sipfrag(notify):
    body = notify.split("\n\n", 1)[1] if "\n\n" in notify else ""
    m = re.search(r"SIP/2\.0 (\d{3})", body)
    assert m, f"NOTIFY without a sipfrag status line:\n{notify}"
    return int(m.group(1))


def check_notifies(sipp, final):
    notifies = sipp.received("NOTIFY")
    assert len(notifies) == 2, f"{len(notifies)} NOTIFYs:\n{notifies}"
    assert [sipfrag(n) for n in notifies] == [100, final], notifies
    for n in notifies:
        assert header(n, "Event").startswith("refer"), n
        assert header(n, "Content-Type").startswith("message/sipfrag"), n
    assert header(notifies[1], "Subscription-State").startswith("terminated"), notifies[1]


def check_transfer_request(stub, transferor):
    """Two routing requests with the call's one uuid; the second names the
    transfer target and who asked."""
    reqs = stub.of("request")
    assert len(reqs) == 2, reqs
    first, second = reqs
    assert first["uuid"] == second["uuid"], reqs
    assert "transferor" not in first and "sip_refer_to" not in first, first
    assert second["transferor"] == transferor, second
    assert second["destination_number"] == TARGET_USER, second
    assert second["sip_refer_to"] == f"sip:{TARGET_USER}@127.0.0.1", second
    assert second["sip_referred_by"].startswith("<sip:"), second
    epoch, uuid, kind, rest = second["transfer_source"].split(":", 3)
    assert int(epoch) > 0 and uuid == first["uuid"] and kind == "bl_xfer", second
    assert rest == f"{TARGET_USER}/cti_bridge/internal", second
    for k in ("caller_id_number", "sip_call_id", "profile", "network_addr"):
        assert second[k] == first[k], (k, first, second)
    return first["uuid"]


def one_hangup(stub, uuid):
    h = hangup_of(stub, uuid)
    hangups = [r for r in stub.of("hangup") if r.get("uuid") == uuid and r.get("_status") == 200]
    assert len(hangups) == 1, hangups
    assert h["caller_id_number"] == CALLER and h["destination_number"] == SERVICE, h
    return h


REFER_TO = f"<sip:{TARGET_USER}@127.0.0.1>"


@case
def transfer_by_callee(c):
    """The callee REFERs the caller to 2000: 202, NOTIFY 100 then 200 to the
    callee, BYE to the callee; the caller gets a re-INVITE with the target's
    SDP and is then in a call with the target, whose BYE comes when the
    caller hangs up. One hangup, `dialed` the target."""
    pt = free_port()
    stub = transfer_stub(c, dial_target(pt))
    c.engine(stub.url())
    target = c.uas("uas_answer.xml", port=pt)
    callee = c.uas("uas_answer_refer.xml", subst={"REFER_TO": REFER_TO})
    caller = c.uac("uac_transferred.xml", subst={"HOLD_MS": 500})
    c.ok(caller, callee, target)
    check_notifies(callee, 200)
    # The target was offered the caller's session, and the caller got the target's.
    invite = target.received("INVITE")[0]
    assert "o=alice" in invite, invite
    reinvite = caller.received("INVITE")[0]
    assert "o=bob" in reinvite, reinvite
    uuid = check_transfer_request(stub, "callee")
    h = one_hangup(stub, uuid)
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200, dialed=f"sofia/external/{TARGET_USER}@127.0.0.1:{pt}")


@case
def transfer_by_caller(c):
    """The caller REFERs the callee to 2000: 202, NOTIFY 100 then 200 to the
    caller, BYE to the caller; the callee gets a re-INVITE with the
    target's SDP; the target (offered the callee's session) hangs up and
    the callee gets BYE. One hangup, by the caller's side (the target plays
    the caller's part)."""
    pt = free_port()
    stub = transfer_stub(c, dial_target(pt))
    c.engine(stub.url())
    target = c.uas("uas_answer_then_bye.xml", port=pt, subst={"HOLD_MS": 500})
    callee = c.uas("uas_answer_reinvited.xml")
    caller = c.uac("uac_refer.xml", subst={"REFER_TO": REFER_TO})
    c.ok(caller, callee, target)
    check_notifies(caller, 200)
    invite = target.received("INVITE")[0]
    assert "o=bob" in invite, invite
    uuid = check_transfer_request(stub, "caller")
    h = one_hangup(stub, uuid)
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200, dialed=f"sofia/external/{TARGET_USER}@127.0.0.1:{pt}")


@case
def transfer_refused_by_interface(c):
    """The interface answers the transfer's request with a hangup (603
    CALL_REJECTED): the callee's final NOTIFY carries 603, nobody is
    dialled, and the call goes on until the caller hangs up."""
    stub = transfer_stub(c, {"dial": {"type": "hangup", "cause": "CALL_REJECTED", "sipcode": 603}})
    c.engine(stub.url())
    callee = c.uas("uas_answer_refer.xml", subst={"REFER_TO": REFER_TO})
    caller = c.uac("uac_answered.xml", extra=["-d", "2500"])
    c.ok(caller, callee)
    check_notifies(callee, 603)
    assert not caller.received("INVITE"), "the caller was re-INVITEd after a refused transfer"
    uuid = check_transfer_request(stub, "callee")
    h = one_hangup(stub, uuid)
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200, dialed="sofia/gateway/carrier/139")


@case
def transfer_target_busy(c):
    """The target answers 486: the callee's final NOTIFY carries 486 and the
    call goes on with the original parties."""
    pt = free_port()
    stub = transfer_stub(c, dial_target(pt))
    c.engine(stub.url())
    target = c.uas("uas_reject.xml", port=pt)
    callee = c.uas("uas_answer_refer.xml", subst={"REFER_TO": REFER_TO})
    caller = c.uac("uac_answered.xml", extra=["-d", "2500"])
    c.ok(caller, callee, target)
    check_notifies(callee, 486)
    uuid = check_transfer_request(stub, "callee")
    h = one_hangup(stub, uuid)
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200, dialed="sofia/gateway/carrier/139")


@case
def refer_with_replaces(c):
    """Attended transfer (Refer-To with ?Replaces=) is refused 501; nobody is
    asked or dialled and the call goes on."""
    stub = transfer_stub(c, {"dial": {"type": "hangup", "cause": "CALL_REJECTED"}})
    c.engine(stub.url())
    replaces = f"<sip:{TARGET_USER}@127.0.0.1?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>"
    callee = c.uas("uas_answer_refer_refused.xml", subst={"REFER_TO": replaces, "STATUS": 501})
    caller = c.uac("uac_answered.xml", extra=["-d", "1500"])
    c.ok(caller, callee)
    assert len(stub.of("request")) == 1, stub.of("request")
    h = one_hangup(stub, stub.uuids()[0])
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def refer_bad_target(c):
    """A Refer-To that is no SIP URI (tel:) is refused 400."""
    stub = transfer_stub(c, {"dial": {"type": "hangup", "cause": "CALL_REJECTED"}})
    c.engine(stub.url())
    callee = c.uas("uas_answer_refer_refused.xml", subst={"REFER_TO": "<tel:+12025550100>", "STATUS": 400})
    caller = c.uac("uac_answered.xml", extra=["-d", "1500"])
    c.ok(caller, callee)
    assert len(stub.of("request")) == 1, stub.of("request")


@case
def refer_out_of_dialog(c):
    """A REFER outside any dialog is refused 403, and nothing is asked."""
    stub = transfer_stub(c, dial_target(free_port()))
    c.engine(stub.url())
    c.ok(c.uac("uac_refer_out_of_dialog.xml", subst={"STATUS": 403}))
    assert not stub.requests, stub.requests


if __name__ == "__main__":
    sys.exit(run.main())
