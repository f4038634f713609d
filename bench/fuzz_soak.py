"""The fuzz soak (issue 15): malformed SIP at the engine over UDP and TCP for
a bounded time, then a real call. Reports what the garbage cost: messages
sent, answers received, the engine's RSS and descriptors before, at the end
of the soak and after it settles, and whether a call still completes.

Not a fuzzer that finds new bugs (the libFuzzer targets beside every parser
do that, in CI): it is the same parsers under a long, mixed, stateful load
— a real socket, a real stack, thousands of connections — which the
in-process targets cannot show (descriptor leaks, memory that stays,
a loop that stalls).

The mutations are seeded (the run prints its seed), so a figure or a crash
can be reproduced with --fuzz-seed.
"""

import os
import random
import socket
import time

from benchlib import rss_kib
from sip_bench import Callee, CallerRun, Engine, RouteStub

# A well-formed request to start from: each message is one of these with a
# few mutations, or one of the classic shapes of garbage below.
TEMPLATES = ["INVITE", "OPTIONS", "REGISTER", "BYE", "INFO", "MESSAGE", "CANCEL", "ACK", "SUBSCRIBE"]

SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n")


def well_formed(rng, method, port, source_port, transport):
    body = SDP if method == "INVITE" else ""
    tag = f";tag={rng.getrandbits(32):08x}"
    to_tag = f";tag={rng.getrandbits(32):08x}" if method in ("BYE", "INFO", "ACK") and rng.random() < 0.5 else ""
    return (f"{method} sip:1390000{rng.randrange(10000):04d}@127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport} 127.0.0.1:{source_port};branch=z9hG4bK{rng.getrandbits(64):016x};rport\r\n"
            f"Max-Forwards: 70\r\n"
            f"From: <sip:13800{rng.randrange(1000000):06d}@127.0.0.1>{tag}\r\n"
            f"To: <sip:1390000@127.0.0.1:{port}>{to_tag}\r\n"
            f"Call-ID: fuzz-{rng.getrandbits(64):016x}\r\n"
            f"CSeq: {rng.randrange(1, 1 << 31)} {method}\r\n"
            f"Contact: <sip:fuzz@127.0.0.1:{source_port};transport={transport.lower()}>\r\n"
            f"Content-Type: application/sdp\r\n"
            f"Content-Length: {len(body)}\r\n\r\n{body}").encode()


def garbage(rng):
    """The classic shapes: random bytes, a bare blank line, issue 15's
    `hello world`, a request line without headers, a huge header, a
    Content-Length that lies, NULs and control bytes, UTF-8 that is not."""
    kind = rng.randrange(8)
    if kind == 0:
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 1500)))
    if kind == 1:
        return b"\r\n\r\n"
    if kind == 2:
        return b"hello world\r\n\r\n"
    if kind == 3:
        return b"INVITE sip:x@127.0.0.1 SIP/2.0\r\n\r\n"
    if kind == 4:
        return b"OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nX-Big: " + b"a" * rng.randrange(1000, 60000) + b"\r\n\r\n"
    if kind == 5:
        return (b"INVITE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKx\r\n"
                b"Content-Length: 99999\r\n\r\nshort")
    if kind == 6:
        return b"INVITE sip:\x00\x1b[31m@127.0.0.1 SIP/2.0\r\nFrom: \x1b]0;x\x07\r\n\r\n"
    return b"REGISTER sip:\xff\xfe\xc3\x28@127.0.0.1 SIP/2.0\r\nTo: \xed\xa0\x80\r\n\r\n"


def mutate(rng, message):
    """A few byte-level changes: flips, cuts, duplicated or dropped lines."""
    data = bytearray(message)
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(5)
        if op == 0 and data:  # flip a byte
            data[rng.randrange(len(data))] = rng.getrandbits(8)
        elif op == 1 and data:  # cut the tail
            del data[rng.randrange(len(data)):]
        elif op == 2:  # repeat a line
            lines = bytes(data).split(b"\r\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            data = bytearray(b"\r\n".join(lines))
        elif op == 3:  # drop a line
            lines = bytes(data).split(b"\r\n")
            if len(lines) > 1:
                del lines[rng.randrange(len(lines))]
            data = bytearray(b"\r\n".join(lines))
        else:  # insert separators where they do not belong
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice([b":", b";", b"<", b">", b"\r\n", b" ", b"\t", b",", b"\x00"])
    return bytes(data)


def message(rng, port, source_port, transport):
    if rng.random() < 0.2:
        return garbage(rng)
    return mutate(rng, well_formed(rng, rng.choice(TEMPLATES), port, source_port, transport))


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def drain(sock):
    """Answers waiting on `sock` (non-blocking); None once the engine closed it."""
    got = 0
    try:
        while True:
            data = sock.recv(65535)
            if not data:
                return None
            got += 1
    except (BlockingIOError, InterruptedError):
        return got
    except OSError:
        return None


def soak(ctx, port, seconds, rate, rng):
    """Sends for `seconds` at about `rate` messages/s: four of five by UDP
    (from a few source ports), one by TCP (a new connection each, read for a
    second and closed; one in ten left open until the end, for the engine's
    idle and header timeouts to close)."""
    udp = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(4)]
    for s in udp:
        s.bind(("127.0.0.1", 0))
        s.setblocking(False)
    open_tcp = []  # (socket, close at): read until then
    held = []  # left open until the end
    sent = {"udp": 0, "tcp": 0, "tcp_refused": 0, "tcp_closed_by_engine": 0}
    answers = 0
    interval = 1.0 / rate
    deadline = time.monotonic() + seconds
    next_at = time.monotonic()
    while time.monotonic() < deadline:
        if rng.random() < 0.8:
            s = rng.choice(udp)
            try:
                s.sendto(message(rng, port, s.getsockname()[1], "UDP"), ("127.0.0.1", port))
                sent["udp"] += 1
            except OSError:
                pass
        else:
            t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            t.settimeout(1.0)
            try:
                t.connect(("127.0.0.1", port))
                t.sendall(message(rng, port, t.getsockname()[1], "TCP"))
                t.setblocking(False)
                sent["tcp"] += 1
                if len(held) < 200 and rng.random() < 0.1:
                    held.append(t)
                else:
                    open_tcp.append((t, time.monotonic() + 1.0))
            except OSError:
                sent["tcp_refused"] += 1
                t.close()
        for s in udp:
            answers += drain(s) or 0
        now = time.monotonic()
        still = []
        for t, close_at in open_tcp:
            got = drain(t)
            if got is None:
                sent["tcp_closed_by_engine"] += 1
                t.close()
            elif now >= close_at:
                answers += got
                t.close()
            else:
                answers += got
                still.append((t, close_at))
        open_tcp = still
        next_at += interval
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    for s in udp + held + [t for t, _ in open_tcp]:
        s.close()
    return sent, answers


def section(ctx, a, results):
    rng = random.Random(a.fuzz_seed)
    stub = RouteStub(ctx, "stub-fuzz")
    callee = Callee(ctx, "callee-fuzz")
    sut = Engine(ctx, callee.port, stub.url(), name="engine-fuzz",
                 # pike off: every message reaches the parsers (the point).
                 extra_engine="pike-rate = 0",
                 # Transactions time out after 2 s instead of 32: what a
                 # caller that never ACKs sets off (a BYE from the stack)
                 # happens within a short run too.
                 extra_profile="timer-T1X64 = 2000")
    try:
        time.sleep(0.5)
        rss_before, fds_before = rss_kib(sut.pid), fd_count(sut.pid)
        started = time.monotonic()
        sent, answers = soak(ctx, sut.port, a.fuzz_seconds, a.fuzz_rate, rng)
        took = time.monotonic() - started
        alive = sut.proc.poll() is None
        rss_end, fds_end = rss_kib(sut.pid), fd_count(sut.pid)
        time.sleep(a.fuzz_settle)
        rss_settled, fds_settled = rss_kib(sut.pid), fd_count(sut.pid)
        call = CallerRun(ctx, sut.port, 5, 5, 100, "fuzz-after").finish() if alive else None
        alive = alive and sut.proc.poll() is None
        row = {"seed": a.fuzz_seed, "seconds": round(took, 1), "exit": sut.proc.returncode, "rate": a.fuzz_rate, "sent": sent,
               "answers": answers, "alive": alive, "rss_kib": [rss_before, rss_end, rss_settled],
               "fds": [fds_before, fds_end, fds_settled], "settle_s": a.fuzz_settle,
               "call_after": {"successful": call["successful"], "expected": call["expected"]} if call else None}
        ctx.log(f"  fuzz soak seed {a.fuzz_seed}: {sent['udp']} UDP + {sent['tcp']} TCP messages in {took:.1f} s "
                f"({sent['tcp_refused']} TCP refused), {answers} answers; engine "
                f"{'alive' if alive else f'DEAD (exit {sut.proc.returncode})'}; RSS {rss_before} -> {rss_end} -> {rss_settled} KiB, "
                f"fds {fds_before} -> {fds_end} -> {fds_settled}; "
                f"calls after: {row['call_after']}")
        results["fuzzsoak"] = row
        if not alive:
            raise RuntimeError(f"the engine died under the fuzz soak (seed {a.fuzz_seed}); log: {sut.proc.log_path}")
        if not call or call["successful"] != call["expected"]:
            raise RuntimeError(f"calls after the fuzz soak failed: {row['call_after']}")
    finally:
        ctx.procs.stop(sut.proc)
        ctx.procs.stop(callee.proc)
        ctx.procs.stop(stub.proc)
