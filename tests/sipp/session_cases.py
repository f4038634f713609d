"""UPDATE (RFC 3311) and session timer (RFC 4028) end-to-end cases: the real
engine between SIPp callers and callees that send UPDATEs and refresh their
sessions, or stop refreshing (decision 0007). Same runner, options and rules
as run.py:

    python3 tests/sipp/session_cases.py <case> --engine build/dev/engine/app/ctib-engine

The session-timer cases run with intervals of a few seconds, far below
RFC 4028's 90 s floor, which `minimum-session-expires` accepts for this
(docs/configuration.md). They wait for SIPp and the routing stub, never for
a time.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import answer_gateway, header  # noqa: E402
from run import case, check_notifications, expect_hangup, first, one_call  # noqa: E402

# Both profiles: minimum 2 s (below it a Session-Expires gets 422).
SHORT_MIN = "minimum-session-expires = 2"
# Outbound legs ask for 4 s sessions, so the engine refreshes B every 2 s.
SHORT_SESSIONS = f"{SHORT_MIN}\nsession-timeout = 4"


def routed(c, **engine):
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url(), **engine)
    return stub


@case
def update_without_sdp(c):
    """The caller's refresh UPDATE (no SDP) 45 s into a linphone call was never
    answered. It is answered 200 with Session-Expires by the engine and not
    relayed: the callee (a plain UAS) would fail on any UPDATE or re-INVITE."""
    stub = routed(c, extra_profile=SHORT_MIN)
    callee = c.uas("uas_answer.xml")
    caller = c.uac("uac_update_refresh.xml", subst={"SE": 6})
    c.ok(caller, callee)
    ok = caller.received("SIP/2.0 200")
    assert len(ok) == 3, f"expected 200 to INVITE, UPDATE, BYE: {len(ok)}"
    update_ok = [m for m in ok if "UPDATE" in (header(m, "CSeq") or "")]
    assert update_ok and header(update_ok[0], "Session-Expires").startswith("6"), update_ok
    assert not callee.received("UPDATE") and len(callee.received("INVITE")) == 1
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def update_with_sdp(c):
    """An UPDATE with an offer (hold, a=sendonly) is relayed to the callee as
    a re-INVITE, and the callee's answer (a=recvonly) comes back to the caller
    in the 200 to its UPDATE (it never did)."""
    stub = routed(c)
    callee = c.uas("uas_reinvite_answer.xml")
    caller = c.uac("uac_update_offer.xml")
    c.ok(caller, callee)
    reinvites = callee.received("INVITE")
    assert len(reinvites) == 2 and "a=sendonly" in reinvites[1], reinvites
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def update_early_dialog(c):
    """In the early dialog after the callee's 183: an UPDATE without SDP is
    answered 200 by the engine (not relayed); one with an offer (a=sendonly)
    is relayed to the callee as an UPDATE (a re-INVITE cannot go in an early
    dialog) and the callee's answer comes back in the 200. The call then
    completes as usual."""
    stub = routed(c, extra_profile=SHORT_MIN)
    callee = c.uas("uas_early_update.xml", subst={"RING_MS": 500})
    caller = c.uac("uac_early_update.xml", subst={"SE": 60})
    c.ok(caller, callee)
    updates = callee.received("UPDATE")
    assert len(updates) == 1 and "a=sendonly" in updates[0], updates
    assert len(callee.received("INVITE")) == 1
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def session_timer_refresh(c):
    """Session timers on both legs, 4 s sessions: the caller refreshes its
    leg every 2 s (each UPDATE answered 200 with Session-Expires) and the
    engine refreshes the callee's leg itself (refresher=uac, UPDATE without
    SDP); after the callee answered three of the engine's refreshes (three
    intervals) it hangs up. Neither leg expired in between: the call ends by
    the callee's BYE, NORMAL_CLEARING."""
    stub = routed(c, extra_profile=SHORT_MIN, extra_external=SHORT_SESSIONS)
    callee = c.uas("uas_timer_refresh_then_bye.xml")
    caller = c.uac("uac_session_refresher.xml", subst={"SE": 4, "REFRESH_MS": 2000})
    c.ok(callee, caller)
    invite = first(callee, "INVITE")
    assert header(invite, "Session-Expires").startswith("4"), invite
    assert "timer" in header(invite, "Supported"), invite
    refreshes = callee.received("UPDATE")
    assert len(refreshes) == 3 and all("m=audio" not in r for r in refreshes), refreshes
    answered = [m for m in caller.received("SIP/2.0 200") if "UPDATE" in (header(m, "CSeq") or "")]
    assert answered and all(header(m, "Session-Expires") for m in answered), answered
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "callee", 200)


@case
def session_timer_callee_gone(c):
    """The callee's phone dies silently once the call is up: it never answers
    the engine's refresh. The refresh times out (timer-T1X64 = 2 s on the
    external profile), the leg ends on its timer and the call with it: the
    caller gets BYE with Q.850 cause 102, one hangup notification,
    RECOVERY_ON_TIMER_EXPIRE by the system (decision 0007)."""
    stub = routed(c, extra_external=f"{SHORT_SESSIONS}\ntimer-T1X64 = 2000")
    callee = c.uas("uas_timer_silent.xml")
    caller = c.uac("uac_callee_hangs_up.xml")
    c.ok(caller)  # the dead callee never finishes; finish() stops it
    assert callee.received("UPDATE"), callee.diagnostics()
    bye = first(caller, "BYE")
    assert "cause=102" in (header(bye, "Reason") or ""), bye
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "RECOVERY_ON_TIMER_EXPIRE", "system", 200, q850=102)
    assert int(h["billsec"]) >= 0


@case
def session_timer_refresh_481(c):
    """The callee answers the engine's refresh 481 (it lost the dialog): the
    leg is over (RFC 5057) and so is the call, RECOVERY_ON_TIMER_EXPIRE by
    the system, the caller getting BYE with cause 102."""
    stub = routed(c, extra_external=SHORT_SESSIONS)
    callee = c.uas("uas_timer_481.xml")
    caller = c.uac("uac_callee_hangs_up.xml")
    c.ok(caller, callee)
    bye = first(caller, "BYE")
    assert "cause=102" in (header(bye, "Reason") or ""), bye
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "RECOVERY_ON_TIMER_EXPIRE", "system", 200, q850=102)


@case
def session_timer_caller_gone(c):
    """The caller asked for 4 s sessions and refreshes them itself, then stops:
    the engine sends it BYE before the session expires (RFC 4028 §10), and
    ends the call: the callee gets BYE with Q.850 cause 102, one hangup
    notification, RECOVERY_ON_TIMER_EXPIRE by the system."""
    stub = routed(c, extra_profile=SHORT_MIN)
    callee = c.uas("uas_answer.xml")
    caller = c.uac("uac_session_gone.xml", subst={"SE": 4})
    c.ok(caller, callee)
    bye = first(callee, "BYE")
    assert "cause=102" in (header(bye, "Reason") or ""), bye
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "RECOVERY_ON_TIMER_EXPIRE", "system", 200, q850=102)


@case
def session_timer_too_small(c):
    """A Session-Expires below minimum-session-expires (default 120) is
    refused 422 with Min-SE: 120 by the SIP stack (RFC 4028 §8.1); it never
    becomes a call, so the interface is not asked."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url())
    caller = c.uac("uac_session_too_small.xml", subst={"SE": 100, "MIN_SE": 120})
    c.ok(caller)
    # A second, acceptable call shows the refused one left nothing behind and
    # is what the interface sees first.
    callee = c.uas("uas_answer.xml")
    c.ok(c.uac("uac_answered.xml"), callee)
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


if __name__ == "__main__":
    sys.exit(run.main())
