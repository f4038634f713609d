"""SIP over TLS (FreeSWITCH's tls / tls-sip-port / tls-cert-dir): the engine's
TLS listener with certificates the test makes with the openssl CLI. SIPp in
Debian is built without TLS, so the TLS caller is a small client on Python's
ssl module. Same runner, options and rules as run.py:

    python3 tests/sipp/tls_cases.py <case> --engine build/dev/engine/app/ctib-engine
"""

import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import answer_gateway, free_port, header  # noqa: E402
from run import CALLER, case, check_notifications, expect_hangup, one_call  # noqa: E402


def make_certs(directory):
    """A self-signed certificate for 127.0.0.1: agent.pem (key + certificate)
    and cafile.pem, the layout sofia-sip reads from tls-cert-dir."""
    os.makedirs(directory, exist_ok=True)
    key, crt = os.path.join(directory, "key.pem"), os.path.join(directory, "crt.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    with open(os.path.join(directory, "agent.pem"), "w") as out:
        out.write(open(key).read() + open(crt).read())
    with open(os.path.join(directory, "cafile.pem"), "w") as out:
        out.write(open(crt).read())
    return crt


class TlsPhone:
    """One TLS connection to the engine, speaking SIP by hand."""

    def __init__(self, port, cafile):
        ctx = ssl.create_default_context(cafile=cafile)
        raw = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
        self.local = self.sock.getsockname()
        self.buf = b""

    def send(self, text):
        self.sock.sendall(text.replace("\n", "\r\n").encode())

    def recv(self):
        """The next SIP message (CRLF keep-alives skipped)."""
        while True:
            self.buf = self.buf.lstrip(b"\r\n")
            head_end = self.buf.find(b"\r\n\r\n")
            if head_end >= 0:
                head = self.buf[:head_end].decode()
                m = re.search(r"^(?:Content-Length|l)\s*:\s*(\d+)", head, re.MULTILINE | re.IGNORECASE)
                length = int(m.group(1)) if m else 0
                total = head_end + 4 + length
                if len(self.buf) >= total:
                    msg = self.buf[:total].decode()
                    self.buf = self.buf[total:]
                    return msg.replace("\r\n", "\n")
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError("the engine closed the TLS connection")
            self.buf += chunk

    def close(self):
        self.sock.close()


SDP = "v=0\no=alice 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 40000 RTP/AVP 8\na=rtpmap:8 PCMA/8000\n"


@case
def tls_call_from_caller(c):
    """A caller on TLS calls through the engine to a UDP callee: 200 with a
    Contact naming ;transport=tls and the TLS port; ACK and BYE on the same
    connection; one hangup NORMAL_CLEARING by the caller."""
    certs = os.path.join(c.dir, "certs")
    cafile = make_certs(certs)
    tls_port = free_port()
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    c.engine(stub.url(), extra_profile=f'tls = true\ntls-sip-port = {tls_port}\ntls-cert-dir = "{certs}"')
    callee = c.uas("uas_answer.xml")
    phone = TlsPhone(tls_port, cafile)
    try:
        ip, port = phone.local[0], phone.local[1]
        call_id, tag = f"{uuid.uuid4()}@127.0.0.1", "tls-caller"
        via = f"Via: SIP/2.0/TLS {ip}:{port};branch=z9hG4bK{uuid.uuid4().hex}"
        common = (f"From: <sip:{CALLER}@127.0.0.1>;tag={tag}\nCall-ID: {call_id}\n"
                  f"Contact: <sip:{CALLER}@{ip}:{port};transport=tls>\nMax-Forwards: 70\n")
        phone.send(f"INVITE sip:95000@127.0.0.1:{tls_port};transport=tls SIP/2.0\n{via}\n{common}"
                   f"To: <sip:95000@127.0.0.1>\nCSeq: 1 INVITE\nContent-Type: application/sdp\n"
                   f"Content-Length: {len(SDP.replace(chr(10), chr(13) + chr(10)))}\n\n{SDP}")
        while True:
            resp = phone.recv()
            status = int(resp.split(" ", 2)[1])
            if status >= 200:
                break
        assert status == 200, resp
        contact = header(resp, "Contact") or header(resp, "m")
        assert contact and ";transport=tls" in contact.lower() and f":{tls_port}" in contact, resp
        to = header(resp, "To") or header(resp, "t")
        target = re.search(r"<([^>]+)>", contact).group(1)
        phone.send(f"ACK {target} SIP/2.0\nVia: SIP/2.0/TLS {ip}:{port};branch=z9hG4bK{uuid.uuid4().hex}\n"
                   f"{common}To: {to}\nCSeq: 1 ACK\nContent-Length: 0\n\n")
        phone.send(f"BYE {target} SIP/2.0\nVia: SIP/2.0/TLS {ip}:{port};branch=z9hG4bK{uuid.uuid4().hex}\n"
                   f"{common}To: {to}\nCSeq: 2 BYE\nContent-Length: 0\n\n")
        while True:
            resp = phone.recv()
            if resp.startswith("SIP/2.0") and "BYE" in (header(resp, "CSeq") or ""):
                break
        assert resp.startswith("SIP/2.0 200"), resp
    finally:
        phone.close()
    c.ok(callee)
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


class TlsCallee:
    """A TLS listener that answers one INVITE 200 (Contact ;transport=tls)
    and then answers the BYE, on the engine's connection."""

    def __init__(self, certs):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(os.path.join(certs, "agent.pem"))
        self.port = free_port()
        self.lsock = socket.create_server(("127.0.0.1", self.port))
        self.lsock.settimeout(15)
        self.got = []
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _reply(self, phone, req, status, extra=""):
        lines = [f"SIP/2.0 {status}"]
        for name in ("Via", "From", "To", "Call-ID", "CSeq"):
            for m in re.finditer(rf"^{name}\s*:.*$", req, re.MULTILINE | re.IGNORECASE):
                value = m.group(0)
                if name == "To" and "tag=" not in value:
                    value += ";tag=tls-callee"
                lines.append(value)
        phone.send("\n".join(lines) + "\n" + extra)

    def _run(self):
        try:
            conn, _ = self.lsock.accept()
            phone = TlsPhone.__new__(TlsPhone)
            phone.sock = self.ctx.wrap_socket(conn, server_side=True)
            phone.buf = b""
            invite = phone.recv()
            self.got.append(invite)
            body = SDP.replace("alice", "bob")
            self._reply(phone, invite, "200 OK",
                        f"Contact: <sip:2000@127.0.0.1:{self.port};transport=tls>\nContent-Type: application/sdp\n"
                        f"Content-Length: {len(body.replace(chr(10), chr(13) + chr(10)))}\n\n{body}")
            while True:
                msg = phone.recv()
                self.got.append(msg)
                if msg.startswith("BYE"):
                    self._reply(phone, msg, "200 OK", "Content-Length: 0\n\n")
                    break
            phone.close()
        except Exception as e:  # noqa: BLE001 - reported by the case
            self.error = e

    def wait(self):
        self.thread.join(20)
        self.lsock.close()
        assert not self.thread.is_alive(), "the TLS callee did not finish"
        assert self.error is None, self.error


@case
def tls_call_to_callee(c):
    """The interface routes a UDP caller to a TLS target
    (`sofia/external/2000@127.0.0.1:PORT;transport=tls`): the engine's INVITE
    arrives over TLS with a Via naming TLS and a Contact with
    ;transport=tls and the external profile's TLS port; ACK and BYE come
    over the same connection."""
    certs = os.path.join(c.dir, "certs")
    make_certs(certs)
    tls_in, tls_out = free_port(), free_port()
    callee = TlsCallee(certs)
    dial = f"sofia/external/2000@127.0.0.1:{callee.port};transport=tls"
    stub = c.stub(lambda p: (200, {"dial": {"type": "dialstring", "dialstring": dial}}, 0))
    tls = 'tls = true\ntls-sip-port = {}\ntls-cert-dir = "' + certs + '"'
    c.engine(stub.url(), extra_profile=tls.format(tls_in), extra_external=tls.format(tls_out))
    caller = c.uac("uac_answered.xml")
    c.ok(caller)
    callee.wait()
    invite = callee.got[0]
    assert invite.startswith("INVITE sip:2000@127.0.0.1"), invite
    assert (header(invite, "Via") or header(invite, "v")).upper().startswith("SIP/2.0/TLS"), invite
    contact = header(invite, "Contact") or header(invite, "m")
    assert ";transport=tls" in contact.lower() and f":{tls_out}" in contact, invite
    assert [m.split(" ", 1)[0] for m in callee.got[1:]] == ["ACK", "BYE"], callee.got
    h = check_notifications(stub, one_call(stub))
    expect_hangup(h, "NORMAL_CLEARING", "caller", 200)


def options_over_tls(port, cafile):
    """One TLS connection: handshake, an OPTIONS, its final response, close.
    The response's status line."""
    phone = TlsPhone(port, cafile)
    try:
        ip, local = phone.local[0], phone.local[1]
        phone.send(f"OPTIONS sip:95000@127.0.0.1:{port};transport=tls SIP/2.0\n"
                   f"Via: SIP/2.0/TLS {ip}:{local};branch=z9hG4bK{uuid.uuid4().hex}\n"
                   f"From: <sip:{CALLER}@127.0.0.1>;tag={uuid.uuid4().hex[:8]}\nTo: <sip:95000@127.0.0.1>\n"
                   f"Call-ID: {uuid.uuid4()}@127.0.0.1\nCSeq: 1 OPTIONS\nMax-Forwards: 70\n"
                   f"Content-Length: 0\n\n")
        while True:
            resp = phone.recv()
            assert resp.startswith("SIP/2.0 "), resp
            if int(resp.split(" ", 2)[1]) >= 200:
                return resp.split("\n", 1)[0]
    finally:
        phone.close()


@case
def tls_connections_do_not_leak(c, connections=600):
    """Hundreds of TLS connections, one after the other (handshake, OPTIONS,
    close), and the engine's RSS does not grow with them. sofia-sip 1.12.11
    never frees a connection's OpenSSL SSL object (~47 KB allocated with
    OpenSSL 3, ~23 KB of it resident): without engine/sip/tls_release.cpp
    these 600 connections add ~14 MB of RSS; the bound is 4 MB. The warm-up first brings RSS to its plateau
    (OpenSSL's per-thread state, sofia's buffers); connections are
    sequential, so the peak of live state is one connection in both."""
    certs = os.path.join(c.dir, "certs")
    cafile = make_certs(certs)
    tls_port = free_port()
    # Under ASan freed memory waits in a 256 MB quarantine before reuse, so
    # RSS would grow with any churn: no quarantine for this case (the
    # harness's defaults kept, the caller's options win).
    os.environ["ASAN_OPTIONS"] = "quarantine_size_mb=0:" + os.environ.get(
        "ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=23")
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url(), extra_profile=f'tls = true\ntls-sip-port = {tls_port}\ntls-cert-dir = "{certs}"')
    for _ in range(30):
        options_over_tls(tls_port, cafile)
    rss_before = eng.rss_kb()
    statuses = {options_over_tls(tls_port, cafile) for _ in range(connections)}
    rss_after = eng.rss_kb()
    grown = rss_after - rss_before
    print(f"{connections} TLS connections ({', '.join(sorted(statuses))}): "
          f"RSS {rss_before} -> {rss_after} kB (+{grown} kB)", flush=True)
    assert grown < 4 * 1024, f"RSS grew {grown} kB for {connections} TLS connections"
    assert not stub.uuids(), "an OPTIONS reached the routing interface"


if __name__ == "__main__":
    sys.exit(run.main())
