"""Test harness for the engine's SIP call flows: real SIP over loopback (SIPp),
real HTTP (a routing-interface stub served from this process), the real
ctib-engine binary. Every process started here is stopped here, by pid.

A case builds a Scenario: the stub's answers, the engine config, one or more
SIPp UAS playing callees/carriers, and one SIPp UAC playing the caller. It
then asserts on SIPp's exit codes, on the messages SIPp logged, and on the
requests the stub received (routing requests and notifications).
"""

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "scenarios")


_HANDED_OUT = set()


def free_port():
    """A port free for both UDP and TCP, below 32768 (the kernel hands
    32768-60999 to outgoing connections), picked at random, and never handed
    out twice in one process (ports picked together are bound later)."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        if port in _HANDED_OUT:
            continue
        ok = True
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            s = socket.socket(socket.AF_INET, kind)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                ok = False
            finally:
                s.close()
        if ok:
            _HANDED_OUT.add(port)
            return port
    raise RuntimeError("no free port found")


def _bindable(port):
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def free_media_port():
    """A base for SIPp's -mp: SIPp binds audio RTP/RTCP on it and +1, and
    video on +2 and +3, so all four must be free and none of them a port
    handed out for something else (a -p two below an -mp collided)."""
    for _ in range(200):
        base = random.randint(10000, 19996) & ~1
        block = range(base, base + 4)
        if any(p in _HANDED_OUT for p in block) or not all(_bindable(p) for p in block):
            continue
        _HANDED_OUT.update(block)
        return base
    raise RuntimeError("no free media port block found")


class RouteStub:
    """The cti_bridge routing interface, over real HTTP on 127.0.0.1.

    `route` maps a request's query parameters to (status, body, delay_s).
    Every request (routing or notification) is recorded in `requests`."""

    def __init__(self, route):
        self.route = route
        self.requests = []
        self.lock = threading.RLock()  # helpers used inside wait_for predicates lock too
        self.cond = threading.Condition(self.lock)
        self.down = False  # when True, notifications get HTTP 503
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _params(self):
                parsed = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    body = self.rfile.read(length)
                    if self.headers.get("Content-Type", "").startswith("application/json"):
                        params.update(json.loads(body))
                return parsed.path, params

            def _answer(self):
                path, params = self._params()
                record = dict(params, _path=path, _time=time.time())
                with stub.cond:
                    stub.requests.append(record)
                    stub.cond.notify_all()
                if params.get("action") == "request":
                    status, body, delay = stub.route(params)
                elif stub.down:
                    status, body, delay = 503, "down", 0
                else:
                    status, body, delay = 200, "OK", 0
                with stub.cond:
                    record["_status"] = status
                if delay:
                    time.sleep(delay)
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                with stub.cond:
                    # When the answer left (or failed to): routing answers
                    # delayed on purpose are over once this is set.
                    record["_answered"] = time.time()
                    stub.cond.notify_all()

            do_GET = _answer
            do_POST = _answer

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # The engine closing a kept-alive connection is not an error.
                if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path="/route"):
        return f"http://127.0.0.1:{self.port}{path}"

    def actions(self, uuid=None):
        with self.lock:
            return [r["action"] for r in self.requests if uuid is None or r.get("uuid") == uuid]

    def of(self, action):
        with self.lock:
            return [r for r in self.requests if r.get("action") == action]

    def wait_for(self, predicate, timeout=10.0, what="condition"):
        deadline = time.time() + timeout
        with self.cond:
            while not predicate():
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; stub saw {self.requests}")
                self.cond.wait(left)

    def wait_action(self, action, count=1, timeout=10.0, uuid=None, status=None):
        """Waits until `count` requests of `action` (of one call, with one
        answer status, when given) have arrived."""
        def match(r):
            return (r.get("action") == action and (uuid is None or r.get("uuid") == uuid)
                    and (status is None or r.get("_status") == status))
        self.wait_for(lambda: sum(1 for r in self.requests if match(r)) >= count, timeout,
                      f"{count} x {action}" + (f" answered {status}" if status else ""))

    def uuids(self):
        """The uuids of the calls that asked for routing, in arrival order."""
        with self.lock:
            return [r["uuid"] for r in self.requests if r.get("action") == "request"]

    def calls(self):
        """The notifications of every call, by uuid, in arrival order."""
        out = {}
        with self.lock:
            for r in self.requests:
                out.setdefault(r.get("uuid"), []).append(r)
        return out

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def answer_gateway(gateway, number, variables=None):
    a = {"dial": {"type": "gateway", "gateway": gateway, "number": number}}
    if variables:
        a["variables"] = variables
    return a


class Engine:
    """The real ctib-engine with a generated config, stopped by pid."""

    def __init__(self, binary, workdir, config_text, name="engine"):
        self.binary = binary
        self.workdir = workdir
        self.config = os.path.join(workdir, f"{name}.toml")
        with open(self.config, "w") as f:
            f.write(config_text)
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.proc = None
        self.log = None

    def start(self, ready_timeout=10.0):
        self.log = open(self.log_path, "ab")
        env = dict(os.environ)
        # Under a sanitizer build: report to the log (the harness fails the
        # case on any report) and exit non-zero.
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=23")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        env.setdefault("LSAN_OPTIONS", f"suppressions={os.path.join(HERE, 'lsan.supp')}:print_suppressions=0")
        self.proc = subprocess.Popen([self.binary, "--config", self.config], stdout=self.log,
                                     stderr=subprocess.STDOUT, cwd=self.workdir, env=env)
        deadline = time.time() + ready_timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"engine exited with {self.proc.returncode}:\n{self.read_log()}")
            if "ready" in self.read_log():
                return
            time.sleep(0.05)
        raise AssertionError(f"engine not ready:\n{self.read_log()}")

    def read_log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def stop(self, timeout=15.0):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("engine did not stop on SIGTERM")
        if self.proc:
            self.log.close()
        return self.proc.returncode if self.proc else None

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.log and not self.log.closed:
            self.log.close()

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def rss_kb(self):
        """Resident set size (VmRSS) of the running engine, in kB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS for the engine")

    SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                       "WARNING: ThreadSanitizer", "SUMMARY: UndefinedBehaviorSanitizer")

    def sanitizer_reports(self):
        log = self.read_log()
        return [m for m in self.SANITIZER_MARKS if m in log]


def wait_bound(port, timeout=10.0):
    """Waits until some process has bound UDP 127.0.0.1:`port` (a SIPp UAS
    ready to take the INVITE): an event, not a guessed sleep."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return
        finally:
            s.close()
        time.sleep(0.02)
    raise AssertionError(f"nothing listening on UDP {port}")


class Sipp:
    """One SIPp process playing a scenario from tests/sipp/scenarios."""

    DEFAULTS = {"RING_MS": "200", "HOLD_MS": "300", "WAIT_MS": "300", "STATUS": "486",
                "PHRASE": "Busy Here", "EXTRA_HEADER": "X-Test: 1"}
    SCENARIOS = SCENARIOS  # a subclass plays another folder's scenarios

    def __init__(self, workdir, scenario, port, remote=None, calls=1, keys=None, service="95000",
                 rate=None, timeout=30, extra=None, subst=None, caller="13800000001", trace=True):
        self.workdir = workdir
        self.port = port
        self.name = f"{os.path.splitext(scenario)[0]}-{port}"
        # Scenario files hold @NAME@ placeholders for what SIPp cannot take as
        # a parameter (response codes, pauses); fill them into a copy.
        with open(os.path.join(self.SCENARIOS, scenario)) as f:
            text = f.read()
        values = dict(self.DEFAULTS, **(subst or {}))
        for k, v in values.items():
            text = text.replace(f"@{k}@", str(v))
        scenario_path = os.path.join(workdir, f"{self.name}.xml")
        with open(scenario_path, "w") as f:
            f.write(text)
        self.msg_file = os.path.join(workdir, f"{self.name}-messages.log")
        self.err_file = os.path.join(workdir, f"{self.name}-errors.log")
        cmd = ["sipp", "-sf", scenario_path, "-i", "127.0.0.1", "-p", str(port),
               "-cp", str(free_port()), "-mp", str(free_media_port()), "-m", str(calls), "-s", service,
               "-timeout", f"{timeout}s", "-timeout_error", "-nostdin",
               "-trace_err", "-error_file", self.err_file, "-max_recv_loops", "1000"]
        if trace:
            cmd += ["-trace_msg", "-message_file", self.msg_file]
        if rate:
            cmd += ["-r", str(rate)]
        keys = dict({"caller": caller}, **(keys or {}))
        for k, v in keys.items():
            cmd += ["-key", k, str(v)]
        cmd += extra or []
        if remote:
            cmd.append(remote)
        self.cmd = cmd
        self.out = open(os.path.join(workdir, f"{self.name}.out"), "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=subprocess.STDOUT, cwd=workdir,
                                     stdin=subprocess.DEVNULL)
        if not remote:
            wait_bound(port)  # a UAS: ready before anyone calls it

    def wait(self, timeout=60):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"sipp {self.name} did not finish")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not self.out.closed:
            self.out.close()

    def messages(self):
        try:
            with open(self.msg_file, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def received(self, method_or_status):
        """The messages SIPp received whose first line starts with the given
        method ("INVITE") or status ("SIP/2.0 180")."""
        out = []
        for block in re.split(r"-{10,}[^\n]*\n", self.messages()):
            if "message received" not in block:
                continue
            lines = block.split("\n")
            start = next((i for i, l in enumerate(lines) if l.strip() and "message received" not in l
                          and not l.startswith("UDP") and not l.startswith("TCP")), None)
            if start is not None and lines[start].startswith(method_or_status):
                out.append("\n".join(lines[start:]))
        return out

    def diagnostics(self):
        try:
            with open(self.err_file, errors="replace") as f:
                errors = f.read()
        except FileNotFoundError:
            errors = ""
        with open(os.path.join(self.workdir, f"{self.name}.out"), errors="replace") as f:
            out = f.read()[-3000:]
        return f"--- {self.name}: {' '.join(self.cmd)}\n{out}\n{errors[-3000:]}"


def header(message, name):
    m = re.search(rf"^{name}\s*:\s*(.*)$", message, re.MULTILINE | re.IGNORECASE)
    return m.group(1).strip() if m else None


def engine_config(route_url, internal_port, external_port, carrier_port, spool, extra_profile="",
                  extra="", extra_engine="", timeouts="1000 4000", level="debug", gateway="carrier",
                  method="GET", logging="", extra_external=""):
    """The engine's TOML for a test (and for bench/sip_bench.py): profile
    `internal` routed by `route_url`, profile `external` with gateway
    `gateway` to 127.0.0.1:`carrier_port`. `logging`: more [logging] keys;
    `extra_profile` / `extra_external`: more keys of each profile."""
    route = f'cti_bridge = "{route_url} {timeouts} 1"'
    if method != "GET":
        connect, response = timeouts.split()
        route = (f'route = {{ url = "{route_url}", connect_timeout = {connect}, response_timeout = {response}, '
                 f'notify_type = 1, method = "{method}" }}')
    if "min-idle-cpu" not in extra_engine:
        # Load shedding off: an ASan engine in a loaded CI machine must not
        # refuse the suite's calls; the overload case turns it on.
        extra_engine += "\nmin-idle-cpu = 0"
    if "pike-rate" not in extra_engine:
        # Per-source rate limit off: SIPp places every call of a case (and of
        # the soak and the benches) from one untrusted address, far above
        # pike's default 30/s; tests/sipp/edge.py turns it on.
        extra_engine += "\npike-rate = 0"
    return f"""
[engine]
spool-dir = "{spool}"
shutdown-grace = 2
{extra_engine}

[logging]
level = "{level}"
{logging}

[profiles.internal]
sip-ip = "127.0.0.1"
sip-port = {internal_port}
{route}
{extra_profile}

[profiles.external]
sip-ip = "127.0.0.1"
sip-port = {external_port}
{extra_external}

[gateways.{gateway}]
profile = "external"
proxy = "127.0.0.1:{carrier_port}"
caller-id-in-from = true
{extra}
"""


class Workdir:
    def __init__(self, name):
        self.path = tempfile.mkdtemp(prefix=f"ctib-{name}-")


# ------------------------------------------------------------------ media --
# rtpengine (Debian's rtpengine-daemon, userspace forwarding) for the media
# cases (tests/sipp/media.py, docs/media.md), and its ng protocol: bencode
# dictionaries over UDP, each datagram "<cookie> <dictionary>".

def bencode(v):
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, str):
        v = v.encode()
    if isinstance(v, bytes):
        return b"%d:%s" % (len(v), v)
    if isinstance(v, list):
        return b"l" + b"".join(bencode(x) for x in v) + b"e"
    if isinstance(v, dict):
        return b"d" + b"".join(bencode(k) + bencode(x) for k, x in v.items()) + b"e"
    raise TypeError(type(v))


def bdecode(data, i=0):
    """(value, next index); strings come back as str (latin-1)."""
    c = data[i:i + 1]
    if c == b"i":
        end = data.index(b"e", i)
        return int(data[i + 1:end]), end + 1
    if c == b"l":
        i += 1
        out = []
        while data[i:i + 1] != b"e":
            v, i = bdecode(data, i)
            out.append(v)
        return out, i + 1
    if c == b"d":
        i += 1
        out = {}
        while data[i:i + 1] != b"e":
            k, i = bdecode(data, i)
            out[k], i = bdecode(data, i)
        return out, i + 1
    colon = data.index(b":", i)
    n = int(data[i:colon])
    return data[colon + 1:colon + 1 + n].decode("latin-1"), colon + 1 + n


def ng_request(port, command, timeout=2.0):
    """One ng request to 127.0.0.1:`port`; the reply dictionary."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        cookie = f"t{random.randint(0, 1 << 30)}"
        s.sendto(cookie.encode() + b" " + bencode(command), ("127.0.0.1", port))
        data, _ = s.recvfrom(65535)
        got_cookie, _, body = data.partition(b" ")
        assert got_cookie.decode() == cookie, data
        return bdecode(body)[0]
    finally:
        s.close()


def rtpengine_command(ng_port, port_min, port_max, log_level):
    """Debian's rtpengine on loopback as the tests and the bench run it:
    userspace forwarding (no kernel module, --table=-1), no config file, in
    the foreground, sessions freed at once on delete."""
    return ["rtpengine", "--config-file=none", "--table=-1", "--foreground", "--log-stderr",
            "--interface=127.0.0.1", f"--listen-ng=127.0.0.1:{ng_port}", f"--port-min={port_min}",
            f"--port-max={port_max}", "--delete-delay=0", "--no-redis-required", f"--log-level={log_level}"]


class Rtpengine:
    """A real rtpengine on loopback: ng on a free port, RTP ports in a block
    of its own above the harness's other ports (all below 32768), no kernel
    module (--table=-1), no config file, stopped by pid. `extra`: more
    command-line options (the recording cases' --recording-*, the digits
    cases' --dtmf-log-dest)."""

    def __init__(self, workdir, extra=None):
        self.ng_port = free_port()
        base = random.randint(32050, 32600) & ~1
        self.port_min, self.port_max = base, base + 100
        self.log_path = os.path.join(workdir, f"rtpengine-{self.ng_port}.log")
        self.log = open(self.log_path, "ab")
        cmd = rtpengine_command(self.ng_port, self.port_min, self.port_max, 6) + (extra or [])
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + 10
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"rtpengine exited {self.proc.returncode}:\n{self.read_log()}")
            try:
                if ng_request(self.ng_port, {"command": "ping"}, timeout=0.2).get("result") == "pong":
                    return
            except (socket.timeout, ConnectionRefusedError):
                pass
            if time.time() > deadline:
                raise AssertionError(f"rtpengine not answering ping:\n{self.read_log()}")

    @property
    def address(self):
        return f"127.0.0.1:{self.ng_port}"

    def calls(self):
        """Call ids rtpengine holds (ng `list`)."""
        reply = ng_request(self.ng_port, {"command": "list", "limit": 1000})
        assert reply.get("result") == "ok", reply
        return reply.get("calls", [])

    def owns(self, port):
        return self.port_min <= port <= self.port_max

    def read_log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.log.closed:
            self.log.close()


class NgStub:
    """A UDP socket in place of rtpengine that answers every ng request with
    `reply` (a dictionary) or, with reply None, never: the test's slow or
    broken relay. Counts the requests per command."""

    def __init__(self, reply=None):
        self.reply = reply
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", free_port()))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.commands = []
        self.stopped = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def _serve(self):
        while not self.stopped:
            try:
                data, peer = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            cookie, _, body = data.partition(b" ")
            self.commands.append(bdecode(body)[0].get("command"))
            if self.reply is not None:
                self.sock.sendto(cookie + b" " + bencode(self.reply), peer)

    def stop(self):
        self.stopped = True
        self.thread.join()
        self.sock.close()


class RtpSink:
    """The callee's RTP endpoint: a UDP socket that records every packet's
    source and payload type, and sends one PCMU packet back for each (so
    rtpengine has media from both sides)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", free_port()))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.packets = []  # (source (ip, port), payload type)
        self.stopped = False
        self.seq = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopped:
            try:
                data, peer = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            if len(data) < 12:
                continue
            self.packets.append((peer, data[1] & 0x7F))
            self.seq += 1
            header = bytes([0x80, 0]) + (self.seq & 0xFFFF).to_bytes(2, "big") + \
                (self.seq * 160).to_bytes(4, "big") + (0x1234).to_bytes(4, "big")
            self.sock.sendto(header + b"\xff" * 160, peer)

    def stop(self):
        self.stopped = True
        self.thread.join()
        self.sock.close()
