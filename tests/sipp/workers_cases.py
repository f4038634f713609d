"""N engine workers (decision 0020): one ctib-engine started with
`[engine] workers = 2` against SIPp and a Python SIP peer on loopback. Same
runner, options and rules as run.py:

    python3 tests/sipp/workers_cases.py <case> --engine build/dev/engine/app/ctib-engine

Which worker the kernel gives a datagram to (SO_REUSEPORT) is its choice;
the cases do not assume one. They check what must hold whatever it chose:
every call completes, its in-dialog requests are answered by the worker that
owns it even when sent from another address, each call has one hangup
notification, and SIGTERM stops every worker.
"""

import os
import random
import re
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import Sipp, answer_gateway, free_port, header  # noqa: E402
from run import case, check_notifications, expect_hangup  # noqa: E402

WORKERS = 2
REGISTRAR_SCENARIOS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "registrar",
                                   "scenarios")


class RegistrarSipp(Sipp):
    SCENARIOS = REGISTRAR_SCENARIOS


def start_workers(c, stub, workers=WORKERS, **config):
    """The engine with `workers` workers, once every worker is ready."""
    e = c.engine(stub.url(), start=False, extra_engine=f"workers = {workers}", **config)
    e.start()
    deadline = time.time() + 15
    while e.read_log().count("ctib-engine ready") < workers:
        assert e.alive(), f"engine exited:\n{e.read_log()}"
        assert time.time() < deadline, f"not every worker is ready:\n{e.read_log()}"
        time.sleep(0.05)
    return e


def worker_pids(e):
    return [int(p) for p in re.findall(r"worker \d+ started, pid (\d+)", e.read_log())]


def stop_and_check_workers(c, e):
    """SIGTERM to the engine (the supervisor) stops every worker: exit 0,
    every worker's pid gone, each logged its shutdown. Returns the log."""
    pids = worker_pids(e)
    assert len(pids) == WORKERS, pids
    rc = e.stop()
    assert rc == 0, f"engine exited {rc}:\n{e.read_log()}"
    for pid in pids:
        assert not os.path.exists(f"/proc/{pid}"), f"worker pid {pid} still runs"
    log = e.read_log()
    assert log.count("ctib-engine stopped") == WORKERS, log
    return log


def mesh_counts(log):
    """{worker: (forwarded, injected)} from each worker's last line."""
    out = {}
    for w, fwd, inj in re.findall(r"worker (\d+): (\d+) datagrams forwarded to their owners, (\d+) injected", log):
        out[int(w)] = (int(fwd), int(inj))
    return out


@case
def workers_calls_spread(c):
    """40 calls through an engine with 2 workers: every call completes (the
    callee's answers reach the worker that owns the B leg, whichever worker
    the kernel gave them to), each call has exactly one delivered hangup
    notification, both workers carried calls (each worker logs the uuids
    of its calls), datagrams did cross between workers, and SIGTERM stops
    both."""
    calls = 40
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    e = start_workers(c, stub)
    callee = c.uas("uas_answer.xml", calls=calls)
    caller = c.uac("uac_answered.xml", calls=calls, rate=10)
    c.ok(caller, callee, timeout=60)
    uuids = stub.uuids()
    assert len(uuids) == calls, f"{len(uuids)} calls routed"
    for uuid in uuids:
        h = check_notifications(stub, uuid)
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
    log = stop_and_check_workers(c, e)
    by_worker = {w: 0 for w in range(WORKERS)}
    for uuid in uuids:
        owners = set(re.findall(r"\[engine\.(\d+)\][^\n]*" + re.escape(uuid), log))
        assert len(owners) == 1, f"call {uuid} logged by workers {owners}"
        by_worker[int(owners.pop())] += 1
    assert all(n > 0 for n in by_worker.values()), f"calls per worker: {by_worker}"
    counts = mesh_counts(log)
    assert sum(f for f, _ in counts.values()) > 0 and sum(i for _, i in counts.values()) > 0, counts


# ------------------------------------------------------- a Python SIP peer --

SDP = ("v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n")


def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(10)
    return s


class Dialog:
    """The caller's side of one call, each request sent from any socket."""

    def __init__(self, engine_port, destination="95000"):
        self.engine = ("127.0.0.1", engine_port)
        self.call_id = f"workers-{random.getrandbits(48):x}@127.0.0.1"
        self.from_tag = f"{random.getrandbits(32):x}"
        self.to_tag = None
        self.destination = destination
        self.cseq = 0

    def request(self, sock, method, body="", cseq=None):
        if cseq is None:
            self.cseq += 1
            cseq = self.cseq
        port = sock.getsockname()[1]
        to = f"<sip:{self.destination}@127.0.0.1:{self.engine[1]}>" + (f";tag={self.to_tag}" if self.to_tag else "")
        lines = [f"{method} sip:{self.destination}@127.0.0.1:{self.engine[1]} SIP/2.0",
                 f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{random.getrandbits(40):x};rport",
                 "Max-Forwards: 70",
                 f"From: <sip:{run.CALLER}@127.0.0.1>;tag={self.from_tag}",
                 f"To: {to}",
                 f"Call-ID: {self.call_id}",
                 f"CSeq: {cseq} {method}",
                 f"Contact: <sip:{run.CALLER}@127.0.0.1:{port}>"]
        if body:
            lines.append("Content-Type: application/sdp")
        lines.append(f"Content-Length: {len(body)}")
        sock.sendto(("\r\n".join(lines) + "\r\n\r\n" + body).encode(), self.engine)
        return cseq

    def final(self, sock, cseq, method):
        """The final response to (cseq, method) received on `sock`."""
        while True:
            data, _ = sock.recvfrom(65536)
            text = data.decode(errors="replace")
            if not text.startswith("SIP/2.0 "):
                continue  # a request (none expected here)
            if header(text, "CSeq") != f"{cseq} {method}":
                continue
            status = int(text.split()[1])
            if status >= 200:
                return status, text

    def ack(self, sock, cseq):
        self.request(sock, "ACK", cseq=cseq)


@case
def workers_in_dialog_from_other_address(c):
    """Calls through 2 workers where, after the INVITE from one address, the
    caller sends the re-INVITE (hold) from a second address and the BYE from
    a third (a carrier's BYE may come from another IP than its INVITE): the
    kernel may give each to either worker; the owner answers each, on the
    address it came from. The re-INVITE reaches the callee (relayed) and its
    answer comes back; each call ends with one hangup notification. Eight
    calls, so that datagrams are seen to cross between workers."""
    calls = 8
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    e = start_workers(c, stub)
    callee = c.uas("uas_reinvite_answer.xml", calls=calls)
    for _ in range(calls):
        d = Dialog(c.pi)
        first, second, third = udp(), udp(), udp()
        try:
            cseq = d.request(first, "INVITE", SDP)
            status, ok = d.final(first, cseq, "INVITE")
            assert status == 200, ok
            d.to_tag = re.search(r"tag=([^;\s]+)", header(ok, "To")).group(1)
            d.ack(first, cseq)
            # The ACK (forwarded, maybe) and the re-INVITE (maybe not) can
            # pass each other, as on any network: then the engine answers
            # 500 with Retry-After (RFC 3261 §14.2) and the caller tries
            # again, as a UA does.
            for _ in range(10):
                cseq = d.request(second, "INVITE", SDP.replace("a=rtpmap:0", "a=sendonly\r\na=rtpmap:0"))
                status, ok = d.final(second, cseq, "INVITE")
                if status != 500:
                    break
                d.ack(second, cseq)
                time.sleep(0.2)
            assert status == 200 and "a=recvonly" in ok, ok
            d.ack(second, cseq)
            cseq = d.request(third, "BYE")
            status, ok = d.final(third, cseq, "BYE")
            assert status == 200, ok
        finally:
            for s in (first, second, third):
                s.close()
    c.ok(callee, timeout=30)
    uuids = stub.uuids()
    assert len(uuids) == calls, uuids
    for uuid in uuids:
        h = check_notifications(stub, uuid)
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
    assert len(callee.received("INVITE")) == 2 * calls
    counts = mesh_counts(stop_and_check_workers(c, e))
    assert sum(i for _, i in counts.values()) > 0, counts


@case
def workers_registered_user_reachable_from_every_worker(c):
    """A phone registers (digest) through whichever worker owns its
    REGISTER's Call-ID; then 12 calls routed to user/1000 are spread over
    both workers by their Call-IDs, and every one reaches the phone: the
    registration was replicated to the other worker. Each worker logs calls."""
    calls = 12
    stub = c.stub(lambda p: (200, {"dial": {"type": "user", "user": "1000", "number": "1000"}}, 0))
    e = start_workers(c, stub, extra='\n[users.1000]\npassword = "secret"\n')
    phone_port = free_port()
    phone = c.uas("uas_answer.xml", port=phone_port, calls=calls)
    reg = RegistrarSipp(c.dir, "uac_register.xml", free_port(), remote=f"127.0.0.1:{c.pi}",
                        subst={"USER": "1000", "PASSWORD": "secret", "CONTACT_PORT": phone_port, "EXPIRES": 120,
                               "FINAL": 200})
    c.sipps.append(reg)
    c.ok(reg)
    caller = c.uac("uac_answered.xml", calls=calls, rate=10)
    c.ok(caller, phone, timeout=60)
    uuids = stub.uuids()
    assert len(uuids) == calls, uuids
    for uuid in uuids:
        h = check_notifications(stub, uuid)
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
    log = stop_and_check_workers(c, e)
    owners = {int(w) for uuid in uuids for w in re.findall(r"\[engine\.(\d+)\][^\n]*" + re.escape(uuid), log)}
    assert owners == set(range(WORKERS)), f"calls carried by workers {owners}"


@case
def workers_crashed_worker_restarts(c):
    """A worker killed (SIGKILL) is started again by the supervisor, on the
    same ports; calls then complete on both workers, and SIGTERM still
    stops everything with exit 0."""
    calls = 10
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    e = start_workers(c, stub)
    victim = worker_pids(e)[1]
    os.kill(victim, 9)
    deadline = time.time() + 15
    while e.read_log().count("ctib-engine ready") < WORKERS + 1:
        assert e.alive(), f"engine exited:\n{e.read_log()}"
        assert time.time() < deadline, f"worker not restarted:\n{e.read_log()}"
        time.sleep(0.05)
    assert "worker 1 killed by signal 9: restarting it" in e.read_log(), e.read_log()
    callee = c.uas("uas_answer.xml", calls=calls)
    caller = c.uac("uac_answered.xml", calls=calls, rate=10)
    c.ok(caller, callee, timeout=60)
    for uuid in stub.uuids():
        check_notifications(stub, uuid)
    pids = [int(p) for p in re.findall(r"worker \d+ started, pid (\d+)", e.read_log())]
    assert len(pids) == WORKERS + 1 and victim in pids, pids
    rc = e.stop()
    assert rc == 0, f"engine exited {rc}:\n{e.read_log()}"
    for pid in pids:
        assert not os.path.exists(f"/proc/{pid}"), f"worker pid {pid} still runs"


@case
def workers_one_is_today(c):
    """`workers = 1` is exactly one process as before: no supervisor, no
    worker lines; a call completes."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    e = c.engine(stub.url(), extra_engine="workers = 1")
    callee = c.uas("uas_answer.xml")
    c.ok(c.uac("uac_answered.xml"), callee)
    check_notifications(stub, stub.uuids()[0])
    log = e.read_log()
    assert "worker" not in log and log.count("ctib-engine ready") == 1, log


if __name__ == "__main__":
    sys.exit(run.main())
