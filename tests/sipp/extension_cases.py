"""SIP extensions negotiated per RFC 3261 §8.2.2.3 / §20.32: an INVITE that
requires an extension the engine does not support is refused 420 Bad
Extension with Unsupported listing it, before the routing interface is
asked. Same runner, options and rules as run.py:

    python3 tests/sipp/extension_cases.py <case> --engine build/dev/engine/app/ctib-engine
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import Rtpengine, answer_gateway, header  # noqa: E402
from run import case, check_notifications, expect_hangup, one_call  # noqa: E402


def refused_420(c, require, unsupported):
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url())
    caller = c.uac("uac_require.xml", subst={"REQUIRE": require, "STATUS": 420})
    c.ok(caller)
    resp = caller.received("SIP/2.0 420")[0]
    got = sorted(x.strip() for x in (header(resp, "Unsupported") or "").split(","))
    assert got == sorted(unsupported), f"Unsupported {got} != {unsupported}:\n{resp}"
    assert not stub.requests, f"the interface was asked: {stub.requests}"
    return stub


@case
def require_unknown_extension(c):
    """Require: foo-ext (unknown) → 420 Bad Extension, Unsupported: foo-ext;
    the interface is not asked; a normal call then goes through."""
    stub = refused_420(c, "foo-ext", ["foo-ext"])
    callee = c.uas("uas_answer.xml")
    c.ok(c.uac("uac_answered.xml"), callee)
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def require_100rel_unsupported(c):
    """Require: 100rel, timer on a profile without enable-100rel (the
    default, as in FreeSWITCH): 100rel is named in Unsupported; timer, which
    it supports, is not."""
    refused_420(c, "100rel, timer", ["100rel"])


# ------------------------------------------------ 100rel (decision 0022) --

REL = "enable-100rel = true"


def reliable_call(c, extensions, uas, external_100rel=True):
    """A caller offering `extensions` through profiles with enable-100rel to
    the carrier UAS `uas`; returns (stub, callee, caller) once both finished."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url(), extra_profile=REL, extra_external=REL if external_100rel else "")
    callee = c.uas(uas, subst={"RING_MS": 500})
    caller = c.uac("uac_100rel.xml", subst={"EXTENSIONS": extensions})
    c.ok(caller, callee)
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
    assert stub.actions(one_call(stub)) == ["request", "progress", "answer", "hangup"], stub.actions(one_call(stub))
    return stub, callee, caller


def features(message, name):
    return {x.strip().lower() for x in (header(message, name) or "").split(",") if x.strip()}


def reliable_183(caller):
    """The caller's 183, checked to be reliable and to carry the callee's SDP."""
    progress = caller.received("SIP/2.0 183")[0]
    assert "100rel" in features(progress, "Require") and header(progress, "RSeq"), progress
    assert "o=bob" in progress, f"183 without the callee's SDP:\n{progress}"
    return progress


@case
def prack_both_legs(c):
    """Caller requires 100rel, callee sends its 183 with SDP reliably: the
    engine's INVITE to the callee offers 100rel and PRACKs the callee's 183;
    the caller gets the 183 reliably with the callee's SDP, its PRACK is
    answered 200; then 200, ACK, BYE as usual. Each leg runs its own
    RFC 3262 exchange (FreeSWITCH's enable-100rel, decision 0022)."""
    stub, callee, caller = reliable_call(c, "Require: 100rel\nSupported: 100rel, timer", "uas_100rel.xml")
    reliable_183(caller)
    invite = callee.received("INVITE")[0]
    assert "100rel" in features(invite, "Supported"), invite
    assert "prack" in features(invite, "Allow"), invite
    prack = callee.received("PRACK")[0]
    assert header(prack, "RAck").split()[0] == "7001", prack


@case
def prack_caller_only(c):
    """The caller supports 100rel (no Require), the callee sends an ordinary
    183: the caller still gets the 183 reliably (a 183 to a caller that
    supports 100rel) and its PRACK is answered by the engine; the callee sees
    no PRACK."""
    stub, callee, caller = reliable_call(c, "Supported: 100rel", "uas_early_media.xml")
    reliable_183(caller)
    assert not callee.received("PRACK"), callee.received("PRACK")


@case
def prack_callee_only(c):
    """The callee sends its 183 reliably, the caller offers no 100rel: the
    engine PRACKs the callee itself and relays an ordinary (unreliable) 183
    with the callee's SDP to the caller."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url(), extra_profile=REL, extra_external=REL)
    callee = c.uas("uas_100rel.xml", subst={"RING_MS": 500})
    caller = c.uac("uac_answered.xml")
    c.ok(caller, callee)
    progress = caller.received("SIP/2.0 183")[0]
    assert header(progress, "RSeq") is None and "100rel" not in features(progress, "Require"), progress
    assert "o=bob" in progress, progress
    assert callee.received("PRACK"), "the engine did not PRACK the callee's reliable 183"
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def prack_anchored_media(c):
    """prack_both_legs with media anchored through a real rtpengine: the
    reliable 183 the caller gets carries rtpengine's address and port, not
    the callee's, and both legs still run their PRACK exchange."""
    rtp = Rtpengine(c.dir)
    try:
        stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
        media = f'\n[media]\nrtpengine = ["{rtp.address}"]\ntimeout-ms = 200\nretries = 1\n'
        c.engine(stub.url(), extra_profile=REL, extra_external=REL, extra=media)
        callee = c.uas("uas_100rel.xml", subst={"RING_MS": 500})
        caller = c.uac("uac_100rel.xml", subst={"EXTENSIONS": "Require: 100rel"})
        c.ok(caller, callee)
        h = check_notifications(stub, one_call(stub))
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
        progress = caller.received("SIP/2.0 183")[0]
        assert "100rel" in features(progress, "Require") and header(progress, "RSeq"), progress
        m = re.search(r"^m=audio (\d+) ", progress, re.MULTILINE)
        assert m and rtp.owns(int(m.group(1))), f"the reliable 183's SDP is not rtpengine's:\n{progress}"
        assert callee.received("PRACK"), "the callee's reliable 183 was not PRACKed"
    finally:
        rtp.stop()


if __name__ == "__main__":
    sys.exit(run.main())
