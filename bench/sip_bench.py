"""The SIP side of the suite: SIPp callers and callees, the systems under test
(ctib-engine, Kamailio, or nothing: SIPp to SIPp) and the routing stubs.

CPU placement on this 2-core machine: the system under test runs alone on
CPU 0 (`taskset -c 0`); SIPp, the routing stub and the numbers service share
CPU 1."""

import csv
import json
import os
import re
import signal
import struct
import time

from benchlib import HERE, cpu_ms, free_media_port, free_port, percentile, tail, wait_bound, wait_until
import harness  # noqa: E402  tests/sipp/harness.py, on the path through benchlib

SUT_CPU = "0"
LOAD_CPU = "1"
SCENARIOS = os.path.join(HERE, "scenarios")
CALLER = "8613800000001"
SERVICE = "8613900000001"


class RouteStub:
    """bench/route_stub.cpp: fast (or, with delay_ms, slow) routing answers."""

    def __init__(self, ctx, name, delay_ms=0, gateway="carrier"):
        self.port = free_port()
        self.stats_path = os.path.join(ctx.dir, f"{name}-stats.json")
        cmd = [ctx.stub_binary, "--port", str(self.port), "--gateway", gateway, "--show", "8617100000001",
               "--delay-ms", str(delay_ms), "--stats", self.stats_path]
        self.proc = ctx.procs.start(name, cmd, os.path.join(ctx.dir, f"{name}.log"), cpus=LOAD_CPU)
        wait_until(lambda: "ready" in tail(self.proc.log_path), 10, f"{name} ready")

    def url(self, path="/route"):
        return f"http://127.0.0.1:{self.port}{path}"

    def snapshot(self):
        """The stub's service time since the last snapshot (SIGUSR1 writes
        and resets it)."""
        if os.path.exists(self.stats_path):
            os.unlink(self.stats_path)
        self.proc.send_signal(signal.SIGUSR1)
        wait_until(lambda: os.path.exists(self.stats_path) and os.path.getsize(self.stats_path) > 0, 10,
                   "route stub stats")
        time.sleep(0.05)
        with open(self.stats_path) as f:
            return json.load(f)


def engine_config(ctx, name, internal_port, external_port, callee_port, route_url, gateway="carrier",
                  slow_port=None, slow_url=None, method="GET", admin_token=None, level="warn", extra_engine="",
                  extra_profile="", extra_sections=""):
    """The suite's engine TOML (tests/sipp/harness.py's), with the
    benchmark's own: log level warn, max-calls out of the way, the load
    guard at its default, a longer response timeout. `admin_token`: an
    `[admin]` section on 127.0.0.1, port 0 (the engine logs the port at
    level info). `extra_sections`: more TOML tables (e.g. `[media]`)."""
    # One spool per engine: an engine left with a backlog must not hand its
    # spooled hangups to the next one (it delivers them at start).
    spool = os.path.join(ctx.dir, f"spool-{name}")
    slow = extra_profile + "\n" if extra_profile else ""  # keys of the internal profile, before any other
    if slow_port:
        slow = f"""
[profiles.slow]
sip-ip = "127.0.0.1"
sip-port = {slow_port}
cti_bridge = "{slow_url} 1000 5000 1"
"""
    admin = f'\n[admin]\naddress = "127.0.0.1:0"\ntoken = "{admin_token}"\n' if admin_token else ""
    return harness.engine_config(route_url, internal_port, external_port, callee_port, spool, extra_profile=slow,
                                 extra_engine="max-calls = 200000\nmin-idle-cpu = 2\n" + extra_engine, timeouts="1000 5000",
                                 level=level, gateway=gateway, method=method, extra=admin + extra_sections)


class Engine:
    """ctib-engine alone on CPU 0, log level warn. `wrapper` runs it under
    another program (valgrind), which needs longer to bind. `admin_token`
    turns the admin API on (engine_config); `config` is the TOML's path."""

    with_children = False

    def __init__(self, ctx, callee_port, route_url, gateway="carrier", slow_url=None, name="engine", method="GET",
                 wrapper=(), cpus=SUT_CPU, start_timeout=15, admin_token=None, level="warn", extra_engine="",
                 extra_profile="", extra_sections=""):
        self.port, self.external = free_port(), free_port()
        self.slow_port = free_port() if slow_url else None
        config = self.config = os.path.join(ctx.dir, f"{name}.toml")
        with open(config, "w") as f:
            f.write(engine_config(ctx, name, self.port, self.external, callee_port, route_url, gateway,
                                  self.slow_port, slow_url, method, admin_token, level, extra_engine, extra_profile,
                                  extra_sections))
        self.proc = ctx.procs.start(name, [*wrapper, ctx.engine_binary, "--config", config],
                                    os.path.join(ctx.dir, f"{name}.log"), cwd=ctx.dir, cpus=cpus)
        for port in (self.port, self.external) + ((self.slow_port,) if self.slow_port else ()):
            wait_bound(port, start_timeout)
        self.pid = self.proc.pid


class Kamailio:
    """The peer: Kamailio from Debian, a stateful proxy doing the same HTTP
    lookup and caller-id rewrite (bench/kamailio/kamailio.cfg), all its
    processes on CPU 0."""

    with_children = True

    # One UDP worker: the system under test gets one core, and with several
    # workers a 180 and the 200 right behind it can leave out of order.
    def __init__(self, ctx, callee_port, route_url, children=1, name="kamailio", notify=False):
        """notify: also send ring, answer and hangup (WITH_NOTIFY in the
        script): four HTTP exchanges a call, like the engine."""
        self.port = free_port()
        with open(os.path.join(HERE, "kamailio", "kamailio.cfg")) as f:
            text = f.read()
        for k, v in {"DEFINES": "#!define WITH_NOTIFY" if notify else "",
                     "PORT": self.port, "CHILDREN": children, "ROUTE_URL": route_url,
                     "CALLEE": f"127.0.0.1:{callee_port}"}.items():
            text = text.replace(f"@{k}@", str(v))
        config = os.path.join(ctx.dir, f"{name}.cfg")
        with open(config, "w") as f:
            f.write(text)
        cmd = ["kamailio", "-f", config, "-DD", "-E", "-P", os.path.join(ctx.dir, f"{name}.pid"),
               "-w", ctx.dir, "-Y", ctx.dir]
        self.proc = ctx.procs.start(name, cmd, os.path.join(ctx.dir, f"{name}.log"), cwd=ctx.dir,
                                    cpus=SUT_CPU)
        try:
            wait_bound(self.port, 15)
        except AssertionError as e:
            # Say why: Kamailio logs its own refusal (a config error, a port taken).
            exited = self.proc.poll()
            raise AssertionError(f"{e}; kamailio {'exited ' + str(exited) if exited is not None else 'still running'}"
                                 f", its log ends:\n{tail(self.proc.log_path)}") from e
        time.sleep(0.5)  # its workers fork after the bind
        self.pid = self.proc.pid


class Callee:
    """A SIPp UAS answering every call (180, 200), until stopped."""

    def __init__(self, ctx, name="callee", scenario=None):
        self.port = free_port()
        cmd = ["sipp", "-sf", scenario or os.path.join(SCENARIOS, "uas_call.xml"), "-i", "127.0.0.1", "-p", str(self.port),
               "-cp", str(free_port()), "-mp", str(free_media_port()), "-nostdin", "-trace_err",
               "-error_file", os.path.join(ctx.dir, f"{name}-errors.log"), "-max_recv_loops", "10000"]
        self.proc = ctx.procs.start(name, cmd, os.path.join(ctx.dir, f"{name}.out"), cwd=ctx.dir, cpus=LOAD_CPU)
        wait_bound(self.port)


class CallerRun:
    """One SIPp UAC run: `calls` calls at `rate` calls/s, each held `hold_ms`.
    Started at construction; finish() waits and returns its figures."""

    def __init__(self, ctx, remote_port, rate, calls, hold_ms, name, caller=CALLER, service=SERVICE, scenario=None):
        self.ctx = ctx
        self.dir = os.path.join(ctx.dir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.stat = os.path.join(self.dir, "stat.csv")
        self.expected = calls
        self.limit_s = calls / rate + hold_ms / 1000.0 + 40
        port = free_port()
        # The post-dial delay is taken from a capture of the caller's packets
        # (kernel timestamps, microseconds): SIPp's own response-time
        # measurement ticks in 4 ms steps on this kernel, too coarse here.
        self.pcap = os.path.join(self.dir, "caller.pcap")
        self.capture = ctx.procs.start(f"{name}-tcpdump", ["tcpdump", "-i", "lo", "-n", "-U", "--immediate-mode", "-s", "600", "-B", "65536",
                                                         "-w", self.pcap, "udp", "port", str(port)],
                                       os.path.join(self.dir, "tcpdump.log"), cpus=LOAD_CPU)
        wait_until(lambda: "listening on" in tail(self.capture.log_path), 10, "tcpdump")
        cmd = ["sipp", "-sf", scenario or os.path.join(SCENARIOS, "uac_call.xml"), "-i", "127.0.0.1",
               "-p", str(port), "-cp", str(free_port()), "-mp", str(free_media_port()),
               "-m", str(calls), "-r", str(rate), "-rp", "1000", "-l", str(max(1000, calls)),
               "-d", str(hold_ms), "-s", service, "-key", "caller", caller,
               "-recv_timeout", "10000", "-timeout", f"{int(self.limit_s)}s", "-timeout_error",
               "-nostdin", "-trace_stat", "-stf", self.stat, "-fd", "1",
               "-trace_err", "-error_file", os.path.join(self.dir, "errors.log"),
               "-max_recv_loops", "10000", f"127.0.0.1:{remote_port}"]
        self.proc = ctx.procs.start(name, cmd, os.path.join(self.dir, "sipp.out"), cwd=self.dir, cpus=LOAD_CPU)
        self.started = time.time()

    def finish(self):
        try:
            self.proc.wait(self.limit_s + 30)
        except Exception:
            pass
        self.ctx.procs.stop(self.proc)
        elapsed = time.time() - self.started
        time.sleep(0.2)
        self.ctx.procs.stop(self.capture, signal.SIGINT)
        ok, failed = stat_counts(self.stat)
        pdd = post_dial_delays(self.pcap)
        os.unlink(self.pcap)
        return {"exit": self.proc.returncode, "successful": ok, "failed": failed, "expected": self.expected,
                "passed": self.proc.returncode == 0 and failed == 0 and ok == self.expected,
                "pdd_ms": pdd, "elapsed_s": elapsed}


def stat_counts(path):
    """SuccessfulCall(C) and FailedCall(C) from SIPp's last statistics row."""
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
    except FileNotFoundError:
        return 0, 0
    if len(rows) < 2:
        return 0, 0
    head, last = rows[0], rows[-1]
    col = {name: i for i, name in enumerate(head)}
    def value(name):
        i = col.get(name)
        return int(last[i]) if i is not None and i < len(last) and last[i].strip().isdigit() else 0
    return value("SuccessfulCall(C)"), value("FailedCall(C)")


CALL_ID = re.compile(rb"^(?:Call-ID|i)\s*:\s*(\S+)", re.MULTILINE | re.IGNORECASE)


def post_dial_delays(pcap):
    """INVITE sent → first 180 received, per Call-ID, in ms, from a pcap of
    the caller's port (loopback, Ethernet framing, IPv4/UDP)."""
    invites, delays = {}, []
    try:
        data = open(pcap, "rb").read()
    except FileNotFoundError:
        return delays
    if len(data) < 24:
        return delays
    endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    nano = data[:4] in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", data[pos:pos + 16])
        pos += 16
        frame = data[pos:pos + caplen]
        pos += caplen
        stamp = sec + frac / (1e9 if nano else 1e6)
        ip = frame[14:]
        if len(ip) < 28 or ip[0] >> 4 != 4:
            continue
        payload = ip[(ip[0] & 15) * 4 + 8:]
        m = CALL_ID.search(payload)
        if not m:
            continue
        if payload.startswith(b"INVITE "):
            invites.setdefault(m.group(1), stamp)
        elif payload.startswith(b"SIP/2.0 180"):
            sent = invites.pop(m.group(1), None)
            if sent is not None:
                delays.append((stamp - sent) * 1000.0)
    return delays


# ---------------------------------------------------------------- sections

def rate_step(ctx, sut, target_port, rate, seconds, hold_ms, name, stub=None, caller=CALLER, service=SERVICE):
    """One step at a fixed rate: the caller's figures, the SUT's CPU per call
    and the stub's service time."""
    if stub:
        stub.snapshot()
    before = cpu_ms(sut.pid, sut.with_children) if sut else 0.0
    load = os.getloadavg()[0]
    run = CallerRun(ctx, target_port, rate, int(rate * seconds), hold_ms, name, caller, service)
    result = run.finish()
    # Let the last calls' hangups (and notifications) finish before reading CPU.
    time.sleep(min(2.0, hold_ms / 1000.0 + 0.5))
    after = cpu_ms(sut.pid, sut.with_children) if sut else 0.0
    result.update(rate=rate, load=max(load, os.getloadavg()[0]))
    result["cpu_ms_per_call"] = (after - before) / result["successful"] if result["successful"] else float("nan")
    result["stub"] = stub.snapshot() if stub else None
    pdd = result.pop("pdd_ms")
    result["pdd_p50"], result["pdd_p99"], result["pdd_samples"] = percentile(pdd, .5), percentile(pdd, .99), len(pdd)
    ctx.log(f"  {name}: {rate} cps x {seconds} s: ok {result['successful']}/{result['expected']} "
            f"failed {result['failed']} sipp exit {result['exit']} cpu/call {result['cpu_ms_per_call']:.3f} ms "
            f"pdd p50 {result['pdd_p50']:.2f} p99 {result['pdd_p99']:.2f} ms (n={result['pdd_samples']}) load {result['load']:.2f}")
    return result


def ramp(ctx, sut, target_port, stub, rates, seconds, hold_ms, label, caller=CALLER, service=SERVICE):
    """Ramps through `rates`; the highest rate whose step had zero failed
    calls. Stops at the first failing step."""
    best, steps = None, []
    for rate in rates:
        step = rate_step(ctx, sut, target_port, rate, seconds, hold_ms, f"{label}-{rate}", stub, caller, service)
        steps.append(step)
        if not step["passed"]:
            break
        best = step
        time.sleep(1.0)
    return best, steps
