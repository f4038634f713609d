#!/usr/bin/env python3
"""End-to-end cases with real user agents from Debian: baresip phones
(baresip.py, driven through ctrl_tcp) registered on the real ctib-engine,
calling each other through it, with the routing-interface stub of
tests/sipp (imported, not copied). One case per invocation:

    python3 tests/baresip/cases.py <case> --engine build/dev/engine/app/ctib-engine [--keep]
    python3 tests/baresip/cases.py --list

Every process a case starts (engine, phones) is stopped by pid, also on
failure; the engine must exit 0 on SIGTERM with no sanitizer report (run.py's
Case.finish). Cases wait for baresip events and stub requests, never for a
time. What each case proves is in docs/testing.md.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sipp"))
sys.path.insert(0, HERE)
import harness  # noqa: E402  (tests/sipp/harness.py)
from case_runner import parse_case_args, run_case  # noqa: E402
import run  # noqa: E402  (tests/sipp/run.py: Case, notification checks)
from baresip import Baresip  # noqa: E402

CASES = {}
ADMIN_TOKEN = "baresip-admin-token"
USERS = {"1000": "pass1000", "1001": "pass1001", "1002": "pass1002"}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


class Case(run.Case):
    """run.Case (stub, engine, stop-all) plus baresip phones."""

    def __init__(self, name, binary):
        super().__init__(name, binary)
        self.phones = []

    def routed_engine(self, extra_profile="", tls=""):
        """A routing stub that sends every call to `user/<destination>`, and
        the engine with users 1000 and 1001 in its directory and the admin
        API on. Returns the stub."""
        stub = self.stub(lambda p: (200, {"dial": {"type": "user", "user": p.get("destination_number", ""),
                                                   "number": p.get("destination_number", "")}}, 0))
        users = "\n".join(f'[users.{u}]\npassword = "{pw}"' for u, pw in USERS.items())
        extra = f'\n[admin]\naddress = "127.0.0.1:0"\ntoken = "{ADMIN_TOKEN}"\n\n{users}\n'
        self.engine(stub.url(), extra_profile=f"register-min-expires = 1\n{extra_profile}", extra=extra,
                    extra_engine='domain = "127.0.0.1"')
        return stub

    def phone(self, user, transport="udp", **kw):
        return self.phone_at(user, f"sip:{user}@127.0.0.1:{self.pi};transport={transport}", **kw)

    def phone_at(self, user, aor, **kw):
        p = Baresip(self.dir, f"phone{user}", aor, USERS[user], **kw)
        self.phones.append(p)
        p.start()
        return p

    def registered(self, user, transport="udp", **kw):
        p = self.phone(user, transport, **kw)
        p.wait_event("REGISTER_OK")
        return p

    def registrations(self):
        """The engine's registrar, as the admin API shows it."""
        m = re.search(r"admin API on (http://127\.0\.0\.1:\d+)", self.engines[0].read_log())
        assert m, "no admin API line in the engine log"
        req = urllib.request.Request(f"{m.group(1)}/v1/profiles/internal/registrations",
                                     headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())["registrations"]

    def finish(self):
        for p in self.phones:
            p.stop()
        return super().finish()



# ------------------------------------------------------------------ helpers --

def rtp_received(phone):
    """RTP packets the phone's audio stream received so far (baresip's own
    RTCP member counter, `rcvd=` in `audio_debug`)."""
    text = phone.command("audio_debug")
    m = re.search(r"rcvd=(\d+)", text)
    assert m, f"{phone.name}: no rcvd= in audio_debug:\n{text}"
    return int(m.group(1))


def audio_dir(phone):
    text = phone.command("audio_debug")
    m = re.search(r"audio dir=(\w+)", text)
    assert m, f"{phone.name}: no audio dir in audio_debug:\n{text}"
    return m.group(1)


def wait_until(what, predicate, timeout=20.0):
    """Polls a phone's state (a command's answer) until predicate holds: RTP
    counters and stream directions have no event of their own."""
    deadline = time.time() + timeout
    while True:
        got = predicate()
        if got:
            return got
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def rtp_flows(phone, timeout=20.0):
    """RTP keeps arriving at the phone: its received counter grows."""
    before = rtp_received(phone)
    wait_until(f"{phone.name} to receive RTP (had {before})", lambda: rtp_received(phone) > before + 5, timeout)


def connect(c, caller, callee, destination):
    """caller dials `destination` through the engine; callee rings, answers;
    both see the call established and receive RTP. Returns the call uuid."""
    caller.command("dial", f"sip:{destination}@127.0.0.1:{c.pi}")
    callee.wait_event("CALL_INCOMING")
    callee.command("accept")
    caller.wait_event("CALL_ESTABLISHED")
    callee.wait_event("CALL_ESTABLISHED")
    caller.wait_event("CALL_RTPESTAB")
    callee.wait_event("CALL_RTPESTAB")
    rtp_flows(caller)
    rtp_flows(callee)
    return run.one_call(c.stubs[0])


def hang_up(c, stub, uuid, by, other, caller_number, destination):
    """`by` hangs up; the other phone sees the call closed; the interface got
    one hangup, NORMAL_CLEARING, and the protocol's notification order."""
    by.command("hangup")
    by.wait_event("CALL_CLOSED")
    other.wait_event("CALL_CLOSED")
    h = run.check_notifications(stub, uuid, caller=caller_number, destination=destination)
    return h


def registration_of(c, user):
    regs = [r for r in c.registrations() if r["user"] == user]
    assert len(regs) == 1, f"expected one registration of {user}: {c.registrations()}"
    return regs[0]


# -------------------------------------------------------------------- cases --

def register_and_reach(c, transport):
    stub = c.routed_engine()
    callee = c.registered("1000", transport=transport)
    reg = registration_of(c, "1000")
    assert reg["transport"] == transport, reg
    assert reg["user_agent"].startswith("baresip"), reg
    caller = c.registered("1001")
    uuid = connect(c, caller, callee, "1000")
    h = hang_up(c, stub, uuid, caller, callee, "1001", "1000")
    run.expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def register_udp(c):
    """A baresip registers over UDP (digest from the directory): the
    registrar shows it, and a call to user/1000 reaches it and connects."""
    register_and_reach(c, "udp")


@case
def register_tcp(c):
    """Same over TCP: the registration's transport is tcp and the call to it
    goes down its connection."""
    register_and_reach(c, "tcp")


@case
def call_a_to_b(c):
    """1000 calls 1001 through the engine (user/1001): both ring/establish,
    RTP flows both ways, the caller hangs up: one NORMAL_CLEARING by the
    caller."""
    stub = c.routed_engine()
    a, b = c.registered("1000"), c.registered("1001")
    uuid = connect(c, a, b, "1001")
    h = hang_up(c, stub, uuid, a, b, "1000", "1001")
    run.expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def call_b_to_a(c):
    """The other way, and the callee hangs up: NORMAL_CLEARING by the callee."""
    stub = c.routed_engine()
    a, b = c.registered("1000"), c.registered("1001")
    uuid = connect(c, b, a, "1000")
    h = hang_up(c, stub, uuid, a, b, "1001", "1000")
    run.expect_hangup(h, "NORMAL_CLEARING", "callee", 200)


@case
def hold_resume(c):
    """The caller holds (re-INVITE a=sendonly): the callee's stream becomes
    recvonly; it resumes (a=sendrecv): sendrecv again and RTP flows both
    ways; the call survives on both legs and ends normally."""
    stub = c.routed_engine()
    a, b = c.registered("1000"), c.registered("1001")
    uuid = connect(c, a, b, "1001")
    offers = len(b.of("CALL_REMOTE_SDP"))
    a.command("hold")
    b.wait_event("CALL_REMOTE_SDP", count=offers + 1)
    wait_until("the callee's stream recvonly", lambda: audio_dir(b) == "recvonly")
    assert audio_dir(a) == "sendonly", audio_dir(a)
    a.command("resume")
    b.wait_event("CALL_REMOTE_SDP", count=offers + 2)
    wait_until("the callee's stream sendrecv", lambda: audio_dir(b) == "sendrecv")
    assert audio_dir(a) == "sendrecv", audio_dir(a)
    rtp_flows(a)
    rtp_flows(b)
    assert not a.of("CALL_CLOSED") and not b.of("CALL_CLOSED")
    assert stub.actions(uuid) == ["request", "ring", "answer"], stub.actions(uuid)
    h = hang_up(c, stub, uuid, b, a, "1000", "1001")
    run.expect_hangup(h, "NORMAL_CLEARING", "callee", 200)


@case
def dtmf_rfc2833(c):
    """DTMF as RFC 2833 telephone-events both ways: the engine's offer and
    answer keep telephone-event, so each side's digits reach the other in
    order."""
    stub = c.routed_engine()
    a, b = c.registered("1000"), c.registered("1001")
    uuid = connect(c, a, b, "1001")
    for sender, receiver, digits in ((a, b, "147#"), (b, a, "*09")):
        for i, d in enumerate(digits, 1):
            sender.command("sndcode", d)
            got = receiver.wait_event("CALL_DTMF_START", count=i)
            assert got.get("param") == d, f"{receiver.name} got {got} for {d}"
            receiver.wait_event("CALL_DTMF_END", count=i)
    h = hang_up(c, stub, uuid, a, b, "1000", "1001")
    run.expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


class PhoneSipp(harness.Sipp):
    """harness.Sipp playing a scenario from tests/baresip/scenarios."""

    SCENARIOS = os.path.join(HERE, "scenarios")


@case
def dtmf_info(c):
    """baresip 1.0 sends DTMF only as RFC 2833 (it has no INFO mode), so the
    INFO direction is SIPp's: a SIPp caller sends application/dtmf-relay
    INFOs (5, #) through the engine (decision 0008, relayed) to a baresip
    callee, which answers each 200 and reports the digits."""
    stub = c.routed_engine()
    b = c.registered("1001")
    sipp = PhoneSipp(c.dir, "uac_info_to_phone.xml", harness.free_port(), remote=f"127.0.0.1:{c.pi}",
                     service="1001", caller="1000")
    c.sipps.append(sipp)
    b.wait_event("CALL_INCOMING")
    b.command("accept")
    for i, d in enumerate("5#", 1):
        got = b.wait_event("CALL_DTMF_START", count=i)
        assert got.get("param") == d, f"{b.name} got {got} for {d}"
    c.ok(sipp)
    b.wait_event("CALL_CLOSED")
    assert len(sipp.received("SIP/2.0 200")) == 4, "200 to INVITE, two INFOs and BYE"
    h = run.check_notifications(stub, run.one_call(stub), caller="1000", destination="1001")
    run.expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


SHORT_TIMER = "minimum-session-expires = 2\nsession-timeout = {se}\ntimer-T1X64 = 2000"


@case
def session_timer_refresh(c):
    """8 s sessions: baresip supports no timer and allows no UPDATE, so the
    engine refreshes the callee's leg itself with re-INVITEs (decision 0007)
    every 4 s. Across three intervals (six refreshes) the callee answers
    every one and the call stays up, RTP flowing; it then ends normally."""
    se = 8
    stub = c.routed_engine(extra_profile=SHORT_TIMER.format(se=se))
    a, b = c.registered("1000"), c.registered("1001")
    uuid = connect(c, a, b, "1001")
    offers = len(b.of("CALL_REMOTE_SDP"))
    refreshes = 3 * 2  # three intervals, a refresh every half interval
    b.wait_event("CALL_REMOTE_SDP", count=offers + refreshes, timeout=3 * se + 30)
    assert all(e.get("param") == "offer" for e in b.of("CALL_REMOTE_SDP")[offers:]), b.of("CALL_REMOTE_SDP")
    assert not a.of("CALL_CLOSED") and not b.of("CALL_CLOSED")
    rtp_flows(a)
    rtp_flows(b)
    assert stub.actions(uuid) == ["request", "ring", "answer"], stub.actions(uuid)
    h = hang_up(c, stub, uuid, a, b, "1000", "1001")
    run.expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


@case
def far_end_killed(c):
    """The callee's baresip is killed (-9) mid-call: no BYE ever comes. The
    engine's next refresh of that leg fails, the call ends within the
    session-timer bound (half the interval plus the refresh's 64*T1) with
    BYE to the caller and one hangup notification,
    RECOVERY_ON_TIMER_EXPIRE by the system (decision 0007)."""
    se = 8
    stub = c.routed_engine(extra_profile=SHORT_TIMER.format(se=se))
    a, b = c.registered("1000"), c.registered("1001")
    uuid = connect(c, a, b, "1001")
    b.kill9()
    killed = time.time()
    bound = se / 2 + 2  # the refresh at half the interval, then its 64*T1 (2 s)
    # A generous margin over the bound for a loaded machine: what is checked
    # is that the call ends by the timer at all, not how fast.
    a.wait_event("CALL_CLOSED", timeout=bound + 20)
    h = run.check_notifications(stub, uuid, caller="1000", destination="1001")
    run.expect_hangup(h, "RECOVERY_ON_TIMER_EXPIRE", "system", 200, q850=102)
    assert int(h["end_epoch"]) >= int(killed), (h, killed)
    # Nothing more comes for the call (check_notifications counted one
    # delivered hangup; a late duplicate would show up here).
    assert len([r for r in stub.of("hangup") if r.get("uuid") == uuid]) == 1, stub.actions(uuid)


@case
def blind_transfer(c):
    """Enabled when REFER lands (feat-phones). 1000 calls 1001; 1001 blind-
    transfers it to 1002 (REFER): 1002 rings and answers, 1000 ends up in a
    call with 1002 with RTP flowing, 1001's call is over."""
    stub = c.routed_engine()
    a, b, x = c.registered("1000"), c.registered("1001"), c.registered("1002")
    connect(c, a, b, "1001")
    b.command("transfer", f"sip:1002@127.0.0.1:{c.pi}")
    x.wait_event("CALL_INCOMING", timeout=30)
    x.command("accept")
    x.wait_event("CALL_ESTABLISHED")
    b.wait_event("CALL_CLOSED", timeout=30)
    x.wait_event("CALL_RTPESTAB")
    rtp_flows(x)
    rtp_flows(a)
    assert not a.of("CALL_CLOSED"), a.of("CALL_CLOSED")
    a.command("hangup")
    x.wait_event("CALL_CLOSED")
    stub.wait_for(lambda: all("hangup" in stub.actions(u) for u in stub.uuids()), 20, "every call's hangup")


@case
def register_tls(c):
    """A certificate made here with openssl; the engine listens for TLS with
    it (FreeSWITCH's `tls`, `tls-sip-port`, `tls-cert-dir`); a baresip
    trusting it registers over TLS and is called over its connection (the
    registration's flow, as over TCP), while the caller over UDP gets a UDP
    Contact (sofia's own named the TLS listener, and the caller closed the
    call)."""
    certs = os.path.join(c.dir, "tls")
    os.makedirs(certs)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                    os.path.join(certs, "agent.key"), "-out", os.path.join(certs, "agent.crt")],
                   check=True, capture_output=True)
    with open(os.path.join(certs, "agent.pem"), "w") as f:
        for part in ("agent.key", "agent.crt"):
            with open(os.path.join(certs, part)) as g:
                f.write(g.read())
    shutil.copy(os.path.join(certs, "agent.crt"), os.path.join(certs, "cafile.pem"))
    tls_port = harness.free_port()
    stub = c.routed_engine(extra_profile=f'tls = true\ntls-sip-port = {tls_port}\ntls-cert-dir = "{certs}"')
    callee = c.phone_at("1000", f"sip:1000@127.0.0.1:{tls_port};transport=tls",
                        extra_config=f"sip_cafile {os.path.join(certs, 'cafile.pem')}")
    callee.wait_event("REGISTER_OK")
    assert registration_of(c, "1000")["transport"] == "tls"
    caller = c.registered("1001")
    uuid = connect(c, caller, callee, "1000")
    h = hang_up(c, stub, uuid, caller, callee, "1001", "1000")
    run.expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


def main():
    args, code = parse_case_args(__doc__, CASES)
    if args is None:
        return code
    c = Case(args.case, args.engine)
    return run_case(args.case, c, lambda: CASES[args.case](c), args.keep,
                    lambda: [(e.log_path, e.read_log, 60) for e in c.engines] +
                    [(p.log_path, p.read_log, 30) for p in c.phones])


if __name__ == "__main__":
    sys.exit(main())
