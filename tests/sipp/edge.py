#!/usr/bin/env python3
"""What an attacker on the SIP port can do, and what stops it
(docs/security.md). One case per invocation, like run.py:

    python3 tests/sipp/edge.py <case> --engine build/dev/engine/app/ctib-engine

Every case runs the real engine on loopback. Attackers speak from other
loopback addresses (127.0.0.2, 127.0.0.3) so that the trunk (127.0.0.1, in
the ACL) and the attacker are different sources, as they are in the field.
Floods are bounded: a few thousand datagrams, a few dozen connections.
"""

import os
import socket
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import answer_gateway  # noqa: E402
import run  # noqa: E402
from run import case  # noqa: E402  (cases register in run.CASES; run.main() runs one)

TRUNK_ACL = '\n[acls.trunk]\nallow = ["127.0.0.1/32"]\n'
ACL_ONLY = 'apply-inbound-acl = ["trunk"]'


def fd_count(engine):
    return len(os.listdir(f"/proc/{engine.pid}/fd"))


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def connect_from(source, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def closed_by_peer(s):
    """True once the engine closed `s` (EOF or reset); False while open."""
    s.setblocking(False)
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


def request(method, port, source_port, call_id=None, transport="UDP", source="127.0.0.1"):
    call_id = call_id or uuid.uuid4().hex
    return (f"{method} sip:95000@127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport} {source}:{source_port};branch=z9hG4bK{uuid.uuid4().hex}\r\n"
            f"From: <sip:13800000001@{source}>;tag={uuid.uuid4().hex[:8]}\r\n"
            f"To: <sip:95000@127.0.0.1:{port}>\r\n"
            f"Call-ID: {call_id}\r\nCSeq: 1 {method}\r\nMax-Forwards: 70\r\n"
            f"Contact: <sip:13800000001@{source}:{source_port}>\r\nContent-Length: 0\r\n\r\n").encode()


def ask(method, port, source="127.0.0.1", timeout=3.0, whole=False):
    """One out-of-dialog request over UDP from `source`; the final status
    (or the final response's text, `whole`)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((source, 0))
    s.settimeout(timeout)
    try:
        s.sendto(request(method, port, s.getsockname()[1], source=source), ("127.0.0.1", port))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = s.recv(65535)
            status = int(message.split(b" ", 2)[1])
            if status >= 200:
                return message.decode(errors="replace") if whole else status
        return None
    except socket.timeout:
        return None
    finally:
        s.close()


def pike_cuts_burst(c, eng, method, expected):
    """200 `method`s from 127.0.0.2 with pike at 5/s, burst 10: the burst
    gets `expected`, then 503, then (kernel filter) nothing. The statuses."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.2", 0))
    s.settimeout(1.0)
    for _ in range(200):
        s.sendto(request(method, c.pi, s.getsockname()[1], source="127.0.0.2"), ("127.0.0.1", c.pi))
        time.sleep(0.002)
    statuses = []
    try:
        while True:
            statuses.append(int(s.recv(65535).split(b" ", 2)[1]))
    except socket.timeout:
        pass
    s.close()
    assert statuses.count(expected) == 10, statuses
    assert 503 in statuses, statuses
    assert len(statuses) < 100, f"{len(statuses)} answers to 200 {method}s"
    assert "pike: 127.0.0.2 is over its request rate" in eng.read_log()
    return statuses


# --------------------------------------------------------------- TCP leak
@case
def tcp_garbage_then_close(c):
    """Issue 15's leak: a peer sends an unparsable message ending in a blank
    line and closes. sofia stops reading such a connection, so it stayed in
    CLOSE-WAIT for 20-30 minutes; tcp-idle-timeout (TPTAG_IDLE) now closes
    it. The per-source limit is set high so it is the idle timeout at work."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url(), level="info",
                   extra_profile="tcp-idle-timeout = 2000\ntcp-max-connections-per-source = 500")
    base = fd_count(eng)
    for _ in range(40):
        s = connect_from("127.0.0.2", c.pi)
        s.sendall(b"hello world\r\n\r\n")
        s.close()
    time.sleep(0.3)
    held = fd_count(eng) - base
    assert held >= 30, f"the engine held only {held} descriptors: the case no longer reproduces the leak"
    started = time.monotonic()
    wait_until(lambda: fd_count(eng) <= base, 6.0, f"descriptors back to {base} (now {fd_count(eng)})")
    print(f"{held} descriptors held after garbage; back to baseline {time.monotonic() - started:.1f} s later")


@case
def tcp_silent_connection(c):
    """A connection that sends nothing is closed after tcp-header-timeout,
    not before; one that keeps talking is not."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url(), level="info", extra_profile="tcp-header-timeout = 1000")
    silent = connect_from("127.0.0.2", c.pi)
    talker = connect_from("127.0.0.2", c.pi)
    talker.sendall(request("OPTIONS", c.pi, talker.getsockname()[1], transport="TCP", source="127.0.0.2"))
    opened = time.monotonic()
    time.sleep(0.6)
    assert not closed_by_peer(silent), "closed before tcp-header-timeout"
    wait_until(lambda: closed_by_peer(silent), 3.0, "the silent connection to be closed")
    took = time.monotonic() - opened
    assert took >= 0.9, f"closed after {took:.2f} s, before the 1 s header timeout"
    assert not closed_by_peer(talker), "a connection that sent a request was closed too"
    print(f"silent connection closed after {took:.2f} s")


@case
def tcp_per_source_limit(c):
    """tcp-max-connections-per-source = 3: the fourth connection from one
    address is closed at once, the first three stay, and another address
    still connects."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url(), level="info",
                   extra_profile="tcp-max-connections-per-source = 3\ntcp-header-timeout = 20000")
    first = [connect_from("127.0.0.2", c.pi) for _ in range(3)]
    time.sleep(0.5)  # the guard has seen them: they are the oldest
    extra = connect_from("127.0.0.2", c.pi)
    other = connect_from("127.0.0.3", c.pi)
    wait_until(lambda: closed_by_peer(extra), 2.0, "the 4th connection from 127.0.0.2 to be closed")
    time.sleep(0.5)
    assert not any(closed_by_peer(s) for s in first), "one of the first three connections was closed"
    assert not closed_by_peer(other), "the connection from another source was closed"
    assert "over tcp-max-connections-per-source" in eng.read_log()


# ------------------------------------------------------------------ flood
def flood(port, source, count, seconds):
    """`count` INVITEs from `source` over UDP in about `seconds`; returns
    (sent, responses received)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((source, 0))
    s.settimeout(0.2)
    received = [0]
    done = threading.Event()

    def reader():
        while not done.is_set():
            try:
                s.recv(65535)
                received[0] += 1
            except socket.timeout:
                pass
            except OSError:
                return

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    src_port = s.getsockname()[1]
    start = time.monotonic()
    for i in range(count):
        s.sendto(request("INVITE", port, src_port, source=source), ("127.0.0.1", port))
        ahead = start + seconds * (i + 1) / count - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    time.sleep(1.0)  # late answers
    done.set()
    t.join()
    s.close()
    return count, received[0]


@case
def flood_from_one_source(c):
    """A source floods INVITEs (3000 in 3 s, UDP) at a profile while a trunk
    in its ACL places 20 calls. pike cuts the flooder after its burst; the
    kernel filter then drops its datagrams unread. Every trunk call
    completes; the flooder hears back for a small share of what it sent."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url(), level="info", extra_profile=ACL_ONLY, extra=TRUNK_ACL,
                   extra_engine="min-idle-cpu = 2\npike-rate = 20\npike-burst = 40\npike-ban-seconds = 30")
    rss_before = eng.rss_kb()
    callee = c.uas("uas_answer.xml", calls=20)
    trunk = c.uac("uac_answered.xml", calls=20, rate=10, trace=False)
    sent, answered = flood(c.pi, "127.0.0.2", 3000, 3.0)
    c.ok(trunk, callee, timeout=40)
    rss_after = eng.rss_kb()
    log = eng.read_log()
    assert "pike: 127.0.0.2 is over its request rate" in log, "the flooder was never cut"
    # Each INVITE that reaches the stack is answered (100 + final): without
    # pike and the filter that is ~2 per INVITE. The burst, and what arrives
    # before the next guard scan installs the filter, is answered; then nothing.
    assert answered < sent * 0.15, f"the flooder got {answered} answers to {sent} INVITEs"
    assert len(stub.of("answer")) == 20, f"{len(stub.of('answer'))} of 20 trunk calls answered"
    print(f"flooder: {sent} INVITEs sent, {answered} answers received; trunk: 20/20 calls; "
          f"RSS {rss_before} -> {rss_after} kB")


@case
def shedding_spares_trunks(c):
    """min-idle-cpu = 100 makes the load guard shed from its fifth sample:
    an INVITE from an untrusted source is refused 503, while the trunk's
    calls (apply-inbound-acl) are still taken."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url(), level="info", extra_profile=ACL_ONLY, extra=TRUNK_ACL,
                   extra_engine="min-idle-cpu = 100")
    wait_until(lambda: "refusing part of the new" in eng.read_log(), 5.0, "the load guard to shed")
    assert ask("INVITE", c.pi, source="127.0.0.2") == 503
    callee = c.uas("uas_answer.xml", calls=3)
    trunk = c.uac("uac_answered.xml", calls=3, rate=5)
    c.ok(trunk, callee)


@case
def register_flood_is_cut(c):
    """REGISTERs count towards pike too: after its burst a source gets 503,
    then (kernel filter) nothing."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url(), level="info", extra_engine="pike-rate = 5\npike-burst = 10")
    statuses = pike_cuts_burst(c, eng, "REGISTER", expected=401)
    print(f"200 REGISTERs: {statuses.count(401)} x 401, {statuses.count(503)} x 503, the rest unanswered")


# ------------------------------------------------------- OPTIONS and INFO
@case
def options_and_info(c):
    """INFO outside a dialog: 481 (the stack said 200). OPTIONS on a profile
    that admits only its ACLs: 403 to others, 200 to the trunk; an open
    profile answers everyone 200."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url(), level="info", extra_profile=ACL_ONLY, extra=TRUNK_ACL)
    assert ask("INFO", c.pi) == 481
    ok = ask("OPTIONS", c.pi, source="127.0.0.1", whole=True)
    assert ok and ok.startswith("SIP/2.0 200"), ok
    assert "\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO" in ok, ok  # still the stack's capabilities
    assert ask("OPTIONS", c.pi, source="127.0.0.2") == 403
    assert ask("OPTIONS", c.pe, source="127.0.0.2") == 200  # external: no ACL, no auth-calls


@case
def stateless_options_flood(c):
    """Large out-of-dialog OPTIONS from an untrusted source (pike off, so
    every one reaches the engine): each is answered 403 by the edge without
    a transaction (the To tag the stateless answer sets starts with `sl`),
    and the engine's RSS does not grow with them. Kept as sofia transactions
    (32 s each) they would hold ~60 KB apiece: 1500 of them ~90 MB. The trunk
    still gets the stack's own 200 (with Allow); INFO from the untrusted
    source gets 481 the same stateless way."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url(), level="info", extra_profile=ACL_ONLY, extra=TRUNK_ACL,
                   extra_engine="pike-rate = 0")
    # A warm-up so buffers the first requests allocate are in the baseline.
    for _ in range(20):
        assert ask("OPTIONS", c.pi, source="127.0.0.2") == 403
    rss_before = eng.rss_kb()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.2", 0))
    s.settimeout(3.0)
    padding = "X-Pad: " + "a" * 60000 + "\r\n"
    count = 1500
    for i in range(count):
        call_id = f"flood-{i}"
        message = request("OPTIONS", c.pi, s.getsockname()[1], call_id=call_id, source="127.0.0.2").decode()
        message = message.replace("Content-Length: 0\r\n", padding + "Content-Length: 0\r\n")
        s.sendto(message.encode(), ("127.0.0.1", c.pi))
        answer = s.recv(65535).decode(errors="replace")  # a timeout fails the case
        assert answer.startswith("SIP/2.0 403 "), answer
        assert f"\r\nCall-ID: {call_id}\r\n" in answer, answer
        assert ";tag=sl" in answer, f"not the stateless answer: {answer}"
        assert ";received=127.0.0.2" in answer, answer
    s.close()
    rss_after = eng.rss_kb()
    grown = rss_after - rss_before
    print(f"{count} OPTIONS of {len(padding) // 1000} KB from 127.0.0.2: {count} x 403; "
          f"RSS {rss_before} -> {rss_after} kB (+{grown} kB)")
    assert grown < 16 * 1024, f"RSS grew {grown} kB for {count} stateless answers"
    info = ask("INFO", c.pi, source="127.0.0.2", whole=True)
    assert info and info.startswith("SIP/2.0 481") and ";tag=sl" in info, info
    trunk = ask("OPTIONS", c.pi, source="127.0.0.1", whole=True)
    assert trunk and trunk.startswith("SIP/2.0 200"), trunk
    assert "\r\nAllow: INVITE" in trunk and ";tag=sl" not in trunk, trunk  # the stack's own answer
    # A trunk call still completes.
    callee = c.uas("uas_answer.xml", calls=1)
    caller = c.uac("uac_answered.xml", calls=1)
    c.ok(caller, callee)


@case
def stateless_other_methods(c):
    """Out-of-dialog MESSAGE, SUBSCRIBE, NOTIFY and PUBLISH from an untrusted
    source get the stack's 405 (with the profile's Allow), a BYE or PRACK
    without a dialog 481, a REFER 403 (decision 0015), an unknown method 501,
    but from the edge, without a transaction (`;tag=sl`).
    The trunk still gets the stack's own answers; CANCEL, which matches an
    INVITE transaction only sofia knows, always reaches the stack."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url(), level="info", extra_profile=ACL_ONLY, extra=TRUNK_ACL)
    for method in ("MESSAGE", "SUBSCRIBE", "NOTIFY", "PUBLISH"):
        edge = ask(method, c.pi, source="127.0.0.2", whole=True)
        assert edge and edge.startswith("SIP/2.0 405 ") and ";tag=sl" in edge, edge
        assert "\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO" in edge, edge
        assert f"\r\nCSeq: 1 {method}\r\n" in edge, edge
        stack = ask(method, c.pi, source="127.0.0.1", whole=True)
        assert stack and stack.startswith("SIP/2.0 405 ") and ";tag=sl" not in stack, stack
        # The same list both ways: the edge reads the stack's.
        allow = lambda m: next(l for l in m.split("\r\n") if l.startswith("Allow:"))
        assert allow(edge) == allow(stack), (allow(edge), allow(stack))
    for method, status in (("BYE", 481), ("PRACK", 481), ("REFER", 403), ("FOO", 501)):
        edge = ask(method, c.pi, source="127.0.0.2", whole=True)
        assert edge and edge.startswith(f"SIP/2.0 {status} ") and ";tag=sl" in edge, edge
    stack = ask("FOO", c.pi, source="127.0.0.1", whole=True)
    assert stack and stack.startswith("SIP/2.0 501 ") and ";tag=sl" not in stack, stack
    cancel = ask("CANCEL", c.pi, source="127.0.0.2", whole=True)
    assert cancel and cancel.startswith("SIP/2.0 481 ") and ";tag=sl" not in cancel, cancel
    # A trunk call still completes.
    callee = c.uas("uas_answer.xml", calls=1)
    caller = c.uac("uac_answered.xml", calls=1)
    c.ok(caller, callee)


@case
def message_flood_is_cut(c):
    """MESSAGEs count towards pike like OPTIONS and REGISTER: after its burst
    the source gets 503, then (kernel filter) nothing."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url(), level="info", extra_engine="pike-rate = 5\npike-burst = 10")
    pike_cuts_burst(c, eng, "MESSAGE", expected=405)


if __name__ == "__main__":
    sys.exit(run.main())
